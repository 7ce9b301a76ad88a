/**
 * Why a page yields no entries, when the reason is the page rather than the extractor: a body that is not
 * HTML, or an empty script shell that a browser would fill from an API ("listing is rendered by JavaScript").
 */
import { attr, type Document, descendants, type Element, textOf } from "./dom.js";

/** The reason `text` is not an HTML page, or `undefined`. */
export function notHtmlReason(text: string): string | undefined {
  if (/<(!doctype|html|head|body|div|ul|ol|table|article|section|main|a)\b/i.test(text)) return undefined;
  return `the page is not HTML (first bytes: ${JSON.stringify(text.trimStart().slice(0, 60))})`;
}

/** Ids and attributes of the elements single-page-app frameworks mount into. */
const MOUNT_IDS =
  /^(root|app|__next|__nuxt|___gatsby|svelte|main-app|application|react-root|vue-app|ng-app)$/i;
const MOUNT_ATTRS = ["data-reactroot", "ng-app", "ng-version", "data-v-app", "data-server-rendered"];

/**
 * The reason the page's listing must be rendered by a browser, or `undefined`. Asked only when no entries
 * were found: scripts plus (almost) no text in the body, an empty framework mount point, or a `<noscript>`
 * asking for JavaScript.
 */
export function javascriptShellReason(document: Document, body: Element): string | undefined {
  const all = descendants(document, true);
  const scripts = all.filter((e) => e.tagName === "script").length;
  if (scripts === 0) return undefined;
  const text = textOf(body);
  const mount = descendants(body, true).find(
    (e) =>
      (MOUNT_IDS.test(attr(e, "id") ?? "") ||
        MOUNT_ATTRS.some((a) => attr(e, a) !== undefined) ||
        e.tagName.includes("-")) &&
      textOf(e).length < 40,
  );
  const noscript = all.find((e) => e.tagName === "noscript" && /javascript/i.test(noscriptText(e)));
  if (text.length >= 200 && !mount && !noscript) return undefined;
  const what = [
    `${text.length} characters of text in the body`,
    `${scripts} script${scripts === 1 ? "" : "s"}`,
    ...(mount ? [`an empty <${mount.tagName}${attr(mount, "id") ? ` id="${attr(mount, "id")}"` : ""}>`] : []),
    ...(noscript ? ["a <noscript> asking for JavaScript"] : []),
  ];
  return `listing is rendered by JavaScript (${what.join(", ")}): read the site's feed or API, or a page saved from a browser`;
}

/** `<noscript>` content is raw text to parse5 when scripting is on: read it as such. */
function noscriptText(e: Element): string {
  return e.childNodes.map((c) => ("value" in c ? String(c.value) : textOf(c))).join(" ");
}
