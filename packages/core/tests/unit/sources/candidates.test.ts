/**
 * From a homepage to the candidates worth trying as its news listing: link labels in the site's language, path
 * words, the "Investors" menu, feeds, teaser sections and common paths — ranked.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { REPO_ROOT } from "@vectora/testing";
import { describe, expect, it } from "vitest";
import { readHomepage } from "../../../src/sources/candidates.js";
import { labelScore, pathScore } from "../../../src/sources/listing-words.js";

const site = (folder: string) =>
  readFile(join(REPO_ROOT, "fixtures/discover", folder, "homepage.html"), "utf8");

describe("labelScore", () => {
  it.each([
    ["Press releases", "press_releases", 10],
    ["Press Release Archive", "press_releases", 9],
    ["Communiqués de presse", "press_releases", 10],
    ["Pressemitteilungen", "press_releases", 10],
    ["Pressmeddelanden", "press_releases", 10],
    ["Comunicati stampa", "press_releases", 10],
    ["Sala de prensa", "media", 6],
    ["보도자료", "press_releases", 10],
    ["プレスリリース", "press_releases", 10],
    ["ニュースリリース", "press_releases", 10],
    ["新闻中心", "news", 8],
    ["News", "news", 8],
    ["Latest News", "news", 8],
    ["News & Events", "news", 8],
    ["Actualités", "news", 8],
    ["Aktuelles", "news", 8],
    ["Nyheder", "news", 8],
    ["Noticias", "news", 8],
    ["Notizie", "news", 8],
    ["뉴스", "news", 8],
    ["ニュース", "news", 8],
    ["Media", "media", 6],
    ["Newsroom", "news", 8],
    ["공지사항", "notices", 4],
    ["All news", "news", 7],
  ])("%s → %s (%i)", (label, strength, points) => {
    expect(labelScore(label)).toEqual({ strength, points });
  });

  it.each([
    "Media Kit",
    "Press Contacts",
    "Events",
    "Newsletter",
    "Careers",
    "Media library",
    "Subscribe to news alerts and updates about our pipeline",
  ])("%s is not a news list", (label) => {
    expect(labelScore(label)).toBeUndefined();
  });
});

describe("pathScore", () => {
  it.each([
    ["https://s.example/en/press-releases/", 3],
    ["https://s.example/investisseurs/communiques-de-presse/", 3],
    ["https://s.example/news-releases", 3],
    ["https://s.example/news/", 2],
    ["https://s.example/sv/nyheter", 2],
    ["https://s.example/bbs/board.php?bo_table=news", 2],
    ["https://s.example/media/", 1],
    ["https://s.example/news/2025/lumidepot-doses-first-patient/", 0],
    ["https://s.example/about/", 0],
  ])("%s → %i", (url, points) => {
    expect(pathScore(new URL(url))).toBe(points);
  });
});

describe("readHomepage", () => {
  it("ranks a WordPress site's News menu item over its site feed, and ignores the comments feed", async () => {
    const reading = readHomepage(await site("lumidepot-wordpress"), "https://www.lumidepot-pharma.com/");
    expect(reading.siteName).toBe("Lumidepot Pharma");
    expect(reading.language).toBe("en-us");
    expect(reading.candidates.slice(0, 2)).toEqual([
      {
        url: "https://www.lumidepot-pharma.com/news/",
        kind: "page",
        score: 11,
        why: 'link "News" in the menu',
      },
      {
        url: "https://www.lumidepot-pharma.com/feed/",
        kind: "feed",
        score: 7,
        why: 'feed <link rel="alternate"> "Lumidepot Pharma » Feed"',
      },
    ]);
    expect(reading.candidates.map((c) => c.url)).not.toContain(
      "https://www.lumidepot-pharma.com/comments/feed/",
    );
    // Article links of the teasers are not candidates; the common paths come last.
    expect(reading.candidates.some((c) => c.url.includes("lumidepot-doses"))).toBe(false);
    expect(reading.candidates.at(-1)?.why).toMatch(/^common path /);
  });

  it("follows Investors → Press Releases to the IR host, over a Media menu of kits and contacts", async () => {
    const reading = readHomepage(await site("sustainabio-investors"), "https://www.sustainabio.com/");
    expect(reading.candidates[0]).toEqual({
      url: "https://sustainabio.gcs-web.com/news-releases",
      kind: "page",
      score: 15,
      why: 'link "Press Releases" under "Investors" on sustainabio.gcs-web.com',
    });
    const urls = reading.candidates.map((c) => c.url);
    expect(urls).not.toContain("https://www.sustainabio.com/media/media-kit/");
    expect(urls).not.toContain("https://www.sustainabio.com/media/press-contacts/");
  });

  it("reads French and Korean menus", async () => {
    const french = readHomepage(await site("hexadepot-french"), "https://www.hexadepot.fr/");
    expect(french.candidates.slice(0, 2).map((c) => [c.url, c.why])).toEqual([
      [
        "https://www.hexadepot.fr/investisseurs/communiques-de-presse/",
        'link "Communiqués de presse" under "Investisseurs"',
      ],
      ["https://www.hexadepot.fr/actualites/", 'link "Actualités" in the navigation'],
    ]);
    const korean = readHomepage(await site("hanul-korean"), "https://www.hanulbio.co.kr/");
    expect(korean.candidates[0]).toMatchObject({
      url: "https://www.hanulbio.co.kr/pr/press_list.php",
      why: 'link "보도자료" in the menu',
    });
    expect(korean.siteName).toBe("Hanul Bio");
  });

  it("finds a feed that only a <link> in the head announces", async () => {
    const reading = readHomepage(await site("nordlyx-rss-only"), "https://www.nordlyx.se/");
    expect(reading.candidates[0]).toMatchObject({
      url: "https://feed.mfn.se/v1/feed/5e0c7a2b-nordlyx/rss",
      kind: "feed",
      score: 10,
    });
  });

  it("says a script shell has no links to follow, and offers only the common paths, under the language prefix first", async () => {
    const shell = readHomepage(await site("vireo-js-shell"), "https://www.vireo-science.io/");
    expect(shell.javascriptShell).toBe("the homepage is rendered by JavaScript (no links to follow)");
    expect(shell.candidates.every((c) => c.why.startsWith("common path"))).toBe(true);
    const prefixed = readHomepage("<html><body><p>Hello</p></body></html>", "https://www.tlcbio.com/en");
    expect(prefixed.candidates.slice(0, 2).map((c) => c.url)).toEqual([
      "https://www.tlcbio.com/en/feed/",
      "https://www.tlcbio.com/en/rss",
    ]);
    expect(prefixed.javascriptShell).toBeUndefined();
  });

  it("finds the section the latest-news teasers link into when no menu names it", () => {
    const html = `<html><body><main><h2>Highlights</h2>
      <div><a href="/en/nieuws/2025/first-patient-dosed">First patient dosed in the depot trial</a></div>
      <div><a href="/en/nieuws/2025/grant">A grant for the implant</a></div>
      <div><a href="/en/nieuws/2024/licence">A licence</a></div></main></body></html>`;
    const reading = readHomepage(html, "https://www.depot.example/en/");
    expect(reading.candidates[0]).toEqual({
      url: "https://www.depot.example/en/nieuws/",
      kind: "page",
      score: 7,
      why: "section of 3 news links on the homepage",
    });
  });
});
