/**
 * Trying one candidate URL: fetch it politely, read the answer as a feed (RSS/Atom, whatever was expected) or
 * as a listing page (the generic extractor), and judge what came out.
 */

import { parseGenericListing } from "../ingest/readers/html-generic.js";
import { parseFeed } from "../ingest/readers/rss.js";
import type { RawEntry } from "../ingest/readers/types.js";
import { SourceReadError } from "../ingest/readers/types.js";
import { type HttpResponse, HttpTransportError } from "../ports/http-transport.js";
import type { ListingCandidate } from "./candidates.js";
import { judgeEntries, type ProbeAttempt } from "./finding.js";
import { type PoliteFetcher, RobotsDisallowedError } from "./polite-fetcher.js";

/** What trying a candidate gave: the attempt as reported, the entries read, the answer. */
export interface ProbeResult {
  attempt: ProbeAttempt;
  entries: RawEntry[];
  response?: HttpResponse;
}

/** How listing pages are read (a configured source's own settings, when it has them). */
export interface ReadSettings {
  skipTitles?: readonly string[];
  dateOrder?: "dmy" | "mdy";
}

const ACCEPT = {
  feed: "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
  page: "text/html,application/xhtml+xml",
};

/** `true` when an answer is a feed: an XML content type, or a body that opens as RSS, RDF or Atom. */
export function looksLikeFeed(response: Pick<HttpResponse, "headers" | "body">): boolean {
  const type = response.headers["content-type"] ?? "";
  if (/(rss|atom)\+xml/.test(type)) return true;
  const start = response.body
    .replace(/^\uFEFF/, "")
    .trimStart()
    .slice(0, 400);
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<(rss|feed|rdf:RDF)\b/.test(start);
}

/**
 * Fetches a candidate (or reads the answer already had, `known`) and reads it. Never throws: every failure is
 * an outcome of the attempt.
 */
export async function probeCandidate(
  fetcher: PoliteFetcher,
  candidate: ListingCandidate,
  settings: ReadSettings = {},
  known?: HttpResponse,
): Promise<ProbeResult> {
  const base = { url: candidate.url, kind: candidate.kind, why: candidate.why };
  let response: HttpResponse;
  try {
    response = known ?? (await fetcher.get(candidate.url, ACCEPT[candidate.kind]));
  } catch (error) {
    if (error instanceof RobotsDisallowedError)
      return { attempt: { ...base, outcome: "robots", detail: error.rule }, entries: [] };
    const detail = error instanceof HttpTransportError ? error.message : String(error);
    return { attempt: { ...base, outcome: "failed", detail }, entries: [] };
  }
  const status = response.status;
  if (status < 200 || status > 299)
    return {
      attempt: { ...base, outcome: "http_error", status, detail: `HTTP ${status}` },
      entries: [],
      response,
    };
  const url = response.url || candidate.url;
  const feed = looksLikeFeed(response);
  try {
    const read = feed
      ? parseFeed(response.body, "discover", url, settings.skipTitles)
      : parseGenericListing(
          response.body,
          { key: "discover", skip_titles: [...(settings.skipTitles ?? [])], date_order: settings.dateOrder },
          url,
        );
    const { outcome, dated, detail } = judgeEntries(read.entries);
    const method = feed ? "feed" : "generic";
    const attempt: ProbeAttempt = { ...base, outcome, status, method, entries: read.entries.length, dated };
    if (detail) attempt.detail = detail;
    return { attempt, entries: read.entries, response };
  } catch (error) {
    const detail = error instanceof SourceReadError ? error.reason : (error as Error).message;
    return { attempt: { ...base, outcome: "not_a_listing", status, detail }, entries: [], response };
  }
}
