/**
 * `vectora stack fix`: phase 2 of a deployment. Brings each stack into a state the deploy phase can work from
 * (waits, continues a failed rollback, deletes a stack that can only be deleted) and never deploys.
 */
import { type Command, defineCommand, JSON_FLAG } from "../cli-kit.js";
import { fixStacks } from "../stack/fix.js";
import { openRecoveryVerb, RECOVERY_FLAGS, type RecoveryCommandDeps } from "../support/stack-verbs.js";

const usage = `Usage: vectora stack fix --env <env> [--stack s0-iam|s0-core|s1-runtime] [--yes]
         [--force-recreate s0-core] [--skip LOGICAL_ID]… [--poll-seconds N] [--region R] [--role-arn ARN] [--json]

Phase 2 of a deployment. For each stack in order: waits out an operation in progress; continues an
UPDATE_ROLLBACK_FAILED rollback (skipping --skip resources); deletes a stack that can only be deleted
(ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED) so the deploy phase creates it again — after
confirmation or --yes, and never s0-core (it holds the data buckets) without --force-recreate s0-core.
UPDATE_ROLLBACK_COMPLETE is stable: its diagnosis is printed and the deploy phase updates it.
Deletes and continued rollbacks run as the CloudFormation service role (--role-arn, else the
vectora-inbox-s0-bootstrap-<env> output CloudFormationServiceRoleArn). Nothing is created or updated. Exit 0 when every stack ends deployable (healthy, absent or updatable).`;

/** The verb; tests inject the API factory, the confirmation and the sleep. */
export function stackFixCommand(deps: RecoveryCommandDeps = {}): Command {
  return defineCommand({
    usage,
    flags: {
      ...RECOVERY_FLAGS,
      ...JSON_FLAG,
    },
    async run(values, io) {
      const out = values.json ? () => {} : io.out;
      const { api, options } = await openRecoveryVerb(values, deps, out);
      const { ok, results } = await fixStacks(api, { ...options, out });
      if (values.json)
        io.out(`${JSON.stringify({ ok, stacks: results.map(({ diagnosis: _d, ...rest }) => rest) })}\n`);
      return ok ? 0 : 1;
    },
  });
}

export default stackFixCommand();
