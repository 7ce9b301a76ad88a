/**
 * Finding publication dates in listing text without knowing the site's format: month names in the languages
 * of the field's newsrooms, numeric dates in every common order, CJK dates, ISO timestamps. The result is the
 * calendar date as written (a `22:30 -0500` or `08:00 CET` stays on its own day): no `Date` in local time is
 * ever built, so the machine's `TZ` changes nothing.
 *
 * Numeric order rule (documented in the README):
 * - year first (`2025.12.09`, `2025-12-09`, `2025/12/09`, `2025年12月9日`) is year-month-day;
 * - dotted or dashed with the year last (`09.12.2025`, `09-12-2025`) is day-first, as everywhere those are used;
 * - slashed with the year last (`12/09/2025`) is decided per date when one part is above 12, otherwise per page
 *   (see {@link slashOrderOf}).
 */

/** Order of the two small numbers in a slashed `a/b/yyyy` date. */
export type SlashOrder = "dmy" | "mdy";

/** A date found in text: its ISO day and where it was written. */
export interface DateHit {
  iso: string;
  index: number;
  length: number;
}

/** Month names and abbreviations (en, fr, de, es, it, pt, nl, sv, da/no, fi) → month number. */
const MONTH_WORDS: Record<string, number> = {};
const MONTH_LISTS: string[][] = [
  // en
  "january february march april may june july august september october november december".split(" "),
  "jan feb mar apr may jun jul aug sep oct nov dec".split(" "),
  // fr
  "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(" "),
  "janv févr mars avr mai juin juil août sept oct nov déc".split(" "),
  "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split(" "),
  // de
  "januar februar märz april mai juni juli august september oktober november dezember".split(" "),
  "jänner feber maerz apr mai jun jul aug sept okt nov dez".split(" "),
  // es
  "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(" "),
  "ene feb mar abr may jun jul ago setiembre oct nov dic".split(" "),
  // it
  "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(" "),
  "gen feb mar apr mag giu lug ago set ott nov dic".split(" "),
  // pt
  "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(" "),
  "jan fev mar abr mai jun jul ago set out nov dez".split(" "),
  // nl
  "januari februari maart april mei juni juli augustus september oktober november december".split(" "),
  "jan feb mrt apr mei jun jul aug sep okt nov dec".split(" "),
  // sv, da, no
  "januari februari mars april maj juni juli augusti september oktober november december".split(" "),
  "januar februar marts april maj juni juli august september oktober november december".split(" "),
  "jan feb mar apr mai jun jul aug sep okt nov des".split(" "),
  // fi (nominative and the partitive used in dates: "9. joulukuuta 2025")
  "tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu".split(
    " ",
  ),
  "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta marraskuuta joulukuuta".split(
    " ",
  ),
];
for (const list of MONTH_LISTS) for (const [i, word] of list.entries()) MONTH_WORDS[word] ??= i + 1;
MONTH_WORDS["sept"] = 9;

/** Longest first, so `june` wins over `jun` and `décembre` over `déc`. */
const MONTH = `(${Object.keys(MONTH_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|")})\\.?`;
const DAY = "(\\d{1,2})(?:st|nd|rd|th|er|\\.|º)?";
const YEAR = "(\\d{4})";
/** Spanish/Portuguese "9 de diciembre de 2025", French "le 9 décembre 2025", German "9. Dezember 2025". */
const DE = "(?:\\s+de)?";

type Order = "dmy" | "mdy" | "ymd" | "slash";
interface Pattern {
  regex: RegExp;
  order: Order;
  /** Which capture groups hold the parts, in the pattern's own order. */
  monthName: boolean;
}

const pattern = (source: string, order: Order, monthName = false): Pattern => ({
  // Digit boundaries stop "2025.12.091" or "110 December" from reading as dates.
  regex: new RegExp(`(?<![\\d.])${source}(?![\\d])`, "giu"),
  order,
  monthName,
});

const PATTERNS: Pattern[] = [
  // 2025-12-09, 2025-12-09T08:00:00+01:00
  pattern(`${YEAR}-(\\d{1,2})-(\\d{1,2})`, "ymd"),
  // 2025.12.09, 2025. 12. 9., 2025/12/09
  pattern(`${YEAR}(?:\\.\\s?|/)(\\d{1,2})(?:\\.\\s?|/)(\\d{1,2})\\.?`, "ymd"),
  // 2025年12月9日, 2025년 12월 9일
  pattern(`${YEAR}\\s*[年년]\\s*(\\d{1,2})\\s*[月월]\\s*(\\d{1,2})\\s*[日일]?`, "ymd"),
  // 9 December 2025, 9 December, 2025, 9th Dec. 2025, 9. Dezember 2025, 9 de diciembre de 2025
  pattern(`${DAY}${DE}\\s*${MONTH}${DE},?\\s+${YEAR}`, "dmy", true),
  // December 9, 2025, Dec 9th 2025, Dec. 09, 2025
  pattern(`${MONTH}\\s+${DAY},?\\s+${YEAR}`, "mdy", true),
  // 09.12.2025, 9.12.2025, 09-12-2025
  pattern(`(\\d{1,2})(?:\\.\\s?|-)(\\d{1,2})(?:\\.\\s?|-)${YEAR}`, "dmy"),
  // 12/09/2025 or 09/12/2025
  pattern(`(\\d{1,2})/(\\d{1,2})/${YEAR}`, "slash"),
];

/** `y-m-d` → ISO day, or `undefined` for a day that does not exist (31 November) or an implausible year. */
export function isoDay(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || year < 1990 || year > 2200) return undefined;
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function partsOf(match: RegExpExecArray, p: Pattern, slash: SlashOrder): string | undefined {
  const [a, b, c] = [match[1]!, match[2]!, match[3]!];
  if (p.monthName) {
    const monthWord = (p.order === "dmy" ? b : a).toLowerCase().replace(/\.$/, "");
    const month = MONTH_WORDS[monthWord];
    if (!month) return undefined;
    return p.order === "dmy" ? isoDay(+c, month, +a) : isoDay(+c, month, +b);
  }
  if (p.order === "ymd") return isoDay(+a, +b, +c);
  if (p.order === "dmy") return isoDay(+c, +b, +a);
  // Slashed: a part above 12 decides; otherwise the page's order.
  if (+a > 12) return isoDay(+c, +b, +a);
  if (+b > 12) return isoDay(+c, +a, +b);
  return slash === "dmy" ? isoDay(+c, +b, +a) : isoDay(+c, +a, +b);
}

/**
 * Every date written in `text`, in reading order (overlaps resolved to the earliest, then longest, match).
 * A month-name match glued after a lowercase letter ("summary 9, 2025") is refused, one glued after a word's
 * end in capitals is kept ("ResultsDecember 9, 2025", as scraped cells often read).
 */
export function scanDates(text: string, slash: SlashOrder = "mdy"): DateHit[] {
  const hits: DateHit[] = [];
  // Every date written has a four-digit year: most titles and labels are ruled out without a regex pass.
  if (!/\d{4}/.test(text)) return hits;
  for (const p of PATTERNS) {
    p.regex.lastIndex = 0;
    for (let m = p.regex.exec(text); m !== null; m = p.regex.exec(text)) {
      const iso = partsOf(m, p, slash);
      if (!iso) continue;
      if (p.monthName && p.order === "mdy" && m.index > 0) {
        const before = text[m.index - 1]!;
        const first = m[0][0]!;
        if (/\p{L}/u.test(before) && first === first.toLowerCase()) continue;
      }
      hits.push({ iso, index: m.index, length: m[0].length });
    }
  }
  hits.sort((x, y) => x.index - y.index || y.length - x.length);
  const out: DateHit[] = [];
  let end = -1;
  for (const hit of hits) {
    if (hit.index < end) continue;
    out.push(hit);
    end = hit.index + hit.length;
  }
  return out;
}

/** The first date written in `text`, or `undefined`. */
export function firstDate(text: string, slash: SlashOrder = "mdy"): string | undefined {
  return scanDates(text, slash)[0]?.iso;
}

/** Words that may stand next to a date in a "date phrase" without making it prose. */
const DATE_PHRASE_NOISE =
  /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(am|pm|utc|gmt|cet|cest|eet|eest|wet|bst|est|edt|cst|cdt|pst|pdt|et|pt|kst|jst|ist|sgt|hkt|aest|aedt)\b|[+-]\d{2}:?\d{2}\b|\b\d{1,2}[:.h]\d{2}(?::\d{2})?\b|\b(published|posted|updated|date|on|at|le|am|den|el|il|em|op|press release|news|release|pressemitteilung|communiqué|pressmeddelande)\b/giu;

/**
 * `true` when `text` is a date phrase rather than prose that mentions a date: short, and once the date, the
 * weekday, a time with its zone and a few labels ("Published", "Press release ·") are taken out, at most
 * `maxWords` words remain ("Tuesday, 9 December 2025 08:00 CET", "Press release · 8 December 2025").
 */
export function isDatePhrase(text: string, slash: SlashOrder = "mdy", maxWords = 3): boolean {
  if (text.length > 80) return false;
  const hits = scanDates(text, slash);
  if (hits.length === 0) return false;
  let rest = "";
  let at = 0;
  for (const hit of hits) {
    rest += `${text.slice(at, hit.index)} `;
    at = hit.index + hit.length;
  }
  rest += text.slice(at);
  const words = rest
    .replace(DATE_PHRASE_NOISE, " ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return words.length <= maxWords;
}

/**
 * The day of a machine-readable date attribute (`datetime`, `content`): `2025-12-09`, `2025-12-09T08:00:00+01:00`
 * (the day as written, whatever the offset). `undefined` when the value is not an ISO date.
 */
export function dateFromAttribute(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])/.exec(value);
  return m ? isoDay(+m[1]!, +m[2]!, +m[3]!) : undefined;
}

/**
 * The day a link's path spells as `/yyyy/mm/dd/` (newswires, WordPress day permalinks), the last resort for an
 * entry that shows no date. Shorter or packed forms (`/2025/12/`, `_09122025_`) are ambiguous and not read.
 */
export function dateFromUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /\/(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/.exec(path);
  return m ? isoDay(+m[1]!, +m[2]!, +m[3]!) : undefined;
}

/** `true` for an ISO timestamp in UTC with a time (`…T23:30:00Z`, `+00:00`): its day may not be the publisher's. */
export function isUtcTimestamp(value: string): boolean {
  return /T\d{2}:\d{2}.*(Z|[+-]00:?00)\s*$/.test(value);
}

/** Country-code TLDs that do not say where a site is (used as generic names). */
const GENERIC_CCTLDS = new Set(["us", "io", "co", "ai", "tv", "me", "ly", "to", "cc", "fm", "gg", "sh"]);

/**
 * The order of slashed dates on a page whose own dates do not settle it, and why:
 * 1. `override` (a source's `date_order`);
 * 2. the page's other slashed dates: one with a first part above 12 makes the page day-first, one with a
 *    second part above 12 month-first (when both appear, the evidence is ignored);
 * 3. the page language: `en-US` (and other `-US` locales, `fil`) is month-first; any other region or any
 *    language other than English is day-first;
 * 4. a bare `en` (or no language): a country-code domain (`.co.uk`, `.se`, `.kr`) is day-first; a generic
 *    domain (`.com`, `.org`, `.io`) is month-first, as US English sites write.
 */
export function slashOrderOf(
  pageText: string,
  lang: string | undefined,
  pageUrl: string,
  override?: SlashOrder,
): { order: SlashOrder; reason: string } {
  if (override) return { order: override, reason: "set by the source's date_order" };
  let dayFirst = 0;
  let monthFirst = 0;
  for (const m of pageText.matchAll(/(?<![\d./])(\d{1,2})\/(\d{1,2})\/\d{4}(?!\d)/g)) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (dayFirst > 0 && monthFirst === 0)
    return { order: "dmy", reason: `a slashed date on the page has a day above 12 first` };
  if (monthFirst > 0 && dayFirst === 0)
    return { order: "mdy", reason: `a slashed date on the page has a day above 12 second` };
  const tag = (lang ?? "").trim().toLowerCase().replace("_", "-");
  if (tag) {
    const [language, region] = tag.split("-");
    if (region === "us" || language === "fil") return { order: "mdy", reason: `page language ${tag}` };
    if (region || (language && language !== "en")) return { order: "dmy", reason: `page language ${tag}` };
  }
  let tld = "";
  try {
    tld = new URL(pageUrl).hostname.split(".").pop() ?? "";
  } catch {
    // an unusable URL says nothing about the locale
  }
  if (tld.length === 2 && !GENERIC_CCTLDS.has(tld)) return { order: "dmy", reason: `country domain .${tld}` };
  return { order: "mdy", reason: `English page on a generic domain${tld ? ` (.${tld})` : ""}` };
}
