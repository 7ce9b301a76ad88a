/**
 * The ingest job — one ingest run for one client: read the sources (a global concurrency on top of the
 * transport's per-host limit; a failing source is reported, never fatal unless all fail), give each entry its
 * identity, keep the dated in-window ones once, compare with the seen-index, and store each source's new and
 * edited items and seen-entries as that source finishes (jobs/ingest-checkpoint.ts). A deadline stops the run:
 * sources not started are `deferred`, those in flight `abandoned` (their requests aborted); the report is written
 * either way. Its window is what the engine will read for the issue of the same as-of (`planIssue`: the issue's
 * window from the client's ledger, plus the late-arrival days).
 */
import { randomBytes } from "node:crypto";
import { clientWatch } from "../config/load.js";
import type { ClientConfig, SourceDef, VectoraConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import { dayNumber } from "../engine/window.js";
import type { SourceFlag } from "../ingest/health.js";
import { readSource, SourceReadError } from "../ingest/readers/index.js";
import { COUNTERS, emptySourceReport, type IngestReport, type SourceReport } from "../ingest/report.js";
import { planIssue } from "../ledger/ledger-store.js";
import type { BlobStore } from "../ports/blob-store.js";
import { type HttpTransport, HttpTransportError } from "../ports/http-transport.js";
import type { Secrets } from "../ports/secrets.js";
import { sanitizeText } from "../util/safe-text.js";
import { IngestCheckpoint } from "./ingest-checkpoint.js";
import { scheduleSources } from "./ingest-schedule.js";
import { flagsForRun } from "./source-health.js";

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
  /** Wall clock for `ingested_at`, the run id and the deadline. */
  clock?: () => Date;
  runId?: string;
  /** Sources read at once; default the client's `ingest.concurrency` (16). The transport also limits each host. */
  concurrency?: number;
  /**
   * Epoch milliseconds (checked against `clock`) after which no source starts; sources in flight then are
   * aborted. The Lambda passes its remaining time minus a margin, the CLI `--deadline SECONDS`.
   */
  deadline?: number;
  /** After the deadline, how long aborted sources get to settle before the run writes its report (default 2 s). */
  deadlineGraceMs?: number;
  onProgress?: (event: IngestProgress) => void;
}

export type IngestProgress =
  | { type: "source_started"; source_key: string }
  | { type: "source_finished"; source: SourceReport };

/** Thrown when the run could not read a single source (all failed, or the deadline came first), after the report was written. */
export class IngestRunError extends Error {
  constructor(readonly report: IngestReport) {
    const why = report.sources.every((s) => s.status === "failed")
      ? "every source failed"
      : "no source was read before the deadline";
    super(
      `ingest ${report.run_id} for ${report.client_id} failed: ${why}:\n` +
        report.sources.map((s) => `  ${s.source_key}: ${s.reason ?? s.status}`).join("\n"),
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

/** The client's config; an unknown client is an {@link IngestOptionsError} naming the known ones. */
export function clientOf(config: VectoraConfig, clientId: string): ClientConfig {
  const client = config.clients[clientId];
  if (!client)
    throw new IngestOptionsError(
      `unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`,
    );
  return client;
}

/** A run id that sorts by time and says which as-of it ingested: `ing_20251217_20261125T170102Z_3f9a`. */
export function newRunId(asOf: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `ing_${asOf.replaceAll("-", "")}_${stamp}_${randomBytes(2).toString("hex")}`;
}

/**
 * Picks the sources of a run: the client's active, enabled sources, or the explicitly named ones (a disabled
 * source runs when named; a candidate or rejected one never does: `vectora sources check` reads those).
 */
export function selectSources(config: VectoraConfig, clientId: string, keys?: string[]): SourceDef[] {
  const watch = clientWatch(config, clientId);
  if (!keys || keys.length === 0) return watch.sources;
  return keys.map((key) => {
    // The readable definition when there is one (what the reader gets); the catalog entry otherwise (a lead).
    const entry = config.sources.find((s) => s.key === key) ?? config.catalog.find((s) => s.key === key);
    if (!entry)
      throw new IngestOptionsError(
        `unknown source "${key}" (active: ${config.sources
          .filter((s) => s.status === "active")
          .map((s) => s.key)
          .join(", ")})`,
      );
    if (entry.status !== "active" || entry.kind === undefined)
      throw new IngestOptionsError(
        `source "${key}" is ${entry.status === "rejected" ? "rejected" : "a candidate"}: runs never read it ` +
          `(\`vectora sources check ${key}\` tries it, \`vectora sources activate ${key}\` makes it active)`,
      );
    return entry;
  });
}

/**
 * Runs ingest for one client and resolves its report (also stored at `layout.ingestReport`). Items new to the
 * client, or edited since last seen, are written per source to `layout.ingestedSource(client, asOf, runId, key)`.
 * Rejects with {@link IngestRunError} when no source was read (every one failed, or the deadline came first).
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
  const checkpoint = await IngestCheckpoint.open({
    store: options.store,
    clientId: options.clientId,
    runId: plan.runId,
    asOf: options.asOf,
    ingestedAt,
    window: plan.window,
    warnings,
  });

  // Read the sources; each one's items are committed as it finishes (see jobs/ingest-checkpoint.ts).
  const { schedule, failed } = await readSources(options, plan, checkpoint, clock);
  let storeError: unknown;
  await checkpoint.idle().catch((error: unknown) => {
    storeError = error;
    warnings.push(`stopped storing items: ${(error as Error).message}`);
  });

  const deadlineIso = options.deadline !== undefined ? new Date(options.deadline).toISOString() : "";
  const reports = sourceReportsOf(plan.sources, checkpoint, failed, schedule, deadlineIso);
  const { totals, status } = totalsOf(reports);
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
    items_files: checkpoint.files(),
    report_key: plan.reportKey,
    sources: reports,
    totals,
    ...(schedule.cutShort
      ? {
          cut_short: {
            deadline: deadlineIso,
            deferred: totals.sources_deferred,
            abandoned: totals.sources_abandoned,
          },
        }
      : {}),
    warnings,
  };
  report.source_flags = await sourceFlagsFor(options.store, report);
  // Written even when the run was cut short or could not store everything: it says what happened.
  await options.store.put(plan.reportKey, `${JSON.stringify(report, null, 2)}\n`, {
    contentType: "application/json",
  });
  if (storeError) throw storeError;
  if (status === "failed" && reports.length > 0) throw new IngestRunError(report);
  return report;
}

type RunPlan = Awaited<ReturnType<typeof planRun>>;
type Schedule = Awaited<ReturnType<typeof scheduleSources>>;

/**
 * Reads the plan's sources within the run's concurrency and deadline: each read source goes to the checkpoint
 * (stored as it finishes), each failed one into `failed`. Resolves once every source is read, failed, or left
 * behind at the deadline.
 */
async function readSources(
  options: RunIngestOptions,
  plan: RunPlan,
  checkpoint: IngestCheckpoint,
  clock: () => Date,
): Promise<{ schedule: Schedule; failed: Map<string, SourceReport> }> {
  const failed = new Map<string, SourceReport>();
  let closed = false;
  const schedule = await scheduleSources(plan.sources, {
    concurrency: options.concurrency ?? plan.settings.concurrency,
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
    ...(options.deadlineGraceMs !== undefined ? { graceMs: options.deadlineGraceMs } : {}),
    now: () => clock().getTime(),
    read: async (source, signal) => {
      options.onProgress?.({ type: "source_started", source_key: source.key });
      const began = performance.now();
      try {
        const result = await readSource(source, {
          transport: options.transport,
          secrets: options.secrets,
          window: plan.window,
          signal,
          maxResponseBytes: source.max_response_bytes ?? plan.settings.max_response_bytes,
        });
        // A source left behind at the deadline is reported abandoned: what it read too late is not kept.
        if (closed) return;
        const maxItems = maxItemsOf(source, plan);
        const ms = performance.now() - began;
        void checkpoint
          .add(source, plan.order.get(source.key)!, result, ms, maxItems)
          .then((report) => options.onProgress?.({ type: "source_finished", source: report }));
      } catch (error) {
        // Aborted at the deadline: abandoned, not failed (reported by sourceReportsOf).
        if (closed || (signal.aborted && isAborted(error))) return;
        const report: SourceReport = { ...emptySourceReport(source.key, source.kind), status: "failed" };
        report.reason = sanitizeText(describeFailure(error));
        report.duration_ms = Math.round(performance.now() - began);
        failed.set(source.key, report);
        options.onProgress?.({ type: "source_finished", source: report });
      }
    },
  });
  closed = true;
  return { schedule, failed };
}

/** The sources' reports, in catalog order: read, failed, abandoned at the deadline, or deferred. */
function sourceReportsOf(
  sources: readonly SourceDef[],
  checkpoint: IngestCheckpoint,
  failed: ReadonlyMap<string, SourceReport>,
  schedule: Schedule,
  deadlineIso: string,
): SourceReport[] {
  return sources.map((source): SourceReport => {
    const read = checkpoint.reportOf(source.key) ?? failed.get(source.key);
    if (read) return read;
    const inFlightMs = schedule.inFlightAtDeadline.get(source.key);
    const report = emptySourceReport(source.key, source.kind);
    if (inFlightMs !== undefined || schedule.leftBehind.has(source.key)) {
      report.status = "abandoned";
      report.reason = `abandoned at the run's deadline (${deadlineIso}) after ${((inFlightMs ?? 0) / 1000).toFixed(1)} s in flight: its requests were aborted, nothing was kept`;
      report.duration_ms = Math.round(inFlightMs ?? 0);
    } else {
      report.status = "deferred";
      report.reason = `deferred: the run's deadline (${deadlineIso}) came before it started`;
    }
    return report;
  });
}

/**
 * The run's shape from its options: the window (what the engine reads for the issue of this as-of, from the
 * client's ledger in the data store), the sources, the run id and where its files go.
 */
async function planRun(options: RunIngestOptions, started: Date) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf))
    throw new IngestOptionsError(`as_of must be YYYY-MM-DD, got "${options.asOf}"`);
  const client = clientOf(options.config, options.clientId);
  const issue = await planIssue(options.store, options.clientId, client, options.asOf, options.periodDays);
  const window = issue.read;
  const periodDays = dayNumber(window.to) - dayNumber(window.from) + 1;
  const sources = selectSources(options.config, options.clientId, options.sources);
  const runId = options.runId ?? newRunId(options.asOf, started);
  return {
    periodDays,
    window,
    sources,
    /** Catalog position of each source: who owns an item two sources share. */
    order: new Map(sources.map((source, i) => [source.key, i])),
    settings: client.ingest,
    runId,
    itemsKey: layout.ingestedRunFolder(options.clientId, options.asOf, runId),
    reportKey: layout.ingestReport(options.clientId, options.asOf, runId),
  };
}

/**
 * The run's totals and status: `succeeded` when every source was read, `failed` when none was (every source
 * failed, or the deadline came before any was read), `partial` otherwise.
 */
function totalsOf(reports: SourceReport[]): {
  totals: IngestReport["totals"];
  status: IngestReport["status"];
} {
  const totals = Object.fromEntries(
    COUNTERS.map((c) => [c, reports.reduce((sum, r) => sum + r[c], 0)]),
  ) as IngestReport["totals"];
  const count = (status: SourceReport["status"]) => reports.filter((r) => r.status === status).length;
  totals.sources_ok = count("ok");
  totals.sources_failed = count("failed");
  totals.sources_deferred = count("deferred");
  totals.sources_abandoned = count("abandoned");
  const status =
    totals.sources_ok === reports.length ? "succeeded" : totals.sources_ok === 0 ? "failed" : "partial";
  return { totals, status };
}

/** The item cap of a source: its own `max_items`, else the client's `ingest.max_items_per_source`. */
function maxItemsOf(source: SourceDef, plan: { settings: { max_items_per_source: number } }): number {
  return source.max_items ?? plan.settings.max_items_per_source;
}

/** True for the transport's "aborted" (the run's deadline signal), whatever reader wrapped it. */
function isAborted(error: unknown): boolean {
  return error instanceof HttpTransportError && error.kind === "aborted";
}

/**
 * The run's flagged sources (failing twice, silent after yielding), judged with the client's previous runs. A
 * store that cannot list or read them costs the flags, never the run: the problem becomes a warning.
 */
async function sourceFlagsFor(store: BlobStore, report: IngestReport): Promise<SourceFlag[]> {
  try {
    return await flagsForRun(store, report, report.warnings);
  } catch (error) {
    report.warnings.push(`source health not judged: ${(error as Error).message}`);
    return [];
  }
}

/** One line saying why a source failed, naming the URL where there is one. */
function describeFailure(error: unknown): string {
  if (error instanceof SourceReadError) return error.reason;
  if (error instanceof HttpTransportError) return error.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
