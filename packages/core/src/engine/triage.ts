/**
 * Triage: the engine's judgement on a batch of items without an issue to fill — for `vectora triage`, which
 * scores raw items from a file. Same relevance, score, de-duplication and `min_score` as the engine; no date
 * window and no section limits (a file of thousands of lines is not one issue), but an item must be of an event
 * type some section of the client takes.
 */
import type { ClientWatch } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { type DedupOptions, findDuplicates } from "./dedup.js";
import { bestFirst, dedupCandidate, platformNamesOf, publisherCompany } from "./dedup-candidate.js";
import { isRulingKeep } from "./relevance.js";
import { assessItem } from "./run-engine.js";
import type { ScoreBreakdown } from "./score.js";

export interface TriageInput {
  item: NormalizedItem;
  /** False when the source gave no date: scored without recency, never dropped as undated. */
  dated: boolean;
}

export interface TriageVerdict {
  item_id: string;
  /** Deserves a place in the newsletter. */
  keep: boolean;
  score: number;
  score_breakdown: ScoreBreakdown;
  event_type: string;
  /** Reason codes; `reasons[0]` is decisive (`keep` when kept). */
  reasons: string[];
  duplicate_of: string | null;
}

/**
 * Judges every item of a batch, in input order. `asOf` (default: none) adds recency for dated items.
 */
export function triageItems(
  inputs: readonly TriageInput[],
  watch: ClientWatch,
  options: { asOf?: string; dedup?: DedupOptions } = {},
): TriageVerdict[] {
  const client = watch.client;
  const takesType = (type: string) =>
    client.sections.some((s) => s.event_types.includes("*") || s.event_types.includes(type));
  // Items the ruling keeps whatever their score (an LAI subject of a kept event type, or the editor's keep).
  const rulingKeep = new Set<string>();
  const verdicts = inputs.map(({ item, dated }) => {
    const { relevance, score } = assessItem(
      item,
      watch,
      dated && options.asOf !== undefined ? { asOf: options.asOf } : {},
    );
    if (isRulingKeep(relevance, item.event_type, watch)) rulingKeep.add(item.item_id);
    const verdict: TriageVerdict = {
      item_id: item.item_id,
      keep: relevance.relevant,
      score: score.total,
      score_breakdown: score,
      event_type: item.event_type,
      reasons: [...relevance.reasons],
      duplicate_of: null,
    };
    return verdict;
  });

  const relevant = inputs.map((input, i) => ({ input, verdict: verdicts[i]! })).filter((e) => e.verdict.keep);
  relevant.sort((a, b) =>
    bestFirst(
      { score: a.verdict.score_breakdown, item: a.input.item },
      { score: b.verdict.score_breakdown, item: b.input.item },
    ),
  );
  const dedup = findDuplicates(
    relevant.map((e) =>
      dedupCandidate(
        e.input.item,
        e.input.dated ? e.input.item.published_at : undefined,
        publisherCompany(e.input.item, watch),
        platformNamesOf(watch),
      ),
    ),
    options.dedup,
  );
  for (const { verdict } of relevant) {
    const winner = dedup.duplicateOf.get(verdict.item_id);
    if (winner !== undefined) {
      verdict.keep = false;
      verdict.duplicate_of = winner;
      verdict.reasons.unshift(`duplicate_of:${winner}`);
    } else if (verdict.score_breakdown.intrinsic < client.min_score && !rulingKeep.has(verdict.item_id)) {
      verdict.keep = false;
      verdict.reasons.unshift("below_min_score");
    } else if (!takesType(verdict.event_type) && !verdict.reasons.includes("editor:keep")) {
      verdict.keep = false;
      verdict.reasons.unshift("no_section");
    } else verdict.reasons.unshift("keep");
  }
  return verdicts;
}
