/** The Lambdas' logger: one JSON object per line (what CloudWatch Logs Insights queries), filtered by level. */
import type { LogLevel } from "./log-level.js";

/** A structured log call: `log("warn", "source read", { source_key, reason })`. */
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface JsonLoggerOptions {
  /** The lowest level written (`LOG_LEVEL`). */
  level: LogLevel;
  /** Fields every line carries (`{ env: "dev" }`). */
  fields?: Record<string, unknown>;
  /** Where a line goes; by default `warn` and `error` to stderr, the rest to stdout. */
  write?: (line: string, level: LogLevel) => void;
}

function writeToConsole(line: string, level: LogLevel): void {
  if (level === "warn" || level === "error") console.error(line);
  else console.log(line);
}

/**
 * A {@link Log} that writes `{"level", "message", …fields}` lines at or above `level`.
 *
 * @example
 * ```ts
 * const log = jsonLogger({ level: env.LOG_LEVEL, fields: { env: env.ENV } });
 * log("info", "ingest started", { client_id: "lai_weekly" }); // {"level":"info","message":"ingest started",…}
 * log("debug", "not written at info");
 * ```
 */
export function jsonLogger(options: JsonLoggerOptions): Log {
  const write = options.write ?? writeToConsole;
  return (level, message, fields = {}) => {
    if (RANK[level] < RANK[options.level]) return;
    write(JSON.stringify({ level, message, ...options.fields, ...fields }), level);
  };
}
