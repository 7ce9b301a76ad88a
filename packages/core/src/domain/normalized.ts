/**
 * The normalized item: a {@link RawItem} plus what normalization found in its own text. Every entity carries
 * its evidence span so nothing reaches the newsletter that the source did not say.
 */
import { z } from "zod";
import { RawItem } from "./items.js";

/** Where in {@link NormalizedItem.text} a match was found: `text.slice(start, end) === matched`. */
export const EvidenceSpan = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  matched: z.string().min(1),
});
export type EvidenceSpan = z.output<typeof EvidenceSpan>;

/** An entity recognised in the text, by its canonical name from the config, with its evidence. */
export const EntityMatch = z.object({
  /** Canonical name from the config (e.g. `UZEDY`), or the text's own spelling for LLM-found entities. */
  name: z.string().min(1),
  evidence: z.array(EvidenceSpan).min(1),
  /** Company role when the entity is a company. */
  role: z.enum(["core_pure_player", "pure_player", "hybrid", "other"]).optional(),
});
export type EntityMatch = z.output<typeof EntityMatch>;

export const EntityKinds = ["companies", "molecules", "technologies", "trademarks", "indications"] as const;
export type EntityKind = (typeof EntityKinds)[number];

export const Entities = z.object({
  companies: z.array(EntityMatch),
  molecules: z.array(EntityMatch),
  technologies: z.array(EntityMatch),
  trademarks: z.array(EntityMatch),
  indications: z.array(EntityMatch),
});
export type Entities = z.output<typeof Entities>;

/** The LAI signal features the engine decides relevance from. */
export const LaiSignals = z.object({
  /** A core LAI phrase ("long-acting injectable", "extended-release injectable suspension"…). */
  core_phrase: z.boolean(),
  /** A named LAI platform (BEPO, PharmaShell, FluidCrystal…). */
  platform: z.boolean(),
  /** An LAI trademark (UZEDY, Aristada…). */
  trademark: z.boolean(),
  /** An LAI molecule mentioned in an injectable / extended-release context. */
  molecule_in_context: z.boolean(),
  /** A broad technology term (microspheres, PEGylation…) in an injectable context. */
  broad_technology_in_context: z.boolean(),
  /** The strongest company role present: core pure player > pure player > hybrid > other. */
  company_role: z.enum(["core_pure_player", "pure_player", "hybrid", "other", "none"]),
  /** Counter-signals found (oral, tablet, pill…), as matched. */
  counter_signals: z.array(z.string()),
  /** Noise categories matched (hiring, interim_report, conference, appointment, index_inclusion…). */
  noise: z.array(z.string()),
});
export type LaiSignals = z.output<typeof LaiSignals>;

export const Enrichment = z.object({
  by: z.enum(["rules", "llm"]),
  model: z.string().optional(),
  /** Set when an LLM reply was rejected and the rule result kept: why. */
  fallback_reason: z.string().optional(),
  input_tokens: z.number().int().min(0).optional(),
  output_tokens: z.number().int().min(0).optional(),
  /** True when the LLM result came from the reply cache (no call, no tokens spent this run). */
  cached: z.boolean().optional(),
  /** LLM entities dropped because the text does not contain them. */
  dropped_entities: z.number().int().min(0).optional(),
  /** Who wrote `summary`: the LLM's summary is used only when grounded in the text. */
  summary_by: z.enum(["rules", "llm"]).optional(),
  /** Why the LLM's summary was rejected (the sentence that failed the grounding check). */
  summary_rejected_reason: z.string().optional(),
});
export type Enrichment = z.output<typeof Enrichment>;

export const NormalizedItem = RawItem.extend({
  /** The clean text all spans point into: `title + "\n\n" + content`. */
  text: z.string(),
  entities: Entities,
  event_type: z.string().min(1),
  /** Why that event type: the matched phrase, when a rule decided it. */
  event_evidence: EvidenceSpan.optional(),
  signals: LaiSignals,
  /** 1–3 sentences taken from (or grounded in) the item's own text. */
  summary: z.string(),
  enrichment: Enrichment,
});
export type NormalizedItem = z.output<typeof NormalizedItem>;
