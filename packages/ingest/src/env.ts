/** The ingest Lambda's environment, validated once at init so a missing variable fails loudly with its name. */
import { LogLevelVariable } from "@vectora/core";
import { z } from "zod";

export const IngestEnv = z.object({
  ENV: z.string().min(1),
  PROJECT_NAME: z.string().min(1),
  CONFIG_BUCKET: z.string().min(3),
  DATA_BUCKET: z.string().min(3),
  /** `debug` | `info` | `warn` | `error`, any case (the operators write `INFO`); `info` by default. */
  LOG_LEVEL: LogLevelVariable,
  /** SSM parameter holding the PubMed API key; without it PubMed runs at the keyless rate. */
  PUBMED_API_KEY_PARAM: z.string().min(1).optional(),
  /** Not used by ingest itself; accepted so one environment block can serve both functions. */
  BEDROCK_MODEL_ID: z.string().min(1).optional(),
});
export type IngestEnv = z.output<typeof IngestEnv>;

/** Thrown at init for a missing or invalid variable; the message names every bad variable. */
export class EnvError extends Error {
  constructor(
    readonly variables: string[],
    details: string[],
  ) {
    super(`invalid Lambda environment: ${details.join("; ")}`);
    this.name = "EnvError";
  }
}

/** Validates the environment; empty strings count as missing. */
export function readEnv(env: Record<string, string | undefined>): IngestEnv {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = IngestEnv.safeParse(cleaned);
  if (result.success) return result.data;
  const variables = result.error.issues.map((i) => String(i.path[0]));
  const details = result.error.issues.map((i) => {
    const name = String(i.path[0]);
    return cleaned[name] === undefined ? `${name} is required but not set` : `${name}: ${i.message}`;
  });
  throw new EnvError(variables, details);
}
