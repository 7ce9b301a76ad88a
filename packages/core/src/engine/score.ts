/**
 * Scoring: how important an LAI item is, so sections can be filled best-first.
 *
 *   score = (event type weight + signal bonuses) × recency
 *
 * - **Event type weight** comes from the config (`event_types.yaml`); an unknown type weighs like `other`.
 * - **Bonuses** (from the earlier system's tuning, domain.md, plus three of ours):
 *   | bonus | value | why |
 *   |---|---|---|
 *   | pure player (core or other) | +5 | publisher or named company whose business is LAI |
 *   | LAI trademark | +4 | UZEDY, Aristada… name a marketed LAI |
 *   | LAI platform (ours) | +3 | PharmaShell, BEPO… name an LAI technology; between trademark and molecule |
 *   | LAI molecule in context | +2.5 | risperidone + "extended-release injectable" |
 *   | core LAI phrase (ours) | +2 | "long-acting injectable" said explicitly |
 *   | hybrid named | +1.5 | a big pharma is involved (additive with pure player: a pure/hybrid deal is bigger) |
 *   | broad technology in context (ours) | +1 | microspheres, PEGylation… in an injectable context |
 *   Items the author's rulings always keep also get a bonus per ruling (`ruling:<code>`, see rulings.ts).
 * - **Recency** uses the REAL publication date relative to the as-of date: `0.5 + 0.5 × 2^(−age/14 days)`. Half
 *   of an item's value is *what* happened and does not fade; the other half halves every two weeks. An item
 *   without a date (triage input) is scored without recency (factor 1).
 */
import type { ClientWatch } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { type ItemRole, isPurePlayerRole } from "./relevance.js";
import { ageInDays } from "./window.js";

/** Signal bonuses, exported so the newsletter and docs can show them. */
export const SCORE_BONUSES = {
  pure_player: 5,
  trademark: 4,
  platform: 3,
  molecule_in_context: 2.5,
  core_phrase: 2,
  hybrid: 1.5,
  broad_technology: 1,
} as const;

/** Days for the fading half of an item's score to halve. */
export const RECENCY_HALF_LIFE_DAYS = 14;

export interface ScoreBreakdown {
  event_type: string;
  /** Weight of the event type from the config. */
  base: number;
  /** Bonuses applied, by name (keys of {@link SCORE_BONUSES}, and `ruling:<code>` keys of rulings.ts). */
  bonuses: Record<string, number>;
  /** Days between publication and the as-of date; `null` when scored without recency. */
  age_days: number | null;
  /** Weight + bonuses, before recency: what happened, regardless of when. */
  intrinsic: number;
  /** Recency multiplier in (0.5, 1]; 1 without recency. */
  recency: number;
  /** Final score, rounded to 2 decimals. */
  total: number;
}

export interface ScoreOptions {
  /** The role that drove relevance (publisher's or the text's strongest). */
  role: ItemRole;
  /** As-of date `YYYY-MM-DD`; omit to score without recency. */
  asOf?: string;
  /** Extra bonuses by name: the must-keep rulings' weights (`ruling:lai_nda` → 5, see rulings.ts). */
  extraBonuses?: Readonly<Record<string, number>>;
}

/** Weight of an event type from the config; unknown types weigh like `other` (0 when `other` is not defined). */
export function eventTypeWeight(eventType: string, watch: ClientWatch): number {
  return (
    watch.eventTypes.find((t) => t.id === eventType)?.weight ??
    watch.eventTypes.find((t) => t.id === "other")?.weight ??
    0
  );
}

/** Recency multiplier for an item `ageDays` old: 1 on the day, 0.75 after 14 days, tending to 0.5. */
export function recencyFactor(ageDays: number): number {
  return 0.5 + 0.5 * 2 ** (-Math.max(0, ageDays) / RECENCY_HALF_LIFE_DAYS);
}

/** Scores one item (see the formula at the top of this file). Pure and deterministic. */
export function scoreItem(item: NormalizedItem, watch: ClientWatch, options: ScoreOptions): ScoreBreakdown {
  const s = item.signals;
  const bonuses: Record<string, number> = {};
  const hasRole = (role: ItemRole) => item.entities.companies.some((c) => c.role === role);
  if (isPurePlayerRole(options.role) || hasRole("core_pure_player") || hasRole("pure_player"))
    bonuses["pure_player"] = SCORE_BONUSES.pure_player;
  if (s.trademark) bonuses["trademark"] = SCORE_BONUSES.trademark;
  if (s.platform) bonuses["platform"] = SCORE_BONUSES.platform;
  if (s.molecule_in_context) bonuses["molecule_in_context"] = SCORE_BONUSES.molecule_in_context;
  if (s.core_phrase) bonuses["core_phrase"] = SCORE_BONUSES.core_phrase;
  if (options.role === "hybrid" || hasRole("hybrid")) bonuses["hybrid"] = SCORE_BONUSES.hybrid;
  if (s.broad_technology_in_context) bonuses["broad_technology"] = SCORE_BONUSES.broad_technology;
  Object.assign(bonuses, options.extraBonuses);

  const base = eventTypeWeight(item.event_type, watch);
  const age = options.asOf === undefined ? null : ageInDays(item.published_at, options.asOf);
  const recency = age === null ? 1 : recencyFactor(age);
  const intrinsic = base + Object.values(bonuses).reduce((sum, b) => sum + b, 0);
  return {
    event_type: item.event_type,
    base,
    bonuses,
    intrinsic: round(intrinsic, 2),
    age_days: age,
    recency: round(recency, 4),
    total: round(intrinsic * recency, 2),
  };
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
