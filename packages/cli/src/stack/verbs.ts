/**
 * The `vectora` commands a diagnosis tells the user to run, with the env and stack of the failed stack so they
 * run as printed (every live `vectora stack` verb needs `--env`).
 */
import { parseStackName } from "./names.js";

/** `--env dev` from one of our stack names, `--env <env>` for another name or none. */
export function envFlag(stackName?: string): string {
  const env = stackName ? parseStackName(stackName)?.env : undefined;
  return `--env ${env ?? "<env>"}`;
}

/** `vectora stack deploy --env dev --stack s1-runtime`; `vectora stack deploy --env <env>` when not ours. */
export function deployCommand(stackName?: string): string {
  const parsed = stackName ? parseStackName(stackName) : undefined;
  return parsed
    ? `vectora stack deploy --env ${parsed.env} --stack ${parsed.key}`
    : "vectora stack deploy --env <env>";
}

/** `vectora stack fix --env dev --stack s1-runtime`; `vectora stack fix --env <env>` when not ours. */
export function fixCommand(stackName?: string): string {
  const parsed = stackName ? parseStackName(stackName) : undefined;
  return parsed
    ? `vectora stack fix --env ${parsed.env} --stack ${parsed.key}`
    : "vectora stack fix --env <env>";
}
