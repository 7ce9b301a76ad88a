/**
 * The HTTP port. Source readers fetch through it so the same code runs against the network (live adapter),
 * recordings on disk (replay adapter) and test servers. Only GET/POST of text bodies: that is all ingest needs.
 */

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /**
   * The caller's politeness limit for this host, in milliseconds between request starts (PubMed: 334 ms without
   * an API key, 100 ms with one). Adapters that throttle take the larger of this and their own setting.
   */
  minIntervalMs?: number;
  /**
   * Aborts the request (waiting for a host slot, in flight, or between retries): it then rejects with an
   * {@link HttpTransportError} of kind `aborted`. Ingest passes the run's deadline signal.
   */
  signal?: AbortSignal;
  /**
   * Largest body accepted, in bytes. Adapters enforce it while reading (a live download is aborted as soon as it
   * is passed, so a 50 MB feed never sits in memory) and reject with kind `too_large`.
   */
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** Final URL after redirects. */
  url: string;
}

export interface HttpTransport {
  /**
   * Sends a request. Resolves with any HTTP status (a 500 after retries is a response, not an exception);
   * rejects with {@link HttpTransportError} when no response could be had (timeout, TLS, network).
   */
  request(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * Why a request produced no response: `aborted` when the caller's signal fired (a run's deadline), `too_large`
 * when the body passed the caller's `maxBytes`.
 */
export type HttpFailureKind = "timeout" | "tls" | "network" | "no_recording" | "aborted" | "too_large";

/** A request that got no HTTP response. The URL in the message never carries secrets (see {@link redactUrl}). */
export class HttpTransportError extends Error {
  /** The request URL, redacted too: an error object may be logged whole (Lambda prints unhandled errors). */
  readonly url: string;

  constructor(
    readonly kind: HttpFailureKind,
    url: string,
    /** What went wrong, without the `<kind> for GET <url>: ` prefix of the message (what a recording stores). */
    readonly detail: string,
  ) {
    super(
      kind === "too_large"
        ? `${detail} from ${redactUrl(url)}`
        : `${kind === "no_recording" ? "no recording" : kind} for GET ${redactUrl(url)}: ${detail}`,
    );
    this.name = "HttpTransportError";
    this.url = redactUrl(url);
  }
}

/** Query parameters that carry credentials; they never reach logs, reports or recordings. */
const SECRET_PARAMS = ["api_key", "apikey", "key", "token", "access_token"];

/** The URL with credential parameters removed (`api_key=…` gone); unparsable input is returned unchanged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let changed = false;
    for (const name of SECRET_PARAMS) {
      if (parsed.searchParams.has(name)) {
        parsed.searchParams.delete(name);
        changed = true;
      }
    }
    return changed ? parsed.toString() : url;
  } catch {
    return url;
  }
}

/** `5242880` → `5 MB`, `1500000` → `1.4 MB`, `2048` → `2 KB`: sizes as people read them (1 MB = 1,048,576 bytes). */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ["GB", 1024 ** 3],
    ["MB", 1024 ** 2],
    ["KB", 1024],
  ];
  for (const [unit, size] of units)
    if (bytes >= size) return `${Number((bytes / size).toFixed(1)).toString()} ${unit}`;
  return `${bytes} bytes`;
}

/** The detail of a `too_large` failure: `response over 5 MB`. */
export function tooLargeDetail(maxBytes: number): string {
  return `response over ${formatBytes(maxBytes)}`;
}
