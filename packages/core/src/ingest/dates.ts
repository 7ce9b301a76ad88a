/**
 * Publication dates as the sources write them → `YYYY-MM-DD`. The date is the one written on the page, in the
 * publisher's own offset (a `22:30 -0500` pubDate stays on its own day). Nothing here ever answers "today":
 * an unreadable date is `undefined`, and the caller counts the item as undated.
 */
import { DateFormat } from "../config/schema.js";

/**
 * Every format the readers understand, for callers that have no per-source list. The config schema's enum is
 * the one list; `PATTERNS` below is typed against it, so a format added there without a pattern fails to compile.
 */
export const ALL_DATE_FORMATS: readonly DateFormat[] = DateFormat.options;

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/** `December` / `Dec` / `Dec.` / `Sept` → 1–12; `undefined` for anything else. */
export function monthNumber(name: string): number | undefined {
  const key = name.toLowerCase().replace(/\.$/, "");
  if (key === "sept") return 9;
  const full = MONTHS.indexOf(key);
  if (full >= 0) return full + 1;
  if (key.length === 3) {
    const short = MONTHS.findIndex((m) => m.startsWith(key));
    if (short >= 0) return short + 1;
  }
  return undefined;
}

const FULL_MONTH = `(${MONTHS.join("|")})`;
const SHORT_MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)\\.?";
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?";
const YEAR = "(\\d{4})";

type Order = "dmy" | "mdy" | "ymd";
interface Pattern {
  source: string;
  order: Order;
}

/** Each format as a regex fragment with three groups and their order. */
const PATTERNS: Record<DateFormat, Pattern> = {
  iso: { source: `${YEAR}-(\\d{2})-(\\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\\d{2}:?\\d{2})?)?`, order: "ymd" },
  rfc822: {
    source: `(?:[a-z]{3},\\s*)?(\\d{1,2})\\s+${SHORT_MONTH}\\s+${YEAR}(?:\\s+[0-9:]+(?:\\s*(?:[+-]\\d{4}|[a-z]{1,5}))?)?`,
    order: "dmy",
  },
  "MMMM d, yyyy": { source: `${FULL_MONTH}\\s+${DAY},?\\s+${YEAR}`, order: "mdy" },
  "MMM d, yyyy": { source: `${SHORT_MONTH}\\s+${DAY},?\\s+${YEAR}`, order: "mdy" },
  "d MMMM, yyyy": { source: `${DAY}\\s+${FULL_MONTH},\\s*${YEAR}`, order: "dmy" },
  "d MMMM yyyy": { source: `${DAY}\\s+${FULL_MONTH}\\s+${YEAR}`, order: "dmy" },
  "yyyy.MM.dd": { source: `${YEAR}\\.(\\d{1,2})\\.(\\d{1,2})`, order: "ymd" },
  "dd.MM.yyyy": { source: `(\\d{1,2})\\.(\\d{1,2})\\.${YEAR}`, order: "dmy" },
};

const anchored = new Map<DateFormat, RegExp>();
const unanchored = new Map<DateFormat, RegExp>();
function regexFor(format: DateFormat, whole: boolean): RegExp {
  const cache = whole ? anchored : unanchored;
  let regex = cache.get(format);
  if (!regex) {
    const { source } = PATTERNS[format];
    // Digit boundaries stop "2025.12.091" or "110 December" from yielding a date; letters are allowed next to a
    // date because scraped text glues cells together ("ResultsDecember 9, 2025December 9, 2025").
    regex = new RegExp(whole ? `^${source}$` : `(?<![\\d.])${source}(?![\\d])`, "i");
    cache.set(format, regex);
  }
  return regex;
}

function toIso(match: RegExpExecArray, order: Order): string | undefined {
  const [a, b, c] = [match[1]!, match[2]!, match[3]!];
  const [y, m, d] = order === "ymd" ? [a, b, c] : order === "dmy" ? [c, b, a] : [c, a, b];
  const year = Number(y);
  const month = /^\d+$/.test(m) ? Number(m) : monthNumber(m);
  const day = Number(d);
  if (!month || month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200)
    return undefined;
  // Reject impossible days (30 February) by round-tripping through a UTC date.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Parses `text` as a whole with the first of `formats` that fits. `"December 9th, 2025"` with `MMMM d, yyyy`
 * → `2025-12-09`. Returns `undefined` when no format fits or the date does not exist.
 */
export function parseDate(
  text: string,
  formats: readonly DateFormat[] = ALL_DATE_FORMATS,
): string | undefined {
  const trimmed = text.replace(/[\s\u00a0]+/g, " ").trim();
  for (const format of formats) {
    const match = regexFor(format, true).exec(trimmed);
    if (match) {
      const iso = toIso(match, PATTERNS[format].order);
      if (iso) return iso;
    }
  }
  return undefined;
}

/**
 * The first date found anywhere in `text` with one of `formats` (earliest position wins; ties go to the earlier
 * format). For cells such as `"December 9, 2025December 9, 2025"` or an entry's whole text.
 */
export function findDate(
  text: string,
  formats: readonly DateFormat[] = ALL_DATE_FORMATS,
): string | undefined {
  const flat = text.replace(/[\s\u00a0]+/g, " ");
  let best: { index: number; iso: string } | undefined;
  for (const format of formats) {
    const regex = regexFor(format, false);
    const match = regex.exec(flat);
    if (!match) continue;
    const iso = toIso(match, PATTERNS[format].order);
    if (iso && (!best || match.index < best.index)) best = { index: match.index, iso };
  }
  return best?.iso;
}

/** `2025-12-17` plus `days` (may be negative) → `YYYY-MM-DD`. */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`expected a YYYY-MM-DD date, got "${isoDate}"`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}
