/**
 * Rule summaries: sentences taken verbatim from the item's own cleaned content — never written, only picked.
 */

/** Abbreviations whose trailing period does not end a sentence. */
const ABBREVIATIONS = new Set([
  "dr",
  "mr",
  "mrs",
  "ms",
  "prof",
  "inc",
  "co",
  "corp",
  "ltd",
  "plc",
  "no",
  "vs",
  "st",
  "jr",
  "sr",
  "e.g",
  "i.e",
  "u.s",
  "u.k",
  "e.u",
  "approx",
  "fig",
  "ref",
  "vol",
]);

/**
 * Splits cleaned text into sentences at `.`, `!` or `?` followed by whitespace and a capital, digit or quote,
 * except after known abbreviations (`Dr.`, `U.S.`, `Inc.`) and single initials (`J. Smith`).
 */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map(({ start, end }) => text.slice(start, end));
}

/** The sentences of {@link splitSentences} as `[start, end)` offsets into `text` (trimmed, never empty). */
export function sentenceSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const boundary = /[.!?]["”’)]?\s+(?=["“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  const push = (from: number, to: number) => {
    const slice = text.slice(from, to);
    const lead = slice.length - slice.trimStart().length;
    const trail = slice.length - slice.trimEnd().length;
    if (to - trail > from + lead) spans.push({ start: from + lead, end: to - trail });
  };
  for (let m = boundary.exec(text); m !== null; m = boundary.exec(text)) {
    // Only the last few characters matter (and scanning the whole prefix each time would be quadratic).
    const before = text.slice(Math.max(start, m.index - 12), m.index);
    const lastToken = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? "";
    if (text[m.index] === "." && (ABBREVIATIONS.has(lastToken) || /^\p{L}$/u.test(lastToken))) continue;
    push(start, m.index + m[0].trimEnd().length);
    start = m.index + m[0].length;
  }
  push(start, text.length);
  return spans;
}

/** Sentences that are press-release furniture, not news. */
const BOILERPLATE =
  /^(?:about (?:the )?[\p{Lu}\p{L}]|forward[- ]looking|this (?:press )?release|for (?:more|further) information|(?:media |investor )?contacts?\b|investor relations|safe harbou?r|source:|photo(?:s)?:|©|copyright|all rights reserved|subscribe|cookies?\b|disclaimer|not for (?:release|distribution)|ends\b)|forward-looking statements|www\.|https?:\/\//iu;

/** Lower-case word tokens (letters/digits), for overlap checks. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** True when most of the sentence's words are already in the title: it says nothing new. */
function repeatsTitle(sentence: string, titleWords: ReadonlySet<string>): boolean {
  const ws = words(sentence);
  if (ws.length === 0) return true;
  const shared = ws.filter((w) => titleWords.has(w)).length;
  return shared / ws.length >= 0.8;
}

/** A summary stops growing at this many sentences… */
export const SUMMARY_MAX_SENTENCES = 3;
/** …or once it is this long. */
export const SUMMARY_MAX_CHARS = 500;
/** Sentences shorter than this (in words) are headings or fragments, not information. */
const MIN_SENTENCE_WORDS = 5;

/**
 * The rule summary: the first 1–3 informative sentences of the cleaned content — skipping boilerplate,
 * fragments and sentences that merely repeat the title. Falls back to the title when nothing qualifies.
 */
export function ruleSummary(title: string, content: string): string {
  const titleWords = new Set(words(title));
  const picked: string[] = [];
  let length = 0;
  for (const sentence of splitSentences(content)) {
    if (
      picked.length >= SUMMARY_MAX_SENTENCES ||
      (picked.length > 0 && length + sentence.length > SUMMARY_MAX_CHARS)
    )
      break;
    if (BOILERPLATE.test(sentence)) continue;
    if (words(sentence).length < MIN_SENTENCE_WORDS) continue;
    if (repeatsTitle(sentence, titleWords)) continue;
    picked.push(sentence);
    length += sentence.length + 1;
  }
  return picked.length > 0 ? picked.join(" ") : title;
}
