/**
 * The live HTTP adapter against a real HTTP server on 127.0.0.1: retries on 503/429 (Retry-After honoured),
 * timeouts, network errors, the User-Agent, and the per-host concurrency and spacing limits (the spacing on
 * virtual time too, where it is exact).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  classifyFetchError,
  DEFAULT_USER_AGENT,
  LiveHttpTransport,
  parseRetryAfter,
  withUserAgent,
} from "../../../src/adapters/live-http.js";
import { userAgentFor } from "../../../src/config/http-identity.js";
import { HttpTransportError } from "../../../src/ports/http-transport.js";
import { virtualTime } from "../../support/virtual-time.js";

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;
let server: Server;
let base: string;
let handler: Handler;
let hits: { url: string; ua: string | undefined; at: number }[] = [];
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push({ url: req.url ?? "", ua: req.headers["user-agent"], at: Date.now() });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    handler(req, res, hits.length);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = [];
  maxInFlight = 0;
});

/** Sleeps recorded, not slept, so backoff figures can be checked without waiting. */
function recordedSleeps() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe("LiveHttpTransport", () => {
  it("retries a 503 with full-jitter backoff and returns the 200, sending its User-Agent", async () => {
    handler = (_req, res, hit) => {
      res.writeHead(hit === 1 ? 503 : 200, { "content-type": "text/plain" });
      res.end(hit === 1 ? "busy" : "ok");
    };
    const { sleeps, sleep } = recordedSleeps();
    const transport = new LiveHttpTransport({ sleep, random: () => 0.5, baseDelayMs: 400 });
    const response = await transport.request({ method: "GET", url: `${base}/page` });
    expect(response).toMatchObject({ status: 200, body: "ok", url: `${base}/page` });
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(hits).toHaveLength(2);
    expect(hits[0]?.ua).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^VectoraInbox\/\d+\.\d+\.\d+ \(\+/);
    expect(sleeps).toEqual([200]); // random 0.5 × min(max, 400 × 2^0)
  });

  it("sends the catalog's User-Agent and contact when wrapped by withUserAgent", async () => {
    handler = (_req, res) => res.writeHead(200).end("ok");
    const ua = userAgentFor({
      user_agent: "VectoraInbox/0.1.0",
      contact: "mailto:ops@vectora.example",
    }).header;
    await withUserAgent(new LiveHttpTransport(), ua).request({ method: "GET", url: `${base}/page` });
    expect(hits[0]?.ua).toBe("VectoraInbox/0.1.0 (+mailto:ops@vectora.example)");
  });

  it("honours Retry-After on a 429", async () => {
    handler = (_req, res, hit) => {
      if (hit === 1) res.writeHead(429, { "retry-after": "2" }).end("slow down");
      else res.writeHead(200).end("ok");
    };
    const { sleeps, sleep } = recordedSleeps();
    const response = await new LiveHttpTransport({ sleep, random: () => 0.99 }).request({
      method: "GET",
      url: `${base}/api`,
    });
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([2000]);
  });

  it("gives up after maxAttempts and returns the last 5xx as a response", async () => {
    handler = (_req, res) => res.writeHead(500).end("broken");
    const { sleeps, sleep } = recordedSleeps();
    const response = await new LiveHttpTransport({
      sleep,
      random: () => 1,
      maxAttempts: 3,
      baseDelayMs: 100,
      maxDelayMs: 150,
    }).request({
      method: "GET",
      url: `${base}/down`,
    });
    expect(response.status).toBe(500);
    expect(hits).toHaveLength(3);
    expect(sleeps).toEqual([100, 150]); // exponential, capped
  });

  it("does not wait for a Retry-After longer than its limit", async () => {
    handler = (_req, res) => res.writeHead(503, { "retry-after": "3600" }).end();
    const { sleeps, sleep } = recordedSleeps();
    const response = await new LiveHttpTransport({ sleep, maxRetryAfterMs: 30_000 }).request({
      method: "GET",
      url: `${base}/x`,
    });
    expect(response.status).toBe(503);
    expect(hits).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("does not retry a 404", async () => {
    handler = (_req, res) => res.writeHead(404).end("nope");
    const response = await new LiveHttpTransport({ sleep: async () => {} }).request({
      method: "GET",
      url: `${base}/missing`,
    });
    expect(response.status).toBe(404);
    expect(hits).toHaveLength(1);
  });

  it("times out a hanging server with a timeout error naming the URL", async () => {
    handler = () => {
      /* never answers */
    };
    const transport = new LiveHttpTransport({ timeoutMs: 150, sleep: async () => {} });
    const error = await transport
      .request({ method: "GET", url: `${base}/hang?api_key=SECRET` })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    expect((error as HttpTransportError).kind).toBe("timeout");
    expect((error as Error).message).toBe(`timeout for GET ${base}/hang: no complete response within 150 ms`);
    // Logged whole (util.inspect, as Lambda does for unhandled errors), the error still carries no key.
    expect(inspect(error)).not.toContain("SECRET");
    expect(JSON.stringify(error)).not.toContain("SECRET");
    expect(hits).toHaveLength(1); // timeouts are not retried by default
  });

  it("retries network errors, then fails with kind network", async () => {
    handler = (req) => req.socket.destroy();
    const { sleeps, sleep } = recordedSleeps();
    const error = await new LiveHttpTransport({ sleep, maxAttempts: 2 })
      .request({ method: "GET", url: `${base}/reset` })
      .catch((e: unknown) => e);
    expect((error as HttpTransportError).kind).toBe("network");
    expect(hits).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it("limits concurrent requests per host", async () => {
    handler = (_req, res) => setTimeout(() => res.writeHead(200).end("ok"), 40);
    const transport = new LiveHttpTransport({ maxConcurrentPerHost: 2 });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => transport.request({ method: "GET", url: `${base}/c${i}` })),
    );
    expect(hits).toHaveLength(6);
    expect(maxInFlight).toBe(2);
  });

  it("spaces request starts per host by the larger of its setting and the request's minIntervalMs", async () => {
    // On virtual time: the starts are exact, whatever the machine's load (the wall clock made this test flaky).
    const time = virtualTime();
    const starts: { host: string; at: number }[] = [];
    const transport = new LiveHttpTransport({
      maxConcurrentPerHost: 4,
      minIntervalMsByHost: { "polite.test": 90, "quick.test": 30 },
      now: time.now,
      sleep: time.sleep,
      fetch: async (url) => {
        starts.push({ host: new URL(String(url)).host, at: time.now() });
        return new Response("ok");
      },
    });
    const burst = (host: string, minIntervalMs?: number) =>
      Array.from({ length: 4 }, (_, i) =>
        transport.request({
          method: "GET",
          url: `https://${host}/r${i}`,
          ...(minIntervalMs ? { minIntervalMs } : {}),
        }),
      );
    await time.run(
      Promise.all([...burst("polite.test", 60), ...burst("quick.test", 60), ...burst("free.test")]),
    );
    const startsOf = (host: string) => starts.filter((s) => s.host === host).map((s) => s.at);
    expect(startsOf("polite.test")).toEqual([0, 90, 180, 270]); // the host's 90 over the request's 60
    expect(startsOf("quick.test")).toEqual([0, 60, 120, 180]); // the request's 60 over the host's 30
    expect(startsOf("free.test")).toEqual([0, 0, 0, 0]); // hosts are spaced independently
  });

  it("spaces the requests it sends to the real server, by the request's minIntervalMs", async () => {
    handler = (_req, res) => res.writeHead(200).end("ok");
    const time = virtualTime();
    const sent: number[] = [];
    const transport = new LiveHttpTransport({
      maxConcurrentPerHost: 4,
      now: time.now,
      sleep: time.sleep,
      fetch: (url, init) => {
        sent.push(time.now());
        return fetch(url, init);
      },
    });
    const responses = await time.run(
      Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          transport.request({ method: "GET", url: `${base}/r${i}`, minIntervalMs: 60 }),
        ),
      ),
    );
    expect(responses.map((r) => r.body)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(sent).toEqual([0, 60, 120, 180]);
    expect(hits.map((h) => h.url).sort()).toEqual(["/r0", "/r1", "/r2", "/r3"]); // (arrival order is the network's)
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, ignores junk", () => {
    expect(parseRetryAfter("5", 0)).toBe(5000);
    expect(parseRetryAfter("Wed, 17 Dec 2025 10:00:10 GMT", Date.parse("2025-12-17T10:00:00Z"))).toBe(10_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });
});

describe("classifyFetchError", () => {
  /** What undici's fetch throws: a TypeError "fetch failed" whose cause carries the system or TLS error. */
  const fetchFailed = (cause: { code: string; message: string }) =>
    Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error(cause.message), { code: cause.code }),
    });

  it("recognises broken certificate chains as tls (not retried)", async () => {
    const error = classifyFetchError(
      fetchFailed({
        code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        message: "unable to verify the first certificate",
      }),
      "https://www.peptron.co.kr/eng/pr/news.php",
      15_000,
    );
    expect(error.kind).toBe("tls");
    expect(error.message).toBe(
      "tls for GET https://www.peptron.co.kr/eng/pr/news.php: unable to verify the first certificate",
    );
    let calls = 0;
    const transport = new LiveHttpTransport({
      sleep: async () => {},
      fetch: async () => {
        calls++;
        throw fetchFailed({ code: "CERT_HAS_EXPIRED", message: "certificate has expired" });
      },
    });
    await expect(transport.request({ method: "GET", url: "https://expired.test/" })).rejects.toMatchObject({
      kind: "tls",
    });
    expect(calls).toBe(1);
  });

  it("reports other system errors as network with their code", () => {
    const error = classifyFetchError(
      fetchFailed({ code: "ENOTFOUND", message: "getaddrinfo ENOTFOUND nowhere.test" }),
      "https://nowhere.test/",
      1000,
    );
    expect(error.kind).toBe("network");
    expect(error.message).toBe(
      "network for GET https://nowhere.test/: ENOTFOUND: getaddrinfo ENOTFOUND nowhere.test",
    );
  });
});

describe("LiveHttpTransport: size cap and abort", () => {
  /** Streams `total` bytes in 64 KB chunks without a content-length, counting what it managed to send. */
  function streaming(total: number, sent: { bytes: number; closed: boolean }): Handler {
    return (_req, res) => {
      res.writeHead(200, { "content-type": "application/rss+xml" });
      const chunk = Buffer.alloc(64 * 1024, "a");
      const pump = () => {
        while (sent.bytes < total) {
          sent.bytes += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.on("close", () => {
        sent.closed = true;
      });
      pump();
    };
  }

  it("aborts a download as soon as it passes maxBytes (no content-length), naming the cap", async () => {
    const sent = { bytes: 0, closed: false };
    handler = streaming(50 * 1024 * 1024, sent);
    const error = await new LiveHttpTransport()
      .request({ method: "GET", url: `${base}/huge.xml`, maxBytes: 1024 * 1024 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpTransportError);
    expect(error).toMatchObject({ kind: "too_large", detail: "response over 1 MB" });
    expect((error as Error).message).toBe(`response over 1 MB from ${base}/huge.xml`);
    await new Promise((r) => setTimeout(r, 50));
    // The server was cut off long before the 50 MB: the body was never read whole.
    expect(sent.closed).toBe(true);
    expect(sent.bytes).toBeLessThan(20 * 1024 * 1024);
    expect(hits).toHaveLength(1); // not retried
  });

  it("refuses a declared content-length over the cap before reading, and accepts a body at the cap", async () => {
    handler = (req, res) => {
      const size = req.url === "/big" ? 2048 : 1024;
      res.writeHead(200, { "content-length": String(size) });
      res.end(Buffer.alloc(size, "b"));
    };
    const transport = new LiveHttpTransport();
    await expect(
      transport.request({ method: "GET", url: `${base}/big`, maxBytes: 1024 }),
    ).rejects.toMatchObject({
      kind: "too_large",
      detail: "response over 1 KB",
    });
    const ok = await transport.request({ method: "GET", url: `${base}/fits`, maxBytes: 1024 });
    expect(ok.body).toHaveLength(1024);
  });

  it("aborts a request in flight when the caller's signal fires, as `aborted` (not a timeout)", async () => {
    handler = () => {}; // never answers
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort("the run's deadline passed"), 100);
    const error = await new LiveHttpTransport({ timeoutMs: 10_000 })
      .request({ method: "GET", url: `${base}/hang`, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "aborted", detail: "the run's deadline passed" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("aborts a request still waiting for its host's slot, which then goes to the next waiter", async () => {
    handler = (req, res) => {
      if (req.url === "/slow") setTimeout(() => res.writeHead(200).end("slow"), 300);
      else res.writeHead(200).end("quick");
    };
    const transport = new LiveHttpTransport({ maxConcurrentPerHost: 1 });
    const controller = new AbortController();
    const first = transport.request({ method: "GET", url: `${base}/slow` });
    const waiting = transport.request({ method: "GET", url: `${base}/never`, signal: controller.signal });
    const after = transport.request({ method: "GET", url: `${base}/after` });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ kind: "aborted", detail: "aborted by the caller" });
    expect((await first).body).toBe("slow");
    expect((await after).body).toBe("quick");
    expect(hits.map((h) => h.url)).toEqual(["/slow", "/after"]);
  });

  it("does not wait out a backoff once aborted", async () => {
    handler = (_req, res) => res.writeHead(503).end("busy");
    const controller = new AbortController();
    const transport = new LiveHttpTransport({ baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1 });
    const request = transport.request({ method: "GET", url: `${base}/busy`, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await expect(request).rejects.toMatchObject({ kind: "aborted" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("LiveHttpTransport: a host that keeps timing out", () => {
  it("fails the host's further requests at once after 2 timeouts in a row, then tries it again after the cooldown", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/hang")) return; // never answers
      res.writeHead(200).end("ok");
    };
    // The cooldown is read on a clock the test moves (the wall clock plus a jump): a loaded machine can neither
    // end it early nor make the test sleep through it. The 200 ms timeouts are real (they are AbortSignal's).
    let jumped = 0;
    const transport = new LiveHttpTransport({
      timeoutMs: 200,
      hostCooldownMs: 60_000,
      now: () => Date.now() + jumped,
    });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        transport.request({ method: "GET", url: `${base}/hang${n}` }).catch((e: HttpTransportError) => e),
      ),
    );
    // 2 slots: the first two wait out the timeout together, the three queued behind them are not even sent
    // (the server saw two requests, below), each failing at once with "not sent".
    expect(results.every((r) => r instanceof HttpTransportError && r.kind === "timeout")).toBe(true);
    const details = results.map((r) => (r as HttpTransportError).detail);
    expect(details.slice(0, 2)).toEqual([
      "no complete response within 200 ms",
      "no complete response within 200 ms",
    ]);
    for (const detail of details.slice(2))
      expect(detail).toMatch(
        /^not sent: 127\.0\.0\.1:\d+ is not answering \(\d timeouts? in a row(, 1 more request stalled)?\); skipped for 60 s$/,
      );
    expect(hits.map((h) => h.url)).toEqual(["/hang1", "/hang2"]);

    // Skipped while the cooldown runs, even for a URL that would answer; tried again after it.
    await expect(transport.request({ method: "GET", url: `${base}/ok` })).rejects.toMatchObject({
      kind: "timeout",
    });
    jumped += 60_001;
    expect((await transport.request({ method: "GET", url: `${base}/ok` })).body).toBe("ok");
  });

  it("keeps reading a site whose one feed hangs among healthy ones (answers reset the count); 0 turns skipping off", async () => {
    handler = (req, res) => {
      if (req.url?.startsWith("/hang")) return;
      setTimeout(() => res.writeHead(200).end("ok"), 20);
    };
    const transport = new LiveHttpTransport({ timeoutMs: 150 });
    const urls = ["/a", "/hang", "/b", "/c", "/d", "/e"].map((u) => `${base}${u}`);
    const results = await Promise.all(
      urls.map((url) => transport.request({ method: "GET", url }).catch((e) => e)),
    );
    expect(results.filter((r) => r instanceof HttpTransportError)).toHaveLength(1);
    const patient = new LiveHttpTransport({ timeoutMs: 100, hostTimeoutsBeforeSkip: 0 });
    for (const n of [1, 2, 3])
      await expect(patient.request({ method: "GET", url: `${base}/hang?n=${n}` })).rejects.toMatchObject({
        detail: "no complete response within 100 ms",
      });
  });
});
