/**
 * The engine Lambda's environment, validated once at init: a missing or malformed variable fails the cold start
 * with its name, instead of surfacing later as "bucket undefined".
 */
import { LogLevelVariable } from "@vectora/core";
import { z } from "zod";

const bucket = (name: string) =>
  z
    .string({ error: `${name} is not set` })
    .regex(
      /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      `${name} must be an S3 bucket name (lower-case letters, digits, dots, hyphens)`,
    );

export { LogLevel } from "@vectora/core";

export const EngineEnv = z.object({
  ENV: z.string({ error: "ENV is not set" }).min(1, "ENV is empty"),
  PROJECT_NAME: z.string({ error: "PROJECT_NAME is not set" }).min(1, "PROJECT_NAME is empty"),
  CONFIG_BUCKET: bucket("CONFIG_BUCKET"),
  DATA_BUCKET: bucket("DATA_BUCKET"),
  NEWSLETTERS_BUCKET: bucket("NEWSLETTERS_BUCKET"),
  /**
   * Inference profile id for summaries. Empty, unset or `off` runs the rules only (the stack may leave LLM
   * enrichment off); any other value must be an inference profile (checked by the Bedrock adapter at init).
   */
  BEDROCK_MODEL_ID: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === "" || v.trim().toLowerCase() === "off" ? undefined : v.trim(),
    ),
  /** `debug` | `info` | `warn` | `error`, any case; `info` by default. */
  LOG_LEVEL: LogLevelVariable,
});
export type EngineEnv = z.output<typeof EngineEnv>;

/** Thrown at init when the environment is incomplete: lists every problem, each naming its variable. */
export class EngineEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`engine Lambda environment is invalid: ${problems.join("; ")}`);
    this.name = "EngineEnvError";
  }
}

/** Validates the environment; throws {@link EngineEnvError} naming each missing or invalid variable. */
export function readEngineEnv(env: Record<string, string | undefined>): EngineEnv {
  const result = EngineEnv.safeParse(env);
  if (result.success) return result.data;
  throw new EngineEnvError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? "");
      return issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
    }),
  );
}
