/**
 * `vectora stack deploy`: the three stacks in order, recovering stuck states, preflighted, through change
 * sets; then validation and the outputs file.
 */
import { resolve } from "node:path";
import { type Command, defineCommand } from "../cli-kit.js";
import { releaseFromManifest } from "../package/release-parameters.js";
import { deployStacks } from "../stack/deploy.js";
import {
  INFRA_DIR_FLAG,
  infraDir,
  liveVersionsApi,
  openRecoveryVerb,
  parseKeepVersions,
  RECOVERY_FLAGS,
  type RecoveryCommandDeps,
} from "../support/stack-verbs.js";

const usage = `Usage: vectora stack deploy --env <env> [--stack s0-iam|s0-core|s1-runtime] [--yes]
         [--force-recreate s0-core] [--skip LOGICAL_ID]… [--infra-dir DIR] [--outputs-file FILE]
         [--poll-seconds N] [--region R] [--code-manifest FILE] [--keep-versions N] [--role-arn ARN]

For each stack in order (s0-iam, s0-core, s1-runtime) or just the one given: waits out an operation in
progress; gathers parameters from infra/params/<env>.json and the earlier stacks' outputs; preflights
(nothing is touched when it fails); recovers a stuck stack (UPDATE_ROLLBACK_FAILED → ContinueUpdateRollback
skipping --skip resources; ROLLBACK_COMPLETE & co → delete and recreate, after confirmation or --yes, and
never s0-core — it holds the data buckets — without --force-recreate s0-core); creates a change set with
CAPABILITY_NAMED_IAM and RoleARN (the CloudFormation service role: --role-arn, else the
vectora-inbox-s0-bootstrap-<env> output CloudFormationServiceRoleArn), prints it, executes it and streams events. An empty change set is "no changes".
On failure prints the diagnosis. Afterwards validates the functions (Active, Successful, environment, logs
kept 14 days) and saves the outputs to .vectora/outputs-<env>.json (or --outputs-file).
The Lambda code keys and hashes (IngestCodeKey/EngineCodeKey, IngestCodeSha256/EngineCodeSha256) come from
the package manifest that \`vectora package\` wrote (--code-manifest, default dist/lambda/manifest.json) when it
exists; ReleaseId (the description of the versions s1-runtime publishes) is commit=<manifest commit>
params=<digest of the parameter values>. After s1-runtime, each function's CodeSha256 and the version its
\`live\` alias points at are compared with the manifest, then versions beyond the newest --keep-versions
(default 5; never the live one or the one before it) are deleted.`;

/** The verb; tests may inject the API factory, the confirmation and the sleep. */
export function stackDeployCommand(deps: RecoveryCommandDeps = {}): Command {
  return defineCommand({
    usage,
    flags: {
      ...RECOVERY_FLAGS,
      ...INFRA_DIR_FLAG,
      "outputs-file": { type: "string" },
      "code-manifest": { type: "string", default: "dist/lambda/manifest.json" },
      "keep-versions": { type: "string" },
    },
    async run(values, io) {
      const keepVersions = parseKeepVersions(values["keep-versions"]);
      const { api, options } = await openRecoveryVerb(values, deps, io.out);
      const { ok } = await deployStacks(api, {
        ...options,
        infraDir: infraDir(io.cwd, values["infra-dir"]),
        cwd: io.cwd,
        ...(values["outputs-file"] ? { outputsFile: resolve(io.cwd, values["outputs-file"]) } : {}),
        release: releaseFromManifest(resolve(io.cwd, values["code-manifest"]), io.out),
        versions: (deps.versionsFor ?? liveVersionsApi)(values.region),
        keepVersions,
        out: io.out,
      });
      return ok ? 0 : 1;
    },
  });
}

export default stackDeployCommand();
