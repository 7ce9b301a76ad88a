/**
 * HTML listing pages (corporate "news" pages without a feed) → raw entries: by the source's CSS selectors when
 * it has them (an override), else by the generic extractor (`html-generic.ts`).
 */
import { HTMLElement, type Node, parse } from "node-html-parser";
import type { DateFormat, HtmlSelectorsDef, HtmlSourceDef } from "../../config/schema.js";
import { findDate } from "../dates.js";
import { collapseWhitespace } from "../text.js";
import { parseGenericListing } from "./html-generic.js";
import {
  boilerplateMatcher,
  fetchText,
  MAX_CONTENT_CHARS,
  type RawEntry,
  type ReaderContext,
  type ReaderResult,
  resolveLink,
  SourceReadError,
  type SourceReader,
} from "./types.js";

type ListingSource = Pick<HtmlSourceDef, "key" | "date_formats" | "skip_titles"> & {
  selectors: HtmlSelectorsDef;
};

/**
 * Extracts the entries of a listing page. Links are resolved against `pageUrl`; the date comes from the date
 * element (its `datetime` attribute, else its text) read with the source's formats, falling back to a date
 * in the entry's text outside its title and teaser; entries without one stay undated (never "today").
 */
export function parseListing(html: string, source: ListingSource, pageUrl: string): ReaderResult {
  const root = parse(html, { blockTextElements: { script: false, style: false, noscript: false } });
  let items: HTMLElement[];
  try {
    items = root.querySelectorAll(source.selectors.item);
  } catch (error) {
    throw new SourceReadError(
      source.key,
      `bad item selector "${source.selectors.item}": ${(error as Error).message}`,
    );
  }
  if (items.length === 0 && !/<(html|body|div|ul|article)\b/i.test(html))
    throw new SourceReadError(
      source.key,
      `the page is not HTML (first bytes: ${JSON.stringify(html.slice(0, 60))})`,
    );
  // A listing page always lists something: a page without a single entry is a bot challenge, an error page
  // served as 200 or a redesign, and "ok, 0 items" would hide it. The page title says which.
  if (items.length === 0) {
    const title = collapseWhitespace(root.querySelector("title")?.text ?? "");
    throw new SourceReadError(
      source.key,
      `no entries match selector "${source.selectors.item}" (${title ? `page title: ${JSON.stringify(title)}` : "the page has no title"})`,
    );
  }

  // Relative links resolve against the page's <base href> when it has one, as a browser resolves them.
  const baseHref = root.querySelector("base[href]")?.getAttribute("href");
  const linkBase = (baseHref && resolveLink(baseHref, pageUrl)) || pageUrl;
  const isBoilerplate = boilerplateMatcher(source.skip_titles);
  const entries: RawEntry[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  for (const item of items) {
    const link = pick(item, source.selectors.link) ?? (item.tagName === "A" ? item : undefined);
    const titleElement = source.selectors.title ? pick(item, source.selectors.title) : link;
    const title = collapseWhitespace(titleElement?.text ?? "");
    const url = resolveLink(link?.getAttribute("href"), linkBase);
    if (!title || isBoilerplate(title)) {
      skipped++;
      continue;
    }
    if (!url) {
      skipped++;
      warnings.push(`entry "${title}" has no usable link`);
      continue;
    }
    const contentElement = source.selectors.content ? pick(item, source.selectors.content) : undefined;
    const content = collapseWhitespace(contentElement?.text ?? "").slice(0, MAX_CONTENT_CHARS);
    // The fallback date is never read from the title or the teaser: "presented on January 15, 2026" in a
    // teaser is a date the item talks about, not the date it was published.
    // (An entry that is its own link keeps its whole text: there is nothing else to read a date from.)
    const prose = [titleElement, contentElement].filter(
      (e): e is HTMLElement => e !== undefined && e !== item,
    );
    const published = dateOf(item, source.selectors.date, source.date_formats, prose);
    entries.push({ title, url, content, ...(published ? { published_at: published } : {}) });
  }
  return { entries, found: items.length, skipped, warnings, method: "selectors" };
}

function pick(item: HTMLElement, selector: string): HTMLElement | undefined {
  return item.querySelector(selector) ?? undefined;
}

function dateOf(
  item: HTMLElement,
  selector: string | undefined,
  formats: readonly DateFormat[],
  prose: readonly HTMLElement[],
): string | undefined {
  const element = selector ? pick(item, selector) : undefined;
  if (element) {
    const attribute = element.getAttribute("datetime") ?? element.getAttribute("content");
    const fromAttribute = attribute ? findDate(attribute, ["iso", ...formats]) : undefined;
    if (fromAttribute) return fromAttribute;
    const fromText = findDate(spacedText(element), formats);
    if (fromText) return fromText;
  }
  return findDate(spacedText(item, new Set(prose)), formats);
}

/**
 * The element's text with a space between sibling nodes, without the `skip` nodes (and what they hold).
 * Used for the date fallback only: `.text` glues adjacent cells together ("Essi Nevo" + "August 15th, 2025" → "NevoAugust 15th, 2025"), hiding the date.
 */
function spacedText(node: Node, skip: ReadonlySet<Node> = new Set()): string {
  if (skip.has(node)) return "";
  if (node instanceof HTMLElement)
    return collapseWhitespace(node.childNodes.map((child) => spacedText(child, skip)).join(" "));
  return node.text;
}

/** Reads an HTML listing source. */
export const htmlReader: SourceReader<HtmlSourceDef> = {
  async read(source: HtmlSourceDef, context: ReaderContext): Promise<ReaderResult> {
    const response = await fetchText(context, source.key, source.url, {
      accept: "text/html,application/xhtml+xml",
    });
    const pageUrl = response.url || source.url;
    const { selectors } = source;
    return selectors
      ? parseListing(response.body, { ...source, selectors }, pageUrl)
      : parseGenericListing(response.body, source, pageUrl);
  },
};
