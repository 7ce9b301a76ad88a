/**
 * The ingest run report: what each source gave, what was kept, and why a source was not read. Reports stored
 * before a field existed still read (new counters default to 0, new fields are optional).
 */
import * as z from "zod";
import { SourceFlag } from "./health.js";

const count = z.number().int().min(0);

/** The counters every source (and the totals) carry. */
const Counters = {
  /** Entries found on the page or feed, boilerplate included. */
  fetched: count,
  /** Boilerplate or link-less entries dropped by the reader. */
  skipped: count,
  /** Entries with a title and a usable link. */
  parsed: count,
  dated: count,
  /** Entries without a readable date: dropped, counted and named (`undated_entries`), never given "today". */
  undated: count,
  out_of_window: count,
  in_window: count,
  /** In-window entries whose canonical URL was already taken in this run (another feed, or twice on a page). */
  duplicate: count,
  /** Never seen before: written. */
  new: count,
  /** Seen before with other content: written again, once. */
  updated: count,
  /** Seen before, same content: not written. */
  unchanged: count,
  /** Entries rejected by the RawItem schema or with an unparsable URL (see warnings). */
  invalid: count,
  /** Dated entries beyond the source's item cap (`max_items`, default 200): the oldest are dropped. */
  capped: count.default(0),
  /** Entries whose URL is longer than 2,048 characters: dropped (see warnings). */
  url_too_long: count.default(0),
};
export type Counter = keyof typeof Counters;
export const COUNTERS = Object.keys(Counters) as Counter[];

/** An entry set aside for want of a readable date, named so an operator can find it and fix the source. */
export const UndatedEntry = z.object({ title: z.string(), url: z.string() });
export type UndatedEntry = z.output<typeof UndatedEntry>;

/**
 * The undated entries of a report written before `undated_entries` existed, read back from the one warning line
 * per entry those reports carry (`undated: "<title>" <url>`). Reports written since name them in the field only.
 * Kept because such reports stay readable: the data bucket never expires current objects, and the engine (a
 * rebuilt older issue) and source health read stored run reports back.
 */
function legacyUndatedEntries(warnings: readonly string[]): UndatedEntry[] {
  return warnings.flatMap((w) => {
    const m = /^undated: "(.*)" (\S+)$/.exec(w);
    return m ? [{ title: m[1]!, url: m[2]! }] : [];
  });
}

/**
 * What became of a source in a run: `ok` (read), `failed` (could not be read), `deferred` (not started: the
 * run's deadline came first) or `abandoned` (in flight at the deadline: its requests were aborted, nothing kept).
 */
export const SourceStatus = z.enum(["ok", "failed", "deferred", "abandoned"]);
export type SourceStatus = z.output<typeof SourceStatus>;

const SourceReportFields = z.object({
  source_key: z.string(),
  kind: z.string(),
  status: SourceStatus,
  /**
   * Why the source was not read: `timeout for GET https://…`, `HTTP 500 from …`, `response over 5 MB from …`,
   * `deferred: …`, `abandoned at the deadline …`.
   */
  reason: z.string().optional(),
  ...Counters,
  duration_ms: count,
  warnings: z.array(z.string()),
  /** The undated entries by name (domain rule 1: reported, never dated "today"). */
  undated_entries: z.array(UndatedEntry).optional(),
});

/** One source's part of the run report. A report stored before `undated_entries` existed is read all the same. */
export const SourceReport = SourceReportFields.transform((report) =>
  report.undated_entries ? report : { ...report, undated_entries: legacyUndatedEntries(report.warnings) },
);
export type SourceReport = z.output<typeof SourceReport>;

export const IngestReport = z.object({
  run_id: z.string(),
  client_id: z.string(),
  /** `succeeded`: every source read; `partial`: some failed; `failed`: all failed (nothing could be read). */
  status: z.enum(["succeeded", "partial", "failed"]),
  config_version: z.string(),
  as_of: z.iso.date(),
  period_days: z.number().int(),
  window: z.object({ from: z.iso.date(), to: z.iso.date() }),
  started_at: z.iso.datetime({ offset: true }),
  finished_at: z.iso.datetime({ offset: true }),
  duration_ms: z.number().int(),
  /**
   * Where the run's items are: the run's folder (`…/<run_id>/`, one JSON Lines file per source that wrote
   * items, each written as its source finished) — or, for runs stored before checkpoints, one `<run_id>.jsonl`.
   */
  items_key: z.string(),
  /** The items files of the run's folder (absent in reports stored before checkpoints). */
  items_files: z.array(z.string()).optional(),
  report_key: z.string(),
  sources: z.array(SourceReport),
  totals: z.object({
    ...Counters,
    sources_ok: count,
    sources_failed: count,
    sources_deferred: count.default(0),
    sources_abandoned: count.default(0),
  }),
  /** Set when the run stopped at its deadline: when, and how many sources it deferred and abandoned. */
  cut_short: z
    .object({ deadline: z.iso.datetime({ offset: true }), deferred: count, abandoned: count })
    .optional(),
  /**
   * The run's sources that need a person, judged on this run and the client's previous ones (`health.ts`):
   * failing in their last 2 runs, or silent after yielding entries. Absent in reports stored before it existed.
   */
  source_flags: z.array(SourceFlag).optional(),
  warnings: z.array(z.string()),
});
export type IngestReport = z.output<typeof IngestReport>;

/** A report with every counter at zero, for one source. */
export function emptySourceReport(sourceKey: string, kind: string): SourceReport {
  return {
    source_key: sourceKey,
    kind,
    status: "ok",
    ...(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<Counter, number>),
    duration_ms: 0,
    warnings: [],
    undated_entries: [],
  };
}
