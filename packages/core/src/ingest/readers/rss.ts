/** RSS 2.0, RSS 1.0 (RDF) and Atom feeds → raw entries. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { RssSourceDef } from "../../config/schema.js";
import { parseDate } from "../dates.js";
import { htmlToText } from "../text.js";
import { documentReader } from "./requests.js";
import {
  EntryCollector,
  MAX_CONTENT_CHARS,
  type RawEntry,
  type ReaderResult,
  SourceReadError,
} from "./types.js";

// Text-bearing elements are kept raw (stop nodes) because feeds put HTML in them — escaped, in CDATA, or
// (wrongly) as bare markup that a parser would otherwise turn into nested nodes.
const TEXT_NODES = ["title", "description", "content:encoded", "summary", "content"];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: false,
  stopNodes: TEXT_NODES.flatMap((n) => [`*.item.${n}`, `*.entry.${n}`]),
  isArray: (name) => name === "item" || name === "entry" || name === "link",
});

type Node = Record<string, unknown>;

function asText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (typeof value === "object" && "#text" in (value as Node)) return String((value as Node)["#text"] ?? "");
  return "";
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Parses a feed document. Throws {@link SourceReadError} naming the source for malformed XML or a non-feed. */
export function parseFeed(
  xml: string,
  sourceKey: string,
  feedUrl: string,
  skipTitles: readonly string[] = [],
): ReaderResult {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new SourceReadError(
      sourceKey,
      `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  const doc = parser.parse(xml) as Node;
  const rss = doc["rss"] as Node | undefined;
  const rdf = doc["rdf:RDF"] as Node | undefined;
  const atom = doc["feed"] as Node | undefined;
  let items: Node[];
  let isAtom = false;
  if (rss) items = asArray((rss["channel"] as Node | undefined)?.["item"] as Node[] | undefined);
  else if (rdf) items = asArray(rdf["item"] as Node[] | undefined);
  else if (atom) {
    items = asArray(atom["entry"] as Node[] | undefined);
    isAtom = true;
  } else
    throw new SourceReadError(
      sourceKey,
      `not an RSS or Atom feed (root element: ${
        Object.keys(doc)
          .filter((k) => !k.startsWith("?"))
          .join(", ") || "none"
      })`,
    );

  const entries = new EntryCollector(skipTitles);
  for (const item of items) {
    const href = isAtom
      ? atomLink(item)
      : htmlToText(asText(asArray(item["link"] as unknown[])[0])) || guidLink(item);
    entries.add(htmlToText(asText(item["title"])), href, feedUrl, () => feedEntryDetails(item, isAtom));
  }
  return entries.result(items.length);
}

/** An RSS item's or Atom entry's date, content (as plain text) and extras (categories, author). */
function feedEntryDetails(item: Node, isAtom: boolean): Omit<RawEntry, "title" | "url"> {
  const dateText = asText(
    isAtom ? (item["published"] ?? item["updated"]) : (item["pubDate"] ?? item["dc:date"]),
  );
  const published = dateText ? parseDate(dateText, ["rfc822", "iso"]) : undefined;
  const rawContent = isAtom
    ? (item["content"] ?? item["summary"])
    : (item["content:encoded"] ?? item["description"]);
  const content = htmlToText(asText(rawContent)).slice(0, MAX_CONTENT_CHARS);
  const categories = asArray(item["category"] as unknown[])
    .map((c) => htmlToText(asText(c)))
    .filter(Boolean);
  const author = htmlToText(asText(item["dc:creator"] ?? item["author"]));
  const extra: Record<string, unknown> = {};
  if (categories.length) extra["categories"] = categories;
  if (author) extra["author"] = author;
  return {
    ...(published ? { published_at: published } : {}),
    content,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

function atomLink(entry: Node): string | undefined {
  const links = asArray(entry["link"] as Node[] | undefined);
  const alternate = links.find((l) => !l["@_rel"] || l["@_rel"] === "alternate") ?? links[0];
  return alternate ? String(alternate["@_href"] ?? "") : undefined;
}

function guidLink(item: Node): string | undefined {
  const guid = item["guid"];
  const text = htmlToText(asText(guid));
  const permalink = typeof guid === "object" && guid !== null ? (guid as Node)["@_isPermaLink"] : undefined;
  return permalink !== "false" && /^https?:\/\//.test(text) ? text : undefined;
}

/** Reads an RSS/Atom source. */
export const rssReader = documentReader<RssSourceDef>(
  "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.1",
  (body, source, feedUrl) => parseFeed(body, source.key, feedUrl, source.skip_titles),
);
