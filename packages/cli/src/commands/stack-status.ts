/**
 * `vectora stack status --env dev`: each stack's status and what state that means.
 */

import { sanitizeText } from "@vectora/core/text";
import { type Command, defineCommand } from "../cli-kit.js";
import { classifyStatus, diagnoseStack } from "../stack/diagnose.js";
import { stackName } from "../stack/names.js";
import { readLatestOperation } from "../stack/operation-events.js";
import type { StackApi } from "../stack/port.js";
import { liveStackApi, requireEnv, STACK_TARGET_FLAGS, stackKeys } from "../support/stack-verbs.js";

const usage = `Usage: vectora stack status --env <env> [--stack s0-iam|s0-core|s1-runtime] [--region R]

Prints each stack's CloudFormation status and state (healthy, updatable-after-failure, needs-recreate,
needs-continue-rollback, in-progress, absent); for a failed stack, the known cause of its latest failure.
Exit 0 when every stack is healthy, 1 otherwise.`;

/** The verb, on an injectable API (tests pass a fake). */
export function stackStatusCommand(apiFor: (region?: string) => StackApi = liveStackApi): Command {
  return defineCommand({
    usage,
    flags: {
      ...STACK_TARGET_FLAGS,
    },
    async run(values, io) {
      const env = requireEnv(values.env);
      const api = apiFor(values.region);
      let allHealthy = true;
      for (const key of stackKeys(values.stack, env)) {
        const name = stackName(key, env);
        const stack = await api.describeStack(name);
        const state = classifyStatus(stack?.status);
        if (state !== "healthy") allHealthy = false;
        const when = stack?.lastUpdatedTime ?? stack?.creationTime;
        let line = `${name.padEnd(34)} ${(stack?.status ?? "DOES_NOT_EXIST").padEnd(26)} ${state}`;
        if (when) line += `  (${stack?.lastUpdatedTime ? "updated" : "created"} ${when.toISOString()})`;
        if (stack && state !== "healthy" && state !== "in-progress") {
          const d = diagnoseStack(stack, await readLatestOperation(api, stack));
          if (d.rootCause)
            line += `\n    ${d.cause ?? "cause"}: ${d.rootCause.logicalId}: ${sanitizeText(d.rootCause.reason)}`;
        }
        io.out(`${line}\n`);
      }
      return allHealthy ? 0 : 1;
    },
  });
}

export default stackStatusCommand();
