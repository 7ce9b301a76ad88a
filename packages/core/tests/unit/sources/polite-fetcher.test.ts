/**
 * The polite fetcher over the real live transport against a server on 127.0.0.1: the User-Agent and robots.txt,
 * a hanging page aborted at the deadline (the connection closed, not left open), and the size cap.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LiveHttpTransport } from "../../../src/adapters/live-http.js";
import { PoliteFetcher } from "../../../src/sources/polite-fetcher.js";

let server: Server;
let base: string;
const seen: Array<{ url: string; ua: string | undefined }> = [];
let closedEarly = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", ua: req.headers["user-agent"] });
    if (req.url === "/robots.txt")
      return void res.writeHead(200).end("User-agent: VectoraInbox\nDisallow: /private/\n");
    if (req.url === "/hangs") {
      res.on("close", () => closedEarly++);
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
  const fetcher = () =>
    new PoliteFetcher(
      new LiveHttpTransport({
        userAgent: "VectoraInbox/0.1.0 (+mailto:ops@vectora.example)",
        maxAttempts: 1,
      }),
      {
        robotsToken: "VectoraInbox",
        minIntervalMs: 0,
        deadlineMs: 300,
        maxBytes: 100_000,
      },
    );

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
    await expect(fetcher().get(`${base}/hangs`, "text/html")).rejects.toThrow(
      `timeout for GET ${base}/hangs: no answer within the 300 ms deadline`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closedEarly).toBe(1);
  });

  it("refuses an answer over its size cap", async () => {
    await expect(fetcher().get(`${base}/huge`, "text/html")).rejects.toThrow(
      `response over 97.7 KB from ${base}/huge`,
    );
  });
});
