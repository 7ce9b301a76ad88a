/**
 * Grounding of LLM output in the item's own text, so the model cannot add what the item does not say: evidence
 * spans for a name (tolerant of case, trademark signs, quotes, dashes and spacing) and a check that every
 * sentence of a summary is made of the text's words and numbers.
 */
import type { EvidenceSpan } from "../../domain/normalized.js";
import { splitSentences, words } from "../summary.js";

/** Characters folded for grounding comparisons: case, trademark signs, curly quotes, dash variants, spaces. */
function foldChar(c: string): string {
  if (c === "®" || c === "™" || c === "©") return "";
  if (c === "‘" || c === "’" || c === "`" || c === "´") return "'";
  if (c === "“" || c === "”") return '"';
  if (/[\u2010-\u2015\u2212]/.test(c)) return "-";
  if (/\s/.test(c)) return " ";
  return c.toLowerCase();
}

/** Folded text plus, for each folded character, its offset in the original. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]!);
    for (const ch of f) {
      if (ch === " " && folded.endsWith(" ")) continue;
      folded += ch;
      map.push(i);
    }
  }
  return { folded, map };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Evidence spans of `needle` in `text`: case-insensitive exact substring after folding (®/™/© ignored, curly
 * quotes and dashes unified, whitespace collapsed), on whole words. Empty when the text does not contain it.
 */
export function findEvidence(text: string, needle: string, max = 10): EvidenceSpan[] {
  const target = foldWithMap(needle.trim()).folded.trim();
  if (target.length < 2) return [];
  const { folded, map } = foldWithMap(text);
  const spans: EvidenceSpan[] = [];
  for (let at = folded.indexOf(target); at >= 0 && spans.length < max; at = folded.indexOf(target, at + 1)) {
    const endAt = at + target.length;
    if (
      (isWordChar(target[0]) && isWordChar(folded[at - 1])) ||
      (isWordChar(target.at(-1)) && isWordChar(folded[endAt]))
    )
      continue;
    const start = map[at]!;
    const end = map[endAt - 1]! + 1;
    spans.push({ start, end, matched: text.slice(start, end) });
  }
  return spans;
}

/** Minimum share of a summary sentence's content words that must occur in the item's text. */
export const GROUNDING_MIN_SHARE = 0.75;

const STOPWORDS = new Set(
  "a an the and or but of to in on at for by with from as is are was were be been being has have had its it this that these those their his her which who whom whose will would can could may might shall should into over under about after before than then also such not no new".split(
    " ",
  ),
);

/** Crude stem so "entered"/"enter", "agreements"/"agreement" compare equal. */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, "") || word;
}

/**
 * Simple grounding check of an LLM summary against the item's text. Each sentence (or line) passes when at
 * least {@link GROUNDING_MIN_SHARE} of its content words (stopwords removed, crude stems) occur in the text,
 * and every number it states occurs in the text. The summary is grounded only when every sentence passes.
 */
export function groundSummary(
  summary: string,
  text: string,
): { grounded: true } | { grounded: false; sentence: string; reason: string } {
  const textWords = words(text);
  const textStems = new Set(textWords.map(stem));
  const textNumbers = new Set(textWords.filter((w) => /^\d/.test(w)));
  const sentences = summary
    .split(/\n+/)
    .flatMap((line) => splitSentences(line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "")))
    .filter((s) => words(s).length > 0);
  if (sentences.length === 0) return { grounded: false, sentence: summary, reason: "empty summary" };
  for (const sentence of sentences) {
    const ws = words(sentence);
    const missingNumber = ws.find((w) => /^\d/.test(w) && !textNumbers.has(w));
    if (missingNumber)
      return { grounded: false, sentence, reason: `number "${missingNumber}" is not in the text` };
    const content = ws.filter((w) => !STOPWORDS.has(w) && !/^\d/.test(w));
    if (content.length === 0) continue;
    const share = content.filter((w) => textStems.has(stem(w))).length / content.length;
    if (share < GROUNDING_MIN_SHARE)
      return {
        grounded: false,
        sentence,
        reason: `only ${Math.round(share * 100)}% of its words are in the text`,
      };
  }
  return { grounded: true };
}
