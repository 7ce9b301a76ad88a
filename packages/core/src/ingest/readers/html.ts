/**
 * HTML listing pages (corporate "news" pages without a feed) → raw entries: by the source's CSS selectors when
 * it has them (an override), else by the generic extractor (`html-generic.ts`). Both read parse5's tree.
 */
import type { DateFormat, HtmlSelectorsDef, HtmlSourceDef } from "../../config/schema.js";
import { parseSelector, type Selector, SelectorError, selectAll, selectFirst } from "../css-selector.js";
import { findDate } from "../dates.js";
import { attr, type ChildNode, type Element, isElement, parseDocument, plainText } from "../listing/dom.js";
import { collapseWhitespace } from "../text.js";
import { parseGenericListing } from "./html-generic.js";
import { documentReader } from "./requests.js";
import {
  EntryCollector,
  MAX_CONTENT_CHARS,
  type ReaderResult,
  resolveLink,
  SourceReadError,
} from "./types.js";

type ListingSource = Pick<HtmlSourceDef, "key" | "date_formats" | "skip_titles"> & {
  selectors: HtmlSelectorsDef;
};

/** Elements whose content is never an entry's text (the old parser dropped it; parse5 keeps it as text). */
const UNREAD = new Set(["script", "style", "noscript"]);
const TITLE = parseSelector("title");
const BASE = parseSelector("base[href]");

/** The selectors of a source, parsed (config loading has already refused any the engine does not support). */
interface ParsedSelectors {
  item: Selector;
  link: Selector;
  title: Selector | undefined;
  date: Selector | undefined;
  content: Selector | undefined;
}

function parseSelectors(key: string, selectors: HtmlSelectorsDef): ParsedSelectors {
  const parse = (field: keyof HtmlSelectorsDef): Selector | undefined => {
    const text = selectors[field];
    if (text === undefined) return undefined;
    try {
      return parseSelector(text);
    } catch (error) {
      if (!(error instanceof SelectorError)) throw error;
      throw new SourceReadError(key, `bad ${field} selector "${text}": ${error.reason}`);
    }
  };
  return {
    item: parse("item")!,
    link: parse("link")!,
    title: parse("title"),
    date: parse("date"),
    content: parse("content"),
  };
}

/** An element's text as the entry reads it: the text of its nodes, whitespace collapsed, scripts left out. */
const textOfElement = (element: Element | undefined): string =>
  element ? collapseWhitespace(plainText(element, UNREAD)) : "";

/**
 * Extracts the entries of a listing page. Links are resolved against `pageUrl`; the date comes from the date
 * element (its `datetime` attribute, else its text) read with the source's formats, falling back to a date
 * in the entry's text outside its title and teaser; entries without one stay undated (never "today").
 */
export function parseListing(html: string, source: ListingSource, pageUrl: string): ReaderResult {
  const selectors = parseSelectors(source.key, source.selectors);
  const document = parseDocument(html);
  const items = selectAll(document, selectors.item);
  if (items.length === 0 && !/<(html|body|div|ul|article)\b/i.test(html))
    throw new SourceReadError(
      source.key,
      `the page is not HTML (first bytes: ${JSON.stringify(html.slice(0, 60))})`,
    );
  // A listing page always lists something: a page without a single entry is a bot challenge, an error page
  // served as 200 or a redesign, and "ok, 0 items" would hide it. The page title says which.
  if (items.length === 0) {
    const title = textOfElement(selectFirst(document, TITLE));
    throw new SourceReadError(
      source.key,
      `no entries match selector "${source.selectors.item}" (${title ? `page title: ${JSON.stringify(title)}` : "the page has no title"})`,
    );
  }

  // Relative links resolve against the page's <base href> when it has one, as a browser resolves them.
  const base = selectFirst(document, BASE);
  const baseHref = base && attr(base, "href");
  const linkBase = (baseHref && resolveLink(baseHref, pageUrl)) || pageUrl;
  const entries = new EntryCollector(source.skip_titles);
  for (const item of items) {
    const link = selectFirst(item, selectors.link) ?? (item.tagName === "a" ? item : undefined);
    const titleElement = selectors.title ? selectFirst(item, selectors.title) : link;
    entries.add(textOfElement(titleElement), link && attr(link, "href"), linkBase, () => {
      const contentElement = selectors.content ? selectFirst(item, selectors.content) : undefined;
      const content = textOfElement(contentElement).slice(0, MAX_CONTENT_CHARS);
      // The fallback date is never read from the title or the teaser: "presented on January 15, 2026" in a
      // teaser is a date the item talks about, not the date it was published.
      // (An entry that is its own link keeps its whole text: there is nothing else to read a date from.)
      const prose = [titleElement, contentElement].filter((e): e is Element => e !== undefined && e !== item);
      const published = dateOf(item, selectors.date, source.date_formats, prose);
      return { content, ...(published ? { published_at: published } : {}) };
    });
  }
  return { ...entries.result(items.length), method: "selectors" };
}

function dateOf(
  item: Element,
  selector: Selector | undefined,
  formats: readonly DateFormat[],
  prose: readonly Element[],
): string | undefined {
  const element = selector ? selectFirst(item, selector) : undefined;
  if (element) {
    const attribute = attr(element, "datetime") ?? attr(element, "content");
    const fromAttribute = attribute ? findDate(attribute, ["iso", ...formats]) : undefined;
    if (fromAttribute) return fromAttribute;
    const fromText = findDate(spacedText(element), formats);
    if (fromText) return fromText;
  }
  return findDate(spacedText(item, new Set(prose)), formats);
}

/**
 * The element's text with a space between sibling nodes, without the `skip` nodes (and what they hold).
 * Used for the date fallback only: an element's text glues adjacent cells together ("Essi Nevo" + "August 15th, 2025" → "NevoAugust 15th, 2025"), hiding the date.
 */
function spacedText(node: ChildNode, skip: ReadonlySet<Element> = new Set()): string {
  if (isElement(node)) {
    if (skip.has(node) || UNREAD.has(node.tagName)) return "";
    return collapseWhitespace(node.childNodes.map((child) => spacedText(child, skip)).join(" "));
  }
  return plainText(node);
}

/** Reads an HTML listing source. */
export const htmlReader = documentReader<HtmlSourceDef>(
  "text/html,application/xhtml+xml",
  (body, source, pageUrl) => {
    const { selectors } = source;
    return selectors
      ? parseListing(body, { ...source, selectors }, pageUrl)
      : parseGenericListing(body, source, pageUrl);
  },
);
