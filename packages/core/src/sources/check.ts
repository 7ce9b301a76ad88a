/**
 * Checking a catalog source the way the runs read it: its reader on its URL (robots.txt honoured, every
 * request under a deadline), reported like a discovery — status, method, entries, % dated, newest date. A
 * candidate that is only a homepage is discovered from it.
 */
import type { CatalogEntry, SourceDef } from "../config/schema.js";
import { readSource } from "../ingest/readers/index.js";
import { SourceReadError } from "../ingest/readers/types.js";
import type { HttpTransport } from "../ports/http-transport.js";
import { HttpTransportError } from "../ports/http-transport.js";
import type { Secrets } from "../ports/secrets.js";
import { adoptListing, applyListing, discoverSource } from "./discover.js";
import { emptyFinding, judgeEntries, type ProbeAttempt, type SourceFinding } from "./finding.js";
import { type PoliteFetcher, RobotsDisallowedError } from "./polite-fetcher.js";
import { probeCandidate } from "./probe.js";

export interface CheckOptions {
  fetcher: PoliteFetcher;
  secrets: Secrets;
  /** The date window API sources are asked for (`YYYY-MM-DD`, inclusive). */
  window: { from: string; to: string };
  /** For a candidate read from its homepage: candidates fetched at most. */
  maxTries?: number;
}

/**
 * Checks one catalog entry. A readable source is read by its own reader (its selectors, skip titles and date
 * order apply); a candidate without a kind is discovered from its homepage. Never throws for what a site does.
 */
export async function checkSource(entry: CatalogEntry, options: CheckOptions): Promise<SourceFinding> {
  if (entry.kind === undefined) {
    if (entry.homepage)
      return discoverSource(entry.homepage, {
        fetcher: options.fetcher,
        key: entry.key,
        input: entry.key,
        actorType: entry.actor_type,
        ...(entry.company ? { company: entry.company, knownCompany: true } : {}),
        ...(options.maxTries ? { maxTries: options.maxTries } : {}),
      });
    return {
      ...emptyFinding(entry.key, entry.key, entry.company),
      verdict: "no_listing",
      reason: `no homepage and no url: give its listing with \`vectora sources activate ${entry.key} --listing URL\``,
    };
  }
  return readConfigured(entry, options);
}

/** Reads a source with a kind through its reader, recording the HTTP statuses it met. */
async function readConfigured(source: SourceDef, options: CheckOptions): Promise<SourceFinding> {
  const finding = emptyFinding(source.key, source.key, source.company);
  if (source.homepage) finding.homepage = { url: source.homepage };
  const statuses: number[] = [];
  const polite = options.fetcher.asTransport();
  const transport: HttpTransport = {
    async request(request) {
      const response = await polite.request(request);
      statuses.push(response.status);
      return response;
    },
  };
  const kind = source.kind === "rss" ? "feed" : "page";
  const attempt: ProbeAttempt = { url: source.url, kind, why: "configured url", outcome: "failed" };
  finding.tried.push(attempt);
  try {
    const result = await readSource(source, { transport, secrets: options.secrets, window: options.window });
    const method = source.kind === "rss" ? "feed" : result.method;
    // An API source's answer is what it is: any number of entries, dated or not, is its listing.
    const isApi = source.kind === "pubmed" || source.kind === "clinicaltrials";
    const judged = judgeEntries(result.entries);
    Object.assign(attempt, {
      outcome: isApi ? "listing" : judged.outcome,
      entries: result.entries.length,
      dated: judged.dated,
      ...(statuses.length ? { status: statuses[statuses.length - 1] } : {}),
      ...(method ? { method } : {}),
    });
    if (!isApi && judged.detail) attempt.detail = judged.detail;
    if (attempt.outcome === "not_a_listing") {
      finding.verdict = "no_listing";
      finding.reason = `${source.url}: no entries`;
      finding.listing_url = source.url;
    } else applyListing(finding, attempt, result.entries);
  } catch (error) {
    const status = statuses[statuses.length - 1];
    if (status !== undefined) {
      attempt.status = status;
      finding.status = status;
    }
    if (error instanceof RobotsDisallowedError) {
      attempt.outcome = "robots";
      attempt.detail = error.rule;
      finding.verdict = "blocked";
      finding.reason = `robots.txt disallows ${source.url}: ${error.rule}`;
    } else {
      const reason =
        error instanceof SourceReadError
          ? error.reason
          : error instanceof HttpTransportError
            ? error.message
            : String(error);
      const answered = status !== undefined && status >= 200 && status < 300;
      attempt.outcome = answered ? "not_a_listing" : status !== undefined ? "http_error" : "failed";
      attempt.detail = reason;
      finding.verdict = answered ? "no_listing" : "unreachable";
      finding.reason = reason;
    }
  }
  finding.robots = options.fetcher.robotsNotesFor([source.url]);
  return finding;
}

/** What is known of the source whose listing URL is given by hand. */
export interface ListingUrlOptions {
  fetcher: PoliteFetcher;
  key: string;
  company?: string;
  knownCompany?: boolean;
  homepage?: string;
  actorType?: SourceDef["actor_type"];
}

/**
 * Checks a listing URL given by hand (`sources activate KEY --listing URL`): read as a feed or a page, whatever it
 * answers, and reported with the catalog entry that reads it.
 */
export async function checkListingUrl(url: string, options: ListingUrlOptions): Promise<SourceFinding> {
  const finding = emptyFinding(url, options.key, options.company);
  if (options.homepage) finding.homepage = { url: options.homepage };
  const result = await probeCandidate(options.fetcher, { url, kind: "page", score: 0, why: "--listing" });
  finding.tried.push(result.attempt);
  finding.robots = options.fetcher.robotsNotesFor([url]);
  const { outcome, status, detail } = result.attempt;
  if (status !== undefined) finding.status = status;
  if (outcome === "listing" || outcome === "weak") {
    adoptListing(finding, result, options);
    return finding;
  }
  finding.verdict =
    outcome === "robots" ? "blocked" : outcome === "not_a_listing" ? "no_listing" : "unreachable";
  finding.reason = `${url}: ${detail ?? outcome}`;
  return finding;
}
