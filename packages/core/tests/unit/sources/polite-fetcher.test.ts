/**
 * The polite fetcher over the real live transport against a server on 127.0.0.1: the User-Agent and robots.txt,
 * a hanging page aborted at the deadline (the connection closed, not left open), and the size cap.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveHttpTransport } from "../../../src/adapters/live-http.js";
import type { HttpTransport } from "../../../src/ports/http-transport.js";
import { PoliteFetcher } from "../../../src/sources/polite-fetcher.js";

let server: Server;
let base: string;
const seen: Array<{ url: string; ua: string | undefined }> = [];
/** Resolved when the server sees the hanging page's connection closed (the fetcher aborted it). */
let hangClosed: Promise<void>;
let onHangClosed: () => void;

beforeAll(async () => {
  hangClosed = new Promise<void>((resolve) => {
    onHangClosed = resolve;
  });
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", ua: req.headers["user-agent"] });
    if (req.url === "/robots.txt")
      return void res.writeHead(200).end("User-agent: VectoraInbox\nDisallow: /private/\n");
    if (req.url === "/hangs") {
      res.on("close", () => onHangClosed());
      return; // never answers
    }
    if (req.url === "/huge") return void res.writeHead(200).end("x".repeat(300_000));
    res.writeHead(200, { "content-type": "text/html" }).end("<html><body>ok</body></html>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("PoliteFetcher over the live transport", () => {
  // The deadline is short only where it is what the test is about (the hanging page): elsewhere a loaded machine
  // answering robots.txt in more than 300 ms must not fail a test of robots.txt or of the size cap.
  const live = () =>
    new LiveHttpTransport({
      userAgent: "VectoraInbox/0.1.0 (+mailto:ops@vectora.example)",
      maxAttempts: 1,
    });
  const fetcher = (deadlineMs = 30_000, transport: HttpTransport = live()) =>
    new PoliteFetcher(transport, {
      robotsToken: "VectoraInbox",
      minIntervalMs: 0,
      deadlineMs,
      maxBytes: 100_000,
    });

  it("asks robots.txt first, with our User-Agent, and honours our group", async () => {
    const f = fetcher();
    expect((await f.get(`${base}/news/`, "text/html")).status).toBe(200);
    await expect(f.get(`${base}/private/x`, "text/html")).rejects.toThrow(
      `robots.txt disallows ${base}/private/x: Disallow: /private/ (for vectorainbox)`,
    );
    expect(seen.slice(0, 2)).toEqual([
      { url: "/robots.txt", ua: "VectoraInbox/0.1.0 (+mailto:ops@vectora.example)" },
      { url: "/news/", ua: "VectoraInbox/0.1.0 (+mailto:ops@vectora.example)" },
    ]);
  });

  it("aborts a page that hangs at the deadline, closing the connection", async () => {
    const started = Date.now();
    // robots.txt (the first test's subject) is answered at once here, so the only thing racing the 300 ms
    // deadline is the hanging page, over the live transport.
    const transport = live();
    const robotsAtOnce: HttpTransport = {
      request: async (request) =>
        request.url.endsWith("/robots.txt")
          ? { status: 200, headers: {}, body: "User-agent: *\nAllow: /\n", url: request.url }
          : transport.request(request),
    };
    await expect(fetcher(300, robotsAtOnce).get(`${base}/hangs`, "text/html")).rejects.toThrow(
      `timeout for GET ${base}/hangs: no answer within the 300 ms deadline`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    // The server sees the connection closed: awaited, not slept on (the test's own timeout bounds it).
    await hangClosed;
  });

  it("refuses an answer over its size cap", async () => {
    await expect(fetcher().get(`${base}/huge`, "text/html")).rejects.toThrow(
      `response over 97.7 KB from ${base}/huge`,
    );
  });
});
