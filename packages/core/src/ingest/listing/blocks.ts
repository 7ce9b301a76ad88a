/**
 * From links to entry blocks: every usable link climbs to the smallest ancestor that repeats among its siblings
 * (an `article` among articles, an `li` among `li`s, a `tr` among rows), and blocks are grouped by their
 * structural path (tag and stable class of every ancestor). A group is a candidate list of news entries.
 */
import {
  attr,
  childElements,
  classList,
  type Document,
  descendants,
  type Element,
  parentElement,
  textOf,
} from "./dom.js";
import { furnitureTextMatcher } from "./furniture.js";
import { type LinkKind, linkKind, resolveHref } from "./links.js";

/** A usable link of the page. */
export interface Anchor {
  element: Element;
  url: URL;
  kind: LinkKind;
  /** Visible text, else `title`/`aria-label`, else an image's `alt`. */
  text: string;
  /** "Read more", "PDF", "Next", "2", a link back to this page… */
  furniture: boolean;
}

/** Blocks that share one structural path. */
export interface BlockGroup {
  signature: string;
  /** In document order. */
  blocks: Element[];
}

/** What the page analysis shares with the later steps. */
export interface PageModel {
  body: Element;
  anchors: Anchor[];
  groups: BlockGroup[];
  /** Document position of each element, to keep entries in page order. */
  order: Map<Element, number>;
  /** Usable links inside each block. */
  anchorsOf(block: Element): Anchor[];
  /** Length of the visible text of an element (a size measure, whitespace included). */
  textLength(element: Element): number;
}

/** Classes that vary from entry to entry of one list (state, taxonomy, position), ignored in structural keys. */
const VARIANT_CLASS =
  /\d|--|^(category|tag|type|status|format|author|has|is|js|lang|post-format|term|taxonomy)[-_]|(^|[-_])(odd|even|first|last|active|current|selected|new|featured|sticky|pinned|hidden|visible|open|closed|read|unread|today)$/i;

const keyCache = new WeakMap<Element, string>();
const TAG_ONLY = new Set(["tr", "li", "dt", "dd", "tbody"]);

/**
 * The structural key of an element: its tag and its most specific stable class (`views-field views-field-title`
 * → `div.views-field-title`; `post type-post category-news` → `article.post`; `card card--featured` →
 * `div.card`). Rows and list items are keyed by their tag alone.
 */
export function structuralKey(element: Element): string {
  const cached = keyCache.get(element);
  if (cached !== undefined) return cached;
  // Rows and list items are records by their tag: a pinned row's `tr.notice` is still a row of the table.
  if (TAG_ONLY.has(element.tagName)) {
    keyCache.set(element, element.tagName);
    return element.tagName;
  }
  const classes = classList(element).filter((c) => !VARIANT_CLASS.test(c));
  let chosen = classes[0];
  for (const c of classes)
    if (classes.some((base) => base !== c && (c.startsWith(`${base}-`) || c.startsWith(`${base}_`))))
      chosen = c;
  const key = chosen ? `${element.tagName}.${chosen}` : element.tagName;
  keyCache.set(element, key);
  return key;
}

/** Elements never taken as an entry block on their own: a cell is part of its row, inline markup of its text. */
const NEVER_BLOCK = new Set([
  "td",
  "th",
  "span",
  "strong",
  "em",
  "b",
  "i",
  "small",
  "font",
  "sup",
  "sub",
  "time",
]);

/** Navigation and page-level regions (the element itself, not its ancestors). */
function isRegionElement(e: Element): boolean {
  if (e.tagName === "nav" || e.tagName === "aside") return true;
  const role = attr(e, "role");
  if (role === "navigation" || role === "banner" || role === "contentinfo" || role === "complementary")
    return true;
  if (e.tagName === "header" || e.tagName === "footer") {
    for (let p = parentElement(e); p; p = parentElement(p))
      if (p.tagName === "article" || p.tagName === "li" || p.tagName === "section") return false;
    return true;
  }
  return /(^|[\s_-])(pagination|pager|paging|breadcrumbs?|menu)([\s_-]|$)/i.test(attr(e, "class") ?? "");
}

/** URLs remembered per element for the "links somewhere else" test. */
const MAX_URLS_KEPT = 16;

/** Climbing stops below an ancestor this large: it holds a list, not an entry. */
const MAX_BLOCK_ANCHORS = 20;
const MAX_BLOCK_TEXT = 6000;

/** Reads the page: usable links, their blocks and the groups of blocks. */
export function analysePage(
  document: Document,
  pageUrl: URL,
  baseUrl: string,
  skipTitles: readonly string[],
): PageModel {
  const body = descendants(document, true).find((e) => e.tagName === "body");
  if (!body) throw new Error("parse5 always builds a <body>");
  const elements = descendants(body);
  const order = new Map<Element, number>(elements.map((e, i) => [e, i]));

  const lengths = new Map<Element, number>();
  const measured = [body, ...elements];
  for (let i = measured.length - 1; i >= 0; i--) {
    const e = measured[i]!;
    let n = 0;
    for (const child of e.childNodes)
      n +=
        child.nodeName === "#text"
          ? (child as { value: string }).value.length
          : (lengths.get(child as Element) ?? 0);
    lengths.set(e, n);
  }
  const textLength = (e: Element) => lengths.get(e) ?? 0;

  const isFurniture = furnitureTextMatcher(skipTitles);
  const anchors = collectAnchors(elements, pageUrl, baseUrl, isFurniture);
  const anchorCount = new Map<Element, number>();
  for (const a of anchors)
    for (let e: Element | undefined = a.element; e && e !== body; e = parentElement(e))
      anchorCount.set(e, (anchorCount.get(e) ?? 0) + 1);

  // The test of "repeats among its siblings": another child of the same parent, with the same key, holding a
  // link to somewhere else — a content link when this element holds one ("Read more" and "PDF" siblings of a
  // title link are the same entry, not other entries).
  const linksOf = new Map<Element, { content: boolean; urls: Set<string> }>();
  for (const a of anchors)
    for (let e: Element | undefined = a.element; e && e !== body; e = parentElement(e)) {
      const info = linksOf.get(e) ?? { content: false, urls: new Set<string>() };
      linksOf.set(e, info);
      info.content ||= !a.furniture;
      // A few links tell an entry from its siblings; a list's container need not hold all of its URLs.
      if (info.urls.size < MAX_URLS_KEPT) info.urls.add(a.url.href);
    }
  // Per parent, its linked children by key (a list of thousands of entries is indexed once, not per link).
  const linkedChildren = new Map<Element, Map<string, Element[]>>();
  const siblingsLike = (e: Element, parent: Element): Element[] => {
    let byKey = linkedChildren.get(parent);
    if (!byKey) {
      byKey = new Map();
      for (const child of childElements(parent)) {
        if (!linksOf.has(child)) continue;
        const list = byKey.get(structuralKey(child));
        if (list) list.push(child);
        else byKey.set(structuralKey(child), [child]);
      }
      linkedChildren.set(parent, byKey);
    }
    return byKey.get(structuralKey(e)) ?? [];
  };
  const repeats = (e: Element): boolean => {
    const mine = linksOf.get(e);
    const parent = parentElement(e);
    if (!mine || !parent) return false;
    for (const sibling of siblingsLike(e, parent)) {
      if (sibling === e) continue;
      const theirs = linksOf.get(sibling);
      if (!theirs || (mine.content && !theirs.content)) continue;
      for (const url of theirs.urls) if (!mine.urls.has(url)) return true;
    }
    return false;
  };

  const blockOf = (anchor: Element): Element => {
    let e = anchor;
    for (;;) {
      const parent = parentElement(e);
      if (!parent || parent === body) return e;
      if (!NEVER_BLOCK.has(e.tagName) && repeats(e)) return e;
      // A link of a menu, a pager or a page header belongs to that region, never to the page around it.
      if (isRegionElement(e)) return e;
      if ((anchorCount.get(parent) ?? 0) > MAX_BLOCK_ANCHORS || textLength(parent) > MAX_BLOCK_TEXT) return e;
      e = parent;
    }
  };

  const bySignature = new Map<string, Set<Element>>();
  for (const a of anchors) {
    const block = blockOf(a.element);
    const signature = signatureOf(block, body);
    const set = bySignature.get(signature) ?? new Set<Element>();
    bySignature.set(signature, set);
    set.add(block);
  }
  const groups = normaliseGroups(bySignature, order);

  const allBlocks = new Set(groups.flatMap((g) => g.blocks));
  const inside = new Map<Element, Anchor[]>();
  for (const a of anchors)
    for (let e: Element | undefined = a.element; e && e !== body; e = parentElement(e))
      if (allBlocks.has(e)) {
        const list = inside.get(e);
        if (list) list.push(a);
        else inside.set(e, [a]);
      }
  return { body, anchors, groups, order, anchorsOf: (block) => inside.get(block) ?? [], textLength };
}

function collectAnchors(
  elements: Element[],
  pageUrl: URL,
  baseUrl: string,
  isFurniture: (text: string) => boolean,
): Anchor[] {
  const out: Anchor[] = [];
  for (const element of elements) {
    if (element.tagName !== "a") continue;
    const url = resolveHref(attr(element, "href"), baseUrl);
    if (!url) continue;
    const kind = linkKind(url, pageUrl);
    if (kind === "social_or_legal") continue;
    const text = linkText(element);
    out.push({
      element,
      url,
      kind,
      text,
      furniture: kind === "self" || kind === "pagination" || isFurniture(text),
    });
  }
  return out;
}

/** The text a reader sees for a link: its text, else its `title` / `aria-label`, else its image's `alt`. */
function linkText(a: Element): string {
  const text = textOf(a);
  if (text) return text;
  const label = attr(a, "title") ?? attr(a, "aria-label");
  if (label?.trim()) return label.trim();
  const img = descendants(a, true).find((e) => e.tagName === "img");
  return img ? (attr(img, "alt") ?? "").trim() : "";
}

/** The structural path of an element below `body`: `main>section.news-list>article.news-item`. */
function signatureOf(element: Element, body: Element): string {
  const keys: string[] = [];
  for (let e: Element | undefined = element; e && e !== body; e = parentElement(e))
    keys.push(structuralKey(e));
  return keys.reverse().join(">");
}

/**
 * Groups in document order of their first block. A block that only wraps one element of a larger group's
 * path (a day's `ul` holding a single `li` under a date heading, while other days hold several) joins that group
 * as the inner element.
 */
function normaliseGroups(bySignature: Map<string, Set<Element>>, order: Map<Element, number>): BlockGroup[] {
  const groups = [...bySignature].map(([signature, set]) => ({ signature, blocks: [...set] }));
  groups.sort((a, b) => b.blocks.length - a.blocks.length);
  for (const big of groups) {
    if (big.blocks.length < 2) continue;
    for (const small of groups) {
      if (small === big || !big.signature.startsWith(`${small.signature}>`)) continue;
      const path = big.signature.slice(small.signature.length + 1).split(">");
      small.blocks = small.blocks.filter((block) => {
        const inner = descendAlong(block, path);
        if (!inner) return true;
        big.blocks.push(inner);
        return false;
      });
    }
  }
  const byOrder = (a: Element, b: Element) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  return groups
    .filter((g) => g.blocks.length > 0)
    .map((g) => ({ signature: g.signature, blocks: [...new Set(g.blocks)].sort(byOrder) }))
    .sort((a, b) => byOrder(a.blocks[0]!, b.blocks[0]!));
}

/**
 * The element reached from `start` through these keys when each step is the only child element (a wrapper
 * around one entry), or `undefined` (a block holding more than the path: an entry with its own sub-list).
 */
function descendAlong(start: Element, path: string[]): Element | undefined {
  let e = start;
  for (const key of path) {
    const children = childElements(e);
    if (children.length !== 1 || structuralKey(children[0]!) !== key) return undefined;
    e = children[0]!;
  }
  return e;
}
