/** Test support: the engine Lambda's environment, as the s1-runtime stack sets it. */

/**
 * The variables the s1-runtime stack gives the engine function in environment `env` (its buckets named after it,
 * `vectora-inbox-<purpose>-<env>`), with `LOG_LEVEL` as given.
 */
export function engineEnv(env: string, logLevel: string) {
  const bucket = (purpose: string) => `vectora-inbox-${purpose}-${env}`;
  return {
    ENV: env,
    PROJECT_NAME: "vectora-inbox",
    CONFIG_BUCKET: bucket("config"),
    DATA_BUCKET: bucket("data"),
    NEWSLETTERS_BUCKET: bucket("newsletters"),
    LOG_LEVEL: logLevel,
  };
}
