/**
 * The engine job for one client and one issue: read the ingested items of the window (validated, de-duplicated
 * across runs), normalize them, optionally enrich them with the LLM, run the engine and write the newsletter in
 * Markdown, HTML and JSON. The same function runs in the engine Lambda (S3 stores) and in `vectora run` (disk).
 */
import { clientWatch } from "../config/load.js";
import type { VectoraConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { assessItem, type EngineCounts, type EngineResult, runEngine } from "../engine/run-engine.js";
import { type DateWindow, windowFor } from "../engine/window.js";
import { readIngestedItems } from "../ingest/read-ingested.js";
import { IngestReport } from "../ingest/report.js";
import {
  buildNewsletterDocument,
  type LlmUsageSummary,
  type NewsletterDocument,
  NO_LLM,
  type SourceScope,
} from "../newsletter/document.js";
import { renderHtml } from "../newsletter/html.js";
import { renderMarkdown } from "../newsletter/markdown.js";
import { type EnrichmentReport, type EnrichOptions, enrichItems } from "../normalize/llm-enrich.js";
import { normalizeItems } from "../normalize/normalize-item.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { LlmClient } from "../ports/llm.js";

export interface RunEngineForClientOptions {
  config: VectoraConfig;
  clientId: string;
  /** Where ingest wrote items and run reports (also holds the LLM cache). */
  dataStore: BlobStore;
  /** Where the newsletter files go. */
  newslettersStore: BlobStore;
  /** The issue's as-of date, `YYYY-MM-DD`: the last day of the window. */
  targetDate: string;
  /** Overrides the client's `period_days`. */
  periodDays?: number;
  /** When given, items passing the rule gate are enriched (bounded by the client's `llm` limits). */
  llm?: LlmClient;
  /** Extra enrichment options (tests inject sleep/random). */
  enrich?: Partial<Omit<EnrichOptions, "llm" | "cache" | "watch">>;
  /** Wall clock for `generated_at`. */
  clock?: () => Date;
}

export interface RunEngineForClientResult {
  client_id: string;
  as_of: string;
  window: DateWindow;
  config_version: string;
  /** Store keys of the files written, and where they are (`dir:/…/lai_weekly/2025/12/17/newsletter.md`). */
  keys: { md: string; html: string; json: string };
  locations: { md: string; html: string; json: string };
  counts: EngineCounts & { raw_items: number; normalize_failures: number; bad_lines: number };
  sections: Array<{ id: string; items: number }>;
  llm: LlmUsageSummary;
  enrichment: EnrichmentReport | null;
  ingest_runs: string[];
  failed_sources: SourceScope[];
  /** Problems that did not stop the run (bad JSON lines, unreadable reports, items that failed to normalize). */
  warnings: string[];
  engine: EngineResult;
  document: NewsletterDocument;
}

/** Runs the engine job (see the top of this file) and resolves what it did and where the files are. */
export async function runEngineForClient(
  options: RunEngineForClientOptions,
): Promise<RunEngineForClientResult> {
  const { config, clientId, dataStore, newslettersStore, targetDate } = options;
  const watch = clientWatch(config, clientId);
  const periodDays = options.periodDays ?? watch.client.period_days;
  const window = windowFor(targetDate, periodDays);
  const clock = options.clock ?? (() => new Date());
  const warnings: string[] = [];

  const read = await readIngestedItems(dataStore, clientId, window);
  for (const p of read.problems) warnings.push(`${dataStore.location}/${p.file}:${p.line}: ${p.message}`);

  const reports = await readRunReports(dataStore, clientId, window, warnings);
  const normalized = normalizeItems(read.items, watch, config.sources);
  for (const f of normalized.failures)
    warnings.push(`item ${f.item_id} from ${f.source_key} could not be normalized: ${f.message}`);

  let items: NormalizedItem[] = normalized.items;
  let enrichment: EnrichmentReport | null = null;
  if (options.llm) {
    // The LLM's budget goes to the items most likely to be printed: best rule score first.
    const scores = new Map(
      items.map((i) => [i.item_id, assessItem(i, watch, { asOf: targetDate }).score.total]),
    );
    const ranked = [...items].sort(
      (a, b) => scores.get(b.item_id)! - scores.get(a.item_id)! || (a.item_id < b.item_id ? -1 : 1),
    );
    const result = await enrichItems(ranked, {
      ...options.enrich,
      llm: options.llm,
      cache: dataStore,
      watch,
    });
    const byId = new Map(result.items.map((i) => [i.item_id, i]));
    items = items.map((i) => byId.get(i.item_id) ?? i);
    enrichment = result.report;
    for (const problem of enrichment.cache_problems) warnings.push(`LLM cache entry ${problem}`);
  }

  const engine = runEngine({ items, watch, asOf: targetDate, periodDays });
  const sources = sourceScope(reports, read.items, config);
  const llm = enrichment ? usageSummary(enrichment) : NO_LLM;
  const document = buildNewsletterDocument(engine, watch, {
    configVersion: config.version,
    generatedAt: clock().toISOString(),
    sources,
    ingestRuns: reports.map((r) => r.run_id),
    llm,
    normalizeFailures: normalized.failures.length,
  });

  const keys = {
    md: layout.newsletter(clientId, targetDate, "md"),
    html: layout.newsletter(clientId, targetDate, "html"),
    json: layout.newsletter(clientId, targetDate, "json"),
  };
  await newslettersStore.put(keys.md, renderMarkdown(document), {
    contentType: "text/markdown; charset=utf-8",
  });
  await newslettersStore.put(keys.html, renderHtml(document), { contentType: "text/html; charset=utf-8" });
  await newslettersStore.put(keys.json, `${JSON.stringify(document, null, 2)}\n`, {
    contentType: "application/json",
  });

  const where = (key: string) => `${newslettersStore.location}/${key}`;
  return {
    client_id: clientId,
    as_of: targetDate,
    window,
    config_version: config.version,
    keys,
    locations: { md: where(keys.md), html: where(keys.html), json: where(keys.json) },
    counts: {
      ...engine.counts,
      raw_items: read.items.length,
      normalize_failures: normalized.failures.length,
      bad_lines: read.problems.length,
    },
    sections: engine.sections.map((s) => ({ id: s.id, items: s.items.length })),
    llm,
    enrichment,
    ingest_runs: reports.map((r) => r.run_id),
    failed_sources: sources.filter((s) => s.status === "failed"),
    warnings,
    engine,
    document,
  };
}

/** The LLM usage the newsletter reports, from the enrichment report. */
export function usageSummary(report: EnrichmentReport): LlmUsageSummary {
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
  };
}

/**
 * Ingest run reports of the window's runs (as-of date inside the window), oldest first. A report that does not
 * validate is named in `warnings` and skipped.
 */
export async function readRunReports(
  store: BlobStore,
  clientId: string,
  window: DateWindow,
  warnings: string[],
): Promise<IngestReport[]> {
  const keys = (await store.list(layout.ingestedPrefix(clientId)))
    .map((b) => b.key)
    .filter((key) => key.endsWith(".report.json"))
    .filter((key) => {
      const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(key);
      const day = m ? `${m[1]}-${m[2]}-${m[3]}` : "";
      return day >= window.from && day <= window.to;
    });
  const reports: IngestReport[] = [];
  for (const key of keys) {
    const text = await store.getText(key);
    let parsed: ReturnType<typeof IngestReport.safeParse> | undefined;
    try {
      parsed = IngestReport.safeParse(JSON.parse(text ?? ""));
    } catch (error) {
      warnings.push(`${store.location}/${key}: ingest report is not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push(
        `${store.location}/${key}: not an ingest report: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      );
      continue;
    }
    reports.push(parsed.data);
  }
  return reports.sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0));
}

/**
 * The entries a source report's warnings name as undated. Ingest (run-ingest.ts) writes one warning per undated
 * entry, `undated: "<title>" <url>`, so the newsletter can report them by name (domain rule 1); other warnings
 * are ignored.
 */
export function undatedEntries(warnings: readonly string[]): Array<{ title: string; url: string }> {
  return warnings.flatMap((w) => {
    const m = /^undated: "(.*)" (\S+)$/.exec(w);
    return m ? [{ title: m[1]!, url: m[2]! }] : [];
  });
}

/**
 * What the issue read, per source: the latest run's status for each source of the window's runs, plus any source
 * that only appears in the items (runs without a report). `items` counts the window's items per source.
 */
export function sourceScope(
  reports: readonly IngestReport[],
  items: ReadonlyArray<{ source_key: string }>,
  config: VectoraConfig,
): SourceScope[] {
  const latest = new Map<
    string,
    Pick<SourceScope, "kind" | "status" | "reason" | "out_of_window" | "undated" | "undated_entries">
  >();
  for (const report of reports)
    for (const s of report.sources)
      latest.set(s.source_key, {
        kind: s.kind,
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        // The latest run's counts only: the window's runs re-read the same pages, summing them would double count.
        out_of_window: s.out_of_window,
        undated: s.undated,
        undated_entries: undatedEntries(s.warnings),
      });
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(item.source_key, (counts.get(item.source_key) ?? 0) + 1);
    if (!latest.has(item.source_key)) latest.set(item.source_key, { kind: "unknown", status: "ok" });
  }
  return [...latest]
    .map(([key, state]) => {
      const def = config.sources.find((s) => s.key === key);
      const scope: SourceScope = {
        source_key: key,
        name: def?.name ?? key,
        actor_type: def?.actor_type ?? "unknown",
        kind: def?.kind ?? state.kind,
        status: state.status,
        items: counts.get(key) ?? 0,
      };
      if (state.reason) scope.reason = state.reason;
      if (state.out_of_window !== undefined) scope.out_of_window = state.out_of_window;
      if (state.undated !== undefined) scope.undated = state.undated;
      if (state.undated_entries?.length) scope.undated_entries = state.undated_entries;
      return scope;
    })
    .sort((a, b) => a.source_key.localeCompare(b.source_key));
}
