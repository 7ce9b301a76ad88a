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
 * | `ruling:editor_keep` | the editor said keep (a correction in `feedback/<client>.yaml`) | the item's canonical URL in the client's feedback file |
 *
 * Rulings only apply to items already judged LAI news (relevance.ts): noise and off-topic items never get here.
 * Everything is read from entities, their evidence spans, signals and the event type — never from title words.
 * Several must-keep items still compete with each other for a section's `max_items` (best first).
 *
 * **Weight.** The rulings are not equal: an NDA is "a major event" for the author, regulatory news on a marketed LAI
 * comes next, then a core player's deal, then a grant. Each ruling adds {@link RULING_BONUSES} to the item's
 * score (a bonus named after the code, e.g. `ruling:lai_nda`, in the score breakdown), and must-keep items are
 * ranked among themselves by that weight — intrinsic score, before recency (run-engine.ts) — so an NDA or an
 * approval leads its section instead of trailing a fresher label update: every must-keep item is printed anyway,
 * what happened decides the order, not a few days of freshness.
 */
import type { NormalizedItem } from "../domain/normalized.js";
import type { ItemRole } from "./relevance.js";

/** Every ruling code, in the order they are reported. */
export const RULING_CODES = [
  "ruling:core_deal",
  "ruling:core_grant",
  "ruling:lai_trademark_regulatory",
  "ruling:lai_nda",
  "ruling:editor_keep",
] as const;
export type RulingCode = (typeof RULING_CODES)[number];

/**
 * Score bonus per ruling (additive when several apply: an NDA accepted for a named LAI trademark gets both).
 * | ruling | bonus | why |
 * |---|---|---|
 * | `ruling:lai_nda` | +5 | "an NDA submission for an LAI product is a major event"; more than the trademark bonus (+4), which a product under review usually cannot have yet |
 * | `ruling:lai_trademark_regulatory` | +3 | an approval or regulatory step on a marketed LAI |
 * | `ruling:core_deal` | +2 | a core player's partnership or licence |
 * | `ruling:core_grant` | +1 | a grant counts as a deal, a smaller one |
 */
export const RULING_BONUSES: Readonly<Record<RulingCode, number>> = {
  "ruling:core_deal": 2,
  "ruling:core_grant": 1,
  "ruling:lai_trademark_regulatory": 3,
  "ruling:lai_nda": 5,
  // The editor's keep places the item with the must-keep items; its weight is the item's own.
  "ruling:editor_keep": 0,
};

/** The score bonuses of an item's rulings, keyed by ruling code (empty for an ordinary item). */
export function rulingBonuses(codes: readonly RulingCode[]): Record<string, number> {
  return Object.fromEntries(codes.map((code) => [code, RULING_BONUSES[code]]));
}

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
 * decided from (publisher's for a corporate page, else the strongest named); `editorKeep` is true when the
 * editor's feedback says keep.
 */
export function mustKeepRulings(item: NormalizedItem, role: ItemRole, editorKeep = false): RulingCode[] {
  const codes: RulingCode[] = [];
  if (editorKeep) codes.push("ruling:editor_keep");
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
