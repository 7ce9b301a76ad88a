/**
 * A small CSS selector engine on parse5's tree: what a source's `selectors:` may say, and finding the elements
 * it names. The subset is what listing pages need: type selectors and `*`, `.class`, `#id`, attributes
 * (`[attr]`, `[attr=value]`, and `~=` `^=` `$=` `*=`), compounds (`h2.entry-title`), the descendant and `>`
 * child combinators (`table.board-list tbody tr`) and lists (`h3 a, h2 a`). Anything else (pseudo-classes,
 * sibling combinators, namespaces, attribute flags) is refused by {@link parseSelector} with the reason, so a
 * config using it fails when it is loaded instead of silently matching nothing.
 *
 * Matching follows `element.querySelectorAll` with an implicit `:scope`: searched from an element, every part
 * of the selector matches inside it (`h3 a` from an entry is an `a` in an `h3` of that entry). Tag and attribute
 * names are case-insensitive, classes, ids and attribute values case-sensitive, as in an HTML document.
 * No runtime import: the config schema validates selectors without bringing the HTML parser along.
 */
import type { DefaultTreeAdapterTypes } from "parse5";

type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

type AttributeOperator = "=" | "~=" | "^=" | "$=" | "*=";

interface AttributeTest {
  /** Lower-case. */
  name: string;
  operator?: AttributeOperator;
  value?: string;
}

/** One compound selector (`h2.entry-title`, `a[href]`): every test must hold on the same element. */
interface Compound {
  /** Lower-case tag name; absent for `*` or a compound without a type. */
  tag?: string;
  ids: string[];
  classes: string[];
  attributes: AttributeTest[];
}

/** Compounds joined by combinators: `combinators[i]` joins `compounds[i]` to `compounds[i + 1]`. */
interface Complex {
  compounds: Compound[];
  combinators: ("descendant" | "child")[];
}

/** A parsed selector list: an element matches when one of its alternatives does. */
export interface Selector {
  readonly text: string;
  readonly alternatives: readonly Complex[];
}

/** What the engine understands, said in every refusal. */
const SUPPORTED =
  'supported: type, *, .class, #id, [attr], [attr=value] (and ~= ^= $= *=), descendant and ">" combinators, "," lists';

/** A selector outside the supported subset, or not a selector at all. */
export class SelectorError extends Error {
  /** What is wrong and what is supported, without the selector (for messages that name it already). */
  readonly explanation: string;

  constructor(
    readonly selector: string,
    readonly reason: string,
  ) {
    const explanation = `${reason} (${SUPPORTED})`;
    super(`unsupported CSS selector ${JSON.stringify(selector)}: ${explanation}`);
    this.name = "SelectorError";
    this.explanation = explanation;
  }
}

const SPACE = /\s/;
/** Name characters: CSS's (letters, digits, `-`, `_`, non-ASCII), as permissive as the engine used before. */
const NAME_CHAR = /[\w\u00a0-\uffff-]/;

/**
 * Parses a selector list. Throws a {@link SelectorError} naming what is not supported.
 *
 * @example
 * ```ts
 * parseSelector("table.board-list tbody tr, li.news > a[href]"); // two alternatives
 * parseSelector("li:first-child"); // SelectorError: … pseudo-class ":first-child" is not supported …
 * ```
 */
export function parseSelector(text: string): Selector {
  let i = 0;
  const fail = (reason: string): never => {
    throw new SelectorError(text, reason);
  };
  const skipSpace = (): boolean => {
    const start = i;
    while (i < text.length && SPACE.test(text[i]!)) i++;
    return i > start;
  };
  /** Fails with `expected X at position N, found "c"` (or `found the end`). */
  const expected = (what: string): never =>
    fail(`expected ${what} at position ${i + 1}, found ${i >= text.length ? "the end" : `"${text[i]}"`}`);

  const name = (what: string): string => {
    let out = "";
    while (i < text.length) {
      const c = text[i]!;
      if (NAME_CHAR.test(c)) {
        out += c;
        i++;
      } else if (c === "\\") {
        // An escaped punctuation character (`.md\:flex`); hexadecimal escapes would need decoding.
        const next = text[i + 1];
        if (next === undefined || /[0-9a-fA-F\r\n]/.test(next))
          fail("only escapes of punctuation (like \\:) are supported");
        out += next;
        i += 2;
      } else break;
    }
    if (!out) expected(what);
    return out;
  };

  const attribute = (): AttributeTest => {
    skipSpace();
    const attributeName = name("an attribute name").toLowerCase();
    skipSpace();
    if (text[i] === "]") {
      i++;
      return { name: attributeName };
    }
    const operator = /^[~^$*]?=/.exec(text.slice(i))?.[0] as AttributeOperator | undefined;
    if (!operator) {
      if (text.startsWith("|=", i)) fail('the attribute operator "|=" is not supported');
      expected('"]" or an operator');
    }
    i += operator!.length;
    skipSpace();
    let value: string;
    const quote = text[i];
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, i + 1);
      if (end < 0) fail("a quoted attribute value is not closed");
      value = text.slice(i + 1, end);
      if (value.includes("\\")) fail("escapes inside quoted values are not supported");
      i = end + 1;
    } else value = name("an attribute value");
    skipSpace();
    if (text[i] !== "]") {
      if (NAME_CHAR.test(text[i] ?? "")) fail(`attribute flags ("${text[i]}") are not supported`);
      expected('"]"');
    }
    i++;
    return { name: attributeName, operator: operator!, value };
  };

  const compound = (): Compound => {
    const result: Compound = { ids: [], classes: [], attributes: [] };
    let empty = true;
    if (text[i] === "*") {
      i++;
      empty = false;
    } else if (NAME_CHAR.test(text[i] ?? "") || text[i] === "\\") {
      result.tag = name("a tag name").toLowerCase();
      empty = false;
    }
    for (;;) {
      const c = text[i];
      if (c === ".") {
        i++;
        result.classes.push(name("a class name"));
      } else if (c === "#") {
        i++;
        result.ids.push(name("an id"));
      } else if (c === "[") {
        i++;
        result.attributes.push(attribute());
      } else if (c === ":") {
        const pseudo = /^::?[\w-]*/.exec(text.slice(i))![0];
        fail(`${pseudo.startsWith("::") ? "pseudo-element" : "pseudo-class"} "${pseudo}" is not supported`);
      } else if (c === "|") fail('namespaces ("|") are not supported');
      else break;
      empty = false;
    }
    if (empty) expected("a selector");
    return result;
  };

  if (!text.trim()) fail("it is empty");
  const alternatives: Complex[] = [];
  skipSpace();
  for (;;) {
    const complex: Complex = { compounds: [compound()], combinators: [] };
    for (;;) {
      const spaced = skipSpace();
      const c = text[i];
      if (c === undefined || c === ",") break;
      if (c === ">") {
        i++;
        skipSpace();
        complex.combinators.push("child");
      } else if (c === "+" || c === "~") fail(`the sibling combinator "${c}" is not supported`);
      else if (spaced) complex.combinators.push("descendant");
      else expected('a combinator or ","');
      complex.compounds.push(compound());
    }
    alternatives.push(complex);
    if (i >= text.length) break;
    i++; // the ","
    skipSpace();
  }
  return { text, alternatives };
}

/** Every element under `scope` (not `scope` itself) that matches, in document order. */
export function selectAll(scope: ParentNode, selector: Selector): Element[] {
  const out: Element[] = [];
  walk(scope, (element) => {
    if (matches(element, selector, scope)) out.push(element);
    return false;
  });
  return out;
}

/** The first element under `scope` in document order that matches, or `undefined`. */
export function selectFirst(scope: ParentNode, selector: Selector): Element | undefined {
  let found: Element | undefined;
  walk(scope, (element) => {
    if (matches(element, selector, scope)) found = element;
    return found !== undefined;
  });
  return found;
}

/** Visits the elements under `scope` depth-first in document order until `visit` returns `true`. */
function walk(scope: ParentNode, visit: (element: Element) => boolean): void {
  const stack = [...scope.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!("tagName" in node)) continue;
    if (visit(node)) return;
    // A <template>'s content is a separate fragment in parse5's tree (as in a browser): never searched.
    for (let k = node.childNodes.length - 1; k >= 0; k--) stack.push(node.childNodes[k]!);
  }
}

function matches(element: Element, selector: Selector, scope: ParentNode): boolean {
  return selector.alternatives.some((complex) =>
    matchesFrom(element, complex, complex.compounds.length - 1, scope),
  );
}

/** Right to left: `compounds[index]` on `element`, then what precedes it on its ancestors inside `scope`. */
function matchesFrom(element: Element, complex: Complex, index: number, scope: ParentNode): boolean {
  if (!matchesCompound(element, complex.compounds[index]!)) return false;
  if (index === 0) return true;
  const childOnly = complex.combinators[index - 1] === "child";
  for (let up = parentInside(element, scope); up; up = childOnly ? undefined : parentInside(up, scope))
    if (matchesFrom(up, complex, index - 1, scope)) return true;
  return false;
}

function parentInside(element: Element, scope: ParentNode): Element | undefined {
  const parent = element.parentNode;
  return parent && parent !== scope && "tagName" in parent ? parent : undefined;
}

function matchesCompound(element: Element, compound: Compound): boolean {
  if (compound.tag !== undefined && element.tagName.toLowerCase() !== compound.tag) return false;
  for (const id of compound.ids) if (attributeOf(element, "id") !== id) return false;
  if (compound.classes.length > 0) {
    const classes = (attributeOf(element, "class") ?? "").split(/\s+/);
    for (const name of compound.classes) if (!classes.includes(name)) return false;
  }
  for (const test of compound.attributes)
    if (!matchesAttribute(attributeOf(element, test.name), test)) return false;
  return true;
}

function matchesAttribute(actual: string | undefined, { operator, value = "" }: AttributeTest): boolean {
  if (actual === undefined) return false;
  switch (operator) {
    case undefined:
      return true;
    case "=":
      return actual === value;
    case "~=":
      return value !== "" && !SPACE.test(value) && actual.split(/\s+/).includes(value);
    case "^=":
      return value !== "" && actual.startsWith(value);
    case "$=":
      return value !== "" && actual.endsWith(value);
    case "*=":
      return value !== "" && actual.includes(value);
  }
}

/** An attribute's value by lower-case name (parse5 lower-cases HTML attribute names; SVG keeps `viewBox`). */
function attributeOf(element: Element, name: string): string | undefined {
  for (const a of element.attrs) if (a.name === name || a.name.toLowerCase() === name) return a.value;
  return undefined;
}
