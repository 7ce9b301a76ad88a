/**
 * One entry block → title, link, date and teaser. The title is the best text the block offers (a heading,
 * else the main link's text, else its `title`); the link is the one the title belongs to (else the block's most
 * plausible link: a table row's "PDF"); the date is a machine-readable attribute, else a date-named element,
 * else a short date phrase of the block — never a date inside the title or the teaser's prose.
 */
import { MAX_CONTENT_CHARS } from "../readers/types.js";
import type { Anchor } from "./blocks.js";
import { dateFromAttribute, isDatePhrase, isUtcTimestamp, type SlashOrder, scanDates } from "./date-scan.js";
import {
  attr,
  collapse,
  contains,
  descendants,
  type Element,
  nameWords,
  parentElement,
  textOf,
  textPhrases,
} from "./dom.js";
import { LINK_PLAUSIBILITY } from "./links.js";

/** What one block yields. */
export interface BlockEntry {
  block: Element;
  title?: string;
  titleElement?: Element;
  url?: URL;
  /** The link the URL came from. */
  anchor?: Anchor;
  published_at?: string;
  /**
   * Where the date was read: `attribute` (`datetime`), `text` (inside the block), `sibling` (next to it), `url`
   * (the link's `/yyyy/mm/dd/` path, when the page shows none).
   */
  date_source?: "attribute" | "text" | "sibling" | "url";
  content: string;
}

/** What reading a block needs from the page: its slashed-date order and its furniture test. */
export interface EntryContext {
  slash: SlashOrder;
  isFurniture: (text: string) => boolean;
}

const HEADING = /^h[1-6]$/;
const TITLE_WORDS = new Set(["title", "headline", "heading", "subject", "tit", "subj"]);
const DATE_WORDS = new Set([
  "date",
  "time",
  "published",
  "pubdate",
  "posted",
  "created",
  "datetime",
  "day",
  "meta",
]);
const TEASER_WORDS = new Set([
  "summary",
  "excerpt",
  "teaser",
  "intro",
  "ingress",
  "preamble",
  "description",
  "desc",
  "lead",
  "abstract",
  "body",
  "content",
  "text",
]);

/** A heading, or an element its authors named a title (`.entry-title`, `.mfn-title`, `td.subject`). */
function isTitleLike(e: Element): boolean {
  return (
    HEADING.test(e.tagName) || attr(e, "role") === "heading" || nameWords(e).some((w) => TITLE_WORDS.has(w))
  );
}

/** Reads one block (the date may still come from its siblings: see `sibling-dates.ts`). */
export function readBlock(block: Element, anchors: readonly Anchor[], ctx: EntryContext): BlockEntry {
  const entry: BlockEntry = { block, content: "" };
  // The block's elements, listed once for the title, teaser and date searches below.
  const inside = descendants(block);
  const usable = anchors.filter((a) => a.kind !== "self" && a.kind !== "pagination");
  const readings = usable.map((a) => ({ anchor: a, ...readAnchor(a, ctx) }));
  const content = readings.filter((r) => !r.anchor.furniture && r.title && !ctx.isFurniture(r.title));
  const chosen =
    content.find((r) => inTitleLike(r.anchor.element, block)) ??
    [...content].sort((a, b) => wordCount(b.title!) - wordCount(a.title!))[0];

  let dateFromTitleEdge: string | undefined;
  if (chosen) {
    entry.title = chosen.title!;
    entry.titleElement = chosen.element;
    entry.url = chosen.anchor.url;
    entry.anchor = chosen.anchor;
    dateFromTitleEdge = chosen.date;
  } else {
    const titled = textTitle(inside, ctx);
    if (titled) {
      entry.title = titled.text;
      entry.titleElement = titled.element;
      const best = [...usable].sort((a, b) => LINK_PLAUSIBILITY[b.kind] - LINK_PLAUSIBILITY[a.kind])[0];
      if (best) {
        entry.url = best.url;
        entry.anchor = best;
      }
    }
  }
  if (entry.title !== undefined && (!hasWords(entry.title) || ctx.isFurniture(entry.title)))
    delete entry.title;

  const teaser = teaserOf(inside, entry, ctx);
  entry.content = teaser ? textOf(teaser).slice(0, MAX_CONTENT_CHARS) : "";
  const date = dateInside(block, inside, entry.titleElement, teaser, ctx.slash);
  if (date) {
    entry.published_at = date.iso;
    entry.date_source = date.source;
  } else if (dateFromTitleEdge) {
    entry.published_at = dateFromTitleEdge;
    entry.date_source = "text";
  }
  return entry;
}

/**
 * What a link offers as a title: the heading it wraps (a card's `h3`), else its own text without a date at
 * either end ("09.12.2025 Title" → "Title", the date kept aside), else nothing (a date-only or empty link).
 */
function readAnchor(a: Anchor, ctx: EntryContext): { title?: string; element: Element; date?: string } {
  const heading = descendants(a.element).find((e) => isTitleLike(e) && hasWords(textOf(e)));
  if (heading) return { title: textOf(heading), element: heading };
  if (!hasWords(a.text) || isDatePhrase(a.text, ctx.slash, 0)) return { element: a.element };
  // A link named only by its title attribute or its image's alt text has no phrases to cut.
  let { text, date } = textOf(a.element)
    ? stripEdgeDate(a.element, ctx.slash)
    : { text: a.text, date: undefined };
  if (!hasWords(text)) return { element: a.element };
  // "Notice … (PDF: 156KB)", "Annual report [PDF]": the file note is not part of the title.
  text = text.replace(/\s*[([]\s*pdf\b[^)\]]*[)\]]$/i, "");
  return { title: fullerTitle(text, a.element), element: a.element, ...(date ? { date } : {}) };
}

function hasWords(text: string): boolean {
  return /\p{L}/u.test(text);
}

/** Words of a title; CJK text, written without spaces, counts one word per two characters. */
export function wordCount(text: string): number {
  const spaced = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu) ?? []).length;
  return Math.max(spaced, Math.round(cjk / 2));
}

function inTitleLike(element: Element, block: Element): boolean {
  for (let e: Element | undefined = element; e && e !== block; e = parentElement(e))
    if (isTitleLike(e)) return true;
  return isTitleLike(element);
}

/**
 * A date at either end of a link's text, set apart from the title, is the entry's date, not part of its title:
 * its own element (`<a><span>Title</span><time>9 Dec 2025</time></a>`), a leading date ("09.12.2025 Title") or
 * a trailing one after a separator ("Title | 9 Dec 2025"). A date the title's own sentence ends with ("R&D day
 * on 21 January 2026") stays.
 */
function stripEdgeDate(a: Element, slash: SlashOrder): { text: string; date?: string } {
  const phrases = textPhrases(a).map((p) => p.text);
  let date: string | undefined;
  const take = (phrase: string | undefined) => {
    if (phrase === undefined || phrases.length < 2 || !isDatePhrase(phrase, slash, 1)) return false;
    date ??= scanDates(phrase, slash)[0]?.iso;
    return true;
  };
  // Cut on the link's whole text (inline markup unspaced: "Buvidal®"), phrase by phrase from either end.
  let text = textOf(a);
  while (take(phrases[0])) {
    const phrase = phrases.shift()!;
    const at = text.indexOf(phrase);
    text = collapse(text.slice(at + phrase.length));
  }
  while (take(phrases[phrases.length - 1])) {
    const phrase = phrases.pop()!;
    const at = text.lastIndexOf(phrase);
    text = collapse(text.slice(0, at));
  }
  const hits = scanDates(text, slash);
  const first = hits[0];
  if (first && first.index === 0) {
    const rest = text.slice(first.length).replace(/^[\s|·•:–—-]+/, "");
    if (wordCount(rest) >= 2) {
      date ??= first.iso;
      text = rest;
    }
  }
  const last = hits[hits.length - 1];
  if (last && last !== first && text.endsWith(text.slice(last.index))) {
    const before = text.slice(0, last.index);
    if (
      /[|·•–—([]\s*$|\s-\s*$/.test(before) &&
      text.slice(last.index + last.length).replace(/[\s)\]]+/g, "") === ""
    ) {
      date ??= last.iso;
      text = before.replace(/[\s|·•–—([-]+$/, "");
    }
  }
  return { text, ...(date ? { date } : {}) };
}

/** A link text cut short ("Camurus announces…") gives way to its `title` attribute when that holds the whole. */
function fullerTitle(text: string, a: Element): string {
  const full = attr(a, "title")?.trim();
  if (!full || !/(\.\.\.|…)$/.test(text)) return text;
  const stem = text.replace(/(\.\.\.|…)$/, "").trim();
  return full.length > stem.length && full.startsWith(stem.slice(0, Math.min(stem.length, 20))) ? full : text;
}

/** A block without a title link: its heading, else the first cell-like element reading as a title. */
function textTitle(
  all: readonly Element[],
  ctx: EntryContext,
): { text: string; element: Element } | undefined {
  const ok = (e: Element) => {
    const t = textOf(e);
    return hasWords(t) && !ctx.isFurniture(t) && !isDatePhrase(t, ctx.slash) && wordCount(t) <= 40;
  };
  const heading = all.find((e) => isTitleLike(e) && ok(e) && wordCount(textOf(e)) >= 2);
  if (heading) return { text: textOf(heading), element: heading };
  const leaf = all.find(
    (e) =>
      ["td", "th", "p", "div", "span", "strong", "b", "dd", "li"].includes(e.tagName) &&
      !descendants(e).some((c) => ["td", "p", "div", "li", "tr"].includes(c.tagName)) &&
      ok(e) &&
      wordCount(textOf(e)) >= 3,
  );
  return leaf ? { text: textOf(leaf), element: leaf } : undefined;
}

/** The block's teaser: a paragraph or summary-named element that is neither the title nor holds it. */
function teaserOf(all: readonly Element[], entry: BlockEntry, ctx: EntryContext): Element | undefined {
  const title = entry.titleElement;
  return all.find((e) => {
    if (title && (contains(e, title) || contains(title, e))) return false;
    if (e.tagName !== "p" && !nameWords(e).some((w) => TEASER_WORDS.has(w))) return false;
    const text = textOf(e);
    return wordCount(text) >= 6 && text !== entry.title && !ctx.isFurniture(text);
  });
}

/** The publication date written inside the block, and where it was read. */
function dateInside(
  block: Element,
  inside: readonly Element[],
  titleElement: Element | undefined,
  teaser: Element | undefined,
  slash: SlashOrder,
): { iso: string; source: "attribute" | "text" } | undefined {
  const all = [block, ...inside];
  const outsideProse = (e: Element) =>
    !(titleElement && contains(titleElement, e)) && !(teaser && contains(teaser, e));

  // 1. Machine-readable: <time datetime>, itemprop="datePublished" content, <meta property=…published_time>.
  const machine = all.filter((e) => {
    const itemprop = attr(e, "itemprop") ?? attr(e, "property") ?? "";
    return (
      attr(e, "datetime") !== undefined || /date(published|created|posted)|published_time/i.test(itemprop)
    );
  });
  machine.sort((a, b) => Number(isPublished(b)) - Number(isPublished(a)));
  for (const e of machine) {
    const value = attr(e, "datetime") ?? attr(e, "content") ?? "";
    const fromAttribute = dateFromAttribute(value);
    // A UTC timestamp may fall on the next day; the visible date is the publisher's own.
    const visible = scanDates(textOf(e), slash)[0]?.iso;
    if (fromAttribute && !(visible && isUtcTimestamp(value)))
      return { iso: fromAttribute, source: "attribute" };
    if (visible) return { iso: visible, source: "text" };
  }
  // 2. An element named for a date (`.date`, `.mfn-date`, `td.date`, `span.posted-on`).
  for (const e of all)
    if (outsideProse(e) && e !== block && nameWords(e).some((w) => DATE_WORDS.has(w))) {
      const iso = scanDates(textOf(e), slash)[0]?.iso;
      if (iso && textOf(e).length <= 120) return { iso, source: "text" };
    }
  // 3. A short date phrase anywhere else in the block.
  const skip = new Set([titleElement, teaser].filter((e): e is Element => e !== undefined));
  for (const phrase of textPhrases(block, skip))
    if (isDatePhrase(phrase.text, slash))
      return { iso: scanDates(phrase.text, slash)[0]!.iso, source: "text" };
  return undefined;
}

function isPublished(e: Element): boolean {
  return /published/i.test(
    `${attr(e, "itemprop") ?? ""} ${attr(e, "property") ?? ""} ${attr(e, "class") ?? ""}`,
  );
}
