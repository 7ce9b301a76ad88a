/**
 * The small kit every `vectora` verb is written with: parsed flags, output streams, and the usage error
 * that makes the CLI print usage and exit 2.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";

/** Where a command writes. Injected so tests capture output without touching the process streams. */
export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Working directory the command resolves relative paths against. */
  cwd: string;
  env: Record<string, string | undefined>;
}

/** A verb of the CLI. `run` resolves the process exit code: 0 ok, 1 failure, 2 usage. */
export interface Command {
  /** `config validate`, `stack diagnose`, … */
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Thrown for unknown flags, missing values and other misuse: the CLI prints the usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** `util.parseArgs` in strict mode, turning its errors into {@link UsageError}. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Parses a `YYYY-MM-DD` flag value, or throws a {@link UsageError} naming the flag. */
export function parseDateFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
    throw new UsageError(`--${flag} expects a date as YYYY-MM-DD, got "${value}"`);
  return value;
}
