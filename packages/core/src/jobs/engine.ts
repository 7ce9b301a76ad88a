/**
 * The engine job for one client and one issue: plan the issue's window from the client's ledger, read the
 * ingested items of the window and the late arrivals (validated, de-duplicated across runs), normalize them,
 * optionally enrich them with the LLM, run the engine — never printing what an earlier issue printed — write the
 * newsletter in Markdown, HTML and JSON, then record the issue in the ledger and rewrite the archive page. The
 * same function runs in the engine Lambda (S3 stores) and in `vectora run` (disk).
 *
 * Re-running a client and as-of rebuilds the same issue from the same inputs: earlier issues are those with an
 * earlier as-of (not the one being rebuilt), ingest runs of later as-of dates are not read, and the issue's ledger
 * entry is replaced. The newsletter comes out the same, `generated_at` aside.
 */
import { clientWatch } from "../config/load.js";
import type { ClientWatch, VectoraConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { borderlineItemIds } from "../engine/borderline.js";
import { assessItem, type EngineCounts, type EngineResult, runEngine } from "../engine/run-engine.js";
import type { DateWindow } from "../engine/window.js";
import { readIngestedItems } from "../ingest/read-ingested.js";
import type { WindowBasis } from "../ledger/issue-window.js";
import { buildNewsletterDocument } from "../newsletter/build.js";
import {
  type LlmUsageSummary,
  type NewsletterDocument,
  NO_LLM,
  type SourceScope,
  type SourceToCheck,
} from "../newsletter/document.js";
import { newsletterGeneration } from "../newsletter/files.js";
import { renderHtml } from "../newsletter/html.js";
import { renderMarkdown } from "../newsletter/markdown.js";
import { type EnrichmentReport, type EnrichOptions, enrichItems } from "../normalize/llm-enrich.js";
import { normalizeItems } from "../normalize/normalize-item.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { LlmClient } from "../ports/llm.js";
import { itemsOfIssue, ledgerEntryFor, loadIssueHistory, recordIssue, runsOfFiles } from "./issue-ledger.js";
import { readRunReports, sourceScope, sourcesToCheck, withNotRead } from "./run-reports.js";

export interface RunEngineForClientOptions {
  config: VectoraConfig;
  clientId: string;
  /** Where ingest wrote items and run reports (also holds the LLM cache). */
  dataStore: BlobStore;
  /** Where the newsletter files go. */
  newslettersStore: BlobStore;
  /** The issue's as-of date, `YYYY-MM-DD`: the last day of the window. */
  targetDate: string;
  /**
   * Overrides the window from the ledger: the issue covers `periodDays` days ending on `targetDate` (earlier
   * issues' items are still never printed again). Without it, the window runs from the previous issue.
   */
  periodDays?: number;
  /** When given, items passing the rule gate are enriched (bounded by the client's `llm` limits). */
  llm?: LlmClient;
  /** Extra enrichment options (tests inject sleep/random). */
  enrich?: Partial<Omit<EnrichOptions, "llm" | "cache" | "watch">>;
  /** Wall clock for `generated_at`. */
  clock?: () => Date;
  /** Sources no shard could report on (a failed shard's): named in the footer as not read, with why. */
  notRead?: ReadonlyArray<{ source_key: string; reason: string }>;
}

export interface RunEngineForClientResult {
  client_id: string;
  as_of: string;
  window: DateWindow;
  /** Why the window is what it is (first issue, since the previous issue, catch-up, explicit). */
  window_basis: WindowBasis;
  /** Publication days of possible late arrivals, and the ids of those printed or judged. */
  late_window: DateWindow | null;
  late_items: string[];
  /** Store keys of the issue's ledger entry (data store) and of the client's archive page (newsletters store). */
  ledger_key: string;
  archive_key: string;
  config_version: string;
  /** Store keys of the files written, and where they are (`dir:/…/lai_weekly/2025/12/17/newsletter.md`). */
  keys: { md: string; html: string; json: string };
  locations: { md: string; html: string; json: string };
  counts: EngineCounts & { raw_items: number; normalize_failures: number; bad_lines: number };
  sections: Array<{ id: string; items: number }>;
  llm: LlmUsageSummary;
  enrichment: EnrichmentReport | null;
  /** The ingest runs of the window whose reports were read (the newsletter JSON lists the runs of its items). */
  ingest_runs: string[];
  failed_sources: SourceScope[];
  /** Sources that need a person (failing in their last 2 runs, or silent after yielding entries). */
  sources_to_check: SourceToCheck[];
  /** Problems that did not stop the run (bad JSON lines, unreadable reports, items that failed to normalize). */
  warnings: string[];
  engine: EngineResult;
  document: NewsletterDocument;
}

/**
 * Runs the engine job (see the top of this file) and resolves what it did and where the files are.
 *
 * @example
 * ```ts
 * const result = await runEngineForClient({
 *   config,
 *   clientId: "lai_weekly",
 *   dataStore: new FsBlobStore(".vectora/data"),
 *   newslettersStore: new FsBlobStore(".vectora/newsletters"),
 *   targetDate: "2025-12-17",
 * });
 * result.locations.md; // "dir:/…/.vectora/newsletters/lai_weekly/2025/12/17/newsletter.md"
 * ```
 */
export async function runEngineForClient(
  options: RunEngineForClientOptions,
): Promise<RunEngineForClientResult> {
  const { config, clientId, dataStore, newslettersStore, targetDate } = options;
  const watch = clientWatch(config, clientId);
  const clock = options.clock ?? (() => new Date());
  const warnings: string[] = [];

  // The window from the ledger, and what earlier issues printed and saw.
  const history = await loadIssueHistory(
    dataStore,
    clientId,
    watch.client,
    targetDate,
    options.periodDays,
    warnings,
  );
  const window: DateWindow = { from: history.plan.from, to: history.plan.to };
  const inputs = await readIssueInputs(options, history, window, warnings);
  const { normalized, items, enrichment } = await prepareItems(options, watch, inputs.issue, warnings);

  // Decide, then write the newsletter.
  const engine = runEngine({
    items,
    watch,
    asOf: targetDate,
    window,
    late: inputs.issue.late,
    published: history.published,
  });
  const issue: DecidedIssue = {
    ...inputs,
    plan: history.plan,
    window,
    normalized,
    items,
    enrichment,
    engine,
  };
  const { document, sources, toCheck, generatedAt, llm } = documentOf(issue, watch, options, clock);
  // The files first, then the ledger: a crash in between leaves an unrecorded issue (a retry records it), never
  // a recorded issue nobody can read.
  const keys = await writeNewsletter(newslettersStore, clientId, targetDate, document);
  const recorded = await recordIssue(
    dataStore,
    newslettersStore,
    ledgerEntryFor({
      engine,
      watch,
      items,
      plan: history.plan,
      configVersion: config.version,
      generatedAt,
      newsletter: keys,
      runsRead: runsOfFiles(inputs.read.files),
    }),
    watch.client.name,
    warnings,
  );

  return engineResultOf(issue, options, { document, sources, toCheck, llm, keys, recorded, warnings });
}

type IssueHistory = Awaited<ReturnType<typeof loadIssueHistory>>;
type IssueInputs = Awaited<ReturnType<typeof readIssueInputs>>;
type PreparedItems = Awaited<ReturnType<typeof prepareItems>>;
/** Everything the issue's document is built from: its inputs, its normalized items and the engine's decisions. */
type DecidedIssue = IssueInputs &
  PreparedItems & { plan: IssueHistory["plan"]; window: DateWindow; engine: EngineResult };

/**
 * Reads the items (once each across runs) of the window and the late days, and the window's run reports; bad
 * lines and reports are warnings. Runs of later as-of dates belong to later issues; the runs from `seenFrom` on
 * are recorded as seen by this issue (see issue-ledger.ts).
 */
async function readIssueInputs(
  options: RunEngineForClientOptions,
  history: IssueHistory,
  window: DateWindow,
  warnings: string[],
) {
  const { dataStore, clientId } = options;
  const read = await readIngestedItems(dataStore, clientId, {
    from: history.plan.seenFrom,
    to: history.plan.to,
    runsThrough: options.targetDate,
  });
  for (const p of read.problems) warnings.push(`${dataStore.location}/${p.file}:${p.line}: ${p.message}`);
  const issue = itemsOfIssue(read.items, read.firstRuns, history);
  const reports = await readRunReports(dataStore, clientId, window, warnings);
  return { read, issue, reports };
}

/** Normalizes the issue's items, then (optionally) enriches them with the LLM; failures are warnings. */
async function prepareItems(
  options: RunEngineForClientOptions,
  watch: ClientWatch,
  issue: IssueInputs["issue"],
  warnings: string[],
) {
  const normalized = normalizeItems(issue.items, watch, options.config.sources);
  for (const f of normalized.failures)
    warnings.push(`item ${f.item_id} from ${f.source_key} could not be normalized: ${f.message}`);
  const { items, enrichment } = options.llm
    ? await enrichBestFirst(normalized.items, issue.printable, watch, options, options.llm)
    : { items: normalized.items, enrichment: null };
  for (const problem of enrichment?.cache_problems ?? []) warnings.push(`LLM cache entry ${problem}`);
  return { normalized, items, enrichment };
}

/** The newsletter document of the decided issue, with the sources' scope and those to check. */
function documentOf(
  issue: DecidedIssue,
  watch: ClientWatch,
  options: RunEngineForClientOptions,
  clock: () => Date,
) {
  const { config } = options;
  const sources = withNotRead(
    sourceScope(
      issue.reports,
      issue.issue.items.filter((i) => issue.issue.printable.has(i.item_id)),
      config,
    ),
    options.notRead ?? [],
    config,
  );
  const toCheck = sourcesToCheck(issue.reports, config);
  const llm = issue.enrichment ? usageSummary(issue.enrichment) : NO_LLM;
  const generatedAt = clock().toISOString();
  const document = buildNewsletterDocument(issue.engine, watch, {
    configVersion: config.version,
    generatedAt,
    sources,
    sourcesToCheck: toCheck,
    // The runs whose item versions the issue read (not every run of the window: a re-run's ingest that found
    // nothing new leaves the rebuilt issue byte-identical, `generated_at` aside).
    ingestRuns: [...new Set(issue.issue.items.map((i) => i.run_id))].sort(),
    llm,
    normalizeFailures: issue.normalized.failures.length,
    windowBasis: issue.plan.basis,
    lateWindow: issue.plan.late,
  });
  return { document, sources, toCheck, generatedAt, llm };
}

/** What the job resolves: the issue's window, figures and files, from the decided and written issue. */
function engineResultOf(
  issue: DecidedIssue,
  options: RunEngineForClientOptions,
  done: Omit<ReturnType<typeof documentOf>, "generatedAt"> & {
    keys: { md: string; html: string; json: string };
    recorded: { ledger: string; archive: string };
    warnings: string[];
  },
): RunEngineForClientResult {
  const { clientId, targetDate, config, newslettersStore } = options;
  const { engine, normalized, enrichment, plan, window } = issue;
  const { document, sources, toCheck, llm, keys, recorded, warnings } = done;
  const where = (key: string) => `${newslettersStore.location}/${key}`;
  return {
    client_id: clientId,
    as_of: targetDate,
    window,
    window_basis: plan.basis,
    late_window: plan.late,
    late_items: [...issue.issue.late].sort(),
    ledger_key: recorded.ledger,
    archive_key: recorded.archive,
    config_version: config.version,
    keys,
    locations: { md: where(keys.md), html: where(keys.html), json: where(keys.json) },
    counts: {
      ...engine.counts,
      raw_items: issue.issue.items.length,
      normalize_failures: normalized.failures.length,
      bad_lines: issue.read.problems.length,
    },
    sections: engine.sections.map((s) => ({ id: s.id, items: s.items.length })),
    llm,
    enrichment,
    ingest_runs: issue.reports.map((r) => r.run_id),
    failed_sources: sources.filter((s) => s.status === "failed"),
    sources_to_check: toCheck,
    warnings,
    engine,
    document,
  };
}

/**
 * Enriches the printable items (in the window, or late) with the LLM, best rule score first: the LLM's budget
 * (calls, cost cap) goes to the items most likely to be printed. Resolves all the items in their original order.
 */
async function enrichBestFirst(
  items: NormalizedItem[],
  printable: ReadonlySet<string>,
  watch: ClientWatch,
  options: RunEngineForClientOptions,
  llm: LlmClient,
): Promise<{ items: NormalizedItem[]; enrichment: EnrichmentReport }> {
  const scores = new Map(
    items.map((i) => [i.item_id, assessItem(i, watch, { asOf: options.targetDate }).score.total]),
  );
  const ranked = items
    .filter((i) => printable.has(i.item_id))
    .sort((a, b) => scores.get(b.item_id)! - scores.get(a.item_id)! || (a.item_id < b.item_id ? -1 : 1));
  // The LLM rules only on the items the rules leave borderline (engine/borderline.ts).
  const result = await enrichItems(ranked, {
    ...options.enrich,
    llm,
    cache: options.dataStore,
    watch,
    borderline: borderlineItemIds(ranked, watch),
  });
  const byId = new Map(result.items.map((i) => [i.item_id, i]));
  return { items: items.map((i) => byId.get(i.item_id) ?? i), enrichment: result.report };
}

/**
 * Writes the issue's Markdown, HTML and JSON under `layout.newsletter` and resolves their keys. The three become
 * visible together for readers that trust the JSON: it is written last, and all three carry the same
 * `generation` metadata (a hash of the JSON), so a reader can tell a complete issue from one being rewritten or
 * cut by a crash (`readNewsletterFiles`).
 */
async function writeNewsletter(
  store: BlobStore,
  clientId: string,
  targetDate: string,
  document: NewsletterDocument,
): Promise<{ md: string; html: string; json: string }> {
  const keys = {
    md: layout.newsletter(clientId, targetDate, "md"),
    html: layout.newsletter(clientId, targetDate, "html"),
    json: layout.newsletter(clientId, targetDate, "json"),
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const metadata = { generation: newsletterGeneration(json) };
  await store.put(keys.md, renderMarkdown(document), {
    contentType: "text/markdown; charset=utf-8",
    metadata,
  });
  await store.put(keys.html, renderHtml(document), { contentType: "text/html; charset=utf-8", metadata });
  await store.put(keys.json, json, { contentType: "application/json", metadata });
  return keys;
}

/** The LLM usage the newsletter reports, from the enrichment report. */
function usageSummary(report: EnrichmentReport): LlmUsageSummary {
  return {
    enabled: true,
    model: report.model,
    items_enriched: report.enriched,
    calls: report.calls,
    fallbacks: report.fallbacks,
    summaries_rejected: report.summaries_rejected,
    stopped_by_cost_cap: report.stopped_by_cost_cap,
    max_cost_usd: report.max_cost_usd,
    cache_hits: report.cache_hits,
    input_tokens: report.input_tokens,
    output_tokens: report.output_tokens,
    cost_usd: report.cost_usd,
    borderline: report.borderline,
  };
}
