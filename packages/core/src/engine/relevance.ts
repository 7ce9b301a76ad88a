/**
 * Is this item LAI news at all? The client's ruling (clients/<id>.yaml `ruling`, README "What counts as LAI news")
 * asks whether the item's SUBJECT is an LAI product, programme, technology or LAI company event. Normalization
 * assesses the subject (normalize/subject.ts: title and lead, comparators and combination partners set aside,
 * interval and device language, listed near misses, the half-life-extended class); this module applies it with
 * the asymmetry of who speaks (domain.md), in this order:
 *
 * 1. **The editor** (`feedback/<client>.yaml`) decides first: `editor:keep` / `editor:drop`.
 * 2. **Noise** always wins next: a pure player's half-year report is noise even though it is full of LAI words.
 * 3. **The LLM**, when a run asked it about a borderline item (engine/borderline.ts), rules: `llm:keep` / `llm:drop`.
 * 4. **Pure players** (core or other) publish almost only LAI news: their items are kept unless their title or lead
 *    says the subject is something else (a listed near miss, an oral or daily product). A deal, grant or regulatory
 *    item from a core pure player is LAI news even when the text never says "LAI".
 * 5. **Hybrids** and other companies' corporate pages, **sector press** and **databases**: kept only when the
 *    subject is LAI (`subject:lai@title`…), or — for the press — when a pure player is named in the title and the
 *    subject is not explicitly something else. A half-life-extended biologic (`hle_biologic`) is out unless the
 *    client sets `relevance.include_hle_biologics`.
 * Items normalized before the subject assessment existed are judged from their whole-text flags as before.
 */
import type { ClientWatch, CompanyScope, EntityEntry, FeedbackEntry } from "../config/schema.js";
import type { LaiSubject, NormalizedItem } from "../domain/normalized.js";
import { canonicalUrl } from "../ingest/identity.js";

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
   * `subject:lai@title`, `evidence:interval:twice-yearly`, `signal:trademark`…); dropped items carry why
   * (`noise:hiring`, `no_lai_signal`, `counter_signal:oral`, `not_lai:local_anaesthetic`, `hle_biologic`…).
   */
  reasons: string[];
  /** Set when the editor's feedback decided (`feedback/<client>.yaml`). */
  editor?: "keep" | "drop";
  /** True when the title or the lead says the item is about an LAI (the subject assessment decided there). */
  laiSubject?: boolean;
  /**
   * True when that subject is explicit: a months-long interval or duration, an injection and a known LAI molecule
   * (normalize/subject-verdict.ts), in a news item (not a database record). Such an item is LAI news whatever its
   * event type's weight.
   */
  explicitSubject?: boolean;
}

/**
 * True when a relevant item is LAI news whatever its score: its title or lead is about an LAI and its event type
 * is one the ruling keeps (`relevance.keep_event_types`) or the subject is explicit (a months-long interval, an
 * injection and a known LAI molecule: a publication or a feature about such a product is still LAI news), or the
 * editor said keep.
 */
export function isRulingKeep(decision: RelevanceDecision, eventType: string, watch: ClientWatch): boolean {
  if (decision.editor === "keep") return true;
  const types = watch.client.relevance?.keep_event_types ?? [];
  return (
    decision.relevant &&
    decision.laiSubject === true &&
    (types.includes(eventType) || decision.explicitSubject === true)
  );
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
 * reviewer why, and one next to a kept item tells them what was outweighed. An editor's feedback on the item
 * (`feedback/<client>.yaml`) decides before anything else (`editor:keep` / `editor:drop`).
 */
export function decideRelevance(item: NormalizedItem, watch: ClientWatch): RelevanceDecision {
  const feedback = editorFeedback(item, watch);
  if (feedback) {
    const role = effectiveRole(item, watch);
    return {
      relevant: feedback.decision === "keep",
      role,
      reasons: [`editor:${feedback.decision}`, `role:${role}`],
      editor: feedback.decision,
    };
  }
  const decision = decideRelevanceCore(item, watch);
  for (const c of item.signals.counter_signals) {
    const code = `counter_signal:${c.toLowerCase()}`;
    if (!decision.reasons.includes(code)) decision.reasons.push(code);
  }
  return decision;
}

const feedbackIndex = new WeakMap<readonly FeedbackEntry[], Map<string, FeedbackEntry>>();

/** The editor's decision on this item (by canonical URL), if the client's feedback file has one. */
export function editorFeedback(item: Pick<NormalizedItem, "canonical_url" | "url">, watch: ClientWatch) {
  const entries = watch.feedback;
  if (!entries || entries.length === 0) return undefined;
  let index = feedbackIndex.get(entries);
  if (!index) {
    index = new Map(entries.map((e) => [safeCanonical(e.url), e]));
    feedbackIndex.set(entries, index);
  }
  return index.get(item.canonical_url) ?? index.get(safeCanonical(item.url));
}

function safeCanonical(url: string): string {
  try {
    return canonicalUrl(url);
  } catch {
    return url;
  }
}

/**
 * The subject of an item normalized before subject assessment existed (or hand-built): read from the whole-text
 * flags as the engine always did — a trademark, platform or core phrase says LAI, a molecule in context says LAI
 * unless a counter-signal is present. Such a verdict is never "explicit" (it is not tied to the title or lead).
 */
function legacySubject(item: NormalizedItem): LaiSubject {
  const s = item.signals;
  const base = { decided_by: "body" as const, evidence: [], set_aside: [], borderline: false };
  const counter = s.counter_signals.map((c) => c.toLowerCase());
  if (s.trademark || s.platform || s.core_phrase) return { ...base, verdict: "lai", counter };
  if (s.molecule_in_context)
    return counter.length > 0
      ? { ...base, verdict: "not_lai", counter }
      : { ...base, verdict: "lai", counter };
  return { ...base, verdict: "none", decided_by: "none", counter };
}

/**
 * Reason codes saying why a subject is not LAI news (empty when nothing argues against it). A legacy subject
 * (`assessed` false) lists every counter-signal, as the engine always did.
 */
function againstCodes(subject: LaiSubject, includeHle: boolean, assessed: boolean): string[] {
  if (subject.verdict === "hle" && !includeHle)
    return ["hle_biologic", ...(subject.near_miss ? [`near_miss:${subject.near_miss.name}`] : [])];
  if (subject.verdict !== "not_lai") return [];
  if (subject.near_miss) return [`not_lai:${subject.near_miss.class}`, `near_miss:${subject.near_miss.name}`];
  if (!assessed) return subject.counter.map((c) => `counter_signal:${c}`);
  const first = subject.counter.find((c) => !c.startsWith("hle:") && !c.startsWith("weekly:"));
  if (first?.startsWith("short_acting:")) return ["not_lai:short_acting"];
  return first ? [`counter_signal:${first}`] : [];
}

/** How the subject decided, as reason codes: `subject:lai@title` and its first pieces of evidence. */
function subjectCodes(subject: LaiSubject): string[] {
  if (subject.decided_by === "none") return [];
  return [
    `subject:${subject.verdict}@${subject.decided_by}`,
    ...(subject.verdict === "lai" && subject.explicit ? ["subject:explicit"] : []),
    ...subject.evidence.slice(0, 3).map((e) => `evidence:${e}`),
  ];
}

/** {@link decideRelevance} before the counter-signals are appended. */
function decideRelevanceCore(item: NormalizedItem, watch: ClientWatch): RelevanceDecision {
  const role = effectiveRole(item, watch);
  const noise = noiseCodes(item, watch);
  if (noise.length > 0) return { relevant: false, role, reasons: noise };
  // The LLM's ruling on an item the rules left borderline (asked only then; normalize/llm).
  const llm = item.enrichment.relevance;
  if (llm)
    return llm.keep
      ? {
          relevant: true,
          role,
          reasons: ["llm:keep", `role:${role}`, ...laiSignalCodes(item)],
          laiSubject: true,
        }
      : { relevant: false, role, reasons: ["llm:drop", `role:${role}`] };

  const assessed = item.signals.subject;
  const subject = assessed ?? legacySubject(item);
  const includeHle = watch.client.relevance?.include_hle_biologics ?? false;
  const isLai = subject.verdict === "lai" || (subject.verdict === "hle" && includeHle);
  // Said by the title or the lead, not only somewhere in the body: strong enough to overrule a pure player.
  const explicitlyNot =
    (subject.verdict === "not_lai" || (subject.verdict === "hle" && !includeHle)) &&
    (subject.decided_by === "title" || subject.decided_by === "lead");
  const against = againstCodes(subject, includeHle, assessed !== undefined);
  const evidence = [...(assessed ? subjectCodes(subject) : []), ...laiSignalCodes(item)];
  const dropped = (who: string): RelevanceDecision => ({
    relevant: false,
    role,
    reasons: [...(against.length > 0 ? against : ["no_lai_signal"]), who],
  });

  const laiSubject =
    assessed !== undefined && isLai && (subject.decided_by === "title" || subject.decided_by === "lead");
  // An explicit subject is LAI news whatever its type's weight — except in a database feed (PubMed, trial
  // registries), where every record of an LAI study states one: there the score still decides.
  const explicit =
    laiSubject && subject.verdict === "lai" && subject.explicit === true && item.source_type !== "database";
  const subjectFlags = {
    ...(laiSubject ? { laiSubject } : {}),
    ...(explicit ? { explicitSubject: true } : {}),
  };
  if (item.source_type === "press_corporate") {
    const kept: RelevanceDecision = {
      relevant: true,
      role,
      reasons: [`role:${role}`, ...evidence],
      ...subjectFlags,
    };
    if (isPurePlayerRole(role)) return explicitlyNot ? dropped(`role:${role}`) : kept;
    return isLai ? kept : dropped(`role:${role}`);
  }

  // Sector press and databases: the subject must be LAI, or a pure player named in the title (unless the subject
  // is explicitly something else).
  const titleRole = roleNamedInTitle(item);
  const purePlayerInTitle = isPurePlayerRole(titleRole) && !explicitlyNot;
  if (!isLai && !purePlayerInTitle) return dropped(`source:${item.source_type}`);
  return {
    relevant: true,
    role,
    reasons: [
      `source:${item.source_type}`,
      ...(purePlayerInTitle ? [`title_names:${titleRole}`] : []),
      ...evidence,
    ],
    ...subjectFlags,
  };
}
