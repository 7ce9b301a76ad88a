/**
 * The `LOG_LEVEL` environment variable both Lambdas read. Operators write it in either case (`INFO`, `error`),
 * so it is matched case-insensitively; unset means `info`.
 */
import * as z from "zod";

/** The four log levels, lowest first. */
export const LogLevel = z.enum(["debug", "info", "warn", "error"]);
export type LogLevel = z.output<typeof LogLevel>;

/** `LOG_LEVEL`: `debug` | `info` | `warn` | `error`, any case; `info` when unset. */
export const LogLevelVariable = z
  .string()
  .optional()
  .transform((value) => value?.toLowerCase() ?? "info")
  .pipe(LogLevel);
