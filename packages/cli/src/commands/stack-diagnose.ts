/**
 * `vectora stack diagnose`: why a stack failed and how to fix it — live, or offline from AWS CLI dumps.
 */
import { resolve } from "node:path";
import { type Command, defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { type Diagnosis, diagnosisJson, formatDiagnosis } from "../stack/diagnose.js";
import { diagnoseEnvironment, diagnoseFromDumps } from "../stack/diagnose-sources.js";
import type { StackApi } from "../stack/port.js";
import { liveStackApi, requireEnv, STACK_TARGET_FLAGS, stackKeys } from "../support/stack-verbs.js";

const usage = `Usage: vectora stack diagnose --env <env> [--stack s0-iam|s0-core|s1-runtime] [--region R] [--json]
       vectora stack diagnose --events-file FILE [--stack-file FILE] [--account-settings FILE] [--json]

Live: reads each stack (or the one given), its latest operation's events — by operation (DescribeStacks'
LastOperations, then DescribeEvents with the FailedEvents filter) where the API offers it, else grouped from
DescribeStackEvents — and the Lambda account settings.
Offline: FILE is the JSON of \`aws cloudformation describe-stack-events\` ({"StackEvents":[…]}) or of
\`aws cloudformation describe-events\` ({"OperationEvents":[…]}); --stack-file the JSON of
\`aws cloudformation describe-stacks\` (else the status is the newest stack-level event's);
--account-settings the JSON of \`aws lambda get-account-settings\`.
Prints the status, the root cause (the earliest real failure of the latest operation, cascades ignored), its
known cause (\`vectora stack causes\` lists them) and the fix, ending with the console URL of the stack's events;
--json prints {"stack","status","state","rootCause":{…,"causeId"},"cause","hint","consoleUrl"} (one line per
stack; causeId and cause are null when the reason is not a known cause).
Exit 0 when healthy, 1 otherwise.`;

/** The verb, on an injectable API factory (the default builds the real SDK clients). */
export function stackDiagnoseCommand(apiFor: (region?: string) => StackApi = liveStackApi): Command {
  return defineCommand({
    usage,
    flags: {
      ...STACK_TARGET_FLAGS,
      "events-file": { type: "string" },
      "stack-file": { type: "string" },
      "account-settings": { type: "string" },
      ...JSON_FLAG,
    },
    async run(values, io) {
      const eventsFile = values["events-file"];
      let diagnoses: Diagnosis[];
      if (eventsFile !== undefined) {
        if (values.env || values.stack)
          throw new UsageError("--env/--stack are for live diagnosis, not with --events-file");
        const files = {
          eventsFile: resolve(io.cwd, eventsFile),
          ...(values["stack-file"] ? { stackFile: resolve(io.cwd, values["stack-file"]) } : {}),
          ...(values["account-settings"]
            ? { accountSettingsFile: resolve(io.cwd, values["account-settings"]) }
            : {}),
        };
        diagnoses = [await diagnoseFromDumps(files, io, values.json)];
      } else {
        if (values["stack-file"] || values["account-settings"])
          throw new UsageError("--stack-file and --account-settings go with --events-file");
        const env = requireEnv(values.env);
        diagnoses = await diagnoseEnvironment(apiFor(values.region), env, stackKeys(values.stack, env));
      }
      for (const d of diagnoses) io.out(values.json ? `${diagnosisJson(d)}\n` : formatDiagnosis(d));
      return diagnoses.every((d) => d.state === "healthy") ? 0 : 1;
    },
  });
}

export default stackDiagnoseCommand();
