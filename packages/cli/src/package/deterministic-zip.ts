/**
 * Zips whose bytes depend on their content only: same files in, same zip (and SHA-256) out, on any machine, on
 * any day, in any time zone. The hash is what CI records and what prod deploys, so it must not vary.
 */
import { zipSync } from "fflate";

/**
 * Zip entry times are MS-DOS date/time fields: wall-clock fields with no time zone. fflate fills them from a
 * `Date` with the *local* getters (`getFullYear()`, `getHours()`…), so a fixed instant such as
 * `1980-01-01T00:00:00Z` becomes 1979-12-31 19:00 in New York (refused: "date not in range 1980-2099") and
 * 1980-01-01 01:00 in Paris (another hash). A `Date` built from local components reads back the same fields in
 * every zone: 1980-01-01 00:00:00, the earliest DOS time, as Python's zipfile and reproducible-build tools use.
 */
export const DOS_EPOCH_FIELDS = { year: 1980, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0 } as const;

/** Unix mode of every entry: a regular file, rw-r--r-- (Lambda's runtime user must be able to read it). */
const REGULAR_FILE_0644 = 0o100644;
/** "Made by" Unix, so unzip tools (and Lambda) honour the mode above. */
const MADE_BY_UNIX = 3;

/** The local-time `Date` whose local fields are {@link DOS_EPOCH_FIELDS} in the current `TZ`. */
export function dosEpochInLocalTime(): Date {
  const f = DOS_EPOCH_FIELDS;
  const date = new Date(f.year, f.month - 1, f.day, f.hours, f.minutes, f.seconds, 0);
  // A zone whose clocks skipped that minute would shift it; refuse rather than write another hash.
  const read = [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes()];
  if (read.join() !== [f.year, f.month, f.day, f.hours, f.minutes].join())
    throw new Error(
      `cannot write zip times in TZ=${process.env["TZ"] ?? "(system)"}: local 1980-01-01 00:00 does not exist there`,
    );
  return date;
}

/**
 * Deflates `files` (path → bytes) into a zip with fixed entry times, Unix 0644 modes and entries in sorted path
 * order, so the result depends on the paths and bytes only.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const mtime = dosEpochInLocalTime();
  const entries = Object.keys(files)
    .sort()
    .map((path) => [
      path,
      [files[path]!, { mtime, level: 9, os: MADE_BY_UNIX, attrs: REGULAR_FILE_0644 << 16 }] as const,
    ]);
  return zipSync(Object.fromEntries(entries) as Parameters<typeof zipSync>[0]);
}
