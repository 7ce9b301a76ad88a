/**
 * Source health over runs: from a client's stored run reports, each source's recent outcomes (status, entries
 * seen, items new) and the two signs that a source needs a person:
 * - `failing`: it failed in its last 2 runs;
 * - `silent`: its last run read it but saw 0 entries, when it saw some in any of its last 4 runs ("its page may
 *   have changed": a redesign, a feed emptied, selectors that no longer match).
 * A run that did not get to a source (`deferred` before it started or `abandoned` at the run's deadline) did not
 * try it: it is neither a failure nor a success and is skipped. Pure: the reports are read by the caller
 * (`jobs/source-health.ts`), from a directory or S3 alike.
 */
import * as z from "zod";
import type { IngestReport } from "./report.js";

/** Runs of a source looked at for `silent` (its last run included). */
export const SILENT_LOOKBACK = 4;
/** Consecutive failed runs that make a source `failing`. */
export const FAILING_RUNS = 2;

/** One run of one source, as the health table shows it. */
export interface SourceRun {
  run_id: string;
  as_of: string;
  started_at: string;
  /** `ok`, `failed`; `deferred` / `abandoned` runs are listed but were not tries. */
  status: string;
  /** Entries the reader saw with a title and a link (furniture and link-less entries excluded). */
  entries: number;
  /** Items new to the client written by that run. */
  new: number;
  reason?: string;
}

/** A source flagged for a person, and why (one line). */
export const SourceFlag = z.object({
  source_key: z.string(),
  flag: z.enum(["failing", "silent"]),
  message: z.string(),
});
export type SourceFlag = z.output<typeof SourceFlag>;

/** One source's recent history and its flag, if any. */
export interface SourceHealth {
  source_key: string;
  /** Its runs in the reports read, newest first (tries and not-tried alike). */
  runs: SourceRun[];
  flag?: SourceFlag["flag"];
  message?: string;
}

/** `true` for an outcome that tried the source (read it or failed to): not deferred nor abandoned. */
function tried(run: SourceRun): boolean {
  return run.status === "ok" || run.status === "failed";
}

/**
 * Each source's health from run reports (any order). A source is judged on its own runs, one per issue date
 * (`as_of`): a re-run of a date replaces the earlier runs of that date (its latest try counts; a date whose runs
 * all deferred the source is listed but not a try), so re-running or rebuilding an issue judges alike. With
 * `upTo`, runs of later issue dates are left out (a rebuilt earlier issue sees the history it had). Sources come
 * out in key order.
 *
 * @example
 * ```ts
 * const health = sourceHealth(reports);
 * health.filter((s) => s.flag).map((s) => s.message);
 * // ["failed in its last 2 runs (2025-12-10, 2025-12-17): HTTP 503 from https://…",
 * //  "0 entries in its last run (2025-12-17) after 12 on 2025-12-10: its page may have changed"]
 * ```
 */
export function sourceHealth(
  reports: readonly IngestReport[],
  options: { upTo?: string } = {},
): SourceHealth[] {
  const newestFirst = reports
    .filter((r) => options.upTo === undefined || r.as_of <= options.upTo)
    .sort((a, b) => b.as_of.localeCompare(a.as_of) || b.started_at.localeCompare(a.started_at));
  const bySource = new Map<string, SourceRun[]>();
  for (const report of newestFirst)
    for (const source of report.sources) {
      const runs = bySource.get(source.source_key) ?? [];
      runs.push({
        run_id: report.run_id,
        as_of: report.as_of,
        started_at: report.started_at,
        status: source.status,
        entries: source.parsed,
        new: source.new,
        ...(source.reason ? { reason: source.reason } : {}),
      });
      bySource.set(source.source_key, runs);
    }
  return [...bySource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source_key, all]) => {
      const runs = onePerIssueDate(all);
      return { source_key, runs, ...judge(runs.filter(tried)) };
    });
}

/** Of runs newest first, one per `as_of`: its latest try, or its latest run when none of that date tried. */
function onePerIssueDate(runs: readonly SourceRun[]): SourceRun[] {
  const kept = new Map<string, SourceRun>();
  for (const run of runs) {
    const held = kept.get(run.as_of);
    if (!held || (!tried(held) && tried(run))) kept.set(run.as_of, run);
  }
  return [...kept.values()];
}

/** The flag of a source from its tried runs, newest first. */
function judge(runs: readonly SourceRun[]): Pick<SourceHealth, "flag" | "message"> {
  const recent = runs.slice(0, FAILING_RUNS);
  if (recent.length === FAILING_RUNS && recent.every((r) => r.status === "failed"))
    return {
      flag: "failing",
      message: `failed in its last ${FAILING_RUNS} runs (${[...recent]
        .reverse()
        .map((r) => r.as_of)
        .join(", ")}): ${recent[0]!.reason ?? "no reason recorded"}`,
    };
  const [last, ...earlier] = runs.slice(0, SILENT_LOOKBACK);
  const yielded = earlier.find((r) => r.status === "ok" && r.entries > 0);
  if (last?.status === "ok" && last.entries === 0 && yielded)
    return {
      flag: "silent",
      message: `0 entries in its last run (${last.as_of}) after ${yielded.entries} on ${yielded.as_of}: its page may have changed`,
    };
  return {};
}

/** The flagged sources of a health table, as run reports and newsletters carry them. */
export function sourceFlags(health: readonly SourceHealth[]): SourceFlag[] {
  return health.flatMap((h) =>
    h.flag ? [{ source_key: h.source_key, flag: h.flag, message: h.message! }] : [],
  );
}
