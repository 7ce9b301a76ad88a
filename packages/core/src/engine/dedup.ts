/**
 * Near-duplicate merge: the same news reached us twice (two sources, or one source listing the same release with
 * two snippets). Identity by canonical URL already removed exact repeats at ingest; this catches the rest.
 *
 * Two items are the same news when their canonical URLs are equal, or when either rule below holds.
 *
 * **Same title** (two snippets of one story, one story in two feeds):
 * - their normalized title word sets have a Jaccard similarity ≥ {@link DEDUP_DEFAULTS.titleSimilarity}, and
 * - they name a common company (or one of them names none), and
 * - they were published at most {@link DEDUP_DEFAULTS.maxDaysApart} days apart (undated items pass this test).
 *
 * **Same event** (a corporate release and a sector article retelling it in other words — "Medincell's Partner
 * Teva Announces the NDA Submission…" and "Teva submits olanzapine long-acting injectable to FDA…"): titles
 * share few words, so the rule asks for agreement on what happened instead:
 * - the same event type (never `other`, which says nothing about the event), and
 * - a shared product — an LAI trademark or molecule entity — AND a shared company entity, and
 * - publication at most {@link DEDUP_DEFAULTS.eventMaxDaysApart} days apart: sector press can trail the press
 *   release by a week, and
 * - token containment of title + summary (|A ∩ B| / min(|A|, |B|)) ≥ {@link DEDUP_DEFAULTS.eventContainment}, so
 *   two different stories about one product and one company stay apart, and
 * - no veto: when both texts name regulators, they must share one (an EU CHMP opinion and a US FDA acceptance of
 *   the same product are two events); when both name trial phases, they must share one (phase 1 start vs phase 3
 *   results); when both are regulatory, their regulatory actions (submission, acceptance, approval, opinion,
 *   rejection) must overlap (an NDA submission and that NDA's approval are two events).
 * Entities come from the normalizer and carry evidence spans, so the rule never matches on a word the texts lack.
 *
 * The best item of a group is kept (callers pass items best-first — primary sources before retellings) and
 * records the other URLs.
 */
import { dayNumber } from "./window.js";

export const DEDUP_DEFAULTS = {
  titleSimilarity: 0.6,
  maxDaysApart: 3,
  eventMaxDaysApart: 10,
  eventContainment: 0.4,
} as const;

export interface DedupOptions {
  titleSimilarity?: number;
  maxDaysApart?: number;
  /** Same-event rule: most days between the two publications. */
  eventMaxDaysApart?: number;
  /** Same-event rule: least token containment of title + summary. */
  eventContainment?: number;
}

/** What de-duplication needs to know about an item. */
export interface DedupCandidate {
  id: string;
  title: string;
  url: string;
  canonicalUrl: string;
  /** Date or timestamp; `undefined` when unknown. */
  publishedAt: string | undefined;
  /** Canonical company names. */
  companies: string[];
  /** Event type (same-event rule); omitted → the same-event rule does not apply. */
  eventType?: string;
  /** Canonical names of the LAI trademarks and molecules the item names (same-event rule). */
  products?: string[];
  /** Summary (or lead text) compared with the title for the same-event rule. */
  summary?: string;
}

export interface DedupResult {
  /** id of every duplicate → id of the item it was merged into. */
  duplicateOf: Map<string, string>;
  /** id of every kept item that absorbed others → the absorbed items' URLs (in input order). */
  mergedUrls: Map<string, string[]>;
  /** id of every duplicate → the rule that matched it (`same_url`, `same_title` or `same_event`). */
  matchedBy: Map<string, DedupRule>;
}

/** The rule that made two items one (see the top of this file). */
export type DedupRule = "same_url" | "same_title" | "same_event";

const STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "of",
  "for",
  "to",
  "in",
  "on",
  "with",
  "by",
  "at",
  "as",
  "its",
  "is",
  "from",
]);

/** Lower-case words of a title without punctuation, ® / ™ or stop words: `"UZEDY® Approved!"` → {uzedy, approved}. */
export function titleTokens(title: string): Set<string> {
  const words = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && !STOPWORDS.has(w));
  return new Set(words);
}

/** Jaccard similarity of two sets: |A ∩ B| / |A ∪ B| (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Regulators and agencies, by the one they stand for (the CHMP and the European Commission act for the EU). */
const REGULATORS: ReadonlyArray<[string, RegExp]> = [
  ["us", /\b(FDA|Food and Drug Administration)\b/i],
  ["eu", /\b(EMA|CHMP|European Medicines Agency|European Commission)\b/i],
  ["uk", /\bMHRA\b/i],
  ["jp", /\bPMDA\b/i],
  ["cn", /\bNMPA\b/i],
  ["ca", /\bHealth Canada\b/i],
];

/** Regulatory actions: what a regulator did or was asked to do. */
const REGULATORY_ACTIONS: ReadonlyArray<[string, RegExp]> = [
  ["submission", /\b(submi(ts?|tted|ssions?|tting)|resubmi\w*|fil(es|ed|ing))\b/i],
  ["acceptance", /\baccept(s|ed|ance)?\b/i],
  ["approval", /\b(approv(es|ed|al)|authori[sz]ed|clear(s|ed|ance))\b/i],
  ["opinion", /\bopinion\b/i],
  ["rejection", /\b(reject(s|ed|ion)?|complete response letter|CRL)\b/i],
];

/** The keys of the patterns a text matches. */
function matchedKeys(text: string, patterns: ReadonlyArray<[string, RegExp]>): Set<string> {
  return new Set(patterns.filter(([, re]) => re.test(text)).map(([key]) => key));
}

/** Trial phases a text names, normalized to arabic numerals: "Phase III" and "phase 3" → {"3"}. */
export function trialPhases(text: string): Set<string> {
  const roman: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
  const phases = new Set<string>();
  for (const m of text.matchAll(/\bphase\s+(iv|iii|ii|i|[1-4])(?:\/(iv|iii|ii|i|[1-4]))?[ab]?\b/gi))
    for (const p of [m[1], m[2]]) if (p) phases.add(roman[p.toLowerCase()] ?? p);
  return phases;
}

/** True when both sets are non-empty and share nothing: the two texts disagree on this facet. */
function conflicting(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
}

/** Containment of the smaller set in the other: |A ∩ B| / min(|A|, |B|) (0 when one is empty). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** What the same-event rule compares, computed once per candidate. */
interface EventFacets {
  eventType: string;
  products: Set<string>;
  tokens: Set<string>;
  regulators: Set<string>;
  actions: Set<string>;
  phases: Set<string>;
}

function eventFacets(candidate: DedupCandidate): EventFacets | undefined {
  const products = new Set((candidate.products ?? []).map((p) => p.toLowerCase()));
  if (candidate.eventType === undefined || candidate.eventType === "other" || products.size === 0)
    return undefined;
  const text = `${candidate.title}\n${candidate.summary ?? ""}`;
  return {
    eventType: candidate.eventType,
    products,
    tokens: titleTokens(text),
    regulators: matchedKeys(text, REGULATORS),
    actions: candidate.eventType === "regulatory" ? matchedKeys(text, REGULATORY_ACTIONS) : new Set(),
    phases: trialPhases(text),
  };
}

/**
 * Why two items are NOT the same event under the same-event rule (see the top of this file), or `undefined`
 * when they are. Exported for tests and for explaining a merge.
 */
export function sameEventMismatch(
  a: DedupCandidate,
  b: DedupCandidate,
  options: DedupOptions = {},
): string | undefined {
  const fa = eventFacets(a);
  const fb = eventFacets(b);
  if (!fa || !fb) return "no_event_facets";
  const da = a.publishedAt === undefined ? undefined : dayNumber(a.publishedAt);
  const db = b.publishedAt === undefined ? undefined : dayNumber(b.publishedAt);
  return eventMismatch(
    { facets: fa, day: da, companies: lowerSet(a.companies) },
    { facets: fb, day: db, companies: lowerSet(b.companies) },
    options,
  );
}

function lowerSet(names: readonly string[]): Set<string> {
  return new Set(names.map((n) => n.toLowerCase()));
}

interface EventSide {
  facets: EventFacets;
  day: number | undefined;
  companies: Set<string>;
}

function eventMismatch(a: EventSide, b: EventSide, options: DedupOptions): string | undefined {
  const maxDays = options.eventMaxDaysApart ?? DEDUP_DEFAULTS.eventMaxDaysApart;
  const minContainment = options.eventContainment ?? DEDUP_DEFAULTS.eventContainment;
  if (a.facets.eventType !== b.facets.eventType) return "event_type";
  if (![...a.facets.products].some((p) => b.facets.products.has(p))) return "no_shared_product";
  if (![...a.companies].some((c) => b.companies.has(c))) return "no_shared_company";
  if (a.day !== undefined && b.day !== undefined && Math.abs(a.day - b.day) > maxDays) return "days_apart";
  if (conflicting(a.facets.regulators, b.facets.regulators)) return "regulators_differ";
  if (conflicting(a.facets.phases, b.facets.phases)) return "phases_differ";
  if (conflicting(a.facets.actions, b.facets.actions)) return "regulatory_actions_differ";
  if (containment(a.facets.tokens, b.facets.tokens) < minContainment) return "text_differs";
  return undefined;
}

/**
 * Groups near-duplicates. `candidates` must be ordered best-first: the first item of each group is the one kept.
 * Uses inverted indexes on title words and on products so a few thousand items stay fast.
 */
export function findDuplicates(
  candidates: readonly DedupCandidate[],
  options: DedupOptions = {},
): DedupResult {
  const threshold = options.titleSimilarity ?? DEDUP_DEFAULTS.titleSimilarity;
  const maxDays = options.maxDaysApart ?? DEDUP_DEFAULTS.maxDaysApart;
  const duplicateOf = new Map<string, string>();
  const mergedUrls = new Map<string, string[]>();
  const matchedBy = new Map<string, DedupRule>();

  interface Kept {
    candidate: DedupCandidate;
    tokens: Set<string>;
    day: number | undefined;
    companies: Set<string>;
    facets: EventFacets | undefined;
  }
  const kept: Kept[] = [];
  const byUrl = new Map<string, number>();
  const byWord = new Map<string, number[]>();
  const byProduct = new Map<string, number[]>();
  const index = (map: Map<string, number[]>, key: string, at: number) => {
    const list = map.get(key);
    if (list) list.push(at);
    else map.set(key, [at]);
  };

  for (const candidate of candidates) {
    const tokens = titleTokens(candidate.title);
    const day = candidate.publishedAt === undefined ? undefined : dayNumber(candidate.publishedAt);
    const companies = lowerSet(candidate.companies);
    const facets = eventFacets(candidate);

    let match = byUrl.get(candidate.canonicalUrl);
    let rule: DedupRule = "same_url";
    if (match === undefined) {
      rule = "same_title";
      const shared = new Map<number, number>();
      for (const word of tokens)
        for (const at of byWord.get(word) ?? []) shared.set(at, (shared.get(at) ?? 0) + 1);
      for (const [at, count] of [...shared].sort(([a], [b]) => a - b)) {
        const other = kept[at]!;
        const similarity = count / (tokens.size + other.tokens.size - count);
        if (similarity < threshold) continue;
        if (day !== undefined && other.day !== undefined && Math.abs(day - other.day) > maxDays) continue;
        const companiesAgree =
          companies.size === 0 ||
          other.companies.size === 0 ||
          [...companies].some((c) => other.companies.has(c));
        if (!companiesAgree) continue;
        match = at;
        break;
      }
    }
    if (match === undefined && facets) {
      rule = "same_event";
      const sharingProduct = new Set<number>();
      for (const product of facets.products)
        for (const at of byProduct.get(product) ?? []) sharingProduct.add(at);
      for (const at of [...sharingProduct].sort((a, b) => a - b)) {
        const other = kept[at]!;
        if (!other.facets) continue;
        const mismatch = eventMismatch(
          { facets, day, companies },
          { facets: other.facets, day: other.day, companies: other.companies },
          options,
        );
        if (mismatch === undefined) {
          match = at;
          break;
        }
      }
    }

    if (match !== undefined) {
      const winner = kept[match]!.candidate;
      duplicateOf.set(candidate.id, winner.id);
      matchedBy.set(candidate.id, rule);
      const urls = mergedUrls.get(winner.id) ?? [];
      if (candidate.url !== winner.url && !urls.includes(candidate.url)) urls.push(candidate.url);
      mergedUrls.set(winner.id, urls);
      continue;
    }
    const at = kept.length;
    kept.push({ candidate, tokens, day, companies, facets });
    byUrl.set(candidate.canonicalUrl, at);
    for (const word of tokens) index(byWord, word, at);
    for (const product of facets?.products ?? []) index(byProduct, product, at);
  }
  return { duplicateOf, mergedUrls, matchedBy };
}
