/**
 * The borderline band: the items the rules are unsure about, which the LLM (when a run turns it on) is asked to
 * rule on with the client's ruling as its rubric. An item is borderline when it is not noise, no editor has ruled
 * on it, and either
 * - its subject assessment says so (decided by the body only, mixed evidence in one zone, weak hints without a
 *   verdict, or mentions only set aside as comparators — normalize/subject.ts), or
 * - it is relevant but not kept whatever its score (not a ruling keep), and its intrinsic score is within
 *   `relevance.borderline_margin` of `min_score`.
 * Everything else the rules decide alone; the LLM still writes summaries for the items past the rule gate.
 */
import type { ClientWatch } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { decideRelevance, isRulingKeep, noiseCodes } from "./relevance.js";
import { scoreItem } from "./score.js";

/** Why an item is borderline (`subject`, `score`), or `undefined` when the rules decide it alone. */
export function borderlineReason(item: NormalizedItem, watch: ClientWatch): "subject" | "score" | undefined {
  if (noiseCodes(item, watch).length > 0) return undefined;
  const relevance = decideRelevance(item, watch);
  if (relevance.editor !== undefined) return undefined;
  if (item.signals.subject?.borderline) return "subject";
  if (!relevance.relevant || isRulingKeep(relevance, item.event_type, watch)) return undefined;
  const client = watch.client;
  const margin = client.relevance?.borderline_margin ?? 0;
  const intrinsic = scoreItem(item, watch, { role: relevance.role }).intrinsic;
  return Math.abs(intrinsic - client.min_score) <= margin ? "score" : undefined;
}

/** The ids of a batch's borderline items (see the top of this file). */
export function borderlineItemIds(items: readonly NormalizedItem[], watch: ClientWatch): Set<string> {
  return new Set(items.filter((item) => borderlineReason(item, watch) !== undefined).map((i) => i.item_id));
}
