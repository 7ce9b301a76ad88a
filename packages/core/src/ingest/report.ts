/** The ingest run report: what each source gave, what was kept, and why a source failed. */
import * as z from "zod";

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
};
export type Counter = keyof typeof Counters;
export const COUNTERS = Object.keys(Counters) as Counter[];

/** An entry set aside for want of a readable date, named so an operator can find it and fix the source. */
export const UndatedEntry = z.object({ title: z.string(), url: z.string() });
export type UndatedEntry = z.output<typeof UndatedEntry>;

/**
 * The undated entries of a report written before `undated_entries` existed, read back from the one warning line
 * per entry those reports carry (`undated: "<title>" <url>`). Reports written since name them in the field.
 */
function legacyUndatedEntries(warnings: readonly string[]): UndatedEntry[] {
  return warnings.flatMap((w) => {
    const m = /^undated: "(.*)" (\S+)$/.exec(w);
    return m ? [{ title: m[1]!, url: m[2]! }] : [];
  });
}

const SourceReportFields = z.object({
  source_key: z.string(),
  kind: z.string(),
  status: z.enum(["ok", "failed"]),
  /** Why the source failed (`timeout for GET https://…`, `HTTP 500 from …`, `malformed XML at line 3 …`). */
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
  /** Store keys of the items written (JSON Lines) and of this report. */
  items_key: z.string(),
  report_key: z.string(),
  sources: z.array(SourceReport),
  totals: z.object({ ...Counters, sources_ok: count, sources_failed: count }),
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
