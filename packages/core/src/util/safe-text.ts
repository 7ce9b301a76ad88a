/**
 * Text from outside — a page, a feed, an AWS status reason, an input file — made safe to store, render and print:
 * terminal escape sequences removed, control characters (NUL, ESC, DEL, the C1 range…) stripped, and titles cut
 * to a readable length. One module for the CLI's output filter, the stack doctor's AWS reasons and ingest's text.
 * No dependencies, so the CLI can load it before any verb.
 */

/** CSI (`ESC [ … final`), OSC (`ESC ] … BEL | ESC \`) and two-character ESC sequences. */
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
/** Every C0 and C1 control character and DEL. */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;
/** The same, except newline and tab: what multi-line text may keep. */
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` without terminal escape sequences and with every other run of control characters (newlines and tabs
 * included) turned into one space, so it prints on one line as text. For a reason or a message read from AWS or
 * a source.
 *
 * @example
 * ```ts
 * sanitizeText("Resource \u001b[31mfailed\u001b[0m\nretry"); // "Resource failed retry"
 * ```
 */
export function sanitizeText(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL_CHARACTERS, " ");
}

/**
 * `text` without terminal escape sequences and control characters, keeping its newlines and tabs (a carriage
 * return goes: it lets text overwrite what a terminal printed before it). What any CLI output goes through.
 *
 * @example
 * ```ts
 * stripControlCharacters("ok\u0000\u001b]0;pwned\u0007\nnext"); // "ok\nnext"
 * ```
 */
export function stripControlCharacters(text: string): string {
  // The cheap test first: almost every string printed or ingested has no control character at all.
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, "").replace(CONTROL_EXCEPT_LINES, "");
}

/** Longest title kept, in characters (a 1 MB "title" once went into a newsletter). */
export const MAX_TITLE_CHARS = 300;

/**
 * `text` cut to at most `max` characters on a word boundary, with an ellipsis (`…`) when cut. A single word
 * longer than the limit is cut inside it; a surrogate pair is never split.
 *
 * @example
 * ```ts
 * cutAtWord("Nanexa and Moderna enter into a license agreement", 30); // "Nanexa and Moderna enter into…"
 * ```
 */
export function cutAtWord(text: string, max = MAX_TITLE_CHARS): string {
  if (text.length <= max) return text;
  const room = Math.max(1, max - 1);
  let cut = text.slice(0, room);
  // Never leave half a surrogate pair (an emoji, a CJK extension character) at the end.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  // Cut on the last space when it keeps most of the text (unless the cut already ends a word); a title that is
  // one long word is cut inside it.
  const endsWord = /\s/.test(text.charAt(cut.length));
  const space = cut.search(/\s\S*$/);
  if (!endsWord && space > room / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—]+$/, "")}…`;
}
