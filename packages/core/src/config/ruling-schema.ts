/**
 * The config model of the ruling (issue 14): what a client counts as LAI news and how the editor corrects it —
 * the near misses known NOT to be LAI (`canonical/non_lai.yaml`), a client's relevance switches and ruling
 * (`clients/<id>.yaml`), and the editor's feedback (`feedback/<client_id>.yaml`). Re-exported by schema.ts.
 */
import * as z from "zod";

/**
 * Why a well-known product or molecule is NOT long-acting-injectable news although it looks like it (weekly
 * biologics, local anaesthetics lasting days, daily products of prodrug platforms, IUDs…).
 * `hle_biologic` is the half-life-extended class (Fc/albumin fusions, weekly insulins and GLP-1 pens, long-acting
 * antibodies): out by default, in for a client with `relevance.include_hle_biologics`.
 */
export const NonLaiClass = z.enum([
  "hle_biologic",
  "oral",
  "inhaled",
  "nasal",
  "daily_injectable",
  "local_anaesthetic",
  "short_acting",
  "iv_infusion",
  "vaccine",
  "iud",
]);
export type NonLaiClass = z.output<typeof NonLaiClass>;

/** A near-miss product or molecule: its names, its class and the one-line reason it is not LAI. */
export const NonLaiEntry = z
  .object({
    name: z.string().min(1),
    aliases: z.array(z.string().min(1)).default([]),
    class: NonLaiClass,
    reason: z.string().min(1),
    company: z.string().optional(),
    molecule: z.string().optional(),
    interval: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type NonLaiEntry = z.output<typeof NonLaiEntry>;

/**
 * Explicit non-LAI knowledge. A **product** named as an item's subject decides (Eylea HD stays out even when the
 * text says "every 16 weeks"); a **molecule** is a softer hint: an LAI formulation or device named with it (a
 * semaglutide depot, a ranibizumab port delivery implant) makes it LAI again.
 */
export const NonLaiScope = z
  .object({
    products: z.array(NonLaiEntry).default([]),
    molecules: z.array(NonLaiEntry).default([]),
  })
  .strict();
export type NonLaiScope = z.output<typeof NonLaiScope>;
export const NonLaiFile = z.object({ scopes: z.record(z.string(), NonLaiScope) }).strict();

/** Relevance switches of a client. */
export const RelevanceSettings = z
  .object({
    /**
     * Half-life-extended biologics (Fc/albumin fusions, weekly insulins, weekly GLP-1 pens, long-acting antibodies)
     * are out by default: a neighbouring field. True puts them in, as LAI news.
     */
    include_hle_biologics: z.boolean().default(false),
    /** How many sentences of the content, after the title, make an item's subject (what it is about). */
    subject_sentences: z.number().int().min(0).max(5).default(2),
    /**
     * Score margin around `min_score` inside which a relevant item is borderline (sent to the LLM, when on, for a
     * ruling).
     */
    borderline_margin: z.number().min(0).default(2),
    /**
     * The event types of the ruling's keep list (approval, filing, trial, launch, deal, financing, manufacturing,
     * policy…): an item whose title or lead is about an LAI and whose type is one of these is LAI news whatever
     * its score, so `min_score` never drops it.
     */
    keep_event_types: z
      .array(z.string().min(1))
      .default([
        "regulatory",
        "partnership",
        "funding",
        "policy",
        "clinical_update",
        "commercial_update",
        "safety_signal",
        "manufacturing_supply",
      ]),
  })
  .strict();
export type RelevanceSettings = z.output<typeof RelevanceSettings>;

/** The ruling: one definition and the kinds of news kept and dropped, as an editor would brief an analyst. */
export const Ruling = z
  .object({
    lai_definition: z.string().min(1),
    keep: z.array(z.string().min(1)).min(1),
    drop: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type Ruling = z.output<typeof Ruling>;

/** One editor correction: this item (by URL) is kept or dropped, and why. */
export const FeedbackEntry = z
  .object({
    url: z.url({ protocol: /^https?$/ }),
    decision: z.enum(["keep", "drop"]),
    reason: z.string().min(1),
    /** Items of one event share a key (for `vectora eval`, which accepts a feedback file as labels). */
    event_key: z.string().min(1).optional(),
    /** Who decided, and when (free text, for the record). */
    by: z.string().min(1).optional(),
    on: z.string().min(1).optional(),
  })
  .strict();
export type FeedbackEntry = z.output<typeof FeedbackEntry>;

/** `feedback/<client_id>.yaml`: the editor's corrections for one client, honoured as rulings on those items. */
export const FeedbackFile = z
  .object({ client_id: z.string().regex(/^[a-z0-9_]+$/), feedback: z.array(FeedbackEntry).default([]) })
  .strict();
export type FeedbackFile = z.output<typeof FeedbackFile>;
