/**
 * The LLM reply contract: its zod schema (event type restricted to the configured ids) and the tolerant
 * parsing of a reply text — a ```json fence or leading/trailing prose is accepted, anything else that does not
 * validate becomes a short reason instead of an exception, so an invalid reply only costs its item the LLM result.
 */
import * as z from "zod";
import type { ClientWatch } from "../../config/schema.js";
import { FALLBACK_EVENT_TYPE } from "../normalize-item.js";

const entityList = z.array(z.string().min(1).max(200)).max(30).default([]);

/** The LLM's ruling on a borderline item: is it LAI news by the client's ruling, and why (one line). */
export const LaiRelevanceReply = z.object({
  keep: z.boolean().describe("true when the item is LAI news by the ruling given in the prompt"),
  reason: z.string().min(1).max(300).describe("one line: why, naming the ruling's keep or drop kind"),
});

/**
 * The reply schema for a given set of event type ids. With `withRuling`, the reply must also carry
 * `lai_relevance` (the prompt asked the ruling question: a borderline item).
 */
export function llmReplySchema(eventTypeIds: readonly [string, ...string[]], withRuling = false) {
  const base = z.object({
    event_type: z.enum(eventTypeIds).describe("the one event type id that best describes the item"),
    summary: z
      .string()
      .min(1)
      .max(2000)
      .describe("3 to 8 short lines: what, who, how, when — only facts stated in the item text"),
    entities: z
      .object({
        companies: entityList,
        molecules: entityList,
        technologies: entityList,
        trademarks: entityList,
        indications: entityList,
      })
      .describe("names copied exactly as they appear in the item text; empty lists when the text names none"),
    lai_relevance: LaiRelevanceReply.optional(),
  });
  return withRuling ? base.extend({ lai_relevance: LaiRelevanceReply }) : base;
}
/** A reply that passed {@link llmReplySchema} (defaults applied: missing entity lists are empty). */
export type LlmReplyData = z.output<ReturnType<typeof llmReplySchema>>;

/** The event type ids a reply may use: the configured ones, plus the fallback type `other` if not configured. */
export function replyEventTypeIds(watch: ClientWatch): [string, ...string[]] {
  const ids = watch.eventTypes.map((t) => t.id);
  if (!ids.includes(FALLBACK_EVENT_TYPE)) ids.push(FALLBACK_EVENT_TYPE);
  return ids as [string, ...string[]];
}

/**
 * Extracts the JSON object from a model reply: a ```json fenced block if present, otherwise the text from the
 * first `{` to the last `}` (so leading or trailing prose is tolerated). Returns `undefined` when there is none.
 */
export function extractJson(reply: string): unknown {
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(reply);
  const body = fenced?.[1] ?? reply;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/** Validates a reply text; returns the data or a short reason. */
export function parseLlmReply(
  reply: string,
  watch: ClientWatch,
  withRuling = false,
): { ok: true; data: LlmReplyData } | { ok: false; reason: string } {
  const json = extractJson(reply);
  if (json === undefined)
    return {
      ok: false,
      reason: `invalid reply: no JSON object found (starts ${JSON.stringify(reply.slice(0, 60))})`,
    };
  const result = llmReplySchema(replyEventTypeIds(watch), withRuling).safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ok: false, reason: `invalid reply: ${issues.join("; ")}` };
  }
  return { ok: true, data: result.data };
}
