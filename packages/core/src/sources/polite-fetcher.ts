/**
 * Fetching other people's sites politely, over the {@link HttpTransport} port: robots.txt read once per site and
 * honoured for our User-Agent's product token (and `*`), at least `minIntervalMs` between two requests to one
 * host (the larger of ours and the site's `Crawl-delay`), a size cap, and a deadline on every request — the
 * transport's own timeout bounds one attempt, this bounds the whole request, retries included (its signal aborts
 * a live request; a transport that ignores it is raced).
 */

import { INGEST_DEFAULTS } from "../config/schema.js";
import { type HttpResponse, type HttpTransport, HttpTransportError } from "../ports/http-transport.js";
import { decide, type RobotsDecision, type RobotsPolicy, robotsPolicy } from "./robots.js";

export interface PoliteFetcherOptions {
  /** Product token robots.txt groups are matched on (`VectoraInbox`). */
  robotsToken: string;
  /** Minimum ms between two requests to one host. Default 1000. */
  minIntervalMs?: number;
  /** Longest a request may take, retries included, in ms. Default 30 000. */
  deadlineMs?: number;
  /** The longest `Crawl-delay` honoured, in ms (a site asking for minutes is read once, slowly). Default 10 000. */
  maxCrawlDelayMs?: number;
  /** Largest answer read, in bytes (a bigger one is a `too_large` failure). Default 5 MB, as ingest's. */
  maxBytes?: number;
}

/** A request robots.txt forbids: the URL and the rule (or the reason the whole site is off limits). */
export class RobotsDisallowedError extends Error {
  constructor(
    readonly url: string,
    readonly rule: string,
  ) {
    super(`robots.txt disallows ${url}: ${rule}`);
    this.name = "RobotsDisallowedError";
  }
}

/** A fetcher that asks robots.txt first, spaces its requests per host and never waits past its deadline. */
export class PoliteFetcher {
  private readonly policies = new Map<string, Promise<RobotsPolicy>>();
  /** What robots.txt said per origin (for the report). */
  readonly robotsNotes = new Map<string, string>();
  private readonly minIntervalMs: number;
  private readonly deadlineMs: number;
  private readonly maxCrawlDelayMs: number;
  private readonly maxBytes: number;

  constructor(
    readonly transport: HttpTransport,
    private readonly options: PoliteFetcherOptions,
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.maxCrawlDelayMs = options.maxCrawlDelayMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? INGEST_DEFAULTS.max_response_bytes;
  }

  /** The site's robots.txt policy, fetched once per origin (concurrent callers share the fetch). */
  policyFor(url: string): Promise<RobotsPolicy> {
    const origin = new URL(url).origin;
    let policy = this.policies.get(origin);
    if (!policy) {
      policy = this.fetchPolicy(origin);
      this.policies.set(origin, policy);
    }
    return policy;
  }

  private async fetchPolicy(origin: string): Promise<RobotsPolicy> {
    const url = `${origin}/robots.txt`;
    let policy: RobotsPolicy;
    try {
      const response = await this.send(url, "text/plain,*/*;q=0.1", this.minIntervalMs);
      policy = robotsPolicy(response, this.options.robotsToken);
    } catch (error) {
      const failure = error instanceof HttpTransportError ? error.kind : "network";
      const detail = error instanceof HttpTransportError ? error.detail : (error as Error).message;
      policy = robotsPolicy({ failure, detail }, this.options.robotsToken);
    }
    this.robotsNotes.set(
      origin,
      policy.kind === "rules"
        ? `robots.txt read (HTTP ${policy.status})${policy.group ? `: ${policy.group.rules.length} rule${policy.group.rules.length === 1 ? "" : "s"} for ${policy.group.agents.join(", ")}` : ": no group for us"}`
        : policy.reason,
    );
    return policy;
  }

  /** What robots.txt said on the sites of `urls` (those fetched so far), one line per site. */
  robotsNotesFor(urls: readonly string[]): string[] {
    const origins = new Set(urls.filter((u) => URL.canParse(u)).map((u) => new URL(u).origin));
    return [...this.robotsNotes]
      .filter(([origin]) => origins.has(origin))
      .map(([o, note]) => `${o}: ${note}`);
  }

  /** Whether robots.txt lets us fetch `url`, and by which rule. */
  async allowed(url: string): Promise<RobotsDecision> {
    return decide(await this.policyFor(url), url);
  }

  /**
   * GETs `url` if robots.txt allows it. Resolves any HTTP status; rejects with {@link RobotsDisallowedError}
   * when robots.txt forbids the URL, or the transport's {@link HttpTransportError} (a timeout past the deadline
   * included).
   */
  async get(url: string, accept: string): Promise<HttpResponse> {
    const policy = await this.policyFor(url);
    const decision = decide(policy, url);
    if (!decision.allowed) throw new RobotsDisallowedError(url, decision.rule ?? "disallowed");
    const crawlDelay =
      policy.kind === "rules" && policy.group?.crawlDelaySeconds !== undefined
        ? Math.min(this.maxCrawlDelayMs, policy.group.crawlDelaySeconds * 1000)
        : 0;
    return this.send(url, accept, Math.max(this.minIntervalMs, crawlDelay));
  }

  /** A transport whose every request is fetched politely (for the source readers `sources check` runs). */
  asTransport(): HttpTransport {
    return {
      request: async (request) => {
        if (request.method !== "GET") return this.withDeadline(this.transport.request(request), request.url);
        return this.get(request.url, request.headers?.["accept"] ?? "*/*");
      },
    };
  }

  private send(url: string, accept: string, minIntervalMs: number): Promise<HttpResponse> {
    // The signal aborts a live request at the deadline (waiting for its host slot, in flight or between retries);
    // the race answers for transports that do not watch it.
    return this.withDeadline(
      this.transport.request({
        method: "GET",
        url,
        headers: { accept },
        minIntervalMs,
        signal: AbortSignal.timeout(this.deadlineMs),
        maxBytes: this.maxBytes,
      }),
      url,
    );
  }

  private withDeadline<T>(promise: Promise<T>, url: string): Promise<T> {
    const late = () =>
      new HttpTransportError("timeout", url, `no answer within the ${this.deadlineMs} ms deadline`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(late()), this.deadlineMs);
    });
    // The transport aborted by our signal says "aborted": to the report it is the same missed deadline.
    const answered = promise.catch((error: unknown) => {
      throw error instanceof HttpTransportError && error.kind === "aborted" ? late() : error;
    });
    return Promise.race([answered, deadline]).finally(() => clearTimeout(timer));
  }
}
