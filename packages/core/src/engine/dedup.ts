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
 * - the same event type (never `other`, which says nothing about the event) — or, since company and journalist
 *   wording type one event differently ("wins US approval" / "FDA approves"; a CRL caused by a plant inspection is
 *   "manufacturing" to one and "regulatory" to the other), the same action on the same subject product, and
 * - a shared product — an LAI trademark or molecule entity; when one item names none, a product code ("NPM-115")
 *   or a brand one writes in capitals and the other in any case ("ENCELTO" / "Encelto") — AND a shared company:
 *   an entity, the publisher named in the other's words ("Foresee" for `press_corporate__foresee_pharmaceuticals`),
 *   or a trademark both subjects name, and
 * - publication at most {@link DEDUP_DEFAULTS.eventMaxDaysApart} days apart: sector press can trail the press
 *   release by a week, and
 * - token containment of title + summary (|A ∩ B| / min(|A|, |B|)) ≥ {@link DEDUP_DEFAULTS.eventContainment}, so
 *   two different stories about one product and one company stay apart, and
 * - no veto (below).
 * When the facets corroborate the match — one regulatory action by one regulator (or one telling names none) on
 * one subject product, one trial name or phase, the same deal parties or platform, the same policy body — the texts
 * need only {@link DEDUP_DEFAULTS.eventContainmentCorroborated}: a trade-press story retells a release in its own
 * words.
 *
 * **Vetoes** (both rules; dedup-facets.ts) need a POSITIVE conflict: both items state the facet and they disagree —
 * regulators (an EU CHMP opinion and a US FDA acceptance), what was done (an NDA submission and its approval, an
 * approval and a CRL, a licence and the sublicences signed under it, a trial start and a result), trial phases or
 * names (PURPOSE 1 vs PURPOSE 2), populations (adults vs adolescents), subject products or molecules (two approvals
 * of one company's different products, a treatment and a prevention trademark of one molecule), subject indications
 * (one implant's two new indications), or deal counterparties (ANI buying Alimera vs Alimera licensing from
 * EyePoint). Each facet is compared where both items state it first: the titles, else the title and lead sentence,
 * else the whole text — a trial, market or action named in the background never vetoes. A missing, less specific or
 * extra entity never blocks: an indication named by one only, "HIV prevention" and "HIV", shareholders or a
 * competitor named in the lead, names inside a set-aside stretch (comparator, competitor, combination partner).
 * Entities come from the normalizer and carry evidence spans, so the rule never matches on a word the texts lack.
 *
 * The best item of a group is kept (callers pass items best-first — primary sources before retellings) and
 * records the other URLs.
 */
import {
  corroborated,
  eventReady,
  type Facets,
  facetsOf,
  lowerSet,
  overlapping,
  sameEventDespiteTypes,
  shareProduct,
  veto,
} from "./dedup-facets.js";
import { namesCompany } from "./dedup-text.js";
import { dayNumber } from "./window.js";

export { trialNames, trialPhases } from "./dedup-text.js";

export const DEDUP_DEFAULTS = {
  titleSimilarity: 0.6,
  maxDaysApart: 3,
  eventMaxDaysApart: 10,
  eventContainment: 0.4,
  eventContainmentCorroborated: 0.2,
} as const;

export interface DedupOptions {
  titleSimilarity?: number;
  maxDaysApart?: number;
  /** Same-event rule: most days between the two publications. */
  eventMaxDaysApart?: number;
  /** Same-event rule: least token containment of title + summary. */
  eventContainment?: number;
  /** Same-event rule: least containment when the facets corroborate the match. */
  eventContainmentCorroborated?: number;
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
  /**
   * The company behind a corporate source, also in `companies`. A company no list knows is not an entity of the
   * other item, so it is also looked for as words of the other item's title and summary.
   */
  publisher?: string;
  /**
   * What the item is about (vetoes): the trademarks, molecules and indications its title names and those its lead
   * sentences name, the companies named in title and lead (deal parties) and the LAI platforms it names. Two items
   * are compared title to title when both titles name some, else lead to lead. Omitted → no veto on that facet.
   */
  subject?: {
    title?: SubjectNames;
    lead?: SubjectNames;
    companies?: string[];
    platforms?: string[];
  };
}

/** The products, molecules and indications one part of an item names. */
export interface SubjectNames {
  trademarks?: string[];
  molecules?: string[];
  indications?: string[];
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

/** Containment of the smaller set in the other: |A ∩ B| / min(|A|, |B|) (0 when one is empty). */
export function containment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.min(a.size, b.size);
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
  const fa = facetsOf(a, titleTokens(`${a.title}\n${a.summary ?? ""}`));
  const fb = facetsOf(b, titleTokens(`${b.title}\n${b.summary ?? ""}`));
  if (!eventReady(fa) || !eventReady(fb)) return "no_event_facets";
  const da = a.publishedAt === undefined ? undefined : dayNumber(a.publishedAt);
  const db = b.publishedAt === undefined ? undefined : dayNumber(b.publishedAt);
  return eventMismatch(
    { facets: fa, day: da, companies: lowerSet(a.companies), publisher: a.publisher },
    { facets: fb, day: db, companies: lowerSet(b.companies), publisher: b.publisher },
    options,
  );
}

interface EventSide {
  facets: Facets;
  day: number | undefined;
  companies: Set<string>;
  publisher?: string | undefined;
}

/**
 * True when the two items share a company: a company entity in common, the publisher of one (a firm no list knows,
 * named after its source key) named in the other's title or summary ("Foresee" for `foresee_pharmaceuticals`), or
 * a trademark both subjects name (a trademark belongs to one company: "J&J's Invega Hafyera" and Janssen's release).
 */
function companiesShared(a: EventSide, b: EventSide): boolean {
  if (overlapping(a.companies, b.companies)) return true;
  const named = (publisher: string | undefined, side: EventSide) =>
    publisher !== undefined && namesCompany(side.facets.text, publisher);
  if (named(a.publisher, b) || named(b.publisher, a)) return true;
  const trademarks = (f: Facets) => new Set([...f.title.trademarks, ...f.lead.trademarks]);
  return overlapping(trademarks(a.facets), trademarks(b.facets));
}

function eventMismatch(a: EventSide, b: EventSide, options: DedupOptions): string | undefined {
  const maxDays = options.eventMaxDaysApart ?? DEDUP_DEFAULTS.eventMaxDaysApart;
  if (a.facets.eventType !== b.facets.eventType && !sameEventDespiteTypes(a.facets, b.facets))
    return "event_type";
  if (!shareProduct(a.facets, b.facets)) return "no_shared_product";
  if (!companiesShared(a, b)) return "no_shared_company";
  if (a.day !== undefined && b.day !== undefined && Math.abs(a.day - b.day) > maxDays) return "days_apart";
  const vetoed = veto(a.facets, b.facets);
  if (vetoed) return vetoed;
  const minContainment = corroborated(a.facets, b.facets, { a: a.companies, b: b.companies })
    ? (options.eventContainmentCorroborated ?? DEDUP_DEFAULTS.eventContainmentCorroborated)
    : (options.eventContainment ?? DEDUP_DEFAULTS.eventContainment);
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
    facets: Facets;
  }
  const kept: Kept[] = [];
  const byUrl = new Map<string, number>();
  const byWord = new Map<string, number[]>();
  const byProduct = new Map<string, number[]>();
  const byBrand = new Map<string, number[]>();
  const byTextWord = new Map<string, number[]>();
  const index = (map: Map<string, number[]>, key: string, at: number) => {
    const list = map.get(key);
    if (list) list.push(at);
    else map.set(key, [at]);
  };

  for (const candidate of candidates) {
    const tokens = titleTokens(candidate.title);
    const day = candidate.publishedAt === undefined ? undefined : dayNumber(candidate.publishedAt);
    const companies = lowerSet(candidate.companies);
    const facets = facetsOf(candidate, titleTokens(`${candidate.title}\n${candidate.summary ?? ""}`));

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
        if (!companiesAgree || veto(facets, other.facets)) continue;
        match = at;
        break;
      }
    }
    if (match === undefined && eventReady(facets)) {
      rule = "same_event";
      const sharingProduct = new Set<number>();
      for (const product of [...facets.products, ...facets.codes])
        for (const at of byProduct.get(product) ?? []) sharingProduct.add(at);
      // An unlisted brand in capitals in one item, in any case in the other.
      for (const word of facets.tokens) for (const at of byBrand.get(word) ?? []) sharingProduct.add(at);
      for (const brand of facets.brands) for (const at of byTextWord.get(brand) ?? []) sharingProduct.add(at);
      for (const at of [...sharingProduct].sort((a, b) => a - b)) {
        const other = kept[at]!;
        if (!eventReady(other.facets)) continue;
        const mismatch = eventMismatch(
          { facets, day, companies, publisher: candidate.publisher },
          {
            facets: other.facets,
            day: other.day,
            companies: other.companies,
            publisher: other.candidate.publisher,
          },
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
    if (eventReady(facets)) {
      for (const product of [...facets.products, ...facets.codes]) index(byProduct, product, at);
      for (const brand of facets.brands) index(byBrand, brand, at);
      for (const word of facets.tokens) index(byTextWord, word, at);
    }
  }
  return { duplicateOf, mergedUrls, matchedBy };
}
