/**
 * Near-duplicate merge: the same news reached us twice (two sources, or one source listing the same release with
 * two snippets). Identity by canonical URL already removed exact repeats at ingest; this catches the rest.
 *
 * Two items are the same news when their canonical URLs are equal, or when
 * - their normalized title word sets have a Jaccard similarity ≥ {@link DEDUP_DEFAULTS.titleSimilarity}, and
 * - they name a common company (or one of them names none), and
 * - they were published at most {@link DEDUP_DEFAULTS.maxDaysApart} days apart (undated items pass this test).
 * The best item of a group is kept (callers pass items best-first) and records the other URLs.
 */
import { dayNumber } from "./window.js";

export const DEDUP_DEFAULTS = { titleSimilarity: 0.6, maxDaysApart: 3 } as const;

export interface DedupOptions {
  titleSimilarity?: number;
  maxDaysApart?: number;
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
}

export interface DedupResult {
  /** id of every duplicate → id of the item it was merged into. */
  duplicateOf: Map<string, string>;
  /** id of every kept item that absorbed others → the absorbed items' URLs (in input order). */
  mergedUrls: Map<string, string[]>;
}

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

/**
 * Groups near-duplicates. `candidates` must be ordered best-first: the first item of each group is the one kept.
 * Uses an inverted index on title words so a few thousand items stay fast.
 */
export function findDuplicates(
  candidates: readonly DedupCandidate[],
  options: DedupOptions = {},
): DedupResult {
  const threshold = options.titleSimilarity ?? DEDUP_DEFAULTS.titleSimilarity;
  const maxDays = options.maxDaysApart ?? DEDUP_DEFAULTS.maxDaysApart;
  const duplicateOf = new Map<string, string>();
  const mergedUrls = new Map<string, string[]>();

  interface Kept {
    candidate: DedupCandidate;
    tokens: Set<string>;
    day: number | undefined;
    companies: Set<string>;
  }
  const kept: Kept[] = [];
  const byUrl = new Map<string, number>();
  const byWord = new Map<string, number[]>();

  for (const candidate of candidates) {
    const tokens = titleTokens(candidate.title);
    const day = candidate.publishedAt === undefined ? undefined : dayNumber(candidate.publishedAt);
    const companies = new Set(candidate.companies.map((c) => c.toLowerCase()));

    let match = byUrl.get(candidate.canonicalUrl);
    if (match === undefined) {
      const shared = new Map<number, number>();
      for (const word of tokens)
        for (const index of byWord.get(word) ?? []) shared.set(index, (shared.get(index) ?? 0) + 1);
      for (const [index, count] of [...shared].sort(([a], [b]) => a - b)) {
        const other = kept[index]!;
        const similarity = count / (tokens.size + other.tokens.size - count);
        if (similarity < threshold) continue;
        if (day !== undefined && other.day !== undefined && Math.abs(day - other.day) > maxDays) continue;
        const companiesAgree =
          companies.size === 0 ||
          other.companies.size === 0 ||
          [...companies].some((c) => other.companies.has(c));
        if (!companiesAgree) continue;
        match = index;
        break;
      }
    }

    if (match !== undefined) {
      const winner = kept[match]!.candidate;
      duplicateOf.set(candidate.id, winner.id);
      const urls = mergedUrls.get(winner.id) ?? [];
      if (candidate.url !== winner.url && !urls.includes(candidate.url)) urls.push(candidate.url);
      mergedUrls.set(winner.id, urls);
      continue;
    }
    const index = kept.length;
    kept.push({ candidate, tokens, day, companies });
    byUrl.set(candidate.canonicalUrl, index);
    for (const word of tokens) {
      const list = byWord.get(word);
      if (list) list.push(index);
      else byWord.set(word, [index]);
    }
  }
  return { duplicateOf, mergedUrls };
}
