/** Builds an issue's {@link NewsletterDocument} from the engine's result and the run's facts. */
import type { ClientWatch } from "../config/schema.js";
import { EntityKinds, type NormalizedItem } from "../domain/normalized.js";
import type { EngineResult } from "../engine/run-engine.js";
import {
  type EntityNames,
  NewsletterDocument,
  type NewsletterItem,
  type NewsletterRunInfo,
  type SourceScope,
} from "./document.js";
import { formatLongDate } from "./format.js";

/** Canonical names of an item's entities, by kind. */
function entityNames(item: NormalizedItem): EntityNames {
  return Object.fromEntries(
    EntityKinds.map((k) => [k, item.entities[k].filter((e) => e.evidence.length > 0).map((e) => e.name)]),
  ) as EntityNames;
}

/**
 * Builds (and validates) the document of one issue. Throws a zod error if the result breaks the schema — a
 * bug, never something to write out.
 *
 * @example
 * ```ts
 * const engine = runEngine({ items, watch, asOf: "2025-12-17" });
 * const doc = buildNewsletterDocument(engine, watch, {
 *   configVersion: config.version,
 *   generatedAt: new Date().toISOString(),
 *   sources: [],
 *   ingestRuns: [],
 *   llm: NO_LLM,
 * });
 * renderMarkdown(doc); // "# LAI Weekly — 17 December 2025 …"
 * ```
 */
export function buildNewsletterDocument(
  engine: EngineResult,
  watch: ClientWatch,
  run: NewsletterRunInfo,
): NewsletterDocument {
  const sourceNames = new Map(watch.sources.map((s) => [s.key, s.name]));
  for (const s of run.sources) sourceNames.set(s.source_key, s.name);
  const labels = new Map(watch.eventTypes.map((t) => [t.id, t.label]));
  const publishers = new Map(
    watch.sources.flatMap((s) =>
      s.actor_type === "press_corporate" && s.company ? [[s.key, s.company]] : [],
    ),
  );
  // Near-duplicates merged into each printed item, with their source and date ("Also reported: FiercePharma, …").
  const mergedInto = new Map<string, NewsletterItem["also_reported"]>();
  for (const d of engine.decisions) {
    if (d.duplicate_of === null) continue;
    const list = mergedInto.get(d.duplicate_of) ?? [];
    list.push({
      url: d.url,
      source_name: sourceNames.get(d.source_key) ?? d.source_key,
      published_at: d.published_at,
    });
    mergedInto.set(d.duplicate_of, list);
  }
  const readByActor: Record<string, number> = {};
  for (const s of run.sources)
    if (s.status === "ok") readByActor[s.actor_type] = (readByActor[s.actor_type] ?? 0) + 1;

  const doc: NewsletterDocument = {
    schema_version: 1,
    client: { id: watch.client.client_id, name: watch.client.name },
    title: `${watch.client.name} — ${formatLongDate(engine.as_of)}`,
    as_of: engine.as_of,
    period_days: engine.period_days,
    window: engine.window,
    window_basis: run.windowBasis ?? null,
    late_window: run.lateWindow ?? null,
    generated_at: run.generatedAt,
    config_version: run.configVersion,
    ingest_runs: run.ingestRuns,
    counts: {
      ...engine.counts,
      normalize_failures: run.normalizeFailures ?? 0,
      ingest_out_of_window: sumOf(run.sources, "out_of_window"),
      undated: sumOf(run.sources, "undated"),
    },
    scope: {
      sources: run.sources,
      read_by_actor_type: readByActor,
      failed: run.sources.filter((s) => s.status === "failed"),
      sources_to_check: run.sourcesToCheck ?? [],
    },
    llm: run.llm,
    sections: engine.sections.map((section) => ({
      id: section.id,
      title: section.title,
      items: section.items.map(({ item, decision }) => ({
        item_id: item.item_id,
        title: item.title,
        url: item.url,
        source_key: item.source_key,
        source_name: sourceNames.get(item.source_key) ?? item.source_key,
        source_type: item.source_type,
        publisher: publishers.get(item.source_key) ?? null,
        published_at: item.published_at,
        event_type: item.event_type,
        event_label: labels.get(item.event_type) ?? item.event_type,
        score: decision.score,
        score_breakdown: decision.score_breakdown,
        reasons: decision.reasons,
        summary: item.summary.trim() || item.title,
        summary_by:
          item.enrichment.summary_by ??
          (item.enrichment.by === "llm" && !item.enrichment.fallback_reason ? "llm" : "rules"),
        entities: entityNames(item),
        merged_urls: decision.merged_urls,
        late: decision.late,
        // One entry per merged URL (a re-post at the item's own URL is not "also reported" elsewhere).
        also_reported: (mergedInto.get(item.item_id) ?? []).filter(
          (r, i, all) => decision.merged_urls.includes(r.url) && all.findIndex((o) => o.url === r.url) === i,
        ),
      })),
    })),
    decisions: engine.decisions.map((d) => ({
      item_id: d.item_id,
      title: d.title,
      url: d.url,
      source_key: d.source_key,
      published_at: d.published_at,
      event_type: d.event_type,
      kept: d.kept,
      section: d.section,
      late: d.late,
      score: d.score,
      reasons: d.reasons,
      duplicate_of: d.duplicate_of,
    })),
  };
  return NewsletterDocument.parse(doc);
}

/** Sum of an optional per-source counter (sources without a run report count 0). */
function sumOf(sources: readonly SourceScope[], counter: "out_of_window" | "undated"): number {
  return sources.reduce((sum, s) => sum + (s[counter] ?? 0), 0);
}
