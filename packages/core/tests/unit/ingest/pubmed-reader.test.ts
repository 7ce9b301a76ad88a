/** The PubMed reader's requests: the window, the API key (sent, rate-raised, never shown) and error replies. */
import { describe, expect, it } from "vitest";
import { PubmedSource } from "../../../src/config/schema.js";
import { esearchUrl, PUBMED_INTERVAL_MS, pubmedReader } from "../../../src/ingest/readers/pubmed.js";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../../src/ports/http-transport.js";
import { EnvSecrets, NoSecrets, type Secrets } from "../../../src/ports/secrets.js";

const source = PubmedSource.parse({
  key: "pubmed__t",
  name: "PubMed",
  kind: "pubmed",
  actor_type: "database",
  term: "depot[tiab]",
  max_results: 5,
});
const window = { from: "2025-12-04", to: "2025-12-17" };
const EFETCH = `<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>123</PMID><Article>
  <Journal><JournalIssue><PubDate><Year>2025</Year><Month>Dec</Month><Day>09</Day></PubDate></JournalIssue><Title>J</Title></Journal>
  <ArticleTitle>A <sub>2</sub> depot.</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>`;

class ScriptedTransport implements HttpTransport {
  readonly requests: HttpRequest[] = [];
  constructor(private readonly answer: (url: URL) => Partial<HttpResponse>) {}
  async request(request: HttpRequest): Promise<HttpResponse> {
    this.requests.push(request);
    return { status: 200, headers: {}, body: "", url: request.url, ...this.answer(new URL(request.url)) };
  }
}

const happy = (url: URL) =>
  url.pathname.endsWith("esearch.fcgi")
    ? { body: JSON.stringify({ esearchresult: { count: "1", idlist: ["123"] } }) }
    : { body: EFETCH };

describe("pubmedReader", () => {
  it("asks for the run's window by publication date", () => {
    const url = new URL(esearchUrl(source, window));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      db: "pubmed",
      term: "depot[tiab]",
      datetype: "pdat",
      mindate: "2025/12/04",
      maxdate: "2025/12/17",
      retmax: "5",
      retmode: "json",
    });
  });

  it("sends the API key on every request and asks for the 10 req/s spacing", async () => {
    const transport = new ScriptedTransport(happy);
    const result = await pubmedReader.read(source, {
      transport,
      secrets: new EnvSecrets({ PUBMED_API_KEY: "k-123" }),
      window,
    });
    expect(transport.requests.map((r) => new URL(r.url).searchParams.get("api_key"))).toEqual([
      "k-123",
      "k-123",
    ]);
    expect(transport.requests.map((r) => r.minIntervalMs)).toEqual([
      PUBMED_INTERVAL_MS.withKey,
      PUBMED_INTERVAL_MS.withKey,
    ]);
    expect(new URL(transport.requests[1]!.url).searchParams.get("id")).toBe("123");
    expect(result.entries).toEqual([
      {
        title: "A 2 depot",
        url: "https://pubmed.ncbi.nlm.nih.gov/123/",
        published_at: "2025-12-09",
        content: "",
        extra: { pmid: "123", journal: "J", authors: [] },
      },
    ]);
  });

  it("works without a key at the 3 req/s spacing, and when the secret store fails", async () => {
    const transport = new ScriptedTransport(happy);
    await pubmedReader.read(source, { transport, secrets: new NoSecrets(), window });
    expect(
      transport.requests.every(
        (r) => !r.url.includes("api_key") && r.minIntervalMs === PUBMED_INTERVAL_MS.withoutKey,
      ),
    ).toBe(true);
    const failing: Secrets = { get: () => Promise.reject(new Error("AccessDeniedException: not allowed")) };
    const result = await pubmedReader.read(source, {
      transport: new ScriptedTransport(happy),
      secrets: failing,
      window,
    });
    expect(result.entries).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/keyless rate: AccessDeniedException/);
  });

  it("reports HTTP and esearch errors without ever showing the key", async () => {
    const secrets = new EnvSecrets({ PUBMED_API_KEY: "secret-key-value" });
    const throttled = new ScriptedTransport(() => ({
      status: 429,
      body: '{"error":"API rate limit exceeded"}',
    }));
    const error = await pubmedReader
      .read(source, { transport: throttled, secrets, window })
      .catch((e: Error) => e);
    expect(String(error)).toMatch(
      /pubmed__t: HTTP 429 from https:\/\/eutils\.ncbi\.nlm\.nih\.gov\/entrez\/eutils\/esearch\.fcgi\?/,
    );
    expect(String(error)).not.toContain("secret-key-value");
    const bad = new ScriptedTransport(() => ({
      body: JSON.stringify({ esearchresult: { ERROR: "Invalid query" } }),
    }));
    await expect(pubmedReader.read(source, { transport: bad, secrets, window })).rejects.toThrow(
      /esearch error: Invalid query/,
    );
    const garbage = new ScriptedTransport(() => ({ body: "<html>oops</html>" }));
    await expect(pubmedReader.read(source, { transport: garbage, secrets, window })).rejects.toThrow(
      /esearch reply is not the expected JSON/,
    );
  });
});
