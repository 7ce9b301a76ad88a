/**
 * The language rules behind subject-aware LAI signals (subject.ts): the dosing-interval, duration and
 * device/formulation phrases that say "long-acting" for products no list has ever seen.
 *
 * These are rules of English press-release and trade-press prose, not lists of products: they are written once
 * here so that `twice-yearly`, `every 4 weeks`, `one injection a year`, `6-month implant` or `intravitreal insert`
 * are read the same way for every company.
 *
 * Where the subject is and what sets a mention aside (comparators, combinations, switching, negation) are in
 * subject-scopes.ts.
 */

/** A phrase found by the language rules. */
export interface LanguageMention {
  start: number;
  end: number;
  matched: string;
  /**
   * `interval`: a dosing interval (`weeks` = weeks between doses); `duration`: how long one administration acts
   * (`weeks`; below one week it argues against LAI); `device`: an implant, insert, pump or port; `formulation`:
   * a depot, microspheres, an ester prodrug suspension; `acronym`: "LAI"; `hle_stem`: an antibody (-mab) or
   * fusion-protein (-cept) name.
   */
  kind: "interval" | "duration" | "device" | "formulation" | "acronym" | "hle_stem";
  weeks?: number;
  /** A duration that names what lasts: it needs no action verb in its sentence (subject.ts). */
  cued?: boolean;
}

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  several: 3,
  few: 3,
  couple: 2,
  other: 2,
  second: 2,
};
/** Up to three words, then a dosing noun: what makes "6-month" or "annual" a dosing interval. */
const DOSING_NOUN_AHEAD = String.raw`(?:[- ][a-z\d-]+){0,3}?[- ](?:injections?|injectables?|shots?|jabs?|doses?|dosing|formulations?|regimens?|depots?|implants?|inserts?|treatments?|therap(?:y|ies)|options?|products?|versions?|schedules?|programs?|programmes?|candidates?|pumps?|suspensions?)\b`;
/** Numbers that multiply an interval word ("six-monthly", "3-monthly", "two-weekly"); not "a" or "one". */
const MULTIPLE = String.raw`\d{1,2}|two|three|four|five|six|eight|nine|ten|twelve`;
const NUM = String.raw`(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|a couple of)`;
const UNIT_WEEKS: Record<string, number> = { hour: 1 / 168, day: 1 / 7, week: 1, month: 4.35, year: 52 };

function numberOf(word: string | undefined): number {
  if (word === undefined) return 1;
  const w = word
    .toLowerCase()
    .replace(/^a (few|couple of)$/, "$1")
    .replace(/ of$/, "");
  return NUMBER_WORDS[w] ?? Number(w);
}

function unitWeeks(unit: string): number {
  return UNIT_WEEKS[unit.toLowerCase().replace(/s$/, "")] ?? 0;
}

/** Words after a bare interval ("monthly", "quarterly", "6-month") that make it a finance or trial term, not dosing. */
const NOT_DOSING =
  /^[\s-]*(?:sales|revenues?|results|reports?|earnings|dividends?|meetings?|updates?|newsletters?|follow-up|study|trial|data|analysis|extension|period|outlook|guidance|prescriptions|subscribers?|users?)\b/i;

interface LanguageRule {
  kind: LanguageMention["kind"];
  pattern: RegExp;
  /** Weeks between doses (interval) or of action (duration), from the match. */
  weeks?: (m: RegExpExecArray) => number;
  /** True for bare words that need a dosing word, not a finance word, after them. */
  bare?: boolean;
  /** A duration that names what lasts ("72-hour pain relief", "a 3-day depot"): no action verb needed. */
  cued?: boolean;
  /** Words just before the match that make it something else (a time point: "within 72 hours of surgery"). */
  notAfter?: RegExp;
}

const LANGUAGE_RULES: LanguageRule[] = [
  // Dosing intervals.
  {
    kind: "interval",
    pattern:
      /\b(?:twice|two times)[- ](?:a|per)[- ]year\b|\btwice[- ]yearly\b|\bsemi-?annual(?:ly)?\b|\bbi-?annual(?:ly)?\b/gi,
    weeks: () => 26,
  },
  {
    kind: "interval",
    pattern:
      /\bonce[- ](?:a|per)[- ]year\b|\bonce[- ]yearly\b|\bonce[- ]annually\b|\b(?:one|single) (?:injection|dose|shot|administration)s? (?:a|per) year\b/gi,
    weeks: () => 52,
  },
  {
    kind: "interval",
    pattern: new RegExp(
      String.raw`\b(?:once )?(?:every|each) (other |second )?(?:(${NUM})(?:\s*(?:to|-|–|or)\s*${NUM})?[- ])?(week|month|year)s?\b`,
      "gi",
    ),
    weeks: (m) => (m[1] ? 2 : numberOf(m[2])) * unitWeeks(m[3] ?? "week"),
  },
  {
    kind: "interval",
    pattern: new RegExp(
      String.raw`\b(${NUM}) (?:injections?|doses?|shots?|injection visits|administrations?) (?:a|per|each) (week|month|year)\b`,
      "gi",
    ),
    weeks: (m) => unitWeeks(m[2] ?? "year") / Math.max(1, numberOf(m[1])),
  },
  // "a year-long implant", "a three-month-long depot", "months-long protection from one injection".
  {
    kind: "interval",
    pattern: new RegExp(
      String.raw`\b(?:(${NUM})[- ])?(week|month|year)s?[- ]long(?=${DOSING_NOUN_AHEAD})`,
      "gi",
    ),
    weeks: (m) => (m[1] ? numberOf(m[1]) : /s[- ]long$/i.test(m[0]) ? 2 : 1) * unitWeeks(m[2] ?? "week"),
  },
  // A whole phrase before its last word: "six-monthly" is every six months, "two-weekly" every two weeks,
  // "bi-monthly" every two months (as the trade press uses it), "half-yearly" twice a year.
  {
    kind: "interval",
    pattern: new RegExp(String.raw`\b(${MULTIPLE})[- ]?(week|month|year)ly\b`, "gi"),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "week"),
  },
  { kind: "interval", pattern: /\bbi-?monthly\b/gi, weeks: () => 8.7, bare: true },
  { kind: "interval", pattern: /\btri-?monthly\b/gi, weeks: () => 13, bare: true },
  { kind: "interval", pattern: /\bhalf-?yearly\b/gi, weeks: () => 26, bare: true },
  {
    kind: "interval",
    pattern: /\bonce[- ](?:a|per)[- ]month\b|\bonce[- ]monthly\b|\bmonthly\b/gi,
    weeks: () => 4.35,
    bare: true,
  },
  { kind: "interval", pattern: /\bbi-?weekly\b|\bfortnightly\b/gi, weeks: () => 2, bare: true },
  { kind: "interval", pattern: /\b(?:once[- ])?quarterly\b/gi, weeks: () => 13, bare: true },
  { kind: "interval", pattern: /\b(?:once[- ])?yearly\b|\bannually\b/gi, weeks: () => 52, bare: true },
  // "annual" is a dosing interval only before a dosing word ("an annual injection", not "the annual meeting").
  {
    kind: "interval",
    pattern: new RegExp(String.raw`\bannual(?=${DOSING_NOUN_AHEAD})`, "gi"),
    weeks: () => 52,
  },
  {
    kind: "interval",
    pattern: /\bonce[- ](?:a|per)[- ]week\b|\bonce[- ]weekly\b|\bweekly\b/gi,
    weeks: () => 1,
    bare: true,
  },
  {
    kind: "interval",
    pattern: new RegExp(String.raw`\b(${NUM})[- ](week|month|year)(?:ly)?\b(?=${DOSING_NOUN_AHEAD})`, "gi"),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "week"),
  },
  // Dosing codes: q4w, Q8W, q12w (weeks), Q2M, Q4M, Q6M (months).
  {
    kind: "interval",
    pattern: /\bq(\d{1,2})([wm])\b/gi,
    weeks: (m) => Number(m[1]) * (m[2]?.toLowerCase() === "m" ? 4.35 : 1),
  },
  // How long one administration acts ("for up to 36 months", "lasting three days", "over 24 hours").
  {
    kind: "duration",
    pattern: new RegExp(
      String.raw`\b(?:for|over|lasting|lasts?|through|during) (?:up to |at least |about |approximately |nearly |more than |roughly )?(?:(${NUM})(?:\s*(?:to|-|–|or)\s*${NUM})?[- ])?(hours?|days?|weeks?|months?|years?)\b`,
      "gi",
    ),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "week"),
  },
  // "releases the drug up to six months": without a preposition, only weeks or more…
  {
    kind: "duration",
    pattern: new RegExp(
      String.raw`\b(?:up to|at least) (?:(${NUM})(?:\s*(?:to|-|–|or)\s*${NUM})?[- ])?(weeks?|months?|years?)\b`,
      "gi",
    ),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "week"),
  },
  // …or a ceiling of hours or days ("relief up to 3 days", "numbs up to 72 hours"): what a days-long product claims.
  {
    kind: "duration",
    pattern: new RegExp(String.raw`\bup to (${NUM})(?:\s*(?:to|-|–|or)\s*${NUM})?[- ](hours?|days?)\b`, "gi"),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "day"),
  },
  // Hours or days OF an effect ("72 hours of pain relief", "three days of analgesia"), and the same as an adjective
  // ("72-hour pain relief", "a three-day nerve block"). Not a delay ("within 72 hours of surgery", "the first
  // days of treatment"): a time point is not how long one dose acts.
  {
    kind: "duration",
    pattern: new RegExp(
      String.raw`\b(${NUM})(?:\s*(?:to|-|–|or)\s*${NUM})?[- ](hours?|days?)(?= of\b)`,
      "gi",
    ),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "day"),
    notAfter: /\b(?:within|after|before|in|first|last|past|next|by|from|the)\s+(?:the\s+)?(?:first\s+)?$/i,
  },
  {
    kind: "duration",
    pattern: new RegExp(
      String.raw`\b(${NUM})[- ](hour|day)(?:[- ]long)?(?=[- ](?:[a-z-]+ ){0,3}?(?:pain relief|relief|analgesia|anaesthesia|anesthesia|anaesthetics?|anesthetics?|numbness|nerve block|block|pain control|release|action|effect|duration|coverage|depots?|formulations?|injections?|injectables?|implants?)\b)`,
      "gi",
    ),
    weeks: (m) => numberOf(m[1]) * unitWeeks(m[2] ?? "day"),
    cued: true,
  },
  // Devices and formulations that make a product long-acting.
  {
    kind: "device",
    pattern:
      /\b(?:intravitreal|ocular|eye|intracameral|intracanalicular|punctal|subdermal|subcutaneous|bioerodible|bioresorbable|biodegradable|refillable|drug[- ]eluting|sustained[- ](?:release|delivery)|titanium|polymer|hydrogel|matchstick[- ]sized|tiny)(?:[- ][a-z\d]+){0,2}?[- ](?:implants?|inserts?)\b/gi,
  },
  {
    kind: "device",
    pattern:
      /\b(?:osmotic )?mini-?pumps?\b|\bimplantable (?:drug |osmotic )?pumps?\b|\bport delivery\b|\bimplants? placed\b|\bplaced under the skin\b/gi,
  },
  {
    kind: "formulation",
    pattern: /\bdepots?\b|\bmicrospheres?\b|\bin[- ]situ[- ]forming\b|\bliquid[- ]crystal(?:line)?\b/gi,
  },
  {
    kind: "formulation",
    pattern: /\b[a-z]{4,} (?:palmitate|lauroxil|pamoate|decanoate|enanthate|undecanoate|cypionate)\b/gi,
  },
  { kind: "acronym", pattern: /\bLAIs?\b/g },
  {
    kind: "hle_stem",
    pattern: /\b[a-z]{3,}mab(?:-[a-z]{4})?\b|\b(?!intercept\b)[a-z]{3,}(?:ercept|acept)\b/gi,
  },
];

/** Every phrase of the language rules in `text`, left to right (overlaps kept: a rule sees its own matches). */
export function scanLanguage(text: string): LanguageMention[] {
  const found: LanguageMention[] = [];
  // An interval or duration already read by a longer rule ("once every two months" before "monthly", "for up to
  // six months" before "up to six months") is not read twice.
  const taken: Record<string, Array<[number, number]>> = { interval: [], duration: [] };
  for (const rule of LANGUAGE_RULES) {
    rule.pattern.lastIndex = 0;
    for (let m = rule.pattern.exec(text); m !== null; m = rule.pattern.exec(text)) {
      if (m[0].length === 0) {
        rule.pattern.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (rule.bare && NOT_DOSING.test(text.slice(end, end + 40))) continue;
      if (rule.notAfter?.test(text.slice(Math.max(0, start - 30), start))) continue;
      const spans = taken[rule.kind];
      if (spans?.some(([s, e]) => start < e && end > s)) continue;
      spans?.push([start, end]);
      const mention: LanguageMention = { start, end, matched: m[0], kind: rule.kind };
      if (rule.weeks) mention.weeks = Math.round(rule.weeks(m) * 100) / 100;
      if (rule.cued) mention.cued = true;
      found.push(mention);
    }
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end);
}
