/**
 * Discovery on the recorded company sites of fixtures/discover (replayed at the transport): each site's listing,
 * method, figures and catalog entry, robots.txt honoured (a disallowed path is never requested), a script shell
 * and a dead end reported with their reasons.
 */
import { join } from "node:path";
import { REPO_ROOT } from "@vectora/testing";
import { describe, expect, it } from "vitest";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import type { HttpRequest, HttpTransport } from "../../../src/ports/http-transport.js";
import { discoverSource } from "../../../src/sources/discover.js";
import type { SourceFinding } from "../../../src/sources/finding.js";
import { PoliteFetcher } from "../../../src/sources/polite-fetcher.js";

const SITES = join(REPO_ROOT, "fixtures/discover");

/** A replay transport that also keeps every request as asked (with its politeness interval). */
function recordedSites(): { transport: HttpTransport; asked: HttpRequest[] } {
  const replay = new ReplayHttpTransport(SITES);
  const asked: HttpRequest[] = [];
  return {
    asked,
    transport: {
      request(request) {
        asked.push(request);
        return replay.request(request);
      },
    },
  };
}

async function discover(url: string, options: { company?: string; knownCompany?: boolean } = {}) {
  const { transport, asked } = recordedSites();
  const fetcher = new PoliteFetcher(transport, { robotsToken: "VectoraInbox" });
  const finding = await discoverSource(url, { fetcher, ...options });
  return { finding, asked: asked.map((r) => r.url), requests: asked };
}

/** The recorded sites where discovery finds the listing: what each shows, and the finding's figures. */
const FOUND: {
  site: string;
  homepage: string;
  options?: { company?: string; knownCompany?: boolean };
  figures: Partial<SourceFinding>;
}[] = [
  {
    site: "WordPress: the News page, generic extraction, with the site feed reported",
    homepage: "https://www.lumidepot-pharma.com/",
    figures: {
      key: "press_corporate__lumidepot_pharma",
      company: "Lumidepot Pharma",
      status: 200,
      listing_url: "https://www.lumidepot-pharma.com/news/",
      method: "generic",
      entries: 4,
      dated: 4,
      dated_pct: 100,
      newest: "2025-12-11",
      feeds: ["https://www.lumidepot-pharma.com/feed/"],
      robots: ["https://www.lumidepot-pharma.com: robots.txt read (HTTP 200): 2 rules for *"],
    },
  },
  {
    site: "Investors → Press Releases on the IR host",
    homepage: "https://www.sustainabio.com/",
    figures: {
      listing_url: "https://sustainabio.gcs-web.com/news-releases",
      method: "generic",
      entries: 5,
      dated: 5,
      newest: "2025-12-15",
    },
  },
  {
    site: "French: Communiqués de presse under Investisseurs, dates in French",
    homepage: "https://www.hexadepot.fr/",
    figures: {
      key: "press_corporate__hexadepot",
      listing_url: "https://www.hexadepot.fr/investisseurs/communiques-de-presse/",
      entries: 4,
      dated: 4,
      newest: "2025-12-09",
    },
  },
  {
    site: "Korean: 보도자료 board, a key from the Latin name",
    homepage: "https://www.hanulbio.co.kr/",
    figures: {
      key: "press_corporate__hanul_bio",
      company: "Hanul Bio",
      listing_url: "https://www.hanulbio.co.kr/pr/press_list.php",
      entries: 5,
      dated: 5,
      newest: "2025-12-10",
    },
  },
  {
    site: "a feed announced only by a <link>: method feed",
    homepage: "https://www.nordlyx.se/",
    options: { company: "Nordlyx", knownCompany: true },
    figures: {
      method: "feed",
      entries: 4,
      dated: 4,
      newest: "2025-12-16",
    },
  },
];

describe("discoverSource on recorded homepages", () => {
  it.each(FOUND)("$site: the listing found, with its figures", async ({ homepage, options, figures }) => {
    const { finding } = await discover(homepage, options);
    expect(finding).toMatchObject({ verdict: "ok", ...figures });
  });

  it("WordPress: the sample's dates, the catalog entry, and the requests, which stop at the first good listing", async () => {
    const { finding, asked } = await discover("https://www.lumidepot-pharma.com/");
    expect(finding.sample.map((e) => e.published_at)).toEqual(["2025-12-11", "2025-12-04", "2025-11-20"]);
    expect(finding.config_entry).toEqual({
      key: "press_corporate__lumidepot_pharma",
      name: "Lumidepot Pharma news",
      kind: "html",
      actor_type: "press_corporate",
      homepage: "https://www.lumidepot-pharma.com/",
      url: "https://www.lumidepot-pharma.com/news/",
    });
    // robots.txt first, then the homepage, then the one candidate needed: it stops at the first good listing.
    expect(asked).toEqual([
      "https://www.lumidepot-pharma.com/robots.txt",
      "https://www.lumidepot-pharma.com/",
      "https://www.lumidepot-pharma.com/news/",
    ]);
  });

  it("Investors → Press Releases on the IR host: that host's robots.txt read, its Crawl-delay honoured", async () => {
    const { requests } = await discover("https://www.sustainabio.com/");
    expect(requests.map((r) => [r.url, r.minIntervalMs])).toEqual([
      ["https://www.sustainabio.com/robots.txt", 1000],
      ["https://www.sustainabio.com/", 1000],
      ["https://sustainabio.gcs-web.com/robots.txt", 1000],
      ["https://sustainabio.gcs-web.com/news-releases", 2000],
    ]);
  });

  it("French: a release of the sample, titled and dated in French", async () => {
    const { finding } = await discover("https://www.hexadepot.fr/");
    expect(finding.sample[1]).toEqual({
      title:
        "Hexadepot annonce un financement de 3,5 M€ de Bpifrance pour l'industrialisation de ses implants",
      url: "https://www.hexadepot.fr/investisseurs/communiques-de-presse/hexadepot-annonce-un-financement-bpifrance/",
      published_at: "2025-12-02",
    });
  });

  it("Korean: the pinned notice left out of the sample", async () => {
    const { finding } = await discover("https://www.hanulbio.co.kr/");
    expect(finding.sample[0]!.url).toBe("https://www.hanulbio.co.kr/pr/press_view.php?idx=58");
  });

  it("a feed announced only by a <link>: kind rss, a company from companies.yaml named", async () => {
    const { finding } = await discover("https://www.nordlyx.se/", { company: "Nordlyx", knownCompany: true });
    expect(finding.config_entry).toEqual({
      key: "press_corporate__nordlyx",
      name: "Nordlyx news feed",
      kind: "rss",
      actor_type: "press_corporate",
      company: "Nordlyx",
      homepage: "https://www.nordlyx.se/",
      url: "https://feed.mfn.se/v1/feed/5e0c7a2b-nordlyx/rss",
    });
  });

  it("robots.txt disallowing the news path: never requested, verdict blocked, the rule named", async () => {
    const { finding, asked } = await discover("https://www.corvida-tx.com/");
    expect(asked).not.toContain("https://www.corvida-tx.com/news/");
    expect(finding.verdict).toBe("blocked");
    expect(finding.tried[0]).toEqual({
      url: "https://www.corvida-tx.com/news/",
      kind: "page",
      why: 'link "News" in the navigation',
      outcome: "robots",
      detail: "Disallow: /news/ (for *)",
    });
    expect(finding.reason).toBe(
      "no listing among 5 candidates: robots.txt disallows /news/: Disallow: /news/ (for *); /feed/: HTTP 404 (+3 more)",
    );
    expect(finding.config_entry).toBeUndefined();
    // Four candidates fetched at most (the disallowed one cost nothing).
    expect(
      asked.filter((u) => !u.endsWith("/robots.txt") && u !== "https://www.corvida-tx.com/"),
    ).toHaveLength(4);
  });

  it("a script shell: no links to follow, the /news/ shell named, no listing", async () => {
    const { finding } = await discover("https://www.vireo-science.io/");
    expect(finding.verdict).toBe("no_listing");
    expect(finding.reason).toBe(
      "the homepage is rendered by JavaScript (no links to follow); no listing among 4 candidates: /news/: listing is rendered by JavaScript; /feed/: HTTP 404 (+2 more)",
    );
  });

  it("an unreachable homepage and a homepage robots.txt forbids are verdicts, not exceptions", async () => {
    const { finding } = await discover("https://www.nowhere-pharma.example/");
    expect(finding.verdict).toBe("unreachable");
    expect(finding.reason).toMatch(/^no recording for GET https:\/\/www\.nowhere-pharma\.example\//);
    const closed = new PoliteFetcher(
      {
        request: async (r) => ({
          status: r.url.endsWith("/robots.txt") ? 200 : 500,
          headers: {},
          body: "User-agent: *\nDisallow: /\n",
          url: r.url,
        }),
      },
      { robotsToken: "VectoraInbox" },
    );
    const blocked = await discoverSource("https://closed.example/", { fetcher: closed });
    expect(blocked).toMatchObject({
      verdict: "blocked",
      reason: "robots.txt disallows the homepage (Disallow: / (for *))",
    });
  });
});

describe("PoliteFetcher", () => {
  it("reads robots.txt once per site, even for concurrent requests", async () => {
    const { transport, asked } = recordedSites();
    const fetcher = new PoliteFetcher(transport, { robotsToken: "VectoraInbox" });
    await Promise.all([
      fetcher.get("https://www.lumidepot-pharma.com/", "text/html"),
      fetcher.get("https://www.lumidepot-pharma.com/news/", "text/html"),
    ]);
    expect(asked.filter((r) => r.url.endsWith("/robots.txt"))).toHaveLength(1);
  });

  it("gives up on a request past its deadline", async () => {
    const never: HttpTransport = {
      request: (r) =>
        r.url.endsWith("/robots.txt")
          ? Promise.resolve({ status: 404, headers: {}, body: "", url: r.url })
          : new Promise(() => {}),
    };
    const fetcher = new PoliteFetcher(never, { robotsToken: "VectoraInbox", deadlineMs: 50 });
    await expect(fetcher.get("https://slow.example/news/", "text/html")).rejects.toThrow(
      "timeout for GET https://slow.example/news/: no answer within the 50 ms deadline",
    );
  });

  it("treats a robots.txt that times out as disallowing the site", async () => {
    const hangs: HttpTransport = { request: () => new Promise(() => {}) };
    const fetcher = new PoliteFetcher(hangs, { robotsToken: "VectoraInbox", deadlineMs: 30 });
    expect(await fetcher.allowed("https://slow.example/news/")).toEqual({
      allowed: false,
      rule: "robots.txt unreachable (timeout: no answer within the 30 ms deadline): treated as disallowing everything",
    });
  });
});
