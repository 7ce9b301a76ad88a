/**
 * What `vectora sources discover` and `sources check` report per source: where its news listing is, how it
 * reads (feed, generic extraction, selectors), how many entries, how many dated, the newest date, what was
 * tried on the way — and the catalog entry that reads it.
 */
import type { ActorType } from "../config/schema.js";
import type { ExtractionMethod } from "../ingest/listing/index.js";
import type { RawEntry } from "../ingest/readers/types.js";

/** One URL tried, and what came of it. */
export interface ProbeAttempt {
  url: string;
  kind: "feed" | "page";
  /** Why it was tried (`link "News" in the navigation`, `common path /feed/`, `configured url`). */
  why: string;
  /**
   * `listing`: a good listing (3+ entries, most dated); `weak`: entries, but too few or mostly undated;
   * `not_a_listing`: read, no list of news (a JS shell, a product page); `http_error`; `robots`: robots.txt
   * forbids it (not fetched); `failed`: no answer (timeout, TLS, network).
   */
  outcome: "listing" | "weak" | "not_a_listing" | "http_error" | "robots" | "failed";
  status?: number;
  /** The reason of any outcome but `listing`. */
  detail?: string;
  method?: ExtractionMethod;
  entries?: number;
  dated?: number;
}

/**
 * `ok`: a good listing was found; `weak`: only a weak one (printed, to be checked by a person);
 * `no_listing`: the site answered but no candidate was a listing; `blocked`: robots.txt forbids what we need;
 * `unreachable`: the homepage (or the configured URL) gave no usable answer.
 */
export type Verdict = "ok" | "weak" | "no_listing" | "blocked" | "unreachable";

/** The figures of a listing as read. */
export interface ListingStats {
  entries: number;
  dated: number;
  /** 0–100, rounded. */
  dated_pct: number;
  /** `YYYY-MM-DD`, when any entry is dated. */
  newest?: string;
  /** The first three entries, newest first, to eyeball. */
  sample: Array<{ title: string; url: string; published_at: string | null }>;
}

/** The report on one source. */
export interface SourceFinding extends ListingStats {
  /** What was asked: the homepage URL given, or the catalog key checked. */
  input: string;
  key: string;
  company?: string;
  verdict: Verdict;
  /** One line for any verdict but `ok`. */
  reason?: string;
  homepage?: { url: string; status?: number; final_url?: string };
  /** HTTP status of the listing read, else of the last answer had. */
  status?: number;
  listing_url?: string;
  method?: ExtractionMethod;
  /** Feeds seen on the way that were not the listing chosen. */
  feeds: string[];
  /** What robots.txt said, per site fetched. */
  robots: string[];
  tried: ProbeAttempt[];
  /** The catalog entry that reads this listing (absent when none was found). */
  config_entry?: Record<string, unknown>;
}

/** A finding before anything was read: `unreachable`, no entries, nothing tried. */
export function emptyFinding(input: string, key: string, company?: string): SourceFinding {
  return {
    input,
    key,
    ...(company ? { company } : {}),
    verdict: "unreachable",
    entries: 0,
    dated: 0,
    dated_pct: 0,
    sample: [],
    feeds: [],
    robots: [],
    tried: [],
  };
}

/** A listing is good with at least this many entries… */
export const MIN_GOOD_ENTRIES = 3;
/** …of which at least this share are dated. */
export const MIN_DATED_SHARE = 0.5;

/** The figures of a read listing. */
export function listingStats(entries: readonly RawEntry[]): ListingStats {
  const dated = entries.filter((e) => e.published_at);
  const newestFirst = [...entries].sort((a, b) => (b.published_at ?? "").localeCompare(a.published_at ?? ""));
  return {
    entries: entries.length,
    dated: dated.length,
    dated_pct: entries.length ? Math.round((dated.length / entries.length) * 100) : 0,
    ...(dated.length ? { newest: newestFirst[0]!.published_at! } : {}),
    sample: newestFirst
      .slice(0, 3)
      .map((e) => ({ title: e.title, url: e.url, published_at: e.published_at ?? null })),
  };
}

/** What a read's entries make of the attempt: its outcome, how many are dated and, for any but `listing`, why. */
export interface ListingJudgement {
  outcome: "listing" | "weak" | "not_a_listing";
  dated: number;
  detail?: string;
}

/**
 * `listing` when the entries make a good listing ({@link MIN_GOOD_ENTRIES}, most dated), else `weak` (some
 * entries) or `not_a_listing` (none), with the detail the report gives.
 */
export function judgeEntries(entries: readonly RawEntry[]): ListingJudgement {
  const count = entries.length;
  const dated = entries.filter((e) => e.published_at).length;
  if (count === 0) return { outcome: "not_a_listing", dated, detail: "no entries" };
  if (count >= MIN_GOOD_ENTRIES && dated / count >= MIN_DATED_SHARE) return { outcome: "listing", dated };
  return {
    outcome: "weak",
    dated,
    detail: `${count} entr${count === 1 ? "y" : "ies"}, ${dated} dated: too few or mostly undated`,
  };
}

/** What the catalog entry of a found listing is made of. */
export interface EntryDraft {
  key: string;
  company?: string;
  /** The company as `companies.yaml` knows it (the entry names it only then, so the config stays valid). */
  knownCompany?: boolean;
  actorType?: ActorType;
  homepage?: string;
  listingUrl: string;
  method: ExtractionMethod;
  /** Extra fields (a configured source's own: `skip_titles`, `selectors`, `date_order`…). */
  extra?: Record<string, unknown>;
}

/**
 * The catalog entry, in the catalog's format, that reads the listing: `kind: rss` for a feed, `kind: html`
 * otherwise (no selectors: the generic extractor reads it). Pasted under `sources:`, `vectora ingest` reads it.
 */
export function configEntryFor(draft: EntryDraft): Record<string, unknown> {
  const name = draft.company
    ? `${draft.company} ${draft.method === "feed" ? "news feed" : "news"}`
    : draft.key;
  return {
    key: draft.key,
    name,
    kind: draft.method === "feed" ? "rss" : "html",
    actor_type: draft.actorType ?? "press_corporate",
    ...(draft.company && draft.knownCompany ? { company: draft.company } : {}),
    ...(draft.homepage ? { homepage: draft.homepage } : {}),
    url: draft.listingUrl,
    ...draft.extra,
  };
}
