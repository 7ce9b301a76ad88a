/**
 * Editing the catalog files as text, keeping what people wrote: comments, anchors, flow lists, blank lines.
 * `canonical/sources.yaml` is edited through the `yaml` library's Document API (comments stay attached to their
 * entries; the file is printed back in the style it was written in); `canonical/companies.yaml`, whose
 * one-line entries mix padded maps and unpadded lists, by splicing new text at the nodes' source ranges so
 * that nothing else moves. Pure functions: text in, text out; callers read and write the files.
 */
import {
  type Document,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import type { CompanyRole } from "./companies.js";

/** How the catalog files are printed back: no line folding, `[a, b]` flow lists as written in the repo. */
const PRINT = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Thrown when a file is not the catalog the edit expects (no `sources:` list, an unknown key…). */
export class CatalogEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogEditError";
  }
}

/** The order fields are printed in; fields not listed keep their relative order after these. */
const FIELD_ORDER = [
  "key",
  "name",
  "kind",
  "actor_type",
  "company",
  "status",
  "reason",
  "homepage",
  "url",
  "enabled",
  "term",
  "max_results",
  "selectors",
  "date_formats",
  "date_order",
  "skip_titles",
  "notes",
];

function parseCatalog(text: string): Document {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new CatalogEditError(`not valid YAML: ${doc.errors[0]!.message}`);
  if (!isSeq(doc.get("sources"))) throw new CatalogEditError("no `sources:` list in the catalog");
  return doc;
}

function sourcesOf(doc: Document): YAMLSeq {
  return doc.get("sources") as YAMLSeq;
}

function entryOf(doc: Document, key: string): YAMLMap | undefined {
  return sourcesOf(doc).items.find((item): item is YAMLMap => isMap(item) && item.get("key") === key);
}

/** The keys of the catalog's entries, in file order. */
export function catalogKeys(text: string): string[] {
  return sourcesOf(parseCatalog(text))
    .items.map((item) => (isMap(item) ? item.get("key") : undefined))
    .filter((key): key is string => typeof key === "string");
}

/**
 * Sets fields of the entry `key` (a value of `undefined` removes the field), keeping its comments; fields are
 * put in the catalog's usual order. Throws {@link CatalogEditError} when no entry has that key.
 */
export function updateCatalogEntry(text: string, key: string, fields: Record<string, unknown>): string {
  const doc = parseCatalog(text);
  const entry = entryOf(doc, key);
  if (!entry) throw new CatalogEditError(`no source "${key}" in the catalog`);
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) entry.delete(field);
    else entry.set(field, doc.createNode(value));
  }
  orderFields(entry);
  return doc.toString(PRINT);
}

/**
 * Appends a new entry at the end of `sources:` (or replaces the fields of the entry with its key), with an
 * optional comment above it.
 */
export function upsertCatalogEntry(text: string, entry: Record<string, unknown>, comment?: string): string {
  const key = entry["key"];
  if (typeof key !== "string") throw new CatalogEditError("a catalog entry needs a string `key`");
  const doc = parseCatalog(text);
  if (entryOf(doc, key)) return updateCatalogEntry(text, key, entry);
  const node = doc.createNode(entry) as YAMLMap;
  orderFields(node);
  if (comment) node.commentBefore = comment;
  sourcesOf(doc).items.push(node);
  return doc.toString(PRINT);
}

/**
 * Adds `key` to the bouquet `id` (a no-op when it is there), creating the bouquet at the end of `bouquets:`
 * with `description` when it does not exist.
 */
export function addToBouquet(text: string, id: string, key: string, description?: string): string {
  const doc = parseCatalog(text);
  let bouquets = doc.get("bouquets");
  if (!isSeq(bouquets)) {
    doc.set("bouquets", doc.createNode([]));
    bouquets = doc.get("bouquets");
  }
  const seq = bouquets as YAMLSeq;
  let bouquet = seq.items.find((b): b is YAMLMap => isMap(b) && b.get("id") === id);
  if (!bouquet) {
    bouquet = doc.createNode({ id, ...(description ? { description } : {}), sources: [] }) as YAMLMap;
    seq.items.push(bouquet);
  }
  const list = bouquet.get("sources");
  const keys = isSeq(list) ? list : (doc.createNode([]) as YAMLSeq);
  if (!isSeq(list)) bouquet.set("sources", keys);
  if (!keys.items.some((item) => isScalar(item) && item.value === key)) keys.items.push(doc.createNode(key));
  return doc.toString(PRINT);
}

/** The ids of the bouquets that list `key`. */
export function bouquetsOf(text: string, key: string): string[] {
  const bouquets = parseCatalog(text).get("bouquets");
  if (!isSeq(bouquets)) return [];
  return bouquets.items
    .filter((b): b is YAMLMap => isMap(b))
    .filter((b) => {
      const list = b.get("sources");
      return isSeq(list) && list.items.some((item) => isScalar(item) && item.value === key);
    })
    .map((b) => String(b.get("id")));
}

function orderFields(map: YAMLMap): void {
  const rank = (item: (typeof map.items)[number]): number => {
    const name = isScalar(item.key) ? String(item.key.value) : String(item.key);
    const at = FIELD_ORDER.indexOf(name);
    return at === -1 ? FIELD_ORDER.length : at;
  };
  // A stable sort: fields of the same rank (unknown ones) keep their order.
  map.items = map.items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i)
    .map(({ item }) => item);
}

/** A scalar as it reads in a flow map: plain when it is safe, else double-quoted. */
function flowScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9 :/._~%+'()-]*$/.test(value) && !/:( |$)| #/.test(value)
    ? value
    : JSON.stringify(value);
}

type Splice = { at: number; remove: number; insert: string };

/** Applies splices from the end of the text backwards; splices at one position land in the order given. */
function applySplices(text: string, splices: Splice[]): string {
  let out = text;
  const ordered = splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.at - a.s.at || b.i - a.i);
  for (const { s } of ordered) out = out.slice(0, s.at) + s.insert + out.slice(s.at + s.remove);
  return out;
}

function roleList(doc: Document, scope: string, role: CompanyRole): YAMLSeq {
  const list = doc.getIn(["scopes", scope, role]);
  if (!isSeq(list)) throw new CatalogEditError(`companies: no list scopes.${scope}.${role}`);
  return list;
}

/** One change to `companies.yaml`: give an entry its homepage, or add a company to a role. */
export type CompanyEdit =
  | { kind: "homepage"; scope: string; role: CompanyRole; index: number; homepage: string }
  | { kind: "add"; scope: string; role: CompanyRole; name: string; homepage?: string };

/**
 * Applies edits to `companies.yaml` by splicing text at the edited nodes only: a bare name `- Adocia` becomes
 * `- { name: Adocia, homepage: https://… }`, a flow map gets `, homepage: …` before its `}`, a new company is a
 * new one-line entry after the last of its role. Every other byte of the file is kept.
 */
export function editCompanies(text: string, edits: readonly CompanyEdit[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new CatalogEditError(`companies: not valid YAML: ${doc.errors[0]!.message}`);
  const splices: Splice[] = [];
  for (const edit of edits) {
    const list = roleList(doc, edit.scope, edit.role);
    if (edit.kind === "homepage") {
      const node = list.items[edit.index] as Node | undefined;
      if (!node?.range) throw new CatalogEditError(`companies: no entry ${edit.role}[${edit.index}]`);
      const [start, valueEnd] = node.range;
      const pair = `homepage: ${flowScalar(edit.homepage)}`;
      if (isScalar(node)) {
        splices.push({
          at: start,
          remove: valueEnd - start,
          insert: `{ name: ${text.slice(start, valueEnd)}, ${pair} }`,
        });
      } else if (isMap(node) && node.flow) {
        if (node.has("homepage")) throw new CatalogEditError(`companies: ${node.get("name")} has a homepage`);
        const close = text.lastIndexOf("}", valueEnd);
        const before = text.slice(start, close).trimEnd();
        splices.push({
          at: start + before.length,
          remove: close - start - before.length,
          insert: `, ${pair} `,
        });
      } else throw new CatalogEditError(`companies: ${edit.role}[${edit.index}] is not a one-line entry`);
    } else {
      const entry = `{ name: ${flowScalar(edit.name)}${edit.homepage ? `, homepage: ${flowScalar(edit.homepage)}` : ""} }`;
      const last = list.items[list.items.length - 1] as Node | undefined;
      if (!last?.range) throw new CatalogEditError(`companies: scopes.${edit.scope}.${edit.role} is empty`);
      const lineStart = text.lastIndexOf("\n", last.range[0]) + 1;
      const prefix = text.slice(lineStart, last.range[0]);
      const lineEnd = text.indexOf("\n", last.range[1]);
      splices.push({ at: lineEnd === -1 ? text.length : lineEnd, remove: 0, insert: `\n${prefix}${entry}` });
    }
  }
  const out = applySplices(text, splices);
  const check = parseDocument(out);
  if (check.errors.length > 0)
    throw new CatalogEditError(`companies: the edit broke the YAML: ${check.errors[0]!.message}`);
  return out;
}
