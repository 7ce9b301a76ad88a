/** robots.txt as RFC 9309 reads it, and what an unreadable one means. */
import { describe, expect, it } from "vitest";
import { decide, groupFor, isAllowed, parseRobotsTxt, robotsPolicy } from "../../../src/sources/robots.js";
import { itMapsEach } from "../../support/tables.js";

const ROBOTS = `# a site's robots.txt
User-agent: Googlebot
Allow: /

User-agent: *
Disallow: /news/     # not for crawlers
Allow: /news/public/
Disallow: /*.pdf$
Disallow: /search
Crawl-delay: 3

User-agent: VectoraInbox
User-agent: OtherBot
Disallow: /private/
Allow: /private/press/

Sitemap: https://www.example.org/sitemap.xml
`;

describe("robots.txt", () => {
  const robots = parseRobotsTxt(ROBOTS);

  it("groups consecutive User-agent lines and reads rules and Crawl-delay", () => {
    expect(robots.groups.map((g) => g.agents)).toEqual([["googlebot"], ["*"], ["vectorainbox", "otherbot"]]);
    expect(robots.groups[1]).toEqual({
      agents: ["*"],
      rules: [
        { allow: false, path: "/news/" },
        { allow: true, path: "/news/public/" },
        { allow: false, path: "/*.pdf$" },
        { allow: false, path: "/search" },
      ],
      crawlDelaySeconds: 3,
    });
  });

  it("applies our own group (case-insensitively) instead of *", () => {
    const ours = groupFor(robots, "VectoraInbox");
    expect(ours?.agents).toEqual(["vectorainbox", "otherbot"]);
    expect(isAllowed(ours, "https://www.example.org/news/x").allowed).toBe(true);
    expect(isAllowed(ours, "https://www.example.org/private/x")).toEqual({
      allowed: false,
      rule: "Disallow: /private/ (for vectorainbox, otherbot)",
    });
    expect(isAllowed(ours, "https://www.example.org/private/press/2025").allowed).toBe(true);
  });

  describe("falls back to *, with the longest match deciding, wildcards and end anchors: path → allowed", () => {
    const star = groupFor(robots, "SomeCrawler");
    const allowed = (path: string) => isAllowed(star, `https://www.example.org${path}`).allowed;
    itMapsEach(allowed, [
      ["/news/", false],
      ["/news/2025/x", false],
      ["/news/public/index.html", true],
      ["/report.pdf", false],
      ["/report.pdf?download=1", true],
      ["/search?q=depot", false],
      ["/about/", true],
      ["/robots.txt", true],
    ]);
  });

  it("lets Allow win a tie of equal length, and treats an empty Disallow as no rule", () => {
    const tie = groupFor(parseRobotsTxt("User-agent: *\nDisallow: /a\nAllow: /a\n"), "x");
    expect(isAllowed(tie, "https://s.example/a").allowed).toBe(true);
    const open = groupFor(parseRobotsTxt("User-agent: *\nDisallow:\n"), "x");
    expect(open?.rules).toEqual([]);
    expect(isAllowed(open, "https://s.example/anything").allowed).toBe(true);
    expect(groupFor(parseRobotsTxt("Disallow: /\n"), "x")).toBeUndefined();
  });

  it("matches percent-encoded and non-ASCII paths alike", () => {
    const group = groupFor(parseRobotsTxt("User-agent: *\nDisallow: /보도자료/\n"), "x");
    expect(isAllowed(group, "https://s.example/%EB%B3%B4%EB%8F%84%EC%9E%90%EB%A3%8C/1").allowed).toBe(false);
  });
});

describe("when robots.txt cannot be read", () => {
  const url = "https://www.example.org/news/";
  it.each([
    [{ status: 404, body: "" }, true, "robots.txt answered HTTP 404: no rules"],
    [{ status: 403, body: "" }, true, "robots.txt answered HTTP 403: no rules"],
    [
      { status: 429, body: "" },
      false,
      "robots.txt answered HTTP 429: treated as disallowing everything (RFC 9309, as Google does)",
    ],
    [
      { status: 503, body: "" },
      false,
      "robots.txt answered HTTP 503: treated as disallowing everything (RFC 9309, as Google does)",
    ],
    [
      { failure: "timeout", detail: "no answer" },
      false,
      "robots.txt unreachable (timeout: no answer): treated as disallowing everything",
    ],
    [
      { failure: "tls", detail: "bad cert" },
      false,
      "robots.txt unreachable (tls: bad cert): treated as disallowing everything",
    ],
    [{ failure: "no_recording", detail: "x" }, true, "robots.txt not recorded (replay): allowed"],
  ] as const)("%j → allowed %s", (outcome, allowed, rule) => {
    expect(decide(robotsPolicy(outcome, "VectoraInbox"), url)).toEqual({ allowed, rule });
  });

  it("reads the rules of a 200", () => {
    const policy = robotsPolicy({ status: 200, body: "User-agent: *\nDisallow: /news/\n" }, "VectoraInbox");
    expect(decide(policy, url)).toEqual({ allowed: false, rule: "Disallow: /news/ (for *)" });
  });
});
