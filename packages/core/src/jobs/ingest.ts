/**
 * The ingest job — one ingest run for one client: read every source (a failing source is reported, never fatal unless all fail),
 * give each entry its identity, keep the dated in-window ones once, compare with the seen-index, and write the
 * new and edited items (JSON Lines) plus the run report. Its window is what the engine will read for the issue
 * of the same as-of (`planIssue`: the issue's window from the client's ledger, plus the late-arrival days).
 */
import { randomBytes } from "node:crypto";
import { clientWatch } from "../config/load.js";
import type { SourceDef, VectoraConfig } from "../config/schema.js";
import type { RawItem } from "../domain/items.js";
import { layout } from "../domain/layout.js";
import { dayNumber } from "../engine/window.js";
import { classifyEntries } from "../ingest/classify-entries.js";
import { readIngestedItems } from "../ingest/read-ingested.js";
import { type ReaderResult, readSource, SourceReadError } from "../ingest/readers/index.js";
import { COUNTERS, emptySourceReport, type IngestReport, type SourceReport } from "../ingest/report.js";
import { loadSeenIndex, markSeen, type SeenIndex, saveSeenIndex } from "../ingest/seen-index.js";
import { planIssue } from "../ledger/ledger-store.js";
import type { BlobStore } from "../ports/blob-store.js";
import { type HttpTransport, HttpTransportError } from "../ports/http-transport.js";
import type { Secrets } from "../ports/secrets.js";
import { mapLimited } from "../util/map-limited.js";

export interface RunIngestOptions {
  config: VectoraConfig;
  clientId: string;
  /** The data store (a directory locally, the data bucket on AWS). */
  store: BlobStore;
  transport: HttpTransport;
  secrets: Secrets;
  /** Last day of the window, `YYYY-MM-DD`. A recorded fortnight replays the same way on any day. */
  asOf: string;
  /**
   * Overrides the issue's window from the ledger: `periodDays` days ending on `asOf` (plus the late-arrival days
   * when the client has an earlier issue), as the engine will read them.
   */
  periodDays?: number;
  /** Source keys to read instead of the client's own (explicitly named sources run even if disabled). */
  sources?: string[];
  /** Wall clock for `ingested_at` and the run id. */
  clock?: () => Date;
  runId?: string;
  /** Sources read in parallel (default 4; the transport also limits requests per host). */
  concurrency?: number;
  onProgress?: (event: IngestProgress) => void;
}

export type IngestProgress =
  | { type: "source_started"; source_key: string }
  | { type: "source_finished"; source: SourceReport };

/** Thrown when the run could not read a single source, after the report was written. */
export class IngestRunError extends Error {
  constructor(readonly report: IngestReport) {
    super(
      `ingest ${report.run_id} for ${report.client_id} failed: every source failed:\n` +
        report.sources.map((s) => `  ${s.source_key}: ${s.reason ?? "failed"}`).join("\n"),
    );
    this.name = "IngestRunError";
  }
}

/** Thrown for options that name something that does not exist (a source key, a bad date). */
export class IngestOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IngestOptionsError";
  }
}

/** A run id that sorts by time and says which as-of it ingested: `ing_20251217_20261125T170102Z_3f9a`. */
export function newRunId(asOf: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `ing_${asOf.replaceAll("-", "")}_${stamp}_${randomBytes(2).toString("hex")}`;
}

/** Picks the sources of a run: the client's enabled sources, or the explicitly named ones. */
export function selectSources(config: VectoraConfig, clientId: string, keys?: string[]): SourceDef[] {
  const watch = clientWatch(config, clientId);
  if (!keys || keys.length === 0) return watch.sources;
  return keys.map((key) => {
    const source = config.sources.find((s) => s.key === key);
    if (!source)
      throw new IngestOptionsError(
        `unknown source "${key}" (known: ${config.sources.map((s) => s.key).join(", ")})`,
      );
    return source;
  });
}

/**
 * Runs ingest for one client and resolves its report (also stored at `layout.ingestReport`). Items new to the
 * client, or edited since last seen, are written to `layout.ingestedRun(client, asOf, runId)`.
 * Rejects with {@link IngestRunError} when every source failed.
 *
 * @example
 * ```ts
 * const report = await runIngest({
 *   config,
 *   clientId: "lai_weekly",
 *   store: new FsBlobStore(".vectora/data"),
 *   transport: new ReplayHttpTransport("fixtures/recorded/lai-2025-12"),
 *   secrets: new NoSecrets(),
 *   asOf: "2025-12-17",
 * });
 * report.totals.new; // items written
 * ```
 */
export async function runIngest(options: RunIngestOptions): Promise<IngestReport> {
  const clock = options.clock ?? (() => new Date());
  const started = clock();
  const startedMs = performance.now();
  const plan = await planRun(options, started);
  const ingestedAt = started.toISOString();
  const warnings: string[] = [];

  // Read every source, a few at a time; each outcome is kept in catalog order so the report is stable.
  const outcomes = await readSources(plan.sources, options, plan.window);

  // Classify each source's entries against what the client has seen and what earlier sources took.
  const seen = await loadOrRebuildSeenIndex(options.store, options.clientId, warnings);
  const taken = new Set<string>();
  const written: RawItem[] = [];
  const reports: SourceReport[] = [];
  for (const outcome of outcomes) {
    let report: SourceReport;
    if ("error" in outcome) {
      report = { ...emptySourceReport(outcome.source.key, outcome.source.kind), status: "failed" };
      report.reason = outcome.error;
    } else {
      const classified = classifyEntries(outcome.result, outcome.source, {
        window: plan.window,
        runId: plan.runId,
        ingestedAt,
        seenHash: (itemId) => seen.items[itemId]?.content_hash,
        taken,
      });
      for (const id of classified.taken) taken.add(id);
      for (const item of [...classified.unchanged, ...classified.written])
        markSeen(seen, item.item_id, item.content_hash, plan.runId, ingestedAt);
      written.push(...classified.written);
      report = classified.report;
    }
    report.duration_ms = Math.round(outcome.ms);
    reports.push(report);
    options.onProgress?.({ type: "source_finished", source: report });
  }

  const { totals, status } = totalsOf(reports);

  // Items first, then the index: a crash in between re-writes the same items next time (readers dedup by
  // item id) instead of losing them.
  await options.store.put(
    plan.itemsKey,
    written.map((item) => JSON.stringify(item)).join("\n") + (written.length ? "\n" : ""),
    { contentType: "application/x-ndjson" },
  );
  if (status !== "failed") await saveSeenIndex(options.store, seen, ingestedAt);
  const report: IngestReport = {
    run_id: plan.runId,
    client_id: options.clientId,
    status,
    config_version: options.config.version,
    as_of: options.asOf,
    period_days: plan.periodDays,
    window: plan.window,
    started_at: ingestedAt,
    finished_at: clock().toISOString(),
    duration_ms: Math.round(performance.now() - startedMs),
    items_key: plan.itemsKey,
    report_key: plan.reportKey,
    sources: reports,
    totals,
    warnings,
  };
  await options.store.put(plan.reportKey, `${JSON.stringify(report, null, 2)}\n`, {
    contentType: "application/json",
  });
  if (status === "failed" && reports.length > 0) throw new IngestRunError(report);
  return report;
}

/**
 * The run's shape from its options: the window (what the engine reads for the issue of this as-of, from the
 * client's ledger in the data store), the sources, the run id and where its files go.
 */
async function planRun(options: RunIngestOptions, started: Date) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new IngestOptionsError(`as_of must be YYYY-MM-DD, got "${options.asOf}"`);
  const client = options.config.clients[options.clientId];
  if (!client)
    throw new IngestOptionsError(
      `unknown client "${options.clientId}" (known: ${Object.keys(options.config.clients).join(", ")})`,
    );
  const issue = await planIssue(options.store, options.clientId, client, options.asOf, options.periodDays);
  const window = issue.read;
  const periodDays = dayNumber(window.to) - dayNumber(window.from) + 1;
  const sources = selectSources(options.config, options.clientId, options.sources);
  const runId = options.runId ?? newRunId(options.asOf, started);
  return {
    periodDays,
    window,
    sources,
    runId,
    itemsKey: layout.ingestedRun(options.clientId, options.asOf, runId),
    reportKey: layout.ingestReport(options.clientId, options.asOf, runId),
  };
}

type SourceOutcome = { source: SourceDef; ms: number } & ({ result: ReaderResult } | { error: string });

/** Reads the sources, `concurrency` at a time (default 4); a failing source is an outcome, never a throw. */
function readSources(
  sources: SourceDef[],
  options: RunIngestOptions,
  window: { from: string; to: string },
): Promise<SourceOutcome[]> {
  const context = { transport: options.transport, secrets: options.secrets, window };
  return mapLimited(sources, options.concurrency ?? 4, async (source): Promise<SourceOutcome> => {
    options.onProgress?.({ type: "source_started", source_key: source.key });
    const began = performance.now();
    try {
      const result = await readSource(source, context);
      return { source, result, ms: performance.now() - began };
    } catch (error) {
      return { source, error: describeFailure(error), ms: performance.now() - began };
    }
  });
}

/** The run's totals and status: `succeeded` when every source was read, `failed` when none was. */
function totalsOf(reports: SourceReport[]): {
  totals: IngestReport["totals"];
  status: IngestReport["status"];
} {
  const totals = Object.fromEntries(
    COUNTERS.map((c) => [c, reports.reduce((sum, r) => sum + r[c], 0)]),
  ) as IngestReport["totals"];
  totals.sources_ok = reports.filter((r) => r.status === "ok").length;
  totals.sources_failed = reports.length - totals.sources_ok;
  const status = totals.sources_failed === 0 ? "succeeded" : totals.sources_ok === 0 ? "failed" : "partial";
  return { totals, status };
}

async function loadOrRebuildSeenIndex(
  store: BlobStore,
  clientId: string,
  warnings: string[],
): Promise<SeenIndex> {
  const loaded = await loadSeenIndex(store, clientId);
  if (loaded.index) return loaded.index;
  // A damaged index must not make every old item "new" again: rebuild it from what was written.
  warnings.push(`${loaded.problem}; rebuilt from the ingested files`);
  const index: SeenIndex = { version: 1, client_id: clientId, updated_at: "", items: {} };
  const { items } = await readIngestedItems(store, clientId);
  for (const item of items) markSeen(index, item.item_id, item.content_hash, item.run_id, item.ingested_at);
  return index;
}

/** One line saying why a source failed, naming the URL where there is one. */
function describeFailure(error: unknown): string {
  if (error instanceof SourceReadError) return error.reason;
  if (error instanceof HttpTransportError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
