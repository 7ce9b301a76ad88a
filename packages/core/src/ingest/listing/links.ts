/**
 * Links of a listing page: the base they resolve against (`<base href>`), resolution of every relative form,
 * and how plausible a target is as a news entry (an article path of the same site, a PDF, a newswire).
 */
import { attr, type Document, descendants } from "./dom.js";
import { isPaginationUrl, isSocialOrLegalUrl } from "./furniture.js";

/**
 * The URL relative links resolve against: the document's first `<base href>` (itself resolved against the
 * page URL, as browsers do), else the page URL.
 */
export function documentBaseUrl(document: Document, pageUrl: string): string {
  const base = descendants(document, true).find((e) => e.tagName === "base" && attr(e, "href"));
  const href = base ? attr(base, "href")?.trim() : undefined;
  if (!href) return pageUrl;
  try {
    const resolved = new URL(href, pageUrl);
    return resolved.protocol === "http:" || resolved.protocol === "https:" ? resolved.toString() : pageUrl;
  } catch {
    return pageUrl;
  }
}

/**
 * `href` resolved against `base` (`news/x`, `/en/news/x`, `../x`, `//cdn.test/x.pdf`, `?idx=3`), without
 * its fragment. `undefined` for links that go nowhere new: empty, `#…`, `javascript:`, `mailto:`, `tel:`.
 */
export function resolveHref(href: string | undefined, base: string): URL | undefined {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.startsWith("#")) return undefined;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    url.hash = "";
    return url;
  } catch {
    return undefined;
  }
}

/** Second-level labels under which registrations happen (`co.uk`, `co.kr`, `com.au`, …). */
const SECOND_LEVEL = /^(co|com|ac|or|ne|go|org|net|gov|edu)$/;

/** The registrable part of a host (`www.nanexa.se` → `nanexa.se`, `ir.peptron.co.kr` → `peptron.co.kr`). */
export function siteOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, "").split(".");
  const keep = labels.length >= 3 && SECOND_LEVEL.test(labels[labels.length - 2]!) ? 3 : 2;
  return labels.slice(-keep).join(".");
}

/** Hosts that publish listed companies' releases for them (newswires, regulatory news services, IR platforms). */
const NEWSROOM_HOSTS =
  /(^|\.)(mfn\.se|cision\.com|prnewswire\.com|prnewswire\.co\.uk|globenewswire\.com|businesswire\.com|accesswire\.com|newswire\.ca|einpresswire\.com|q4cdn\.com|gcs-web\.com|investis\.com|eqs-news\.com|dgap\.de|newsweb\.oslobors\.no|live\.euronext\.com|presseportal\.de|newsroom\.\w+|sec\.gov|dart\.fss\.or\.kr|kind\.krx\.co\.kr|tdnet\.info|jpx\.co\.jp|hkexnews\.hk|asx\.com\.au|rns-pdf\.londonstockexchange\.com|londonstockexchange\.com)$/i;

/** `true` for a host that publishes listed companies' releases for them (a newswire, an IR platform). */
export function isNewsroomHost(hostname: string): boolean {
  return NEWSROOM_HOSTS.test(hostname);
}

/** What a link points at, for scoring a group of entries. */
export type LinkKind =
  | "self"
  | "pagination"
  | "root"
  | "social_or_legal"
  | "pdf"
  | "newswire"
  | "article"
  | "other";

/** Classifies a resolved link relative to the listing page it was found on. */
export function linkKind(url: URL, pageUrl: URL): LinkKind {
  const path = url.pathname;
  if (isSocialOrLegalUrl(url)) return "social_or_legal";
  if (url.href === pageUrl.href || (url.host === pageUrl.host && path === pageUrl.pathname && !url.search))
    return "self";
  if (url.host === pageUrl.host && isPaginationUrl(url, pageUrl)) return "pagination";
  if (/\.pdf$/i.test(path) || /[?&](format|type)=pdf\b/i.test(url.search)) return "pdf";
  if (NEWSROOM_HOSTS.test(url.hostname)) return "newswire";
  if ((path === "/" || path === "") && !url.search) return "root";
  if (siteOf(url.hostname) !== siteOf(pageUrl.hostname)) return "other";
  return looksLikeArticle(url) || isBelowPage(url, pageUrl) ? "article" : "other";
}

/** A page under the listing's own path (`/news/` → `/news/licence`): one of the listing's entries. */
function isBelowPage(url: URL, pageUrl: URL): boolean {
  const dir = pageUrl.pathname.replace(/[^/]*$/, "");
  return dir.length > 1 && url.pathname.startsWith(dir) && url.pathname.length > dir.length + 1;
}

/**
 * An article-like path: deep enough or slugged (`/news/2025/camurus-enters-…`, `/en/media/pr/123`), or a
 * board post (`view.php?idx=214`, `?no=12`, `?id=…`, `?seq=…`, `?wr_id=…`).
 */
function looksLikeArticle(url: URL): boolean {
  const segments = url.pathname.split("/").filter(Boolean);
  const last = segments[segments.length - 1] ?? "";
  if (
    /[?&](idx|id|no|seq|num|wr_id|article|articleid|newsid|news_id|nid|uid|bbsidx|board_seq|b_idx|post)=/i.test(
      url.search,
    )
  )
    return true;
  if ((last.match(/[-_]/g) ?? []).length >= 2) return true;
  if (segments.slice(0, -1).some((s) => NEWS_SECTION.test(s))) return true;
  if (/\d{3,}/.test(last)) return true;
  return segments.length >= 3;
}

/** Path segments that name a news section, in the languages of the field's newsrooms. */
const NEWS_SECTION =
  /^(news|newsroom|press|press-releases?|pressreleases?|media|pr|releases?|announcements?|notices?|blog|stories|updates|insights|ir|investors?|presse|pressemitteilungen|aktuelles|actualites|communiques?|nieuws|nyheter|pressmeddelanden|uutiset|tiedotteet|noticias|comunicados|notizie|comunicati|board|bbs)$/i;

/** How plausible a link kind is as a news entry's target (0–1). */
export const LINK_PLAUSIBILITY: Record<LinkKind, number> = {
  article: 1,
  pdf: 1,
  newswire: 1,
  other: 0.5,
  root: 0.05,
  self: 0,
  pagination: 0,
  social_or_legal: 0,
};

/**
 * A coarse pattern of an entry link (`site/first-path-segment`, or `pdf`), to tell whether two groups of
 * entries point into the same newsroom.
 */
export function linkPattern(url: URL): string {
  if (/\.pdf$/i.test(url.pathname)) return "pdf";
  const segments = url.pathname.split("/").filter(Boolean);
  // A language prefix (`/en/`, `/sv-se/`) says nothing about the section.
  const section = segments.find((s) => !/^[a-z]{2}([-_][a-z]{2})?$/i.test(s)) ?? "";
  return `${siteOf(url.hostname)}/${segments.length > 1 ? section : ""}`;
}
