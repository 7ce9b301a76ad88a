/**
 * The S3 client settings of the verbs that read or write a bucket (`config sync`, `sources health --env`), and the
 * flags that name it: `--env` (the bucket's suffix) and `--endpoint`.
 */
import { type CliIO, UsageError } from "../cli-kit.js";

/** `--env` as a bucket name's suffix: lower-case letters, digits and dashes, or a {@link UsageError}. */
export function checkBucketEnv(env: string): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(env))
    throw new UsageError(`--env must be lower-case letters, digits and dashes, got "${env}"`);
}

/** The S3 endpoint: `--endpoint URL`, else $AWS_ENDPOINT_URL_S3; a {@link UsageError} when it is not a URL. */
export function s3Endpoint(flag: string | undefined, io: Pick<CliIO, "env">): string | undefined {
  const endpoint = flag ?? io.env["AWS_ENDPOINT_URL_S3"];
  if (endpoint !== undefined && !URL.canParse(endpoint))
    throw new UsageError(`--endpoint expects a URL such as http://127.0.0.1:4569, got "${endpoint}"`);
  return endpoint;
}

/**
 * Client settings from the command's environment (injected, so tests can point it at a local server): an
 * explicit endpoint means a non-AWS server, which wants path-style addressing and has no region of its own.
 */
export function s3ClientOptions(io: CliIO, endpoint: string | undefined) {
  const region = io.env["AWS_REGION"] ?? io.env["AWS_DEFAULT_REGION"] ?? (endpoint ? "us-east-1" : undefined);
  const accessKeyId = io.env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = io.env["AWS_SECRET_ACCESS_KEY"];
  const sessionToken = io.env["AWS_SESSION_TOKEN"];
  return {
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(region ? { region } : {}),
    ...(accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
      : {}),
  };
}
