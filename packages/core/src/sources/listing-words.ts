/**
 * The words a company site uses for its news, in the languages of the field's newsrooms: link labels ("Press
 * releases", "Communiqués de presse", "Pressemitteilungen", "보도자료", "プレスリリース", "新闻中心"…), the
 * path segments of a news section (`/press-releases/`, `/actualites/`, `bo_table=news`), and the labels that look
 * like news but are not (media kits, press contacts, events).
 */

/** How strongly a label names the company's own news list. */
export type LabelStrength = "press_releases" | "news" | "media" | "notices" | "weak";

/** Points a label of each strength earns (a label that IS the phrase; one that contains it earns 1 less). */
export const LABEL_POINTS: Record<LabelStrength, number> = {
  press_releases: 10,
  news: 8,
  media: 6,
  notices: 4,
  weak: 2,
};

const PHRASES: Record<LabelStrength, readonly string[]> = {
  press_releases: [
    "press releases?",
    "news releases?",
    "media releases?",
    "pressemitteilung(en)?",
    "pressemeldung(en)?",
    "communiques? de presse",
    "comunicati stampa",
    "comunicados? de prensa",
    "notas de prensa",
    "pressmeddelanden",
    "pressemeldinger",
    "pressemeddelelser",
    "persberichten",
    "(lehdisto)?tiedotteet",
    "regulatory (news|announcements|releases)",
    "stock exchange (releases|announcements)",
    "company announcements",
    "보도 ?자료",
    "プレスリリース",
    "ニュースリリース",
    "新闻稿",
    "新聞稿",
    "新闻发布",
  ],
  news: [
    "news",
    "news ?room",
    "(latest|company|corporate|our) news",
    "news (and|&) (events|media|updates|press|insights|stories)",
    "(media|press) (and|&) news",
    "actualites?",
    "nouvelles",
    "aktuelles",
    "neuigkeiten",
    "nachrichten",
    "nyheter",
    "nyheder",
    "uutiset",
    "noticias",
    "notizie",
    "nieuws",
    "novedades",
    "뉴스",
    "새소식",
    "회사 ?소식",
    "ニュース",
    "お知らせ",
    "新闻",
    "新闻中心",
    "新闻动态",
    "公司新闻",
    "企业新闻",
    "最新消息",
    "最新动态",
    "新聞",
  ],
  media: [
    "media",
    "press",
    "presse",
    "press ?room",
    "media (centre|center|room|hub)",
    "mediacenter",
    "medien",
    "sala de prensa",
    "sala stampa",
    "salle de presse",
    "espace presse",
    "prensa",
    "stampa",
    "pers",
    "미디어",
    "홍보",
    "홍보 ?센터",
    "pr ?센터",
    "언론 ?보도",
    "メディア",
    "媒体中心",
    "媒体",
    "媒體",
  ],
  notices: ["announcements", "updates", "notices?", "공지 ?사항", "공지"],
  weak: ["blog", "insights", "stories", "in the (news|media)", "(press|media) coverage"],
};

/** Words that make a media-like label something else: a kit, contacts, images, events, jobs… */
const NOT_NEWS =
  /\b(kit|library|contacts?|images?|photos?|videos?|gallery|logos?|brand|assets|podcasts?|events?|webinars?|careers?|jobs|subscribe|subscription|newsletters?|sitemap|search|log ?in|sign ?in|inquiries|enquiries|downloads?|resources)\b/;

/** Latin letters without accents, lower case, `&` kept, punctuation as spaces; Hangul and kana left composed. */
export function normaliseLabel(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}&]+/gu, " ")
    .trim();
}

/** A phrase as a regex: whole words for Latin scripts, a plain substring for CJK ones. */
function phraseRegex(phrase: string, whole: boolean): RegExp {
  const latin = /^[\x20-\x7e]*$/.test(phrase.replace(/[()?|&]/g, ""));
  const body = `(?:${phrase})`;
  if (!latin) return new RegExp(whole ? `^${body}$` : body, "u");
  return new RegExp(whole ? `^${body}$` : `(?:^|\\s)${body}(?:\\s|$)`, "u");
}

const COMPILED = (Object.keys(PHRASES) as LabelStrength[]).map((strength) => ({
  strength,
  exact: PHRASES[strength].map((p) => phraseRegex(p, true)),
  within: PHRASES[strength].map((p) => phraseRegex(p, false)),
}));

/** A label longer than this is a sentence (an article's title), not a menu entry. */
export const MAX_LABEL_CHARS = 40;

/**
 * How strongly a link label names a news list: the strongest phrase it is or contains, with its points; a
 * media-like label that also names a kit, contacts, events… earns nothing (a news one keeps its points:
 * "News & Events" is news). `undefined` for anything else, and for labels longer than {@link MAX_LABEL_CHARS}.
 */
export function labelScore(label: string): { strength: LabelStrength; points: number } | undefined {
  const text = normaliseLabel(label);
  if (!text || text.length > MAX_LABEL_CHARS) return undefined;
  const negative = NOT_NEWS.test(text);
  for (const { strength, exact, within } of COMPILED) {
    const weakKind = strength === "media" || strength === "notices" || strength === "weak";
    if (negative && weakKind) continue;
    if (exact.some((r) => r.test(text))) return { strength, points: LABEL_POINTS[strength] };
    if (within.some((r) => r.test(text))) return { strength, points: LABEL_POINTS[strength] - 1 };
  }
  return undefined;
}

const PATH_PRESS =
  /^(press-?releases?|news-?releases?|pressreleases|media-releases|pressemitteilungen|communiques(-de-presse)?|comunicati(-stampa)?|comunicados|notas-de-prensa|pressmeddelanden|pressemeldinger|tiedotteet|persberichten|releases|regulatory-news)$/;
const PATH_NEWS =
  /^(news|newsroom|news-room|latest-news|company-news|news-and-events|news-events|news-media|nyheter|nyheder|actualites?|aktuelles|neuigkeiten|noticias|notizie|nieuws|uutiset|novedades)$/;
const PATH_MEDIA =
  /^(media|press|presse|pr|media-cent(re|er)|mediacenter|pressroom|press-room|medien|prensa)$/;
/** Board software's list of a news board: `board.php?bo_table=news`, `list.php?board=press`. */
const QUERY_NEWS = /(^|&)(bo_table|board|bbs|table|category|cat|type)=(news|press|pr|notice|media|release)/i;

/** The last path segment that names something (language prefixes, `index.html`, `list.php` skipped). */
function sectionSegment(url: URL): string {
  const segments = url.pathname
    .split("/")
    .filter(Boolean)
    .map((s) => decodeURIComponentSafe(s).toLowerCase())
    .filter((s) => !/^[a-z]{2}([-_][a-z]{2})?$/.test(s))
    .filter((s) => !/^(index|default|list|main)(\.\w+)?$/.test(s));
  return (segments[segments.length - 1] ?? "").replace(/\.(html?|php|aspx?|jsp)$/, "");
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * Points a URL earns when it is itself a news section (`/en/press-releases/` 3, `/news/` 2, `/media/` 1,
 * `board.php?bo_table=news` 2); an article under a news section earns nothing (its section is found otherwise).
 */
export function pathScore(url: URL): number {
  const segment = sectionSegment(url);
  if (PATH_PRESS.test(segment)) return 3;
  if (PATH_NEWS.test(segment)) return 2;
  if (QUERY_NEWS.test(url.search.slice(1))) return 2;
  if (PATH_MEDIA.test(segment)) return 1;
  return 0;
}

/** Labels of a menu that holds the investors' pages ("Investors → Press releases"). */
export const INVESTORS_LABEL =
  /^(investors?|investor relations|ir|investisseurs|investoren|inversores|investitori|sijoittajat|investerare|투자 ?정보|ir ?정보|投资者关系|投資者關係|ir情報|株主・投資家情報)$/;

/** Feed titles and URLs that are not the company's news: comments, podcasts, events, jobs. */
export const NOT_A_NEWS_FEED = /comment|podcast|event|career|job|webinar/i;
