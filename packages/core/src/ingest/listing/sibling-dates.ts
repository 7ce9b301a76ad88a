/**
 * Dates written next to the entries rather than in them: a date heading followed by that day's entries
 * (`h3` + `ul`), a definition list (`dt` date + `dd` entry), a flat run of `span.date` + `a`. Chosen per group,
 * so that one pattern explains the page: the direction that dates more entries wins (on a tie, the preceding
 * one, as date headings are read).
 */
import { isDatePhrase, type SlashOrder, scanDates } from "./date-scan.js";
import { adjacentElement, contains, type Element, parentElement, textOf } from "./dom.js";
import type { BlockEntry } from "./entry.js";

const DATE_HEADING = new Set([
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "dt",
  "caption",
  "strong",
  "b",
  "p",
  "div",
  "span",
  "time",
]);
/** Siblings looked at per level: a date heading sits near its entries. */
const MAX_SIBLINGS = 40;

/**
 * Gives the group's undated entries the date written beside them, when the group's own blocks mostly carry no
 * date (a list whose blocks are dated treats an undated block as undated: a pinned notice, not a sibling's
 * date). Returns how many entries got a date, and the direction used.
 */
export function assignSiblingDates(
  entries: BlockEntry[],
  body: Element,
  slash: SlashOrder,
  textLength: (e: Element) => number,
): { dated: number; direction?: "preceding" | "following" } {
  const titled = entries.filter((e) => e.title);
  if (titled.length === 0 || titled.filter((e) => e.published_at).length >= titled.length / 2)
    return { dated: 0 };
  const blocks = new Set(entries.map((e) => e.block));
  const holdsBlocks = new Set<Element>();
  for (const block of blocks)
    for (let e = parentElement(block); e && e !== body; e = parentElement(e)) holdsBlocks.add(e);
  const container = lowestCommonAncestor([...blocks], body);

  const undated = titled.filter((e) => !e.published_at);
  const context = { blocks, holdsBlocks, container, body, slash, textLength };
  const preceding = undated.map((e) => precedingDate(e.block, context));
  const following = undated.map((e) => followingDate(e.block, context));
  const count = (dates: (string | undefined)[]) => dates.filter(Boolean).length;
  const usePreceding = count(preceding) >= count(following);
  const chosen = usePreceding ? preceding : following;
  undated.forEach((entry, i) => {
    const iso = chosen[i];
    if (iso) {
      entry.published_at = iso;
      entry.date_source = "sibling";
    }
  });
  return { dated: count(chosen), direction: usePreceding ? "preceding" : "following" };
}

interface Context {
  blocks: ReadonlySet<Element>;
  /** Ancestors of the group's blocks: an element holding other entries is never a date label. */
  holdsBlocks: ReadonlySet<Element>;
  container: Element;
  body: Element;
  slash: SlashOrder;
  textLength: (e: Element) => number;
}

/** The date of a short date label (a heading, a cell, a `dt`), or `undefined`. */
function dateOf(element: Element, context: Context, strict: boolean): string | undefined {
  // A date label is short: skip the text of long siblings (a whole list, an article) without reading it.
  if (context.textLength(element) > 200) return undefined;
  // Elements that are not usual label holders count only as a pure date phrase.
  const pure = strict || (!DATE_HEADING.has(element.tagName) && !/^h\d$/.test(element.tagName));
  const text = textOf(element);
  if (!isDatePhrase(text, context.slash, pure ? 0 : 3)) return undefined;
  return scanDates(text, context.slash)[0]?.iso;
}

/** The nearest date phrase before the block, skipping other entries (a date heading serves all of its day). */
function precedingDate(block: Element, context: Context): string | undefined {
  const { blocks, holdsBlocks, container, body } = context;
  let levelsAboveList = 0;
  for (let e: Element | undefined = block; e && e !== body; e = parentElement(e)) {
    // From the list's own level up, only a pure date heading counts ("Last updated 9 Dec 2025" above a list
    // does not date its entries), and only a few levels up.
    const aboveList = e === container || contains(e, container);
    if (aboveList && ++levelsAboveList > 3) return undefined;
    let seen = 0;
    for (let s = adjacentElement(e, -1); s && seen < MAX_SIBLINGS; s = adjacentElement(s, -1), seen++) {
      if (blocks.has(s) || holdsBlocks.has(s)) continue;
      const iso = dateOf(s, context, aboveList);
      if (iso) return iso;
    }
  }
  return undefined;
}

/** The nearest date phrase after the block, before the next entry. */
function followingDate(block: Element, context: Context): string | undefined {
  const { blocks, holdsBlocks, container, body } = context;
  for (let e: Element | undefined = block; e && e !== body && e !== container; e = parentElement(e)) {
    let seen = 0;
    for (let s = adjacentElement(e, 1); s && seen < MAX_SIBLINGS; s = adjacentElement(s, 1), seen++) {
      if (blocks.has(s) || holdsBlocks.has(s)) return undefined;
      const iso = dateOf(s, context, false);
      if (iso) return iso;
    }
  }
  return undefined;
}

/** The deepest element holding every one of `elements` (their parent for a single one). */
function lowestCommonAncestor(elements: readonly Element[], body: Element): Element {
  const first = elements[0];
  if (!first) return body;
  const chain: Element[] = [];
  for (let e = parentElement(first); e; e = parentElement(e)) chain.push(e);
  let best = 0;
  for (const other of elements.slice(1)) {
    while (best < chain.length && !contains(chain[best]!, other)) best++;
  }
  return chain[best] ?? body;
}
