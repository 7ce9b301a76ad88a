/** Recorded HTTP: replay by method + URL, faults, unknown URLs, and record mode (never storing API keys). */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  RecordingHttpTransport,
  ReplayHttpTransport,
  recordingSlug,
} from "../../../src/adapters/replay-http.js";
import {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
} from "../../../src/ports/http-transport.js";
import { testTempDir } from "../../integration/temp-dirs.js";

/** A fresh temp directory, removed after the test. */
async function tempDir(label: string): Promise<string> {
  return (await testTempDir(label)).path;
}

async function dirWith(files: Record<string, unknown>): Promise<string> {
  const dir = await tempDir("replay");
  for (const [name, content] of Object.entries(files))
    await writeFile(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

describe("ReplayHttpTransport", () => {
  it("answers inline and bodyFile recordings, matched by method + URL (api_key ignored)", async () => {
    const dir = await dirWith({
      "a.json": {
        request: { method: "GET", url: "https://a.test/news/" },
        response: { status: 200, headers: { "Content-Type": "text/html" }, bodyFile: "a.html" },
      },
      "a.html": "<html>A</html>",
      "b.json": {
        request: { method: "GET", url: "https://b.test/api?q=1" },
        response: { status: 500, body: "oops" },
      },
      "README.json": { note: "not a recording" },
    });
    const replay = new ReplayHttpTransport(dir);
    expect(await replay.request({ method: "GET", url: "https://a.test/news/" })).toEqual({
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<html>A</html>",
      url: "https://a.test/news/",
    });
    expect((await replay.request({ method: "GET", url: "https://b.test/api?q=1&api_key=abc" })).status).toBe(
      500,
    );
    const missing = await replay
      .request({ method: "GET", url: "https://c.test/feed" })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HttpTransportError);
    expect((missing as HttpTransportError).kind).toBe("no_recording");
    expect((missing as Error).message).toMatch(
      /^no recording for GET https:\/\/c\.test\/feed: nothing recorded in /,
    );
  });

  it("names the recording and its bodyFile when the body file is missing", async () => {
    const dir = await dirWith({
      "a.json": {
        request: { method: "GET", url: "https://a.test/news/" },
        response: { status: 200, bodyFile: "gone.html" },
      },
    });
    await expect(
      new ReplayHttpTransport(dir).request({ method: "GET", url: "https://a.test/news/" }),
    ).rejects.toThrow(
      `recording ${join(dir, "a.json")}: cannot read its bodyFile ${join(dir, "gone.html")}: `,
    );
  });

  it("replays faults as the live adapter's error kinds", async () => {
    const dir = await dirWith({
      "t.json": { request: { method: "GET", url: "https://slow.test/" }, fault: "timeout" },
      "s.json": {
        request: { method: "GET", url: "https://tls.test/" },
        fault: "tls",
        message: "unable to verify the first certificate",
      },
    });
    const replay = new ReplayHttpTransport(dir);
    await expect(replay.request({ method: "GET", url: "https://slow.test/" })).rejects.toMatchObject({
      kind: "timeout",
    });
    await expect(replay.request({ method: "GET", url: "https://tls.test/" })).rejects.toMatchObject({
      kind: "tls",
      message: "tls for GET https://tls.test/: unable to verify the first certificate",
    });
  });

  it("rejects invalid or conflicting recordings, naming the files", async () => {
    const invalid = await dirWith({
      "x.json": { request: { method: "GET", url: "https://x.test/" }, response: { status: 200 } },
    });
    await expect(
      new ReplayHttpTransport(invalid).request({ method: "GET", url: "https://x.test/" }),
    ).rejects.toThrow(/x\.json is invalid: response: give exactly one of body or bodyFile/);
    const twice = await dirWith({
      "1.json": { request: { method: "GET", url: "https://x.test/" }, response: { status: 200, body: "" } },
      "2.json": {
        request: { method: "GET", url: "https://x.test/?api_key=k" },
        response: { status: 200, body: "" },
      },
    });
    await expect(
      new ReplayHttpTransport(twice).request({ method: "GET", url: "https://x.test/" }),
    ).rejects.toThrow(/1\.json and .*2\.json both answer GET https:\/\/x\.test\//);
  });
});

describe("RecordingHttpTransport", () => {
  class Canned implements HttpTransport {
    async request(request: HttpRequest): Promise<HttpResponse> {
      if (request.url.includes("hang"))
        throw new HttpTransportError("timeout", request.url, "no complete response within 10 ms");
      if (request.url.includes("nxdomain"))
        throw new HttpTransportError("network", request.url, "getaddrinfo ENOTFOUND nxdomain.test");
      const big = request.url.includes("big");
      return {
        status: 200,
        headers: { "content-type": big ? "text/html" : "application/json", "set-cookie": "session=1" },
        body: big ? `<html>${"x".repeat(3000)}</html>` : '{"ok":true}',
        url: request.url,
      };
    }
  }

  it("saves responses and faults in the replay format, without api keys or cookies, and replays them", async () => {
    const dir = await tempDir("record");
    const recorder = new RecordingHttpTransport(new Canned(), dir);
    await recorder.request({
      method: "GET",
      url: "https://eutils.test/esearch.fcgi?term=x&api_key=SECRET123",
    });
    await recorder.request({ method: "GET", url: "https://www.corp.test/big/page" });
    await expect(recorder.request({ method: "GET", url: "https://corp.test/hang" })).rejects.toMatchObject({
      kind: "timeout",
    });

    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith(".json"))).toHaveLength(3);
    expect(files.some((f) => f.endsWith(".html"))).toBe(true);
    for (const file of files) expect(await readFile(join(dir, file), "utf8")).not.toContain("SECRET123");
    expect(files.join(" ")).not.toContain("SECRET123");
    const all = await Promise.all(
      files.filter((f) => f.endsWith(".json")).map(async (f) => readFile(join(dir, f), "utf8")),
    );
    expect(all.join("")).not.toContain("set-cookie");

    const replay = new ReplayHttpTransport(dir);
    expect(
      (await replay.request({ method: "GET", url: "https://eutils.test/esearch.fcgi?term=x&api_key=OTHER" }))
        .body,
    ).toBe('{"ok":true}');
    expect(
      (await replay.request({ method: "GET", url: "https://www.corp.test/big/page" })).body,
    ).toHaveLength(3013);
    await expect(replay.request({ method: "GET", url: "https://corp.test/hang" })).rejects.toMatchObject({
      kind: "timeout",
    });
  });

  it("records a fault's plain detail, so its replay reads exactly like the live error", async () => {
    const dir = await tempDir("record");
    const recorder = new RecordingHttpTransport(new Canned(), dir);
    const url = "https://nxdomain.test/news/";
    const live = await recorder.request({ method: "GET", url }).catch((e: unknown) => e);
    expect(live).toBeInstanceOf(HttpTransportError);
    expect((live as Error).message).toBe(
      "network for GET https://nxdomain.test/news/: getaddrinfo ENOTFOUND nxdomain.test",
    );
    const [file] = (await readdir(dir)).filter((f) => f.endsWith(".json"));
    expect(JSON.parse(await readFile(join(dir, file!), "utf8"))).toMatchObject({
      fault: "network",
      message: "getaddrinfo ENOTFOUND nxdomain.test",
    });
    const replayed = await new ReplayHttpTransport(dir)
      .request({ method: "GET", url })
      .catch((e: unknown) => e);
    expect(replayed).toMatchObject({ kind: "network", message: (live as Error).message });
  });

  it("replays a fault recorded with its whole message (older recordings) without doubling the prefix", async () => {
    const dir = await dirWith({
      "n.json": {
        request: { method: "GET", url: "https://nxdomain.test/" },
        fault: "network",
        message: "network for GET https://nxdomain.test/: getaddrinfo ENOTFOUND nxdomain.test",
      },
    });
    await expect(
      new ReplayHttpTransport(dir).request({ method: "GET", url: "https://nxdomain.test/" }),
    ).rejects.toThrow(/^network for GET https:\/\/nxdomain\.test\/: getaddrinfo ENOTFOUND nxdomain\.test$/);
  });

  it("derives readable slugs", () => {
    expect(recordingSlug("https://www.medincell.com/news/?page=2&api_key=k")).toBe(
      "medincell.com-news-page-2",
    );
  });
});

describe("ReplayHttpTransport: the caller's abort and size cap", () => {
  it("refuses an aborted request and a recorded body over maxBytes, as the live adapter does", async () => {
    const dir = await dirWith({
      "feed.json": {
        request: { method: "GET", url: "https://x.example/feed" },
        response: { status: 200, body: "é".repeat(600) },
      },
    });
    const replay = new ReplayHttpTransport(dir);
    const controller = new AbortController();
    controller.abort("the run's deadline passed");
    await expect(
      replay.request({ method: "GET", url: "https://x.example/feed", signal: controller.signal }),
    ).rejects.toMatchObject({ kind: "aborted", detail: "the run's deadline passed" });
    // 600 "é" are 1,200 bytes of UTF-8: over a 1 KB cap, within a 2 KB one.
    await expect(
      replay.request({ method: "GET", url: "https://x.example/feed", maxBytes: 1024 }),
    ).rejects.toMatchObject({
      kind: "too_large",
      message: "response over 1 KB from https://x.example/feed",
    });
    expect(
      (await replay.request({ method: "GET", url: "https://x.example/feed", maxBytes: 2048 })).body,
    ).toHaveLength(600);
  });

  it("never records the caller's abort or size cap as the site's fault", async () => {
    const dir = await tempDir("record");
    const failing: HttpTransport = {
      request: async (request: HttpRequest): Promise<HttpResponse> => {
        throw new HttpTransportError(
          request.url.endsWith("big") ? "too_large" : "aborted",
          request.url,
          "caller",
        );
      },
    };
    const recorder = new RecordingHttpTransport(failing, dir);
    await expect(recorder.request({ method: "GET", url: "https://x.example/big" })).rejects.toMatchObject({
      kind: "too_large",
    });
    await expect(recorder.request({ method: "GET", url: "https://x.example/slow" })).rejects.toMatchObject({
      kind: "aborted",
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
