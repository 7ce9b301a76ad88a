/**
 * The newsletter document: everything an issue says, as one validated JSON object. The Markdown and HTML
 * renderings are made from it (never from the engine result directly), so the three files cannot disagree.
 * {@link NewsletterDocument} is exported so readers (the CLI, a dashboard, tests) validate the JSON back.
 */
import { z } from "zod";
import type { ClientWatch } from "../config/schema.js";
import { ActorType } from "../config/schema.js";
import { EntityKinds, type NormalizedItem } from "../domain/normalized.js";
import type { EngineResult } from "../engine/run-engine.js";

const IsoDate = z.iso.date();
const Score = z.object({
  event_type: z.string(),
  base: z.number(),
  bonuses: z.record(z.string(), z.number()),
  intrinsic: z.number(),
  age_days: z.number().int().nullable(),
  recency: z.number(),
  total: z.number(),
});

/** Entities of an item by kind, as canonical names (each backed by an evidence span in the item's text). */
export const EntityNames = z.object(
  Object.fromEntries(EntityKinds.map((k) => [k, z.array(z.string())])) as Record<
    (typeof EntityKinds)[number],
    z.ZodArray<z.ZodString>
  >,
);
export type EntityNames = z.output<typeof EntityNames>;

export const NewsletterItem = z.object({
  item_id: z.string(),
  title: z.string().min(1),
  url: z.url(),
  source_key: z.string(),
  source_name: z.string(),
  source_type: ActorType,
  /** The real publication date from the source. */
  published_at: z.string().min(10),
  event_type: z.string(),
  event_label: z.string(),
  score: z.number(),
  score_breakdown: Score,
  reasons: z.array(z.string()).min(1),
  /** Built only from the item's own text (rule summary, or an LLM summary grounded in it). */
  summary: z.string(),
  summary_by: z.enum(["rules", "llm"]),
  entities: EntityNames,
  /** Other URLs of the same news (near-duplicates merged into this item). */
  merged_urls: z.array(z.url()),
});
export type NewsletterItem = z.output<typeof NewsletterItem>;

export const NewsletterSection = z.object({
  id: z.string(),
  title: z.string(),
  items: z.array(NewsletterItem).min(1, "a section is never empty"),
});
export type NewsletterSection = z.output<typeof NewsletterSection>;

export const NewsletterDecision = z.object({
  item_id: z.string(),
  title: z.string(),
  url: z.string(),
  source_key: z.string(),
  published_at: z.string(),
  event_type: z.string(),
  kept: z.boolean(),
  section: z.string().nullable(),
  score: z.number(),
  reasons: z.array(z.string()).min(1, "every decision has a reason"),
  duplicate_of: z.string().nullable(),
});
export type NewsletterDecision = z.output<typeof NewsletterDecision>;

/** One source the issue's ingest runs read (or tried to). */
export const SourceScope = z.object({
  source_key: z.string(),
  name: z.string(),
  actor_type: ActorType.or(z.literal("unknown")),
  kind: z.string(),
  status: z.enum(["ok", "failed"]),
  /** Why it failed. */
  reason: z.string().optional(),
  /** Items it gave inside the window. */
  items: z.number().int().min(0),
});
export type SourceScope = z.output<typeof SourceScope>;

/** LLM usage of the run (from the enrichment report); `enabled: false` when the run used rules only. */
export const LlmUsageSummary = z.object({
  enabled: z.boolean(),
  model: z.string().nullable(),
  items_enriched: z.number().int().min(0),
  calls: z.number().int().min(0),
  /** Replies rejected (schema, grounding) or calls failed: the rule result was kept, flagged. */
  fallbacks: z.number().int().min(0),
  cache_hits: z.number().int().min(0),
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  cost_usd: z.number().min(0),
});
export type LlmUsageSummary = z.output<typeof LlmUsageSummary>;

export const NewsletterDocument = z.object({
  schema_version: z.literal(1),
  client: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  as_of: IsoDate,
  period_days: z.number().int().min(1),
  window: z.object({ from: IsoDate, to: IsoDate }),
  generated_at: z.iso.datetime({ offset: true }),
  config_version: z.string(),
  /** Ingest runs whose items this issue read. */
  ingest_runs: z.array(z.string()),
  counts: z.object({
    input: z.number().int(),
    outside_window: z.number().int(),
    noise: z.number().int(),
    not_lai: z.number().int(),
    duplicates: z.number().int(),
    below_min_score: z.number().int(),
    not_selected: z.number().int(),
    kept: z.number().int(),
    /** Raw items that could not be normalized (reported, not in `decisions`). */
    normalize_failures: z.number().int().min(0),
  }),
  scope: z.object({
    sources: z.array(SourceScope),
    /** Sources read successfully, by kind of actor. */
    read_by_actor_type: z.record(z.string(), z.number().int()),
    failed: z.array(SourceScope),
  }),
  llm: LlmUsageSummary,
  sections: z.array(NewsletterSection),
  decisions: z.array(NewsletterDecision),
});
export type NewsletterDocument = z.output<typeof NewsletterDocument>;

/** Run facts the engine does not know. */
export interface NewsletterRunInfo {
  configVersion: string;
  /** ISO timestamp of generation (injected: the renderers stay deterministic). */
  generatedAt: string;
  sources: SourceScope[];
  ingestRuns: string[];
  llm: LlmUsageSummary;
  normalizeFailures?: number;
}

/** Usage summary of a rules-only run. */
export const NO_LLM: LlmUsageSummary = {
  enabled: false,
  model: null,
  items_enriched: 0,
  calls: 0,
  fallbacks: 0,
  cache_hits: 0,
  input_tokens: 0,
  output_tokens: 0,
  cost_usd: 0,
};

/** Canonical names of an item's entities, by kind. */
export function entityNames(item: NormalizedItem): EntityNames {
  return Object.fromEntries(
    EntityKinds.map((k) => [k, item.entities[k].filter((e) => e.evidence.length > 0).map((e) => e.name)]),
  ) as EntityNames;
}

/**
 * Builds (and validates) the document of one issue. Throws a zod error if the result breaks the schema — a
 * bug, never something to write out.
 */
export function buildNewsletterDocument(
  engine: EngineResult,
  watch: ClientWatch,
  run: NewsletterRunInfo,
): NewsletterDocument {
  const sourceNames = new Map(watch.sources.map((s) => [s.key, s.name]));
  for (const s of run.sources) sourceNames.set(s.source_key, s.name);
  const labels = new Map(watch.eventTypes.map((t) => [t.id, t.label]));
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
    generated_at: run.generatedAt,
    config_version: run.configVersion,
    ingest_runs: run.ingestRuns,
    counts: { ...engine.counts, normalize_failures: run.normalizeFailures ?? 0 },
    scope: {
      sources: run.sources,
      read_by_actor_type: readByActor,
      failed: run.sources.filter((s) => s.status === "failed"),
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
      score: d.score,
      reasons: d.reasons,
      duplicate_of: d.duplicate_of,
    })),
  };
  return NewsletterDocument.parse(doc);
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** `2025-12-10` (or a timestamp, taken in UTC) → `10 December 2025`; anything unparsable is returned as is. */
export function formatLongDate(dateOrDateTime: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(dateOrDateTime)
    ? Date.parse(`${dateOrDateTime}T00:00:00Z`)
    : Date.parse(dateOrDateTime);
  if (Number.isNaN(ms)) return dateOrDateTime;
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * True when an item's summary says more than its title. Listing pages often give only a title (a PDF link):
 * the renderers then print the title once instead of repeating it as the summary.
 */
export function summaryAddsToTitle(item: Pick<NewsletterItem, "title" | "summary">): boolean {
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const summary = words(item.summary);
  return summary.length > 0 && summary !== words(item.title);
}

/** Plural-aware labels of the kinds of sources, for the scope footer. */
export const ACTOR_LABELS: Record<string, [string, string]> = {
  press_corporate: ["corporate news page", "corporate news pages"],
  press_sector: ["sector press feed", "sector press feeds"],
  database: ["database", "databases"],
  unknown: ["other source", "other sources"],
};

/** `5 corporate news pages, 3 sector press feeds and 2 databases`. */
export function describeSourcesRead(readByActor: Record<string, number>): string {
  const parts = Object.entries(readByActor)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => Object.keys(ACTOR_LABELS).indexOf(a) - Object.keys(ACTOR_LABELS).indexOf(b))
    .map(([actor, n]) => `${n} ${(ACTOR_LABELS[actor] ?? [actor, actor])[n === 1 ? 0 : 1]}`);
  if (parts.length === 0) return "no source";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** The lines of the scope footer, as plain text (the renderers escape them). */
export function scopeLines(doc: NewsletterDocument): string[] {
  const lines = [
    `Scope: ${describeSourcesRead(doc.scope.read_by_actor_type)} read, news published ${formatLongDate(doc.window.from)} – ${formatLongDate(doc.window.to)}.`,
    `${doc.counts.kept} of ${doc.counts.input} items selected (${doc.counts.noise} noise, ${doc.counts.not_lai} without an LAI signal, ` +
      `${doc.counts.duplicates} ${doc.counts.duplicates === 1 ? "duplicate" : "duplicates"}, ${doc.counts.outside_window} outside the window, ${doc.counts.below_min_score} below the minimum score, ` +
      `${doc.counts.not_selected} over the limits).`,
  ];
  if (doc.scope.failed.length === 0) lines.push("Every source was read successfully.");
  else
    lines.push(
      `Not read (${doc.scope.failed.length}): ${doc.scope.failed.map((s) => `${s.name} (${s.source_key}): ${s.reason ?? "failed"}`).join("; ")}.`,
    );
  const llm = doc.llm;
  lines.push(
    llm.enabled
      ? `Summaries: ${llm.items_enriched} by ${llm.model ?? "an LLM"} (${llm.calls} calls, ${llm.input_tokens + llm.output_tokens} tokens, $${llm.cost_usd.toFixed(4)}; ${llm.fallbacks} fell back to rules), the rest from the items' own sentences.`
      : "Summaries are taken from the items' own sentences (no LLM).",
  );
  lines.push(`Config ${doc.config_version}; generated ${doc.generated_at}.`);
  return lines;
}
