/**
 * `vectora rollback --env ENV [--to VERSION|COMMIT]`: take a bad release back in one command by moving each
 * function's `live` alias — what every invoker targets — to an earlier version. Also what the deploy workflow
 * runs when the post-deploy end-to-end test fails.
 */
import { resolve } from "node:path";
import { type Command, defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { LAMBDA_FUNCTIONS, type LambdaFunction } from "../package/manifest.js";
import type { FunctionVersionsApi } from "../release/port.js";
import { rollbackFunctions } from "../release/rollback.js";
import { defaultOutputsPath, deployedFunctionNames } from "../stack/outputs-file.js";
import { liveVersionsApi, parseKeepVersions, requireEnv } from "../support/stack-verbs.js";

const usage = `Usage: vectora rollback --env <env> [--to VERSION|COMMIT] [--function ingest|engine]
                        [--keep-versions N] [--outputs-file FILE] [--region R] [--json]

Moves each function's \`live\` alias (what the schedules, the state machine and e2e invoke) back: to the version
before the one it points at, or to --to — a version number, or a commit SHA (7–40 hex digits) matched against
the versions' release ids (commit=<sha> params=<digest>, set by \`vectora stack deploy\`). Prints what changed,
from → to, with each version's CodeSha256 and release id. Every function is checked first: when one cannot be
rolled back, no alias moves. Then deletes versions beyond the newest --keep-versions (default 5), never the live
one or the one before it. Version numbers are per function: with a number, name the function (--function).
Function names come from .vectora/outputs-<env>.json (or --outputs-file), else the naming convention.
The next \`vectora stack deploy\` keeps the rollback unless it publishes a new version (new code or settings).
Exit 0 when every alias moved, 1 otherwise.`;

/** The verb; tests may inject the versions API factory (the default is the real Lambda client). */
export function rollbackCommand(
  versionsFor: (region?: string) => FunctionVersionsApi = liveVersionsApi,
): Command {
  return defineCommand({
    usage,
    flags: {
      env: { type: "string" },
      to: { type: "string" },
      function: { type: "string" },
      "keep-versions": { type: "string" },
      "outputs-file": { type: "string" },
      region: { type: "string" },
      ...JSON_FLAG,
    },
    async run(values, io) {
      const env = requireEnv(values.env);
      const keep = parseKeepVersions(values["keep-versions"]);
      if (values.function !== undefined && !LAMBDA_FUNCTIONS.includes(values.function as LambdaFunction))
        throw new UsageError(
          `--function expects one of ${LAMBDA_FUNCTIONS.join(", ")}, got "${values.function}"`,
        );
      const outputsPath = values["outputs-file"]
        ? resolve(io.cwd, values["outputs-file"])
        : defaultOutputsPath(io.cwd, env);
      const names = await deployedFunctionNames(env, outputsPath);
      const roles = values.function ? [values.function as LambdaFunction] : [...LAMBDA_FUNCTIONS];
      const lines: string[] = [];
      const out = values.json ? (text: string) => lines.push(text) : io.out;
      if (!values.json) io.out(`functions from ${names.source}\n`);
      const result = await rollbackFunctions(versionsFor(values.region), {
        functionNames: roles.map((role) => names[role]),
        ...(values.to !== undefined ? { to: values.to } : {}),
        keep,
        out,
      });
      if (values.json) io.out(`${JSON.stringify(result)}\n`);
      else
        io.out(
          result.ok
            ? `rolled back ${result.moved.length} function(s) in ${env}\n`
            : `rollback FAILED in ${env}\n`,
        );
      return result.ok ? 0 : 1;
    },
  });
}

export default rollbackCommand();
