/**
 * A Lambda's environment, validated once at init (the cold start): a missing or malformed variable fails
 * loudly, naming every bad variable, instead of surfacing later as "bucket undefined".
 */
import * as z from "zod";

/** Thrown by {@link readEnv}: `variables` names every missing or invalid variable, the message says why. */
export class EnvError extends Error {
  constructor(
    readonly variables: string[],
    readonly problems: string[],
  ) {
    super(`invalid Lambda environment: ${problems.join("; ")}`);
    this.name = "EnvError";
  }
}

/**
 * Validates `env` against `schema`; empty strings count as missing. A problem is worded by the schema when its
 * message names the variable (`ENV is not set`), else as `NAME is required but not set` for a missing variable
 * and `NAME: <why>` for an invalid one.
 *
 * @example
 * ```ts
 * const Env = z.object({ DATA_BUCKET: bucketVariable("DATA_BUCKET"), LOG_LEVEL: LogLevelVariable });
 * const env = readEnv(Env, process.env); // throws EnvError: "… DATA_BUCKET is required but not set"
 * ```
 */
export function readEnv<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const cleaned = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === "" ? undefined : v]));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? "")))];
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "");
    if (issue.message.includes(name)) return issue.message;
    return cleaned[name] === undefined ? `${name} is required but not set` : `${name}: ${issue.message}`;
  });
  throw new EnvError(variables, problems);
}

/** What S3 accepts as a bucket name (3–63 lower-case letters, digits, dots and hyphens). */
export const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A variable holding an S3 bucket name. `unset` words the message for a missing variable (by default
 * {@link readEnv}'s `NAME is required but not set`).
 *
 * @example
 * ```ts
 * z.object({ CONFIG_BUCKET: bucketVariable("CONFIG_BUCKET") });
 * ```
 */
export function bucketVariable(name: string, unset?: string) {
  return z
    .string(unset ? { error: unset } : undefined)
    .regex(BUCKET_NAME, `${name} must be an S3 bucket name (lower-case letters, digits, dots, hyphens)`);
}
