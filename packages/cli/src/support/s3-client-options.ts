/** The S3 client settings of the verbs that read or write a bucket (`config sync`, `sources health --env`). */
import type { CliIO } from "../cli-kit.js";

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
