/**
 * Page furniture: the link texts, link targets and page regions that are never news entries — navigation,
 * pagination, "Read more", attachments, social and legal links, cookie banners, sidebars.
 */
import { BUILTIN_SKIP_TITLES } from "../readers/types.js";
import { attr, type Element, parentElement } from "./dom.js";

/** Whole link texts that are furniture, in the languages of the field's newsrooms (matched case-insensitively). */
const FURNITURE_TEXTS = [
  // reading on
  "read more",
  "read the full (story|release|article|press release)",
  "more",
  "more info(rmation)?",
  "continue( reading)?",
  "(learn|find out|see|view|show|load) more",
  "(view )?details",
  "full (story|release|article)",
  "lire la suite",
  "en savoir plus",
  "plus",
  "weiterlesen",
  "(mehr|mehr erfahren|weiter)",
  "läs mer",
  "les mer",
  "læs mere",
  "lue lisää",
  "lees meer",
  "leer más",
  "leggi (tutto|di più)",
  "더보기",
  "자세히 ?보기",
  "詳しく見る",
  "詳細",
  "查看更多",
  // attachments
  "download( the)?( (pdf|attachment|file|report|presentation|release|press release|document))?",
  "(view|open|read)( the)? (pdf|attachment|presentation|report|document)",
  "(pdf|attachment|presentation|document|file|xlsx?|docx?|pptx?)",
  // a file name ("Company PR 20251217 EN.pdf"): an attachment, never a release title
  ".*\\.(pdf|docx?|xlsx?|pptx?|zip)( \\(?\\d+([.,]\\d+)? ?(kb|mb)\\)?)?",
  "(pdf|docx?|xlsx?)? ?\\(?\\d+([.,]\\d+)? ?(kb|mb|ko|mo|kib|mib)\\)?",
  "(pdf|docx?|xlsx?) \\(?\\d+([.,]\\d+)? ?(kb|mb|ko|mo|kib|mib)\\)?",
  // pagination and navigation
  "next( page)?",
  "previous( page)?",
  "prev",
  "(older|newer|earlier|later) (posts|entries|news|releases|articles)",
  "first( page)?",
  "last( page)?",
  "back( to top| to list)?",
  "top",
  "page \\d+",
  "\\d{1,4}",
  "[«»‹›<>…←→|]+",
  "(\\W)*(next|prev(ious)?)(\\W)*",
  "suivant",
  "précédent",
  "zurück",
  "nästa",
  "föregående",
  "siguiente",
  "anterior",
  "다음",
  "이전",
  "목록",
  "次へ",
  "前へ",
  "一覧",
  "home",
  "(see|view|show) all( news| press releases| releases| articles)?",
  "all (news|press releases|releases)",
  "archive",
  "rss( feed)?",
  "subscribe",
  // sharing and utilities
  "share( this)?( on \\w+)?",
  "tweet",
  "print",
  "e-?mail",
  "facebook",
  "twitter",
  "x",
  "linkedin",
  "youtube",
  "instagram",
  "close",
  "(accept|reject|decline|allow)( all)?( cookies)?",
  "cookie (settings|preferences|policy)",
  "ok",
  "skip to (main )?content",
];
const FURNITURE = new RegExp(`^(?:${FURNITURE_TEXTS.join("|")})$`, "iu");

/** Texts of legal and utility links (whole text). */
const LEGAL =
  /^(privacy( policy| notice| statement)?|cookies?( policy| notice| settings)?|terms( of (use|service))?( and conditions)?|terms & conditions|legal( notice| information)?|imprint|impressum|disclaimer|accessibility|sitemap|site map|contact( us)?|login|log in|sign in|register|mentions légales|datenschutz(erklärung)?|integritetspolicy|개인정보처리방침|이용약관)$/iu;

/**
 * A predicate for link texts that are furniture: the built-in list above, the ingest readers' own built-in
 * skip titles, and the source's `skip_titles` (whole-title regular expressions).
 */
export function furnitureTextMatcher(skipTitles: readonly string[] = []): (text: string) => boolean {
  const extra = [...BUILTIN_SKIP_TITLES, ...skipTitles.map((p) => new RegExp(`^(?:${p})$`, "i"))];
  return (text) => {
    const t = text.trim().replace(/[\s:.·•>»›→]+$/u, "");
    if (!t) return true;
    return FURNITURE.test(t) || LEGAL.test(t) || extra.some((p) => p.test(t));
  };
}

/** Social networks and share endpoints: never news entries. */
const SOCIAL_HOSTS =
  /(^|\.)(facebook\.com|fb\.com|twitter\.com|x\.com|linkedin\.com|youtube\.com|youtu\.be|instagram\.com|xing\.com|pinterest\.com|tiktok\.com|t\.me|wa\.me|whatsapp\.com|weibo\.com|vk\.com|reddit\.com|threads\.net|bsky\.app|addthis\.com|sharethis\.com|glassdoor\.com|kakao\.com|band\.us|line\.me|blog\.naver\.com)$/i;
const SHARE_PATH = /\/(sharer|share|intent\/tweet|sharearticle|submit)(\.php)?\/?$/i;
const LEGAL_PATH =
  /\/(privacy([-_]policy)?|cookies?([-_](policy|settings))?|legal([-_]notice)?|terms([-_](of[-_]use|and[-_]conditions|of[-_]service))?|imprint|impressum|disclaimer|sitemap|accessibility|contact([-_]us)?|login|datenschutz)(\.\w+)?\/?$/i;

/** `true` for links to social networks, share endpoints, legal and utility pages. */
export function isSocialOrLegalUrl(url: URL): boolean {
  return SOCIAL_HOSTS.test(url.hostname) || SHARE_PATH.test(url.pathname) || LEGAL_PATH.test(url.pathname);
}

/** `true` for a link to another page of the same listing (`/news/page/2/`, `?page=2`, `?paged=3`, `?start=20`). */
export function isPaginationUrl(url: URL, pageUrl: URL): boolean {
  if (/\/page\/\d+\/?$/i.test(url.pathname)) return true;
  const pagingParam = [...url.searchParams.keys()].some((k) =>
    /^(page|paged|pg|p|start|offset|pageindex|pagenum|currentpage|cpage)$/i.test(k),
  );
  const samePath = url.pathname.replace(/\/+$/, "") === pageUrl.pathname.replace(/\/+$/, "");
  const onlyPaging = [...url.searchParams.keys()].every((k) =>
    /^(page|paged|pg|p|start|offset|pageindex|pagenum|currentpage|cpage|year|category|cat|lang|bbs_id|board|bo_table|code)$/i.test(
      k,
    ),
  );
  return pagingParam && samePath && onlyPaging;
}

// Not `form`: ASP.NET pages wrap the whole page in one.
const REGION_TAGS = new Set(["nav", "aside", "dialog"]);
const REGION_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "menu",
  "menubar",
  "dialog",
  "alertdialog",
  "search",
]);
const REGION_WORDS = new Set([
  "nav",
  // Korean sites: global, local and side navigation bars
  "gnb",
  "lnb",
  "snb",
  "navbar",
  "navigation",
  "menu",
  "submenu",
  "megamenu",
  "breadcrumb",
  "breadcrumbs",
  "pagination",
  "pager",
  "paging",
  "sidebar",
  "cookie",
  "cookies",
  "consent",
  "gdpr",
  "share",
  "sharing",
  "social",
  "toolbar",
  "topbar",
  "masthead",
  "footer",
  "header",
  "offcanvas",
  "modal",
]);

/**
 * Why `element` (or an ancestor) is page furniture — `nav`, `aside`, `role=navigation`, `class="sidebar"`,
 * a page-level `header`/`footer`… — or `undefined` for content. An entry's own `<header>` is never asked
 * about: the caller starts at the entry block and walks up. Class and id names count only on a region that
 * holds a minor part of the page (`isMinor`): a wrapper `div.content.sidebar-right` around the whole page
 * is layout, not a sidebar.
 */
export function furnitureRegion(element: Element, isMinor: (e: Element) => boolean): string | undefined {
  for (let e: Element | undefined = element; e && e.tagName !== "body"; e = parentElement(e)) {
    if (REGION_TAGS.has(e.tagName)) return e.tagName;
    if ((e.tagName === "header" || e.tagName === "footer") && !insideContent(e)) return e.tagName;
    const role = attr(e, "role");
    if (role && REGION_ROLES.has(role)) return `role=${role}`;
    const hit = regionWord(e);
    if (hit && isMinor(e)) return `${e.tagName}.${hit}`;
  }
  return undefined;
}

/** The furniture word in an element's class or id (`site-footer` → footer), state classes (`has-sidebar`) aside. */
function regionWord(element: Element): string | undefined {
  const tokens = `${attr(element, "class") ?? ""} ${attr(element, "id") ?? ""}`.split(/\s+/);
  for (const token of tokens) {
    if (!token || /^(has|with|no|is|js)[-_]/i.test(token)) continue;
    const words = token
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z0-9]+/);
    const hit = words.find((w) => REGION_WORDS.has(w));
    if (hit) return hit;
  }
  return undefined;
}

/** A `header`/`footer` inside an article or section heads that piece of content, not the page. */
function insideContent(element: Element): boolean {
  for (let e = parentElement(element); e && e.tagName !== "body"; e = parentElement(e))
    if (e.tagName === "article" || e.tagName === "section" || e.tagName === "main" || e.tagName === "li")
      return true;
  return false;
}
