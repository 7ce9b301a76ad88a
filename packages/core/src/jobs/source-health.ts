/**
 * Reading a client's recent ingest run reports from its data store (a directory or the data bucket) and judging
 * its sources' health over them (`ingest/health.ts`).
 */
import { type SourceFlag, type SourceHealth, sourceFlags, sourceHealth } from "../ingest/health.js";
import type { IngestReport } from "../ingest/report.js";
import type { BlobStore } from "../ports/blob-store.js";
import { readReports, runReportKeys } from "./run-reports.js";

/**
 * Weekly runs (issue dates) read to judge health: enough for 4 tries of a source that some runs deferred. A
 * weekly run may store several reports (one per shard of the state machine or of `vectora run`, one per re-run of
 * the date): all of them are read, so every source gets its own try of each date.
 */
export const HEALTH_REPORTS = 8;

/** `…/ing_20251217_20261125T170102Z_3f9a.report.json` → `20261125T170102Z`: when the run started. */
function stampOf(key: string): string {
  return /_(\d{8}T\d{6}Z)_/.exec(key)?.[1] ?? "";
}

/**
 * The client's run reports of its `limit` most recent issue dates (every shard and re-run of those dates; by issue
 * date, then start time; newest last), validated; with `upTo`, none of a later issue date. An unreadable report is
 * named in `warnings` and skipped. Only the reports kept are fetched: their keys (one listing of the client's
 * prefix) say which runs they are.
 */
export async function readRecentReports(
  store: BlobStore,
  clientId: string,
  limit: number,
  warnings: string[],
  upTo?: string,
): Promise<IngestReport[]> {
  const order = (r: { key: string; asOf: string }) => `${r.asOf} ${stampOf(r.key)}`;
  const sorted = (await runReportKeys(store, clientId))
    .filter((r) => upTo === undefined || r.asOf <= upTo)
    .sort((a, b) => order(a).localeCompare(order(b)) || a.key.localeCompare(b.key));
  const dates = [...new Set(sorted.map((r) => r.asOf))].slice(-limit);
  const keys = limit <= 0 ? [] : sorted.filter((r) => dates.includes(r.asOf)).map((r) => r.key);
  const reports = await readReports(store, keys, warnings);
  return reports.sort((a, b) => a.as_of.localeCompare(b.as_of) || a.started_at.localeCompare(b.started_at));
}

/** A client's source health over its recent runs, with the reports it was judged on. */
export interface ClientSourceHealth {
  client_id: string;
  /** Run ids read (every shard and re-run of the dates read), oldest first. */
  runs: string[];
  /** The weekly runs read, as their issue dates, oldest first: what `--runs N` counts. */
  issue_dates: string[];
  sources: SourceHealth[];
  flagged: SourceFlag[];
  warnings: string[];
}

/**
 * Reads the client's reports of its last `runs` issue dates (default {@link HEALTH_REPORTS}) and judges each
 * source's health.
 *
 * @example
 * ```ts
 * const health = await clientSourceHealth(new FsBlobStore(".vectora/data"), "lai_weekly");
 * health.flagged; // [{ source_key: "press_corporate__peptron", flag: "failing", message: "failed in its last 2 runs …" }]
 * ```
 */
export async function clientSourceHealth(
  store: BlobStore,
  clientId: string,
  options: { runs?: number } = {},
): Promise<ClientSourceHealth> {
  const warnings: string[] = [];
  const reports = await readRecentReports(store, clientId, options.runs ?? HEALTH_REPORTS, warnings);
  const sources = sourceHealth(reports);
  return {
    client_id: clientId,
    runs: reports.map((r) => r.run_id),
    issue_dates: [...new Set(reports.map((r) => r.as_of))],
    sources,
    flagged: sourceFlags(sources),
    warnings,
  };
}

/**
 * The flags of the sources of a run about to be stored, judged on it and the client's runs of its issue date and
 * earlier: what the run report, the newsletter and the run summary carry. Only the run's own sources are judged.
 */
export async function flagsForRun(
  store: BlobStore,
  report: IngestReport,
  warnings: string[],
): Promise<SourceFlag[]> {
  const previous = await readRecentReports(
    store,
    report.client_id,
    HEALTH_REPORTS - 1,
    warnings,
    report.as_of,
  );
  const own = new Set(report.sources.map((s) => s.source_key));
  const earlier = previous.filter((r) => r.run_id !== report.run_id);
  return sourceFlags(sourceHealth([...earlier, report], { upTo: report.as_of })).filter((f) =>
    own.has(f.source_key),
  );
}
