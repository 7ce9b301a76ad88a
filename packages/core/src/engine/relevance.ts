/**
 * Is this item LAI news at all? The decision is asymmetric by who speaks (domain.md):
 *
 * - **Pure players** (core or other) publish almost only LAI news: their items are kept unless they are noise
 *   (hiring, interim/half-year results, conferences, appointments, index inclusions, AGMs). A deal, grant or
 *   regulatory item from a core pure player is LAI news even when the text never says "LAI".
 * - **Hybrids** and other companies' corporate pages need an explicit LAI signal: an LAI trademark, an LAI
 *   molecule in an injectable context, a core LAI phrase or a named LAI platform.
 * - **Sector press and databases** are high volume and mostly off-topic: an item needs a STRONG signal (core
 *   phrase, trademark, platform, molecule in context, or a pure player named in the title) and no dominating
 *   counter-signal ("oral", "tablet", "pill"… outweigh a molecule mention but not a trademark, platform or core
 *   phrase).
 *
 * Noise always wins: a pure player's half-year report is noise even though it is full of LAI words.
 */
import type { ClientWatch, CompanyScope, EntityEntry } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";

/** The company role that drives an item's relevance, strongest first; `none` when no known company is involved. */
export type ItemRole = "core_pure_player" | "pure_player" | "hybrid" | "other" | "none";
const ROLE_RANK: Record<ItemRole, number> = {
  core_pure_player: 4,
  pure_player: 3,
  hybrid: 2,
  other: 1,
  none: 0,
};

/** The stronger of two roles. */
export function strongerRole(a: ItemRole, b: ItemRole): ItemRole {
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b;
}

/** True for the roles whose every non-noise item is LAI news. */
export function isPurePlayerRole(role: ItemRole): boolean {
  return role === "core_pure_player" || role === "pure_player";
}

export interface RelevanceDecision {
  /** True when the item is LAI news (before scoring, de-duplication and section limits). */
  relevant: boolean;
  /** The role that drove the decision: the publisher's for a corporate page, else the strongest in the text. */
  role: ItemRole;
  /**
   * Reason codes, in the order they were established. Kept items carry the evidence (`role:core_pure_player`,
   * `signal:trademark`…); dropped items carry why (`noise:hiring`, `no_lai_signal`, `counter_signal:oral`…).
   */
  reasons: string[];
}

/**
 * The role of the company behind a corporate source (`press_corporate__medincell` → MedinCell →
 * `core_pure_player`), or `"none"` when the source is unknown, not corporate, or names no company.
 */
export function publisherRole(sourceKey: string, watch: ClientWatch): ItemRole {
  const source = watch.sources.find((s) => s.key === sourceKey);
  if (source?.actor_type !== "press_corporate" || !source.company) return "none";
  return companyRole(source.company, watch.companies);
}

/** The role a company name (or alias) has in a company scope, `"none"` when it is not listed. */
export function companyRole(name: string, scope: CompanyScope): ItemRole {
  const wanted = name.trim().toLowerCase();
  const listed = (entries: EntityEntry[]) =>
    entries.some((e) => e.name.toLowerCase() === wanted || e.aliases.some((a) => a.toLowerCase() === wanted));
  if (listed(scope.core_pure_players)) return "core_pure_player";
  if (listed(scope.pure_players)) return "pure_player";
  if (listed(scope.hybrids)) return "hybrid";
  if (listed(scope.others)) return "other";
  return "none";
}

/** The strongest company role of an item: its publisher (corporate pages) or a company its text names. */
export function effectiveRole(item: NormalizedItem, watch: ClientWatch): ItemRole {
  const fromText = item.signals.company_role;
  return item.source_type === "press_corporate"
    ? strongerRole(publisherRole(item.source_key, watch), fromText)
    : fromText;
}

/** The strongest role among companies named in the title (evidence spans starting inside the title). */
export function roleNamedInTitle(item: NormalizedItem): ItemRole {
  const titleEnd = item.title.length;
  let role: ItemRole = "none";
  for (const company of item.entities.companies) {
    if (company.role && company.evidence.some((span) => span.start < titleEnd))
      role = strongerRole(role, company.role);
  }
  return role;
}

/** The explicit LAI signals present, as reason codes (`signal:trademark`, …). */
export function laiSignalCodes(item: NormalizedItem): string[] {
  const s = item.signals;
  const codes: string[] = [];
  if (s.trademark) codes.push("signal:trademark");
  if (s.platform) codes.push("signal:platform");
  if (s.core_phrase) codes.push("signal:core_phrase");
  if (s.molecule_in_context) codes.push("signal:molecule_in_context");
  if (s.broad_technology_in_context) codes.push("signal:broad_technology");
  return codes;
}

/**
 * Noise reason codes: the normalizer's noise categories, plus the event type when the config marks it as noise
 * and the type was decided by the title (or by the LLM, which gives no span). A noise type decided only by the
 * body is not noise: deal releases routinely mention results or conferences in passing (normalize does the same).
 */
export function noiseCodes(item: NormalizedItem, watch: ClientWatch): string[] {
  const codes = new Set(item.signals.noise.map((category) => `noise:${category}`));
  const type = watch.eventTypes.find((t) => t.id === item.event_type);
  const decidedByTitle = item.event_evidence === undefined || item.event_evidence.start < item.title.length;
  if (type?.noise && decidedByTitle) codes.add(`noise:${type.id}`);
  return [...codes];
}

/**
 * Decides whether an item is LAI news for this client, with the asymmetry described at the top of this file.
 * Pure, deterministic; every outcome carries at least one reason code, and every counter-signal present is
 * reported (`counter_signal:oral`), whether or not it decided: an oral drug next to "no_lai_signal" tells the
 * reviewer why, and one next to a kept item tells them what was outweighed.
 */
export function decideRelevance(item: NormalizedItem, watch: ClientWatch): RelevanceDecision {
  const decision = decideRelevanceCore(item, watch);
  for (const c of item.signals.counter_signals) {
    const code = `counter_signal:${c.toLowerCase()}`;
    if (!decision.reasons.includes(code)) decision.reasons.push(code);
  }
  return decision;
}

/** {@link decideRelevance} before the counter-signals are appended. */
function decideRelevanceCore(item: NormalizedItem, watch: ClientWatch): RelevanceDecision {
  const role = effectiveRole(item, watch);
  const noise = noiseCodes(item, watch);
  if (noise.length > 0) return { relevant: false, role, reasons: noise };

  const s = item.signals;
  const signals = laiSignalCodes(item);
  // A trademark, platform or core phrase says "LAI" by itself; a molecule in context can be outweighed by "oral".
  const unambiguous = s.trademark || s.platform || s.core_phrase;
  const counter = s.counter_signals.map((c) => `counter_signal:${c.toLowerCase()}`);

  if (item.source_type === "press_corporate") {
    if (isPurePlayerRole(role)) return { relevant: true, role, reasons: [`role:${role}`, ...signals] };
    const explicit = unambiguous || s.molecule_in_context;
    if (!explicit) return { relevant: false, role, reasons: ["no_lai_signal", `role:${role}`] };
    if (!unambiguous && counter.length > 0)
      return { relevant: false, role, reasons: [...counter, `role:${role}`] };
    return { relevant: true, role, reasons: [`role:${role}`, ...signals] };
  }

  // Sector press and databases: strong signals only. A pure player named in the title counts as one.
  const titleRole = roleNamedInTitle(item);
  const purePlayerInTitle = isPurePlayerRole(titleRole);
  const strong = unambiguous || s.molecule_in_context || purePlayerInTitle;
  if (!strong) return { relevant: false, role, reasons: ["no_lai_signal", `source:${item.source_type}`] };
  if (!unambiguous && !purePlayerInTitle && counter.length > 0)
    return { relevant: false, role, reasons: [...counter, `source:${item.source_type}`] };
  return {
    relevant: true,
    role,
    reasons: [
      `source:${item.source_type}`,
      ...(purePlayerInTitle ? [`title_names:${titleRole}`] : []),
      ...signals,
    ],
  };
}
