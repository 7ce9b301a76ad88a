/**
 * Discovering a company's news listing from its homepage: read the homepage (robots.txt permitting), rank the
 * candidates it offers (`candidates.ts`), try the best few in order and stop at the first good listing; report
 * what was found, how it reads, and the catalog entry that reads it.
 */
import type { ActorType } from "../config/schema.js";
import type { RawEntry } from "../ingest/readers/types.js";
import { type HttpResponse, HttpTransportError } from "../ports/http-transport.js";
import { type ListingCandidate, readHomepage } from "./candidates.js";
import { keyNameOf } from "./companies.js";
import {
  configEntryFor,
  type EntryDraft,
  emptyFinding,
  listingStats,
  type ProbeAttempt,
  type SourceFinding,
} from "./finding.js";
import { type PoliteFetcher, RobotsDisallowedError } from "./polite-fetcher.js";
import { type ProbeResult, probeCandidate } from "./probe.js";

export interface DiscoverOptions {
  fetcher: PoliteFetcher;
  /** Candidates fetched at most (robots-forbidden ones cost no fetch and do not count). Default 4. */
  maxTries?: number;
  /** The company, when known (else read from the homepage: `og:site_name`, `<title>`). */
  company?: string;
  /** Whether `company` is a name `companies.yaml` lists (the config entry names it only then). */
  knownCompany?: boolean;
  /** The catalog key, when the source has one (else `press_corporate__<company>`). */
  key?: string;
  actorType?: ActorType;
  /** What the report calls the input (a catalog key); default the homepage URL. */
  input?: string;
}

const HOMEPAGE_ACCEPT = "text/html,application/xhtml+xml";

/**
 * Finds the news listing of the site at `homepage`. Never throws for what a site does: an unreachable homepage,
 * robots.txt, a JavaScript shell are verdicts of the finding.
 *
 * @example
 * ```ts
 * const fetcher = new PoliteFetcher(new ReplayHttpTransport("fixtures/discover"), { robotsToken: "VectoraInbox" });
 * const finding = await discoverSource("https://www.lumidepot-pharma.com/", { fetcher });
 * finding.listing_url; // "https://www.lumidepot-pharma.com/news/"
 * finding.config_entry; // { key: "press_corporate__lumidepot_pharma", kind: "html", url: … }
 * ```
 */
export async function discoverSource(homepage: string, options: DiscoverOptions): Promise<SourceFinding> {
  const { fetcher } = options;
  const maxTries = options.maxTries ?? 4;
  const finding = emptyFinding(options.input ?? homepage, options.key ?? "", options.company);
  finding.homepage = { url: homepage };
  const done = () => {
    finding.robots = fetcher.robotsNotesFor([homepage, ...finding.tried.map((t) => t.url)]);
    finding.key ||= `${options.actorType ?? "press_corporate"}__${keyNameOf(finding.company, homepage)}`;
    return finding;
  };

  let page: HttpResponse;
  try {
    page = await fetcher.get(homepage, HOMEPAGE_ACCEPT);
  } catch (error) {
    if (error instanceof RobotsDisallowedError) {
      finding.verdict = "blocked";
      finding.reason = `robots.txt disallows the homepage (${error.rule})`;
    } else finding.reason = error instanceof HttpTransportError ? error.message : String(error);
    return done();
  }
  finding.homepage = {
    url: homepage,
    status: page.status,
    ...(page.url !== homepage ? { final_url: page.url } : {}),
  };
  finding.status = page.status;
  if (page.status < 200 || page.status > 299) {
    finding.reason = `the homepage answered HTTP ${page.status}`;
    return done();
  }
  const pageUrl = page.url || homepage;
  const reading = readHomepage(page.body, pageUrl);
  finding.company ??= reading.siteName;
  const queue: ListingCandidate[] = [...reading.candidates];
  // The address given may itself be the listing (`…/media/press-releases/`): its answer is already here.
  if (new URL(pageUrl).pathname !== "/")
    queue.push({ url: pageUrl, kind: "page", score: 4.5, why: "the page given" });
  queue.sort((a, b) => b.score - a.score);

  let best: ProbeResult | undefined;
  let fetched = 0;
  const seen = new Set<string>();
  while (queue.length > 0 && fetched < maxTries) {
    const candidate = queue.shift()!;
    if (seen.has(candidate.url)) continue;
    seen.add(candidate.url);
    const known = candidate.url === pageUrl ? page : undefined;
    const result = await probeCandidate(fetcher, candidate, {}, known);
    finding.tried.push(result.attempt);
    if (result.attempt.outcome !== "robots" && !known) fetched++;
    if (result.attempt.outcome === "listing") {
      best = result;
      break;
    }
    if (
      result.attempt.outcome === "weak" &&
      (!best || (best.attempt.entries ?? 0) < (result.attempt.entries ?? 0))
    )
      best = result;
    // A news page that reads badly may offer its own feed: try it next.
    if (result.response && result.attempt.kind === "page" && result.attempt.outcome !== "http_error")
      for (const feed of readHomepage(result.response.body, result.response.url || candidate.url).candidates)
        if (feed.kind === "feed" && feed.why.startsWith("feed <link") && !seen.has(feed.url))
          queue.unshift({ ...feed, why: `${feed.why} on ${candidate.url}` });
  }
  finding.feeds = reading.candidates
    .filter((c) => c.kind === "feed" && !c.why.startsWith("common path") && c.url !== best?.attempt.url)
    .map((c) => c.url);
  done();
  conclude(finding, best, options, homepage);
  if (!best && reading.javascriptShell) finding.reason = `${reading.javascriptShell}; ${finding.reason}`;
  return finding;
}

/** Fills the finding from the best attempt (or says why there is none). */
function conclude(
  finding: SourceFinding,
  best: ProbeResult | undefined,
  options: DiscoverOptions,
  homepage: string,
): void {
  if (!best) {
    finding.verdict =
      finding.tried.some((t) => t.outcome === "robots") &&
      finding.tried.every(
        (t) => t.outcome === "robots" || t.outcome === "http_error" || t.outcome === "failed",
      )
        ? "blocked"
        : "no_listing";
    finding.reason = noListingReason(finding.tried);
    return;
  }
  adoptListing(finding, best, { ...options, homepage });
}

/** Sets the listing's figures on a finding: verdict, status, URL, method and stats. */
export function applyListing(
  finding: SourceFinding,
  attempt: ProbeAttempt,
  entries: readonly RawEntry[],
): void {
  finding.verdict = attempt.outcome === "listing" ? "ok" : "weak";
  if (attempt.outcome !== "listing") finding.reason = attempt.detail;
  if (attempt.status !== undefined) finding.status = attempt.status;
  finding.listing_url = attempt.url;
  if (attempt.method) finding.method = attempt.method;
  Object.assign(finding, listingStats(entries));
}

/**
 * Takes a probed listing as the finding's source: its figures ({@link applyListing}) and the catalog entry that
 * reads it, under the finding's key and company.
 */
export function adoptListing(
  finding: SourceFinding,
  listing: ProbeResult,
  known: Pick<EntryDraft, "knownCompany" | "actorType" | "homepage">,
): void {
  applyListing(finding, listing.attempt, listing.entries);
  finding.config_entry = configEntryFor({
    key: finding.key,
    ...(finding.company ? { company: finding.company } : {}),
    knownCompany: known.knownCompany ?? false,
    ...(known.actorType ? { actorType: known.actorType } : {}),
    ...(known.homepage ? { homepage: known.homepage } : {}),
    listingUrl: listing.attempt.url,
    method: listing.attempt.method ?? "generic",
  });
}

/** One line saying why no candidate was a listing: the most telling outcomes first. */
function noListingReason(tried: readonly ProbeAttempt[]): string {
  if (tried.length === 0) return "the homepage offers no link to news, and no common path was tried";
  const order: ProbeAttempt["outcome"][] = ["robots", "not_a_listing", "failed", "http_error"];
  const parts = order.flatMap((outcome) => {
    const of = tried.filter((t) => t.outcome === outcome);
    if (of.length === 0) return [];
    const first = of[0]!;
    const path = new URL(first.url).pathname;
    const more = of.length > 1 ? ` (+${of.length - 1} more)` : "";
    // The summary keeps the gist: "listing is rendered by JavaScript", without the evidence in parentheses.
    const detail =
      outcome === "not_a_listing"
        ? (first.detail ?? "").replace(/ \([^)]*\)/, "").replace(/: read the site's .*$/, "")
        : (first.detail ?? "");
    return [`${outcome === "robots" ? "robots.txt disallows " : ""}${path}: ${detail}${more}`];
  });
  return `no listing among ${tried.length} candidate${tried.length === 1 ? "" : "s"}: ${parts.join("; ")}`;
}
