/**
 * Item identity. An item IS its canonical URL: the same release reached through two feeds, or with tracking
 * parameters, is one item. The content hash only tells an edited item from an unchanged one.
 */
import { createHash } from "node:crypto";

/** Query parameters that only track the reader and never change what the page is. */
const TRACKING_PARAMS = new Set([
  "gclid",
  "fbclid",
  "mc_cid",
  "mc_eid",
  "ref",
  "ref_src",
  "_hsenc",
  "_hsmi",
  "mkt_tok",
]);

/**
 * The canonical form of a URL: lower-case scheme and host, default port dropped, fragment dropped, tracking
 * parameters (`utm_*`, gclid, fbclid, mc_cid, mc_eid, ref) removed, remaining parameters sorted, and no trailing
 * `/` on the path (except the root). Throws on a string that is not an absolute http(s) URL.
 *
 * @example
 * ```ts
 * canonicalUrl("HTTPS://Www.Example.com:443/news/?utm_source=x&b=2&a=1#top"); // "https://www.example.com/news?a=1&b=2"
 * ```
 */
export function canonicalUrl(url: string): string {
  const parsed = new URL(url.trim());
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new Error(`not an http(s) URL: "${url}"`);
  parsed.hash = "";
  parsed.username = "";
  parsed.password = "";
  const kept = [...parsed.searchParams.entries()]
    .filter(([name]) => !name.toLowerCase().startsWith("utm_") && !TRACKING_PARAMS.has(name.toLowerCase()))
    // Code-unit order, not localeCompare: the id must not depend on the machine's locale.
    .sort(([a, av], [b, bv]) => (a === b ? compareCodeUnits(av, bv) : compareCodeUnits(a, b)));
  parsed.search = "";
  for (const [name, value] of kept) parsed.searchParams.append(name, value);
  parsed.pathname = normalizePercentEncoding(parsed.pathname);
  if (parsed.pathname.length > 1) parsed.pathname = parsed.pathname.replace(/\/+$/, "") || "/";
  // URL already lower-cases the host and drops :80 / :443 for their schemes.
  return parsed.toString();
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * RFC 3986 §6.2.2 normalisation of a path: escapes of unreserved characters are decoded (`%7E` → `~`, `%41` → `A`)
 * and the remaining escapes upper-cased (`%2f` → `%2F`), so `/~jd`, `/%7Ejd` and `/%7ejd` are one page.
 */
function normalizePercentEncoding(path: string): string {
  return path.replace(/%[0-9a-fA-F]{2}/g, (percentEscape) => {
    const char = String.fromCharCode(Number.parseInt(percentEscape.slice(1), 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : percentEscape.toUpperCase();
  });
}

function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * An item's identity: `itm_` + the first 16 hex digits of sha256(canonical URL).
 *
 * @example
 * ```ts
 * itemIdFor(canonicalUrl("https://nanexa.com/mfn_news/licence/")); // "itm_" + 16 hex digits
 * ```
 */
export function itemIdFor(canonical: string): string {
  return `itm_${sha256Hex(canonical).slice(0, 16)}`;
}

/**
 * `sha256:` of title + content; changes when either is edited (an edited release comes back once as "updated").
 *
 * @example
 * ```ts
 * contentHashOf("Title", "Body") === contentHashOf("Title", "Body edited"); // false
 * ```
 */
export function contentHashOf(title: string, content: string): string {
  return `sha256:${sha256Hex(`${title}\n${content}`)}`;
}
