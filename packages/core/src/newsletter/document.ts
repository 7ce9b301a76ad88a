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
  /**
   * The company behind a corporate source (Camurus for Camurus's press releases), from the source catalog; `null`
   * for other sources. Not an entity: it has no evidence span in the text (a release often names only its
   * product), so the renderers print it as "From:" when the text names no such company.
   */
  publisher: z.string().nullable().default(null),
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
  /** The merged near-duplicates with who published them and when, for the reader's "Also reported:". */
  also_reported: z
    .array(z.object({ url: z.url(), source_name: z.string(), published_at: z.string() }))
    .default([]),
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
  /** Entries its latest run of the window dropped as published outside the window (absent: no report). */
  out_of_window: z.number().int().min(0).optional(),
  /** Entries its latest run of the window dropped for want of a readable date (absent: no report). */
  undated: z.number().int().min(0).optional(),
  /** The undated entries its latest run named (title and link), so the footer can report them by name. */
  undated_entries: z.array(z.object({ title: z.string(), url: z.string() })).optional(),
});
export type SourceScope = z.output<typeof SourceScope>;

/** LLM usage of the run (from the enrichment report); `enabled: false` when the run used rules only. */
export const LlmUsageSummary = z.object({
  enabled: z.boolean(),
  model: z.string().nullable(),
  items_enriched: z.number().int().min(0),
  calls: z.number().int().min(0),
  /**
   * Items whose LLM result was not used — reply rejected (schema), call failed, or the cost cap reached — and
   * why: the rule result was kept, flagged. Listed, never just counted (silent fallbacks were failure #3).
   */
  fallbacks: z.array(z.object({ item_id: z.string(), reason: z.string() })),
  /** LLM summaries rejected by grounding (the item kept the LLM's type and entities, with the rule summary). */
  summaries_rejected: z.number().int().min(0),
  /** Enrichment stopped before every eligible item because the run's cost cap was reached. */
  stopped_by_cost_cap: z.boolean(),
  /** The run's cost cap (`client.llm.max_cost_usd`); 0 when the LLM was off. */
  max_cost_usd: z.number().min(0),
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
    /**
     * Entries the window's ingest runs set aside before the engine (latest run per source): published outside
     * the window, or without a readable date (never given "today"; domain rule 1: an undated item is reported).
     */
    ingest_out_of_window: z.number().int().min(0).default(0),
    undated: z.number().int().min(0).default(0),
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
  fallbacks: [],
  summaries_rejected: 0,
  stopped_by_cost_cap: false,
  max_cost_usd: 0,
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
    countsLine(doc.counts),
  ];
  const undated = doc.scope.sources.flatMap((s) =>
    (s.undated_entries ?? []).map((e) => `“${e.title}” (${s.name})`),
  );
  if (undated.length > 0) lines.push(`Undated, not used (${undated.length}): ${undated.join("; ")}.`);
  if (doc.scope.failed.length === 0) lines.push("Every source was read successfully.");
  else
    lines.push(
      `Not read (${doc.scope.failed.length}): ${doc.scope.failed.map((s) => `${s.name} (${s.source_key}): ${s.reason ?? "failed"}`).join("; ")}.`,
    );
  lines.push(llmLine(doc));
  lines.push(`Config ${doc.config_version}; generated ${doc.generated_at}.`);
  return lines;
}

/**
 * `12 of 45 items in the window selected (6 noise, …, 4 over the limits); 22 outside the window, 2 undated (not
 * used).` The parenthesis accounts for every item of the window; what ingest set aside (outside the window,
 * undated) is added after it, so no count hides another.
 */
function countsLine(counts: NewsletterDocument["counts"]): string {
  const inWindow = counts.input - counts.outside_window;
  const outside = counts.outside_window + counts.ingest_out_of_window;
  return (
    `${counts.kept} of ${inWindow} items in the window selected (${counts.noise} noise, ${counts.not_lai} without an LAI signal, ` +
    `${counts.duplicates} ${counts.duplicates === 1 ? "duplicate" : "duplicates"}, ${counts.below_min_score} below the minimum score, ` +
    `${counts.not_selected} over the limits); ${outside} outside the window, ${counts.undated} undated (not used).`
  );
}

/**
 * The footer's LLM sentence. It counts the PRINTED items whose summary is the LLM's (`summary_by: "llm"`), not the
 * items enriched: a summary rejected by grounding leaves the rule summary, and the sentence must not claim it.
 * Fallbacks are named with their first reason (silent fallbacks were the earlier system's failure #3).
 */
function llmLine(doc: NewsletterDocument): string {
  const llm = doc.llm;
  if (!llm.enabled) return "Summaries are taken from the items' own sentences (no LLM).";
  const printed = doc.sections.flatMap((s) => s.items);
  const byLlm = printed.filter((i) => i.summary_by === "llm").length;
  const notes = [
    `${llm.calls} calls`,
    `${llm.input_tokens + llm.output_tokens} tokens`,
    `$${llm.cost_usd.toFixed(4)} of a $${llm.max_cost_usd.toFixed(2)} cap`,
  ];
  if (llm.fallbacks.length > 0)
    notes.push(`${llm.fallbacks.length} fell back to rules, first: ${llm.fallbacks[0]!.reason}`);
  if (llm.summaries_rejected > 0)
    notes.push(
      `${llm.summaries_rejected} ${llm.summaries_rejected === 1 ? "summary" : "summaries"} rejected as not grounded`,
    );
  if (llm.stopped_by_cost_cap) notes.push("stopped at the cost cap");
  const rest = byLlm === printed.length ? "" : ", the rest from the items' own sentences";
  return `Summaries: ${byLlm} of ${printed.length} printed by ${llm.model ?? "an LLM"} (${notes.join("; ")})${rest}.`;
}

/**
 * One line on the run's LLM use for operators (`vectora run`'s "LLM:" line): `7 items by <model>, $0.0123 of
 * $2.00; 2 fell back to rules (first: <item_id>: <reason>)`, or `off (rule summaries)`. Fallbacks are always
 * shown with the first reason: a silent fallback was the earlier system's failure #3.
 */
export function llmUsageLine(llm: LlmUsageSummary): string {
  if (!llm.enabled) return "off (rule summaries)";
  const parts = [
    `${llm.items_enriched} items by ${llm.model ?? "an LLM"}, $${llm.cost_usd.toFixed(4)} of $${llm.max_cost_usd.toFixed(2)}`,
  ];
  const first = llm.fallbacks[0];
  parts.push(
    first
      ? `${llm.fallbacks.length} fell back to rules (first: ${first.item_id}: ${first.reason})`
      : "0 fell back to rules",
  );
  if (llm.summaries_rejected > 0) parts.push(`${llm.summaries_rejected} summaries rejected as not grounded`);
  if (llm.stopped_by_cost_cap) parts.push("stopped by the cost cap");
  return parts.join("; ");
}

/**
 * The company to print as "From:" for an item of a company's own page whose text never names the company (a
 * Camurus release that names only Oclaiz); `undefined` when there is none or "Who:" already names it.
 */
export function publisherToShow(item: Pick<NewsletterItem, "publisher" | "entities">): string | undefined {
  const publisher = item.publisher;
  if (!publisher) return undefined;
  const named = item.entities.companies.some((c) => c.toLowerCase() === publisher.toLowerCase());
  return named ? undefined : publisher;
}
