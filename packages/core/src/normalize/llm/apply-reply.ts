/**
 * How an LLM result changes an item: a validated reply becomes an enriched item (grounded entities added,
 * grounded summary or the rule summary kept, event type replaced unless the reply says only "other"); a failure
 * keeps the rule result and records why.
 */
import type { ClientWatch } from "../../config/schema.js";
import type { NormalizedItem } from "../../domain/normalized.js";
import type { LlmUsage } from "../../ports/llm.js";
import { FALLBACK_EVENT_TYPE } from "../normalize-item.js";
import { groundSummary } from "./grounding.js";
import { mergeEntities } from "./merge-entities.js";
import type { LlmReplyData } from "./reply.js";

/** Where a reply came from and what it cost, as recorded on the enriched item. */
export interface ReplyOrigin {
  modelId: string;
  usage: LlmUsage;
  /** A cached reply cost nothing in this run: its tokens are recorded as 0. */
  cached: boolean;
}

/**
 * The item enriched by a validated reply, with how many LLM entities were dropped for lack of evidence and
 * whether the LLM summary was grounded (if not, the rule summary stays and the reason is recorded). With
 * `askedRuling` (a borderline item), the reply's keep/drop by the client's ruling is recorded on the item.
 */
export function enrichedItem(
  item: NormalizedItem,
  reply: LlmReplyData,
  watch: ClientWatch,
  origin: ReplyOrigin,
  askedRuling = false,
): { item: NormalizedItem; droppedEntities: number; summaryGrounded: boolean } {
  const { modelId, usage, cached } = origin;
  const { entities, dropped } = mergeEntities(item, reply, watch);
  const grounding = groundSummary(reply.summary, item.text);
  const next: NormalizedItem = {
    ...item,
    entities,
    // The LLM's type replaces the rule's, except a bare "other": it adds nothing to a type the rules found
    // with evidence.
    event_type: reply.event_type === FALLBACK_EVENT_TYPE ? item.event_type : reply.event_type,
    summary: grounding.grounded ? reply.summary.trim() : item.summary,
    enrichment: {
      by: "llm",
      model: modelId,
      input_tokens: cached ? 0 : usage.inputTokens,
      output_tokens: cached ? 0 : usage.outputTokens,
      cached,
      dropped_entities: dropped,
      summary_by: grounding.grounded ? "llm" : "rules",
    },
  };
  // The ruling's answer is used only when the prompt asked for it (a borderline item).
  if (askedRuling && reply.lai_relevance)
    next.enrichment.relevance = { keep: reply.lai_relevance.keep, reason: reply.lai_relevance.reason.trim() };
  if (!grounding.grounded)
    next.enrichment.summary_rejected_reason = `${grounding.reason}: ${JSON.stringify(grounding.sentence.slice(0, 120))}`;
  // The rule evidence only explains the rule's event type.
  if (next.event_type !== item.event_type) delete next.event_evidence;
  return { item: next, droppedEntities: dropped, summaryGrounded: grounding.grounded };
}

/** The item with its rule result kept, flagged with why the LLM result is missing. */
export function fallbackItem(item: NormalizedItem, modelId: string, reason: string): NormalizedItem {
  return {
    ...item,
    enrichment: { ...item.enrichment, by: "rules", model: modelId, fallback_reason: reason },
  };
}
