/**
 * The live HTTP adapter: Node's fetch with a per-request timeout, a clear User-Agent, bounded retries with
 * exponential backoff and full jitter (429, 5xx, network errors; Retry-After honoured), and per-host limits on
 * concurrent requests and on the interval between request starts. The host is `name:port`, so two servers of
 * one machine on two ports are two hosts. The caller's signal aborts a request wherever it is (waiting for its
 * host, in flight, backing off); the caller's `maxBytes` is enforced while the body streams in.
 */
import {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
} from "../ports/http-transport.js";
import { abortedError, tooLargeError } from "./request-limits.js";

export interface LiveHttpOptions {
  /** Sent with every request. Default `VectoraInbox/<version> (+contact)`. */
  userAgent?: string;
  /** Per attempt, covering headers and body. Default 15 000 ms. */
  timeoutMs?: number;
  /** Attempts per request, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff before retry n is `random() * min(maxDelayMs, baseDelayMs * 2^(n-1))` (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the response is returned as it is. Default 30 000 ms. */
  maxRetryAfterMs?: number;
  /**
   * Retry a request that timed out. Off by default: a host that hangs once usually hangs again, and each retry
   * costs a whole timeout of the run's (Lambda-bounded) time.
   */
  retryOnTimeout?: boolean;
  /** Requests in flight per host. Default 2. */
  maxConcurrentPerHost?: number;
  /**
   * After this many timeouts in a row from one host (no answer in between; a request of the host still in flight
   * past half the timeout counts as one), its further requests fail at once for
   * {@link LiveHttpOptions.hostCooldownMs} instead of each waiting out a whole timeout: ten feeds of one hung
   * site would otherwise hold its 2 slots for 5 × 15 s. One slow feed among a site's healthy ones is not enough
   * (its answers reset the count). Default 2; 0 turns it off.
   */
  hostTimeoutsBeforeSkip?: number;
  /** How long a host that keeps timing out is skipped before requests may try it again. Default 5 minutes. */
  hostCooldownMs?: number;
  /** Minimum ms between request starts, per host name (`eutils.ncbi.nlm.nih.gov: 334`). */
  minIntervalMsByHost?: Record<string, number>;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  fetch?: typeof fetch;
}

/** The User-Agent the live adapter sends unless told otherwise. */
export const DEFAULT_USER_AGENT = "VectoraInbox/0.1.0 (+vectora-inbox LAI newsletter ingest bot)";

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "EPROTO",
]);

/** Per-host gate: at most N requests in flight and a minimum spacing between request starts. */
class HostGate {
  /** Timeouts in a row (no answer in between), and until when the host is skipped. */
  timeoutsInARow = 0;
  skipUntil = 0;
  /** Start times of the host's requests in flight (several may share a time: a multiset by count). */
  private readonly started = new Map<number, number>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private nextStart = 0;

  constructor(
    private readonly maxConcurrent: number,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly now: () => number,
  ) {}

  /** Takes a slot (and waits out the spacing); rejects with `signal`'s reason if it aborts while waiting. */
  async acquire(minIntervalMs: number, signal?: AbortSignal): Promise<void> {
    // A released slot is handed straight to the next waiter, so a newcomer can never slip in between.
    if (this.active < this.maxConcurrent) this.active++;
    else await this.waitForSlot(signal);
    if (minIntervalMs > 0) {
      // Reserve the next start slot before sleeping so concurrent callers queue behind each other.
      const start = Math.max(this.now(), this.nextStart);
      this.nextStart = start + minIntervalMs;
      const wait = start - this.now();
      if (wait > 0) {
        try {
          await abortable(this.sleep(wait), signal);
        } catch (error) {
          this.release();
          throw error;
        }
      }
    }
  }

  private waitForSlot(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        // Leave the queue: the slot this waiter would have had goes to the next one.
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Runs `send` as a request of this host in flight since `startedAt` (see {@link HostGate.inFlightBefore}). */
  async inFlight<T>(startedAt: number, send: () => Promise<T>): Promise<T> {
    this.started.set(startedAt, (this.started.get(startedAt) ?? 0) + 1);
    try {
      return await send();
    } finally {
      const left = (this.started.get(startedAt) ?? 1) - 1;
      if (left > 0) this.started.set(startedAt, left);
      else this.started.delete(startedAt);
    }
  }

  /** How many of the host's requests in flight started before `time`. */
  inFlightBefore(time: number): number {
    let count = 0;
    for (const [at, n] of this.started) if (at < time) count += n;
    return count;
  }
}

/** An {@link HttpTransport} over the network. */
export class LiveHttpTransport implements HttpTransport {
  private readonly gates = new Map<string, HostGate>();
  private readonly options: Required<Omit<LiveHttpOptions, "minIntervalMsByHost">> & {
    minIntervalMsByHost: Record<string, number>;
  };

  constructor(options: LiveHttpOptions = {}) {
    this.options = {
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxAttempts: Math.max(1, options.maxAttempts ?? 3),
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 8_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      retryOnTimeout: options.retryOnTimeout ?? false,
      maxConcurrentPerHost: Math.max(1, options.maxConcurrentPerHost ?? 2),
      hostTimeoutsBeforeSkip: Math.max(0, options.hostTimeoutsBeforeSkip ?? 2),
      hostCooldownMs: options.hostCooldownMs ?? 5 * 60_000,
      minIntervalMsByHost: options.minIntervalMsByHost ?? {},
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      now: options.now ?? Date.now,
      fetch: options.fetch ?? globalThis.fetch,
    };
  }

  private gateFor(host: string): HostGate {
    let gate = this.gates.get(host);
    if (!gate) {
      gate = new HostGate(this.options.maxConcurrentPerHost, this.options.sleep, this.options.now);
      this.gates.set(host, gate);
    }
    return gate;
  }

  /** Full-jitter backoff before attempt `attempt + 1` (attempt counts from 1). */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.options.random() * ceiling);
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    const host = new URL(request.url).host;
    const gate = this.gateFor(host);
    const minInterval = Math.max(request.minIntervalMs ?? 0, this.options.minIntervalMsByHost[host] ?? 0);
    const { maxAttempts } = this.options;
    const { signal } = request;
    // Waiting for the host or between attempts ends, when the caller's signal fires, as this request's abort.
    const orAborted = (waiting: Promise<void>) =>
      waiting.catch(() => {
        throw abortedError(request);
      });
    const pause = (ms: number) => orAborted(abortable(this.options.sleep(ms), signal));
    for (let attempt = 1; ; attempt++) {
      await orAborted(gate.acquire(minInterval, signal));
      let outcome: HttpResponse | HttpTransportError;
      const startedAt = this.options.now();
      try {
        outcome =
          this.skipped(gate, host, request.url) ??
          (await gate.inFlight(startedAt, () => this.attempt(request)));
        this.noteOutcome(gate, outcome);
      } finally {
        gate.release();
      }
      const last = attempt >= maxAttempts;
      if (outcome instanceof HttpTransportError) {
        const retriable =
          outcome.kind === "network" || (outcome.kind === "timeout" && this.options.retryOnTimeout);
        if (!retriable || last) throw outcome;
        await pause(this.backoffMs(attempt));
        continue;
      }
      if (!(outcome.status === 429 || outcome.status >= 500) || last) return outcome;
      const retryAfter = parseRetryAfter(outcome.headers["retry-after"], this.options.now());
      if (retryAfter !== undefined && retryAfter > this.options.maxRetryAfterMs) return outcome;
      await pause(retryAfter ?? this.backoffMs(attempt));
    }
  }

  /** The fast failure of a host that keeps timing out (see {@link LiveHttpOptions.hostTimeoutsBeforeSkip}). */
  private skipped(gate: HostGate, host: string, url: string): HttpTransportError | undefined {
    const { hostTimeoutsBeforeSkip: limit, timeoutMs, hostCooldownMs } = this.options;
    if (limit === 0 || gate.timeoutsInARow === 0) return undefined;
    const now = this.options.now();
    const skip = (stalled: number) =>
      new HttpTransportError(
        "timeout",
        url,
        `not sent: ${host} is not answering (${gate.timeoutsInARow} timeout${gate.timeoutsInARow === 1 ? "" : "s"} in a row` +
          `${stalled ? `, ${stalled} more request${stalled === 1 ? "" : "s"} stalled` : ""}); skipped for ${Math.round(hostCooldownMs / 1000)} s`,
      );
    if (gate.timeoutsInARow >= limit) {
      if (now < gate.skipUntil) return skip(0);
      // The cooldown is over: this request tries the host again; the others wait for its answer's verdict.
      gate.skipUntil = now + hostCooldownMs;
      return undefined;
    }
    // Requests of this host in flight for over half the timeout are timeouts in the making: count them, or two
    // requests timing out together would let a third through between them.
    const stalled = gate.inFlightBefore(now - timeoutMs / 2);
    return gate.timeoutsInARow + stalled >= limit ? skip(stalled) : undefined;
  }

  /** Counts a host's timeouts in a row; any answer resets the count. */
  private noteOutcome(gate: HostGate, outcome: HttpResponse | HttpTransportError): void {
    if (!(outcome instanceof HttpTransportError)) {
      gate.timeoutsInARow = 0;
      return;
    }
    if (outcome.kind !== "timeout" || outcome.detail.startsWith("not sent:")) return;
    gate.timeoutsInARow++;
    if (gate.timeoutsInARow >= this.options.hostTimeoutsBeforeSkip)
      gate.skipUntil = this.options.now() + this.options.hostCooldownMs;
  }

  private async attempt(request: HttpRequest): Promise<HttpResponse | HttpTransportError> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    try {
      const response = await this.options.fetch(request.url, {
        method: request.method,
        headers: { "user-agent": this.options.userAgent, ...request.headers },
        redirect: "follow",
        signal,
      });
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      const body = await readBody(response, request.maxBytes);
      if (body === undefined) return tooLargeError(request.url, request.maxBytes!);
      return { status: response.status, headers, body, url: response.url || request.url };
    } catch (error) {
      // The caller's abort (the run's deadline) is not a timeout of the site: say which it was.
      if (request.signal?.aborted && !timeout.aborted) return abortedError(request);
      return classifyFetchError(error, request.url, this.options.timeoutMs);
    }
  }
}

/**
 * The body as UTF-8 text, read chunk by chunk so that no more than `maxBytes` (plus one chunk) is ever held:
 * `undefined` as soon as it is passed (the download is cancelled). A `content-length` already over the cap
 * cancels before the first byte.
 */
async function readBody(response: Response, maxBytes: number | undefined): Promise<string | undefined> {
  if (maxBytes === undefined || !response.body) return response.text();
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => {});
    return undefined;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself runs on, unobserved). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Maps what fetch throws to the three failure kinds the runner reports. */
export function classifyFetchError(error: unknown, url: string, timeoutMs: number): HttpTransportError {
  const err = error as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string; name?: string };
  };
  if (err?.name === "TimeoutError" || err?.cause?.name === "TimeoutError")
    return new HttpTransportError("timeout", url, `no complete response within ${timeoutMs} ms`);
  const code = err?.cause?.code;
  const detail = err?.cause?.message ?? err?.message ?? String(error);
  if ((code && TLS_CODES.has(code)) || /certificate|ssl|tls/i.test(detail))
    return new HttpTransportError("tls", url, detail);
  return new HttpTransportError("network", url, code ? `${code}: ${detail}` : detail);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * A transport that sends `userAgent` with every request (over the inner transport's own): the catalog's
 * `http:` identity, known only once the config is loaded, on a transport built before it (a Lambda's).
 */
export function withUserAgent(inner: HttpTransport, userAgent: string): HttpTransport {
  return {
    request: (request) =>
      inner.request({ ...request, headers: { ...request.headers, "user-agent": userAgent } }),
  };
}
