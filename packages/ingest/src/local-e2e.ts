/**
 * The one switch between the deployed ingest and `vectora e2e --local`: there, the packaged handler must read the
 * recorded sources instead of the web, and nothing in the zip can know it runs on a laptop except its
 * environment. `VECTORA_LOCAL_E2E_REPLAY_DIR` names the recordings — and is honoured ONLY outside the Lambda
 * runtime: the runtime always sets `AWS_LAMBDA_RUNTIME_API` (the endpoint the bootstrap fetches events from; a
 * reserved variable no function configuration can set or unset). A deployed function that somehow carries the
 * replay variable refuses to start instead of silently serving recordings. The local invoker calls the exported
 * handler the way the runtime interface client does, without a Runtime API, so the switch holds there only.
 */

import { ReplayHttpTransport } from "@vectora/core/adapters";
import type { HttpTransport } from "@vectora/core/ports";

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
