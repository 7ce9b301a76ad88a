/**
 * The small kit every `vectora` verb is written with: the verb's definition (usage, flag table, run), the
 * flags several verbs share, output streams, and the usage error that makes the CLI print usage and exit 2.
 * A verb's name and one-line summary live in one place only: the registry, `commands/index.ts`.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
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
  /** The text `vectora <verb> --help` prints. */
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A verb's flag table, as `util.parseArgs` takes it. */
export type FlagTable = NonNullable<ParseArgsConfig["options"]>;
/** The values `util.parseArgs` resolves for a flag table. */
export type FlagValues<T extends FlagTable> = ReturnType<typeof parseFlags<T>>["values"];

/**
 * Defines a verb: its usage, its flags, and what it does with their values (unknown flags and missing values
 * are usage errors before `run` is called).
 *
 * @example
 * ```ts
 * export default defineCommand({
 *   usage: "Usage: vectora hello [--client ID]",
 *   flags: { ...CLIENT_FLAG },
 *   async run(values, io) {
 *     io.out(`hello ${values.client}\n`);
 *     return 0;
 *   },
 * });
 * ```
 */
export function defineCommand<T extends FlagTable>(spec: {
  usage: string;
  flags: T;
  /** Whether the verb takes arguments besides its flags (`vectora sources check KEY…`); they come third. */
  positionals?: boolean;
  run(values: FlagValues<T>, io: CliIO, positionals: string[]): Promise<number>;
}): Command {
  return {
    usage: spec.usage,
    run: async (argv, io) => {
      const parsed = parseFlags(argv, spec.flags, spec.positionals ?? false);
      return spec.run(parsed.values, io, parsed.positionals);
    },
  };
}

/** `--client ID`: the client whose newsletter a verb works on (default `lai_weekly`). */
export const CLIENT_FLAG = { client: { type: "string", default: "lai_weekly" } } as const satisfies FlagTable;
/** `--config DIR`: the config directory (see `support/client-config.ts` for the default). */
export const CONFIG_FLAG = { config: { type: "string" } } as const satisfies FlagTable;
/** `--as-of YYYY-MM-DD` and `--period-days N`: the last day and length (see {@link parseWindowFlags}). */
export const WINDOW_FLAGS = {
  "as-of": { type: "string" },
  "period-days": { type: "string" },
} as const satisfies FlagTable;
/**
 * `--client`, `--in FILE.jsonl`, `--as-of` and `--config`: the flags of the verbs that judge a file of raw items
 * offline for a client (`triage`, `eval`); read `--in` with {@link readInputFile}.
 */
export const ITEMS_FILE_FLAGS = {
  ...CLIENT_FLAG,
  in: { type: "string" },
  "as-of": { type: "string" },
  ...CONFIG_FLAG,
} as const satisfies FlagTable;
/** `--json`: print one JSON value on stdout and nothing else. */
export const JSON_FLAG = { json: { type: "boolean", default: false } } as const satisfies FlagTable;

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

/**
 * Parses `--period-days`: an integer from 1 to 366 (the bounds of a client's `period_days`), or a
 * {@link UsageError}; `undefined` when the flag is absent.
 */
export function parsePeriodDays(value: string | undefined): number | undefined {
  return parseIntegerFlag("period-days", value, 1, 366);
}

/**
 * The values of {@link WINDOW_FLAGS}: `--as-of` (see {@link parseDateFlag}) and `--period-days` (see
 * {@link parsePeriodDays}), each `undefined` when absent; usage errors name the flag.
 */
export function parseWindowFlags(values: {
  "as-of"?: string | undefined;
  "period-days"?: string | undefined;
}): {
  asOf: string | undefined;
  periodDays: number | undefined;
} {
  return {
    asOf: parseDateFlag("as-of", values["as-of"]),
    periodDays: parsePeriodDays(values["period-days"]),
  };
}

/** `--concurrency N` and `--deadline SECONDS`: how an ingest reads its sources (see {@link parseIngestLimits}). */
export const INGEST_FLAGS = {
  concurrency: { type: "string" },
  deadline: { type: "string" },
} as const satisfies FlagTable;

/** The ingest flags' usage lines, shared by `vectora ingest` and `vectora run`. */
export const INGEST_FLAGS_USAGE = [
  "  --concurrency N      sources read at once, 1-64 (default: the client's ingest.concurrency, 16); at most",
  "                       2 requests per host whatever N",
  "  --deadline SECONDS   stop starting sources after SECONDS and abort those in flight: they are reported",
  "                       deferred / abandoned, everything read before is kept (default: no deadline)",
];

/**
 * `--concurrency` (1–64) and `--deadline` (seconds, > 0, at most a day) as `runIngest` options: the deadline
 * becomes absolute, counted from `nowMs`.
 */
export function parseIngestLimits(
  values: { concurrency?: string | undefined; deadline?: string | undefined },
  nowMs: number,
): { concurrency?: number; deadline?: number } {
  const concurrency = parseIntegerFlag("concurrency", values.concurrency, 1, 64);
  let deadline: number | undefined;
  if (values.deadline !== undefined) {
    const seconds = Number(values.deadline);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400 || values.deadline.trim() === "")
      throw new UsageError(
        `--deadline expects seconds above 0 and at most 86400 (a day), got "${values.deadline}"`,
      );
    deadline = nowMs + Math.round(seconds * 1000);
  }
  return {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
}

/** An integer flag within `[min, max]`, or a {@link UsageError} naming the flag; `undefined` when absent. */
export function parseIntegerFlag(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} expects an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

/**
 * An integer flag of at least 1 with no upper bound (`--runs`, `--max-tries`), or a {@link UsageError} naming the
 * flag; `undefined` when absent. A bounded one is {@link parseIntegerFlag}.
 */
export function parsePositiveIntegerFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} expects a positive integer, got "${value}"`);
  return n;
}

/**
 * The one argument a verb takes besides its flags (`vectora sources activate KEY`), or a {@link UsageError}:
 * `give <what>`.
 */
export function oneArgument(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`give ${what}`);
  return positionals[0]!;
}

/** Whether an argument is an absolute http(s) URL with a host (`https://example.com/news`). */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^/]/i.test(value) && URL.canParse(value);
}

/**
 * The text of the file a flag names, resolved against the working directory; when it cannot be read, prints
 * `vectora <verb>: cannot read <path>: <reason>` on stderr and resolves `undefined` (the verb then exits 1).
 */
export async function readInputFile(io: CliIO, verb: string, path: string): Promise<string | undefined> {
  const absolute = resolve(io.cwd, path);
  try {
    return await readFile(absolute, "utf8");
  } catch (error) {
    io.err(`vectora ${verb}: cannot read ${absolute}: ${(error as Error).message}\n`);
    return undefined;
  }
}
