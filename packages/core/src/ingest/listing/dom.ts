/**
 * The small DOM toolkit the listing extractor works with: parse5's tree (the WHATWG parsing algorithm, so a
 * page with unclosed `<li>`, stray end tags or `<p>` around a `<div>` gets the tree a browser would build), and
 * helpers to read elements, attributes and text without a CSS engine. It is ingest's one HTML parser: the
 * per-source selectors (`../css-selector.ts`) and the feeds' text (`../text.ts`) read the same tree.
 */
import { type DefaultTreeAdapterTypes, parse, parseFragment } from "parse5";

export type Element = DefaultTreeAdapterTypes.Element;
export type ChildNode = DefaultTreeAdapterTypes.ChildNode;
export type ParentNode = DefaultTreeAdapterTypes.ParentNode;
export type Document = DefaultTreeAdapterTypes.Document;
export type DocumentFragment = DefaultTreeAdapterTypes.DocumentFragment;

/** Elements whose content is never visible text. */
const INVISIBLE = new Set(["script", "style", "noscript", "template", "svg", "iframe", "object", "head"]);

/**
 * Block elements (and `<time>`, `<br>`) after which text reads as a new phrase ("Title" + "9 Dec 2025", not
 * "Title9 Dec 2025"). Inline elements are not spaced: `Buvidal<sup>®</sup>` stays one word.
 */
const SPACED = new Set(
  "p div li td th tr br hr dt dd dl ul ol table h1 h2 h3 h4 h5 h6 section article header footer aside nav main time figure figcaption blockquote".split(
    " ",
  ),
);

/** Parses a whole HTML document. Never throws: parse5 recovers from any markup as a browser does. */
export function parseDocument(html: string): Document {
  return parse(html);
}

/**
 * Parses an HTML fragment (a feed's title or teaser) as the content of a `<template>`. Never throws. Scripting
 * is off, so a `<noscript>`'s content is markup read as text (as a reader without JavaScript sees it).
 */
export function parseHtmlFragment(html: string): DocumentFragment {
  return parseFragment(html, { scriptingEnabled: false });
}

/** `true` for an element (not text, a comment or the document). */
export function isElement(node: ChildNode | ParentNode | null | undefined): node is Element {
  return node !== null && node !== undefined && "tagName" in node;
}

/** An attribute's value, or `undefined`. */
export function attr(element: Element, name: string): string | undefined {
  for (const a of element.attrs) if (a.name === name) return a.value;
  return undefined;
}

/** Child elements (text and comments skipped). */
export function childElements(element: ParentNode): Element[] {
  const out: Element[] = [];
  for (const child of element.childNodes) if (isElement(child)) out.push(child);
  return out;
}

/** The parent element, or `undefined` at the top of the tree. */
export function parentElement(node: ChildNode | Element): Element | undefined {
  const parent = node.parentNode;
  return isElement(parent) ? parent : undefined;
}

const siblingIndex = new WeakMap<ParentNode, Map<ChildNode, number>>();

/** The element `step` elements before (-1) or after (+1) `element` among its siblings, or `undefined`. */
export function adjacentElement(element: Element, step: -1 | 1): Element | undefined {
  const parent = element.parentNode;
  if (!parent) return undefined;
  let index = siblingIndex.get(parent);
  if (!index) {
    index = new Map(parent.childNodes.map((child, i) => [child, i]));
    siblingIndex.set(parent, index);
  }
  const siblings = parent.childNodes;
  for (let i = (index.get(element) ?? -1) + step; i >= 0 && i < siblings.length; i += step) {
    const s = siblings[i];
    if (isElement(s)) return s;
  }
  return undefined;
}

/** Every element under `root` in document order (depth-first), invisible subtrees included only if asked. */
export function descendants(root: ParentNode, includeInvisible = false): Element[] {
  const out: Element[] = [];
  const stack: ChildNode[] = [...root.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    out.push(node);
    if (!includeInvisible && INVISIBLE.has(node.tagName)) continue;
    const children = node.tagName === "template" ? [] : node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** `true` when `ancestor` is `node` or contains it. */
export function contains(ancestor: Element, node: Element): boolean {
  for (let n: Element | undefined = node; n; n = parentElement(n)) if (n === ancestor) return true;
  return false;
}

/**
 * The visible text of a subtree, with a space where block and inline boundaries separate phrases, whitespace
 * collapsed. Entities are already decoded by the parser. Nodes in `skip` (and what they hold) are left out.
 */
export function textOf(node: ChildNode | ParentNode, skip?: ReadonlySet<Element>): string {
  // Trees are never modified once parsed: an element's whole text is computed once.
  const cacheable = !skip && isElement(node);
  if (cacheable) {
    const cached = textCache.get(node);
    if (cached !== undefined) return cached;
  }
  const parts: string[] = [];
  collectText(node, parts, skip);
  const text = collapse(parts.join(""));
  if (cacheable) textCache.set(node, text);
  return text;
}
const textCache = new WeakMap<Element, string>();

function collectText(node: ChildNode | ParentNode, parts: string[], skip?: ReadonlySet<Element>): void {
  if (node.nodeName === "#text") {
    parts.push((node as DefaultTreeAdapterTypes.TextNode).value);
    return;
  }
  if (!("childNodes" in node)) return;
  if (isElement(node)) {
    if (INVISIBLE.has(node.tagName) || skip?.has(node)) return;
    if (SPACED.has(node.tagName)) parts.push(" ");
  }
  for (const child of node.childNodes) collectText(child, parts, skip);
  if (isElement(node) && SPACED.has(node.tagName)) parts.push(" ");
}

const NOTHING: ReadonlySet<string> = new Set();

/**
 * The text of a subtree as the DOM's `textContent` reads it, with a line break for each `<br>`: every text node in
 * document order (entities decoded by the parser), comments and `<template>` content left out, and so is the
 * whole of any element whose tag is in `omit` (a `<script>`'s source). Unlike {@link textOf}, it adds no space
 * at element boundaries and collapses nothing: what a source's CSS selectors and the feeds' text are read with.
 */
export function plainText(node: ChildNode | ParentNode, omit: ReadonlySet<string> = NOTHING): string {
  const parts: string[] = [];
  const stack: (ChildNode | ParentNode)[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.nodeName === "#text") parts.push((current as DefaultTreeAdapterTypes.TextNode).value);
    else if (isElement(current) && current.tagName === "br") parts.push("\n");
    else if ("childNodes" in current && !(isElement(current) && omit.has(current.tagName)))
      for (let i = current.childNodes.length - 1; i >= 0; i--) stack.push(current.childNodes[i]!);
  }
  return parts.join("");
}

/**
 * The text nodes of a subtree as separate phrases (whitespace collapsed, empty ones dropped), each with the
 * element that holds it. Used to find a date written in its own short phrase rather than inside prose.
 */
export function textPhrases(root: Element, skip?: ReadonlySet<Element>): { text: string; holder: Element }[] {
  const out: { text: string; holder: Element }[] = [];
  const visit = (element: Element): void => {
    if (INVISIBLE.has(element.tagName) || skip?.has(element)) return;
    for (const child of element.childNodes) {
      if (child.nodeName === "#text") {
        const text = collapse((child as DefaultTreeAdapterTypes.TextNode).value);
        if (text) out.push({ text, holder: element });
      } else if (isElement(child)) visit(child);
    }
  };
  visit(root);
  return out;
}

/** The class names of an element. */
export function classList(element: Element): string[] {
  const value = attr(element, "class");
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

/**
 * Lower-case words of an element's `class` and `id` (`site-header navBar` → `site header nav bar`), to
 * recognise regions by what their authors named them.
 */
export function nameWords(element: Element): readonly string[] {
  const cached = wordsCache.get(element);
  if (cached) return cached;
  const raw = `${attr(element, "class") ?? ""} ${attr(element, "id") ?? ""}`;
  const words = raw.trim()
    ? raw
        .replace(/([a-z])([A-Z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean)
    : [];
  wordsCache.set(element, words);
  return words;
}
const wordsCache = new WeakMap<Element, readonly string[]>();

/** Runs of whitespace (non-breaking and zero-width spaces included) become one space; trimmed. */
export function collapse(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u3000]+/g, " ").trim();
}
