/**
 * The selector engine of the per-source readers on parse5's tree: what it accepts and refuses (with the reason),
 * and what it matches — against what a browser's `querySelectorAll` gives on the same markup.
 */
import { describe, expect, it } from "vitest";
import { parseSelector, SelectorError, selectAll, selectFirst } from "../../../src/ingest/css-selector.js";
import { attr, type Element, parseDocument, plainText } from "../../../src/ingest/listing/dom.js";

const PAGE = parseDocument(`<!DOCTYPE html><html><head><title>News</title><base href="/en/"></head><body>
  <main id="content" class="site-main">
    <table class="board-list news"><tr id="r1" class="row"><td class="subject"><a href="/n/1" data-kind="press release">One</a></td><td class="date">2025.12.09</td></tr>
      <tr id="r2" class="row odd"><td class="subject"><a href="/n/2">Two</a></td><td class="Date">2025.12.01</td></tr></table>
    <article class="post type-post"><h2 class="entry-title"><a id="a3" href="/p/3" title="Three">Three</a></h2><span class="updated">x</span></article>
    <article class="post"><h3 class="entry-title"><a id="a4" href="https://other.test/p/4">Four</a></h3><P CLASS="excerpt">Teaser</P></article>
    <ul class="news"><li><a id="a5" href="/l/5">Five</a><ul><li><a id="a6" href="/l/6">Six</a></li></ul></li></ul>
    <svg><foreignObject id="fo"></foreignObject></svg>
    <template><article class="post"><h2 class="entry-title"><a id="tpl" href="/t">T</a></h2></article></template>
  </main></body></html>`);

const ids = (elements: Element[]) => elements.map((e) => attr(e, "id") ?? e.tagName);
const select = (selector: string) => ids(selectAll(PAGE, parseSelector(selector)));

describe("parseSelector", () => {
  // The subset the catalog's selectors use, and a little more.
  it.each([
    "article.news-item",
    "h2.entry-title a",
    "table.board-list tbody tr",
    ".mfn-item",
    "td.subject a",
    "h3 a, h2 a",
    "ul > li > a",
    "ul>li>a",
    "#content article",
    "a[href]",
    "a[data-kind='press release']",
    'div[class*="news"], div[class^=news] ,div[class$=item]',
    "*",
    "main *.post",
    ".md\\:flex",
    "  h3  ",
  ])("accepts %j", (selector) => {
    expect(() => parseSelector(selector)).not.toThrow();
  });

  it.each([
    ["li:first-child", 'pseudo-class ":first-child" is not supported'],
    ["a:not(.pdf)", 'pseudo-class ":not" is not supported'],
    ["p::before", 'pseudo-element "::before" is not supported'],
    ["h2 + p", 'the sibling combinator "+" is not supported'],
    ["h2 ~ p", 'the sibling combinator "~" is not supported'],
    ["[lang|=en]", 'the attribute operator "|=" is not supported'],
    ["a[href$='.pdf' i]", 'attribute flags ("i") are not supported'],
    ["svg|a", 'namespaces ("|") are not supported'],
    ["a[href='x", "a quoted attribute value is not closed"],
    ["a[", "expected an attribute name at position 3, found the end"],
    ["a[href!=x]", 'expected "]" or an operator at position 7, found "!"'],
    ["h3 a,", "expected a selector at position 6, found the end"],
    ["> a", 'expected a selector at position 1, found ">"'],
    ["a >", "expected a selector at position 4, found the end"],
    ["a)", 'expected a combinator or "," at position 2, found ")"'],
    ["", "it is empty"],
    ["   ", "it is empty"],
    [".\\31 23", "only escapes of punctuation (like \\:) are supported"],
  ])("refuses %j: %s", (selector, reason) => {
    let error: unknown;
    try {
      parseSelector(selector);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorError);
    expect((error as SelectorError).reason).toBe(reason);
    expect((error as SelectorError).message).toBe(
      `unsupported CSS selector ${JSON.stringify(selector)}: ${reason} (supported: type, *, .class, #id, [attr], [attr=value] (and ~= ^= $= *=), descendant and ">" combinators, "," lists)`,
    );
  });
});

describe("selectAll and selectFirst", () => {
  it("match type, class, id and compound selectors, tag names in any case, classes exactly", () => {
    expect(select("article")).toEqual(["article", "article"]);
    expect(select("tr.row")).toEqual(["r1", "r2"]);
    expect(select("tr.row.odd")).toEqual(["r2"]);
    expect(select("#r2")).toEqual(["r2"]);
    expect(select("tr#r2.row")).toEqual(["r2"]);
    expect(select("p.excerpt")).toEqual(["p"]); // <P CLASS="excerpt">: HTML names are case-insensitive
    expect(select("td.date")).toHaveLength(1); // not class="Date": class names are case-sensitive
    expect(select("TD.subject A")).toEqual(["a", "a"]);
    expect(select("svg foreignObject")).toEqual(["fo"]); // an SVG element keeps its camelCase name
  });

  it("match descendants and children, with the <tbody> a browser inserts", () => {
    expect(select("table.board-list tbody tr")).toEqual(["r1", "r2"]);
    expect(select("table.board-list > tr")).toEqual([]); // the parser put the rows in a <tbody>
    expect(select("h2.entry-title a")).toEqual(["a3"]);
    expect(select(".entry-title > a")).toEqual(["a3", "a4"]);
    expect(select("ul.news > li > a")).toEqual(["a5"]);
    expect(select("ul.news li a")).toEqual(["a5", "a6"]);
    expect(select("main article a")).toEqual(["a3", "a4"]);
    expect(select("body > article")).toEqual([]);
  });

  it("match attribute presence and values (exact, word, prefix, suffix, substring), case-sensitively", () => {
    expect(select("a[title]")).toEqual(["a3"]);
    expect(select("a[href='/n/2']")).toEqual(["a"]);
    expect(select("a[data-kind~=release]")).toEqual(["a"]);
    expect(select("a[data-kind=press]")).toEqual([]);
    expect(select("a[href^=https]")).toEqual(["a4"]);
    expect(select("a[href$='/6']")).toEqual(["a6"]);
    expect(select("[class*=board]")).toEqual(["table"]);
    expect(select("[class*=BOARD]")).toEqual([]);
    expect(select("a[href^='']")).toEqual([]); // an empty prefix matches nothing, as in CSS
  });

  it("give a list's matches once each, in document order", () => {
    expect(select("#a4, #a3, h2 a")).toEqual(["a3", "a4"]);
    expect(select("td.subject a, tr")).toEqual(["r1", "a", "r2", "a"]);
  });

  it("never search a <template>'s content", () => {
    expect(select("#tpl")).toEqual([]);
    expect(select("article.post")).toHaveLength(2);
  });

  it("from an element, match inside it only (an implicit :scope), never the element itself", () => {
    const [first, second] = selectAll(PAGE, parseSelector("article.post"));
    expect(ids(selectAll(first!, parseSelector("a")))).toEqual(["a3"]);
    expect(ids(selectAll(first!, parseSelector("article a")))).toEqual([]); // the article is the scope, not in it
    expect(ids(selectAll(first!, parseSelector("main h2 a")))).toEqual([]);
    expect(ids(selectAll(first!, parseSelector("h2 a")))).toEqual(["a3"]);
    expect(selectFirst(second!, parseSelector("h2 a, h3 a"))).toBe(selectFirst(PAGE, parseSelector("#a4")));
    expect(selectFirst(second!, parseSelector("time"))).toBeUndefined();
    expect(plainText(selectFirst(PAGE, parseSelector("title"))!)).toBe("News");
    expect(attr(selectFirst(PAGE, parseSelector("base[href]"))!, "href")).toBe("/en/");
  });
});
