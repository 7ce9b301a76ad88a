/** The ingest Lambda's environment, validated once at init so a missing variable fails loudly with its name. */
import { bucketVariable, LogLevelVariable, readEnv } from "@vectora/core/lambda";
import * as z from "zod";

export const IngestEnv = z.object({
  ENV: z.string().min(1),
  PROJECT_NAME: z.string().min(1),
  CONFIG_BUCKET: bucketVariable("CONFIG_BUCKET"),
  DATA_BUCKET: bucketVariable("DATA_BUCKET"),
  /** `debug` | `info` | `warn` | `error`, any case (the operators write `INFO`); `info` by default. */
  LOG_LEVEL: LogLevelVariable,
  /** SSM parameter holding the PubMed API key; without it PubMed runs at the keyless rate. */
  PUBMED_API_KEY_PARAM: z.string().min(1).optional(),
  /** Not used by ingest itself; accepted so one environment block can serve both functions. */
  BEDROCK_MODEL_ID: z.string().min(1).optional(),
});
export type IngestEnv = z.output<typeof IngestEnv>;

/** Validates the environment; throws `EnvError` naming every missing (or empty) or invalid variable. */
export function readIngestEnv(env: Record<string, string | undefined>): IngestEnv {
  return readEnv(IngestEnv, env);
}
