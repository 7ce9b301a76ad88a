/**
 * The newsletter document: everything an issue says, as one validated JSON object. The Markdown and HTML
 * renderings are made from it (never from the engine result directly), so the three files cannot disagree.
 * {@link NewsletterDocument} is exported so readers (the CLI, a dashboard, tests) validate the JSON back. The
 * document is built by `build.ts`; `footer.ts` words its scope footer, `format.ts` holds the renderers' helpers.
 */
import * as z from "zod";
import { ActorType } from "../config/schema.js";
import { EntityKinds } from "../domain/normalized.js";
import { WindowBasis } from "../ledger/issue-window.js";

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
  /**
   * A late arrival: published before the window but first read after the previous issue (its page was
   * down, its feed entry came late) — printed once, here, and marked so.
   */
  late: z.boolean().default(false),
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
  late: z.boolean().default(false),
  score: z.number(),
  reasons: z.array(z.string()).min(1, "every decision has a reason"),
  duplicate_of: z.string().nullable(),
});
export type NewsletterDecision = z.output<typeof NewsletterDecision>;

/** One source the ingest runs read (or tried to). */
export const SourceScope = z.object({
  source_key: z.string(),
  name: z.string(),
  actor_type: ActorType.or(z.literal("unknown")),
  kind: z.string(),
  /** `ok`, `failed`, or (a run cut short by its deadline) `deferred` / `abandoned`: the last three were not read. */
  status: z.enum(["ok", "failed", "deferred", "abandoned"]),
  /** Why it was not read. */
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

/**
 * A source that needs a person (`ingest/health.ts`): failing in its last 2 runs, or silent — 0 entries after it
 * yielded some in one of its last 4 runs ("its page may have changed").
 */
export const SourceToCheck = z.object({
  source_key: z.string(),
  name: z.string(),
  flag: z.enum(["failing", "silent"]),
  message: z.string(),
});
export type SourceToCheck = z.output<typeof SourceToCheck>;

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
  /**
   * The borderline band: items the rules were unsure about, how many the LLM was asked to rule on (the client's
   * ruling as rubric) and what it said. Absent when the LLM was off.
   */
  borderline: z
    .object({
      band: z.number().int().min(0),
      asked: z.number().int().min(0),
      keep: z.number().int().min(0),
      drop: z.number().int().min(0),
    })
    .optional(),
});
export type LlmUsageSummary = z.output<typeof LlmUsageSummary>;

export const NewsletterDocument = z.object({
  schema_version: z.literal(1),
  client: z.object({ id: z.string(), name: z.string() }),
  title: z.string(),
  as_of: IsoDate,
  period_days: z.number().int().min(1),
  window: z.object({ from: IsoDate, to: IsoDate }),
  /** Why the window is what it is (first issue, since the previous issue, catch-up…); `null` in older issues. */
  window_basis: WindowBasis.nullable().default(null),
  /** Publication days of the late arrivals this issue could take; `null` when none could be. */
  late_window: z.object({ from: IsoDate, to: IsoDate }).nullable().default(null),
  generated_at: z.iso.datetime({ offset: true }),
  config_version: z.string(),
  /** Ingest runs whose items this issue read. */
  ingest_runs: z.array(z.string()),
  counts: z.object({
    input: z.number().int(),
    outside_window: z.number().int(),
    noise: z.number().int(),
    /** Ruled out by the editor's feedback file; absent in documents written before it was counted apart. */
    editor_drop: z.number().int().min(0).default(0),
    not_lai: z.number().int(),
    duplicates: z.number().int(),
    /** Relevant items an earlier issue already printed (or near-duplicates of them): never printed twice. */
    already_published: z.number().int().min(0).default(0),
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
    /** Sources that need a person, from the latest run of each (absent from issues written before it existed). */
    sources_to_check: z.array(SourceToCheck).default([]),
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
  /** Sources flagged by the window's ingest runs (failing twice, silent after yielding). */
  sourcesToCheck?: SourceToCheck[];
  ingestRuns: string[];
  llm: LlmUsageSummary;
  normalizeFailures?: number;
  /** Why the window is what it is, and the late arrivals' days (from the ledger; absent: not known). */
  windowBasis?: WindowBasis;
  lateWindow?: { from: string; to: string } | null;
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
