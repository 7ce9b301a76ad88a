/**
 * The normalized item: a {@link RawItem} plus what normalization found in its own text. Every entity carries
 * its evidence span so nothing reaches the newsletter that the source did not say.
 */
import * as z from "zod";
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

/**
 * What the item is ABOUT, as far as LAI goes (normalize/subject.ts): its subject is its title and first sentences;
 * mentions inside a comparator, combination-partner, switching or negated phrase are set aside.
 */
export const LaiSubject = z.object({
  /**
   * `lai`: the subject is an LAI product, programme or technology; `not_lai`: it is something else (oral, daily,
   * inhaled, an infusion, a vaccine, a listed near miss…); `hle`: a half-life-extended biologic (out unless the
   * client includes them); `none`: the text says neither.
   */
  verdict: z.enum(["lai", "not_lai", "hle", "none"]),
  /** The part of the text that decided: the title, the lead sentences, the rest of the body, or nothing. */
  decided_by: z.enum(["title", "lead", "body", "none"]),
  /** The LAI evidence of the subject, in text order (`trademark:UZEDY`, `interval:twice-yearly`, `device:…`). */
  evidence: z.array(z.string()),
  /** What argues against LAI in the subject (`oral`, `daily`, `near_miss:Eylea HD`, `hle:antibody`…). */
  counter: z.array(z.string()),
  /** Mentions set aside, with why (`comparator:daily`, `combination:Faslodex`, `switching:…`). */
  set_aside: z.array(z.string()),
  /** The listed near miss that decided a `not_lai` or `hle` verdict, with its class. */
  near_miss: z.object({ name: z.string(), class: z.string() }).optional(),
  /** True when the rules are unsure (decided by the body only, mixed evidence, weak hints): a case for the LLM. */
  borderline: z.boolean(),
  /** Where the subject (title and lead sentences) ends in `text`. */
  subject_end: z.number().int().min(0).optional(),
  /**
   * The stretches of the subject set aside (comparators, combination partners, competitors…) as `[start, end)`
   * offsets in `text`: names inside them are not what the item is about (de-duplication compares the rest).
   */
  aside_spans: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])).optional(),
  /**
   * True when the subject states a months-long interval or duration, an injection and a known LAI molecule (all
   * in the title or lead, none set aside): LAI news on its own, whatever its event type's weight.
   */
  explicit: z.boolean().optional(),
});
export type LaiSubject = z.output<typeof LaiSubject>;

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
  /** The subject assessment; absent on items normalized before it existed (the engine then reads the flags above). */
  subject: LaiSubject.optional(),
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
  /**
   * The LLM's ruling on an item the rules left borderline: LAI news or not by the client's ruling, and why. The
   * engine follows it (`llm:keep` / `llm:drop`); an editor's feedback still overrides it.
   */
  relevance: z.object({ keep: z.boolean(), reason: z.string() }).optional(),
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
