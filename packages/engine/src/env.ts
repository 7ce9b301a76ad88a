/**
 * The engine Lambda's environment, validated once at init: a missing or malformed variable fails the cold start
 * with its name, instead of surfacing later as "bucket undefined".
 */
import { bucketVariable, LogLevelVariable, readEnv } from "@vectora/core/lambda";
import * as z from "zod";

const bucket = (name: string) => bucketVariable(name, `${name} is not set`);

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

/** Validates the environment; throws `EnvError` naming every missing (or empty) or invalid variable. */
export function readEngineEnv(env: Record<string, string | undefined>): EngineEnv {
  return readEnv(EngineEnv, env);
}
