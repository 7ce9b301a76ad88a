/**
 * The author's "always kept" rulings (domain.md), as a must-keep tier: an item a ruling covers is placed before
 * every other item when sections are filled, and before them against the total limit, so fresher but
 * lesser news cannot take its slot. It is also exempt from `min_score` ("always" means always).
 *
 * | reason code | ruling | decided from |
 * |---|---|---|
 * | `ruling:core_deal` | a partnership or licence involving a core LAI company is always kept | event type `partnership` + a core pure player (publisher or company entity) |
 * | `ruling:core_grant` | a grant to a core LAI company counts as a deal, even without the word "LAI" | event type `funding` + a core pure player + the type's evidence is a grant or award |
 * | `ruling:lai_trademark_regulatory` | regulatory news on an in-scope LAI trademark is always kept | event type `regulatory` + an LAI trademark entity named in the title (the news is about it, not a comparator) |
 * | `ruling:lai_nda` | an NDA submission for an LAI product is a major event | event type `regulatory` + the type's evidence names a marketing application (NDA, BLA, MAA…) |
 *
 * Rulings only apply to items already judged LAI news (relevance.ts): noise and off-topic items never get here.
 * Everything is read from entities, their evidence spans, signals and the event type — never from title words.
 * Several must-keep items still compete with each other for a section's `max_items` (best first).
 */
import type { NormalizedItem } from "../domain/normalized.js";
import type { ItemRole } from "./relevance.js";

/** Every ruling code, in the order they are reported. */
export const RULING_CODES = [
  "ruling:core_deal",
  "ruling:core_grant",
  "ruling:lai_trademark_regulatory",
  "ruling:lai_nda",
] as const;
export type RulingCode = (typeof RULING_CODES)[number];

/** A grant or award: what makes funding a deal for the author, unlike a share issue. */
const GRANT_EVIDENCE = /\b(grants?|granted|awards?|awarded)\b/i;
/** A marketing application filed with (or accepted by) a regulator. */
const APPLICATION_EVIDENCE =
  /\b(NDA|sNDA|BLA|sBLA|new drug application|biologics license application|MAA|marketing authori[sz]ation application)s?\b/i;

/** True when a core pure player is behind the item: its publisher (`role`) or a company its text names. */
function involvesCorePlayer(item: NormalizedItem, role: ItemRole): boolean {
  return role === "core_pure_player" || item.entities.companies.some((c) => c.role === "core_pure_player");
}

/**
 * The phrase that decided the event type: the rule's evidence span, or — for LLM-typed items, which carry no
 * span — the whole text (the LLM's type is only trusted as far as the text supports the ruling).
 */
function eventEvidenceText(item: NormalizedItem): string {
  return item.event_evidence?.matched ?? item.text;
}

/**
 * The rulings that make a relevant item must-keep (empty for ordinary items). `role` is the role relevance
 * decided from (publisher's for a corporate page, else the strongest named).
 */
export function mustKeepRulings(item: NormalizedItem, role: ItemRole): RulingCode[] {
  const codes: RulingCode[] = [];
  const core = involvesCorePlayer(item, role);
  if (item.event_type === "partnership" && core) codes.push("ruling:core_deal");
  if (item.event_type === "funding" && core && GRANT_EVIDENCE.test(eventEvidenceText(item)))
    codes.push("ruling:core_grant");
  if (item.event_type === "regulatory") {
    const titleEnd = item.title.length;
    const trademarkInTitle = item.entities.trademarks.some((t) =>
      t.evidence.some((span) => span.start < titleEnd),
    );
    if (trademarkInTitle) codes.push("ruling:lai_trademark_regulatory");
    if (APPLICATION_EVIDENCE.test(eventEvidenceText(item))) codes.push("ruling:lai_nda");
  }
  return codes;
}
