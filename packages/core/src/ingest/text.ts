/** Turning published HTML fragments (RSS titles, teasers, listing cells) into clean plain text. */
import { stripControlCharacters } from "../util/safe-text.js";
import { parseHtmlFragment, plainText } from "./listing/dom.js";

const TAG = /<\/?[a-z][^>]*>/i;

/**
 * Plain text of an HTML fragment: CDATA unwrapped, tags removed, entities decoded (`&amp;` `&#8217;` `&nbsp;`),
 * whitespace collapsed. Applied twice when the first pass reveals markup, because feeds often entity-escape
 * their HTML (`&lt;p&gt;…`). The fragment is read by parse5, the HTML parser of the listing extractor, so
 * entities are decoded by its tokenizer (one table for ingest).
 */
export function htmlToText(fragment: string): string {
  // Most links, dates and many titles hold neither markup nor entities: skip the HTML parser for them.
  if (!/[<&]/.test(fragment)) return collapseWhitespace(fragment);
  let text = toText(fragment);
  if (TAG.test(text)) text = toText(text);
  return text;
}

function toText(fragment: string): string {
  const unwrapped = fragment.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, "$1");
  // Block-level boundaries become spaces so "<p>a</p><p>b</p>" reads "a b", not "ab".
  const spaced = unwrapped.replace(/<(br|\/p|\/div|\/li|\/h\d)[^>]*>/gi, " $&");
  return collapseWhitespace(plainText(parseHtmlFragment(spaced)));
}

/** Control characters and escape sequences removed; runs of whitespace (non-breaking spaces too) become one space; trimmed. */
export function collapseWhitespace(text: string): string {
  return stripControlCharacters(text)
    .replace(/[\s\u00a0\u200b]+/g, " ")
    .trim();
}
