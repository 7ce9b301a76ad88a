/**
 * `vectora stack preflight`: would a template deploy on this account? Offline from files, or live.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Command, defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { loadParamsFile, parseTemplate, templateParameters } from "../infra/index.js";
import { gatherParameters } from "../stack/deploy.js";
import { classifyStatus } from "../stack/diagnose.js";
import { readAccountSettings } from "../stack/dumps.js";
import { STACK_KEYS, stackName, UPSTREAM_OUTPUTS } from "../stack/names.js";
import { readOutputsFile } from "../stack/outputs-file.js";
import type { AccountConcurrency, StackApi } from "../stack/port.js";
import {
  type Check,
  formatChecks,
  offlinePreflight,
  preflightFailed,
  runPreflight,
} from "../stack/preflight.js";
import {
  INFRA_DIR_FLAG,
  infraDir,
  liveStackApi,
  requireEnv,
  STACK_TARGET_FLAGS,
  stackKeys,
} from "../support/stack-verbs.js";

const usage = `Usage: vectora stack preflight --template FILE --params FILE [--account-settings FILE] [--outputs FILE] [--json]
       vectora stack preflight --env <env> [--stack s0-iam|s0-core|s1-runtime] [--infra-dir DIR] [--region R] [--json]

Checks, before any stack change: the reserved concurrency the template would set against the account's
unreserved concurrency and its floor (min(100, limit)); every required parameter resolved and every value within
the template's AllowedValues, AllowedPattern, MinValue/MaxValue, MinLength/MaxLength; (live) each
function's code zip present in S3 and within Lambda's limits (50 MB zipped direct upload, 250 MB unzipped);
(live, on create) bucket names free. --params is infra/params/<env>.json ({"Parameters":{…}});
--account-settings the JSON of \`aws lambda get-account-settings\` (default: the params file's declared
"Account": {"ConcurrentExecutions": N}, no other reservation assumed); --outputs a .vectora/outputs-<env>.json
for the s0 outputs s1-runtime takes (else they are deferred to deploy).
Exit 0 when nothing fails, 1 otherwise (with the reason and the fix).`;

function report(io: { out: (t: string) => void }, label: string, checks: Check[], json: boolean): void {
  if (json) io.out(`${JSON.stringify({ template: label, ok: !preflightFailed(checks), checks })}\n`);
  else io.out(`preflight ${label}: ${preflightFailed(checks) ? "FAILED" : "ok"}\n${formatChecks(checks)}`);
}

/** The verb, on an injectable API factory (the default builds the real SDK clients). */
export function stackPreflightCommand(apiFor: (region?: string) => StackApi = liveStackApi): Command {
  return defineCommand({
    usage,
    flags: {
      template: { type: "string" },
      params: { type: "string" },
      "account-settings": { type: "string" },
      outputs: { type: "string" },
      ...STACK_TARGET_FLAGS,
      ...INFRA_DIR_FLAG,
      ...JSON_FLAG,
    },
    async run(values, io) {
      if (values.template !== undefined) {
        if (!values.params) throw new UsageError("offline preflight needs --template and --params");
        const templatePath = resolve(io.cwd, values.template);
        const templateBody = await readFile(templatePath, "utf8");
        const template = parseTemplate(templateBody, templatePath);
        const paramsPath = resolve(io.cwd, values.params);
        const paramsFile = loadParamsFile(paramsPath);
        const fileValues = paramsFile.values;
        const upstream = values.outputs
          ? (await readOutputsFile(resolve(io.cwd, values.outputs))).outputs
          : {};
        const params = gatherParameters(
          templateParameters(template).map((p) => p.name),
          fileValues,
          upstream,
        );
        let account: AccountConcurrency;
        if (values["account-settings"]) {
          const read = await readAccountSettings(resolve(io.cwd, values["account-settings"]));
          account = read.account;
          if (!values.json) io.err(`${read.source}\n`);
        } else if (paramsFile.account) {
          const limit = paramsFile.account.concurrentExecutions;
          account = { concurrentExecutions: limit, unreservedConcurrentExecutions: limit };
          if (!values.json)
            io.err(
              `${values.params}: declared Account.ConcurrentExecutions=${limit} (no other reservation assumed)\n`,
            );
        } else
          throw new UsageError(
            `offline preflight needs --account-settings, or an "Account": {"ConcurrentExecutions": N} in ${values.params}`,
          );
        const checks = offlinePreflight({
          template,
          templateBody,
          params,
          deferred: values.outputs ? [] : [...UPSTREAM_OUTPUTS],
          creating: false,
          account,
        });
        report(io, values.template, checks, values.json);
        return preflightFailed(checks) ? 1 : 0;
      }
      if (!values.env) throw new UsageError("give --template … (offline) or --env (live)");
      const env = requireEnv(values.env);
      const api = apiFor(values.region);
      const infra = infraDir(io.cwd, values["infra-dir"]);
      const paramsFile = loadParamsFile(join(infra, "params", `${env}.json`));
      const fileValues = paramsFile.values;
      let failed = false;
      for (const key of stackKeys(values.stack, env)) {
        const templatePath = join(infra, `${key}.yaml`);
        const templateBody = await readFile(templatePath, "utf8");
        const template = parseTemplate(templateBody, templatePath);
        const upstream: Record<string, string> = {};
        for (const earlier of STACK_KEYS.slice(0, STACK_KEYS.indexOf(key)))
          Object.assign(upstream, (await api.describeStack(stackName(earlier, env)))?.outputs ?? {});
        const params = gatherParameters(
          templateParameters(template).map((p) => p.name),
          fileValues,
          upstream,
        );
        const state = classifyStatus((await api.describeStack(stackName(key, env)))?.status);
        const checks = await runPreflight(api, {
          template,
          templateBody,
          params,
          creating: state === "absent" || state === "needs-recreate",
          ...(paramsFile.account ? { declaredAccount: paramsFile.account } : {}),
        });
        report(io, stackName(key, env), checks, values.json);
        failed ||= preflightFailed(checks);
      }
      return failed ? 1 : 0;
    },
  });
}

export default stackPreflightCommand();
