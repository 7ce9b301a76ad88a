/**
 * What is sent to the model for one item: the system prompt, the user prompt (the item's text, the event types
 * and the reply's JSON Schema — never lists of entities to find), the output token budget, and the hash that
 * says whether a cached reply was produced by this same prompt.
 */
import { createHash } from "node:crypto";
import * as z from "zod";
import type { ClientWatch } from "../../config/schema.js";
import type { NormalizedItem } from "../../domain/normalized.js";
import { llmReplySchema, replyEventTypeIds } from "./reply.js";

/** Bumped when the prompt or reply schema changes meaning: cached replies of another version are ignored. */
export const PROMPT_VERSION = "enrich-v2";

/** Output tokens allowed per reply (a 3–8 line summary plus short entity lists fit well within it). */
export const MAX_OUTPUT_TOKENS = 900;

const SYSTEM_PROMPT = [
  "You are an analyst writing a weekly newsletter on long-acting injectable (LAI) drugs.",
  "You read ONE news item and describe it using only what its text says.",
  "Never add companies, products, technologies, numbers, dates or claims that the text does not state; a short text gets a short summary.",
  "Reply with a single JSON object that matches the given JSON Schema, and nothing else.",
].join(" ");

/**
 * The system prompt and user prompt for one item. Carries the item's text and the output schema — no lists of
 * entities to find. With `withRuling` (an item the rules leave borderline), it also carries the client's ruling as
 * a rubric and asks whether the item is LAI news by it (`lai_relevance`).
 */
export function buildPrompt(
  item: Pick<NormalizedItem, "text" | "source_key" | "published_at">,
  watch: ClientWatch,
  withRuling = false,
): { system: string; prompt: string } {
  const schema = replyJsonSchema(watch, withRuling);
  const types = watch.eventTypes
    .map(
      (t) => `- ${t.id}: ${t.label}${t.description ? ` — ${t.description.replace(/\s+/g, " ").trim()}` : ""}`,
    )
    .join("\n");
  const prompt = [
    `News item from source "${item.source_key}", published ${item.published_at}. Its text, between the markers:`,
    "<<<ITEM",
    item.text,
    "ITEM>>>",
    "",
    "Event type ids (choose exactly one):",
    types,
    "",
    "Rules:",
    "- summary: 3 to 8 short lines (what, who, how, when), each stating only facts found in the item text above.",
    "- entities: copy each name exactly as written in the item text (an exact substring); leave a list empty when the text names none.",
    ...(withRuling ? ["", ...rubricLines(watch)] : []),
    "",
    `Reply with one JSON object matching this JSON Schema:\n${schema}`,
  ].join("\n");
  return { system: SYSTEM_PROMPT, prompt };
}

/** A rubric used when the client's config states no ruling of its own. */
const DEFAULT_RULING = {
  lai_definition:
    "LAI = one administration that acts for weeks to months through a formulation or a device (microspheres, in-situ depots, prodrug suspensions, implants, inserts, implantable pumps, twice-yearly or yearly injectables). An item is LAI news only when its subject is an LAI product, programme, technology or LAI company event.",
  keep: [
    "regulatory, clinical, commercial, deal, financing, manufacturing or policy news whose subject is an LAI",
  ],
  drop: [
    "oral, inhaled, nasal, daily injectable, IV infusion, vaccine and device (IUD) products",
    "items whose LAI mention is only a comparator, background or combination partner",
    "half-life-extended biologics (weekly insulins, weekly GLP-1 pens, long-acting antibodies)",
    "corporate noise: hiring, results, conferences, appointments",
  ],
};

/** The ruling as the rubric of a borderline item's question. */
function rubricLines(watch: ClientWatch): string[] {
  const ruling = watch.client.ruling ?? DEFAULT_RULING;
  const includeHle = watch.client.relevance?.include_hle_biologics === true;
  return [
    "Ruling (the newsletter editor's; apply it as written):",
    ruling.lai_definition.replace(/\s+/g, " ").trim(),
    "Keep when the item's subject is an LAI and it is about:",
    ...ruling.keep.map((k) => `- ${k}`),
    "Drop:",
    ...ruling.drop.map((d) => `- ${d}`),
    ...(includeHle ? ["For this client, half-life-extended biologics are IN (keep them)."] : []),
    "- lai_relevance: keep true or false by this ruling, with a one-line reason naming the kind kept or dropped.",
  ];
}

const jsonSchemas = new WeakMap<ClientWatch, Map<boolean, string>>();

/** The reply's JSON Schema as text, built once per watch and question. */
function replyJsonSchema(watch: ClientWatch, withRuling: boolean): string {
  let byQuestion = jsonSchemas.get(watch);
  if (!byQuestion) {
    byQuestion = new Map();
    jsonSchemas.set(watch, byQuestion);
  }
  let schema = byQuestion.get(withRuling);
  if (schema === undefined) {
    schema = JSON.stringify(
      z.toJSONSchema(llmReplySchema(replyEventTypeIds(watch), withRuling), { io: "input" }),
    );
    byQuestion.set(withRuling, schema);
  }
  return schema;
}

/**
 * Hash of what makes a cached reply reusable: prompt version, system prompt and the configured event types; for a
 * borderline item's prompt, also the ruling it was asked to apply (a changed ruling asks again).
 */
export function promptHash(watch: ClientWatch, withRuling = false): string {
  const h = createHash("sha256").update(PROMPT_VERSION).update("\0").update(SYSTEM_PROMPT).update("\0");
  for (const t of watch.eventTypes) h.update(`${t.id}\0${t.label}\0${t.description ?? ""}\n`);
  if (withRuling) h.update("ruling\0").update(rubricLines(watch).join("\n"));
  return `sha256:${h.digest("hex")}`;
}
