/**
 * From a company's homepage to the pages worth trying as its news listing, best first: the links its menus
 * name News, Press releases, Media… (in the site's language; under "Investors" too; on a newswire or IR host),
 * its feeds (`<link rel="alternate" type="application/rss+xml">`, RSS links), the section its latest-news
 * teasers live in, and the common paths (`/feed/`, `/rss`, `/news/`) as a last resort. Pure: no fetching.
 */
import {
  attr,
  descendants,
  type Element,
  isElement,
  parentElement,
  parseDocument,
  textOf,
} from "../ingest/listing/dom.js";
import { isSocialOrLegalUrl } from "../ingest/listing/furniture.js";
import { documentBaseUrl, isNewsroomHost, resolveHref, siteOf } from "../ingest/listing/links.js";
import { javascriptShellReason } from "../ingest/listing/page-checks.js";
import { INVESTORS_LABEL, labelScore, NOT_A_NEWS_FEED, normaliseLabel, pathScore } from "./listing-words.js";

/** A URL to try, what it should be, and why it is on the list. */
export interface ListingCandidate {
  url: string;
  /** What the page is expected to be: a feed (read as RSS/Atom) or a listing page. The answer decides. */
  kind: "feed" | "page";
  score: number;
  /** Why it is a candidate, for the report: `link "Press releases" (under "Investors")`, `common path /feed/`. */
  why: string;
}

/** What a homepage says about itself and where its news may be. */
export interface HomepageReading {
  candidates: ListingCandidate[];
  /** `<html lang>`, lower case (`fr`, `ko`, `en-us`), when given. */
  language?: string;
  /** The site's name: `og:site_name`, else the most name-like part of the `<title>`. */
  siteName?: string;
  /** Why the homepage has nothing to follow when it is an empty script shell (`page-checks.ts`). */
  javascriptShell?: string;
}

/** Files that are never a listing. */
const FILE = /\.(pdf|jpe?g|png|gif|svg|webp|zip|docx?|xlsx?|pptx?|mp4|mp3|ics)$/i;
/** Feed URLs written as links: `/feed/`, `/rss`, `…/rss.xml`, `….atom`. */
const FEED_PATH = /(\/feed\/?$|\/rss\/?$|\.rss$|\/rss\.xml$|\/atom\.xml$|\.atom$|\/feed\.xml$|[?&]feed=rss)/i;

/** Reads a homepage: its candidate listings (best first, one per URL), its language and its name. */
export function readHomepage(html: string, pageUrl: string): HomepageReading {
  const document = parseDocument(html);
  const base = documentBaseUrl(document, pageUrl);
  const page = new URL(pageUrl);
  const found = new Map<string, ListingCandidate>();
  const add = (candidate: ListingCandidate) => {
    const previous = found.get(candidate.url);
    if (!previous || previous.score < candidate.score) found.set(candidate.url, candidate);
  };
  const elements = descendants(document, true);

  for (const link of elements.filter((e) => e.tagName === "link")) {
    const rel = (attr(link, "rel") ?? "").toLowerCase().split(/\s+/);
    const type = (attr(link, "type") ?? "").toLowerCase();
    if (!rel.includes("alternate") || !/(rss|atom)\+xml|application\/xml|text\/xml/.test(type)) continue;
    const url = resolveHref(attr(link, "href"), base);
    const title = attr(link, "title") ?? "";
    if (!url || NOT_A_NEWS_FEED.test(`${title} ${url.pathname}`)) continue;
    const named =
      labelScore(title.replace(/\b(rss|atom|feed)\b/gi, " ")) ??
      labelScore(title.split(/[»|–-]/).pop() ?? "");
    add({
      url: url.href,
      kind: "feed",
      score: 7 + (named ? 3 : 0) + pathScore(url) / 2,
      why: `feed <link rel="alternate">${title ? ` "${title}"` : ""}`,
    });
  }

  const body = elements.find((e) => e.tagName === "body") ?? document;
  const anchors = descendants(body).filter((e) => e.tagName === "a");
  for (const a of anchors) {
    const url = resolveHref(attr(a, "href"), base);
    if (!url || isSocialOrLegalUrl(url) || FILE.test(url.pathname)) continue;
    if (url.href === page.href || (url.pathname === "/" && !url.search && url.host === page.host)) continue;
    const label = (textOf(a) || attr(a, "title") || attr(a, "aria-label") || "").trim();
    const sameSite = siteOf(url.hostname) === siteOf(page.hostname);
    const elsewhere = sameSite || isNewsroomHost(url.hostname) ? 0 : -2;
    if (FEED_PATH.test(`${url.pathname}${url.search}`) || /^(rss|atom|rss feed)$/i.test(label)) {
      if (!NOT_A_NEWS_FEED.test(`${label} ${url.href}`))
        add({
          url: url.href,
          kind: "feed",
          score: 6 + elsewhere,
          why: `feed link${label ? ` "${label}"` : ""}`,
        });
      continue;
    }
    const named = labelScore(label);
    const path = pathScore(url);
    if (!named && path < 2) continue;
    const menu = inMenu(a);
    const investors = named?.strength === "press_releases" ? investorsParent(a) : undefined;
    add({
      url: url.href,
      kind: "page",
      score: (named?.points ?? 0) + path + (menu ? 1 : 0) + (investors ? 1 : 0) + elsewhere,
      why:
        `link "${label || url.pathname}"` +
        (investors ? ` under "${investors}"` : menu ? ` in the ${menu}` : "") +
        (sameSite ? "" : ` on ${url.hostname}`),
    });
  }

  for (const section of teaserSections(anchors, base, page)) add(section);
  for (const guess of commonPaths(page)) if (!found.has(guess.url)) add(guess);

  const candidates = [...found.values()].sort((a, b) => b.score - a.score);
  const root = elements.find((e) => e.tagName === "html");
  const lang = root && attr(root, "lang");
  const siteName = siteNameOf(elements);
  const shell = anchors.length === 0 && isElement(body) ? javascriptShellReason(document, body) : undefined;
  return {
    candidates,
    ...(lang ? { language: lang.toLowerCase() } : {}),
    ...(siteName ? { siteName } : {}),
    ...(shell ? { javascriptShell: "the homepage is rendered by JavaScript (no links to follow)" } : {}),
  };
}

/** `navigation`, `header` or `menu` when the link sits in one (by tag, role, class or id), else `undefined`. */
function inMenu(element: Element): string | undefined {
  for (let e = parentElement(element); e; e = parentElement(e)) {
    if (e.tagName === "nav" || attr(e, "role") === "navigation") return "navigation";
    if (e.tagName === "header") return "header";
    if (e.tagName === "footer") return undefined;
    const names = `${attr(e, "class") ?? ""} ${attr(e, "id") ?? ""}`.toLowerCase();
    if (/\b(nav|navbar|menu|main-menu|gnb|lnb|megamenu)\b/.test(names)) return "menu";
  }
  return undefined;
}

/**
 * The label of an "Investors" menu the link sits under (`<li>Investors<ul><li><a>Press releases</a>`), or
 * `undefined`. A submenu's own parent item holds the label as its first link or text.
 */
function investorsParent(element: Element): string | undefined {
  let depth = 0;
  for (let e = parentElement(element); e && depth < 6; e = parentElement(e), depth++) {
    if (e.tagName !== "li") continue;
    const own = e.childNodes.find(
      (c) =>
        ("tagName" in c && ["a", "span", "button", "strong"].includes(c.tagName)) || c.nodeName === "#text",
    );
    const label = own ? textOf(own as Element) : "";
    if (INVESTORS_LABEL.test(normaliseLabel(label))) return label.trim();
  }
  return undefined;
}

/**
 * The sections a homepage's latest-news teasers link into: when two or more article links share a parent path
 * that names a news section (`/news/2025/x`, `/news/y` → `/news/`), that parent is a candidate.
 */
function teaserSections(anchors: readonly Element[], base: string, page: URL): ListingCandidate[] {
  const byParent = new Map<string, number>();
  for (const a of anchors) {
    const url = resolveHref(attr(a, "href"), base);
    if (!url || url.host !== page.host) continue;
    const segments = url.pathname.split("/").filter(Boolean);
    for (let n = segments.length - 1; n >= 1; n--) {
      const parent = new URL(`/${segments.slice(0, n).join("/")}/`, url);
      if (pathScore(parent) >= 2) {
        byParent.set(parent.href, (byParent.get(parent.href) ?? 0) + 1);
        break;
      }
    }
  }
  return [...byParent]
    .filter(([, count]) => count >= 2)
    .map(([url, count]) => ({
      url,
      kind: "page" as const,
      score: 5 + pathScore(new URL(url)),
      why: `section of ${count} news links on the homepage`,
    }));
}

/** The common places of a feed or a news list, under the homepage's language prefix too (`/en/news/`). */
function commonPaths(page: URL): ListingCandidate[] {
  const prefix = /^\/([a-z]{2}([-_][a-z]{2})?)(\/|$)/i.exec(page.pathname)?.[1];
  const roots = prefix ? [`/${prefix}`, ""] : [""];
  const guesses: Array<[string, ListingCandidate["kind"], number]> = [
    ["/feed/", "feed", 3],
    ["/rss", "feed", 2.5],
    ["/news/", "page", 2.4],
    ["/press-releases/", "page", 2.3],
    ["/newsroom/", "page", 2.2],
  ];
  return roots.flatMap((root, r) =>
    guesses.map(([path, kind, score]) => ({
      url: new URL(`${root}${path}`, page.origin).href,
      kind,
      score: score - r * 0.5,
      why: `common path ${root}${path}`,
    })),
  );
}

/** `og:site_name`, else the `<title>` part that reads most like a name ("Lumidepot – Home" → "Lumidepot"). */
function siteNameOf(elements: readonly Element[]): string | undefined {
  const og = elements.find((e) => e.tagName === "meta" && attr(e, "property") === "og:site_name");
  const fromOg = og ? attr(og, "content")?.trim() : undefined;
  if (fromOg) return fromOg;
  const title = elements.find((e) => e.tagName === "title");
  const parts = (title ? textOf(title) : "")
    .split(/\s+[|–—:·-]\s+|\s*[|–—·]\s*/)
    .map((p) => p.trim())
    .filter((p) => p && !/^(home|homepage|accueil|startseite|inicio|welcome|홈|ホーム|首页)$/i.test(p));
  // A part in Latin letters names the company in a key too ("한울바이오 | Hanul Bio" → "Hanul Bio").
  const latin = parts.filter((p) => /[A-Za-z]{2}/.test(p));
  return (latin.length ? latin : parts).sort((a, b) => a.length - b.length)[0];
}
