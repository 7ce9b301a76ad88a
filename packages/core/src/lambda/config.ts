/**
 * The config a Lambda runs on, read from its config store at each invocation (a `vectora config sync` takes
 * effect without a redeploy).
 */

import { ConfigError } from "../config/issues.js";
import type { VectoraConfig } from "../config/schema.js";
import { loadConfig } from "../config/snapshot.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { Log } from "./logger.js";

/**
 * Loads the config snapshot from `store` ({@link loadConfig}, files named under `store.location`). An invalid or
 * missing config is logged with its issues (each naming the file and field), then rethrown: the invocation fails
 * and the state machine's catch reports it.
 *
 * @example
 * ```ts
 * const config = await loadLambdaConfig(new S3BlobStore({ client, bucket: env.CONFIG_BUCKET }), log);
 * ```
 */
export async function loadLambdaConfig(store: BlobStore, log: Log): Promise<VectoraConfig> {
  try {
    return await loadConfig(store, { label: `${store.location}/` });
  } catch (error) {
    if (error instanceof ConfigError) log("error", "invalid config", { issues: error.issues });
    throw error;
  }
}
