/**
 * The ingest Lambda's environment, validated once at init so a missing variable fails loudly with its name; and
 * the one switch between the deployed ingest and `vectora e2e --local`, which the environment alone carries.
 */
import { ReplayHttpTransport } from "@vectora/core/adapters";
import { bucketVariable, LogLevelVariable, readEnv } from "@vectora/core/lambda";
import type { HttpTransport } from "@vectora/core/ports";
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

/*
 * The local-e2e switch: under `vectora e2e --local` the packaged handler must read the recorded sources instead of
 * the web, and nothing in the zip can know it runs on a laptop except its environment.
 * `VECTORA_LOCAL_E2E_REPLAY_DIR` names the recordings — and is honoured ONLY outside the Lambda runtime: the
 * runtime always sets `AWS_LAMBDA_RUNTIME_API` (the endpoint the bootstrap fetches events from; a reserved
 * variable no function configuration can set or unset). A deployed function that somehow carries the replay
 * variable refuses to start instead of silently serving recordings. The local invoker calls the exported handler
 * the way the runtime interface client does, without a Runtime API, so the switch holds there only.
 */

/** The variable naming the recordings directory (set by `vectora e2e --local` only). */
export const LOCAL_E2E_REPLAY_DIR = "VECTORA_LOCAL_E2E_REPLAY_DIR";

/** Thrown at init when the replay variable reaches a function running inside Lambda. */
export class LocalE2eSwitchError extends Error {
  constructor() {
    super(
      `${LOCAL_E2E_REPLAY_DIR} is set inside the Lambda runtime (AWS_LAMBDA_RUNTIME_API is present): ` +
        "recorded sources are for `vectora e2e --local` only; remove the variable from the function",
    );
    this.name = "LocalE2eSwitchError";
  }
}

/** The transport `vectora e2e --local` asks for, or nothing (the live web, as deployed). */
export function localE2eTransport(env: Record<string, string | undefined>): { transport?: HttpTransport } {
  const dir = env[LOCAL_E2E_REPLAY_DIR];
  if (!dir) return {};
  if (env["AWS_LAMBDA_RUNTIME_API"]) throw new LocalE2eSwitchError();
  return { transport: new ReplayHttpTransport(dir) };
}
