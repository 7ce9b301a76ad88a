/**
 * Step 4 of the engine (see run-engine.ts), its first half: what earlier issues of the client printed is never
 * printed again — neither the same item (id or canonical URL, or an item merged into a printed one) nor a
 * near-duplicate of it under the rules of dedup.ts (a new event about the same product stays a new item: the
 * same-event rule's vetoes tell an approval from its submission). The items come from the ledger.
 */
import type { DedupCandidate } from "./dedup.js";

/** An item an earlier issue printed, as the near-duplicate rules see it (from the ledger). */
export interface PublishedItem {
  /** As-of date of the issue that printed it. */
  as_of: string;
  candidate: DedupCandidate;
  /** Items merged into it in that issue: the same news, known by identity only. */
  merged: ReadonlyArray<{ item_id: string; canonical_url: string }>;
}

/** Ids given to earlier issues' items inside de-duplication (never an item id, which starts with `itm_`). */
const PUBLISHED_ID = "published#";

/** Where and as what an item was printed before. */
export interface PrintedBefore {
  as_of: string;
  item_id: string;
}

/**
 * Looks items up among what earlier issues printed, by item id or canonical URL (merged items included).
 *
 * @example
 * ```ts
 * const printedBefore = printedBeforeLookup(published);
 * printedBefore({ item_id, canonical_url }); // { as_of: "2025-12-10", item_id: "itm_…" } or undefined
 * ```
 */
export function printedBeforeLookup(
  published: readonly PublishedItem[],
): (item: { item_id: string; canonical_url: string }) => PrintedBefore | undefined {
  const identities = new Map<string, PrintedBefore>();
  for (const p of published) {
    const printed = { as_of: p.as_of, item_id: p.candidate.id };
    identities.set(p.candidate.id, printed);
    identities.set(p.candidate.canonicalUrl, printed);
    for (const m of p.merged) {
      identities.set(m.item_id, printed);
      identities.set(m.canonical_url, printed);
    }
  }
  return (item) => identities.get(item.item_id) ?? identities.get(item.canonical_url);
}

/**
 * Earlier issues' items as de-duplication candidates, to put FIRST (the best of their groups): whatever merges into
 * one of them is the same news. Their ids are rewritten so they never collide with this issue's items.
 */
export function publishedCandidates(published: readonly PublishedItem[]): DedupCandidate[] {
  return published.map((p, i) => ({ ...p.candidate, id: `${PUBLISHED_ID}${i}` }));
}

/** The earlier issue's item a de-duplication winner id stands for, or `undefined` for this issue's own items. */
export function publishedWinner(
  winnerId: string | undefined,
  published: readonly PublishedItem[],
): PrintedBefore | undefined {
  if (!winnerId?.startsWith(PUBLISHED_ID)) return undefined;
  const p = published[Number(winnerId.slice(PUBLISHED_ID.length))];
  return p && { as_of: p.as_of, item_id: p.candidate.id };
}
