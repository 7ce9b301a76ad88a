/**
 * What is sent to the model for one item: the system prompt, the user prompt (the item's text, the event types
 * and the reply's JSON Schema — never lists of entities to find), the output token budget, and the hash that
 * says whether a cached reply was produced by this same prompt.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ClientWatch } from "../../config/schema.js";
import type { NormalizedItem } from "../../domain/normalized.js";
import { llmReplySchema, replyEventTypeIds } from "./reply.js";

/** Bumped when the prompt or reply schema changes meaning: cached replies of another version are ignored. */
export const PROMPT_VERSION = "enrich-v1";

/** Output tokens allowed per reply (a 3–8 line summary plus short entity lists fit well within it). */
export const MAX_OUTPUT_TOKENS = 900;

const SYSTEM_PROMPT = [
  "You are an analyst writing a weekly newsletter on long-acting injectable (LAI) drugs.",
  "You read ONE news item and describe it using only what its text says.",
  "Never add companies, products, technologies, numbers, dates or claims that the text does not state; a short text gets a short summary.",
  "Reply with a single JSON object that matches the given JSON Schema, and nothing else.",
].join(" ");

/** The system prompt and user prompt for one item. Carries the item's text and the output schema — no lists of entities to find. */
export function buildPrompt(
  item: Pick<NormalizedItem, "text" | "source_key" | "published_at">,
  watch: ClientWatch,
): { system: string; prompt: string } {
  const schema = replyJsonSchema(watch);
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
    "",
    `Reply with one JSON object matching this JSON Schema:\n${schema}`,
  ].join("\n");
  return { system: SYSTEM_PROMPT, prompt };
}

const jsonSchemas = new WeakMap<ClientWatch, string>();

/** The reply's JSON Schema as text, built once per watch. */
function replyJsonSchema(watch: ClientWatch): string {
  let schema = jsonSchemas.get(watch);
  if (schema === undefined) {
    schema = JSON.stringify(z.toJSONSchema(llmReplySchema(replyEventTypeIds(watch)), { io: "input" }));
    jsonSchemas.set(watch, schema);
  }
  return schema;
}

/** Hash of what makes a cached reply reusable: prompt version, system prompt and the configured event types. */
export function promptHash(watch: ClientWatch): string {
  const h = createHash("sha256").update(PROMPT_VERSION).update("\0").update(SYSTEM_PROMPT).update("\0");
  for (const t of watch.eventTypes) h.update(`${t.id}\0${t.label}\0${t.description ?? ""}\n`);
  return `sha256:${h.digest("hex")}`;
}
