/**
 * What ingest makes of the entries one source gave, as a pure function: each entry's text is cleaned (control
 * characters stripped, title cut at 300 characters), then it is counted once as undated, over the source's cap,
 * out of the window, with a URL too long, invalid, a duplicate of this run, unchanged since last seen, or written
 * (new or updated).
 */
import type { SourceDef } from "../config/schema.js";
import { RawItem } from "../domain/items.js";
import { cutAtWord, MAX_TITLE_CHARS, stripControlCharacters } from "../util/safe-text.js";
import { canonicalUrl, contentHashOf, itemIdFor } from "./identity.js";
import type { RawEntry, ReaderResult } from "./readers/types.js";
import { emptySourceReport, type SourceReport } from "./report.js";

/** URLs longer than this are dropped (and counted): no real press release needs more, browsers cap near it. */
export const MAX_URL_LENGTH = 2048;
/** Undated entries named per source in the report (all are counted): enough to find and fix the source. */
export const MAX_UNDATED_NAMED = 50;

/** What classification needs besides the entries: the run and what the client has already seen. */
export interface ClassifyContext {
  /** The run's inclusive date window (`YYYY-MM-DD`). */
  window: { from: string; to: string };
  runId: string;
  /** The run's start, stamped on the items written. */
  ingestedAt: string;
  /** The content hash last written for an item id (the seen-index), or `undefined` for an unseen item. */
  seenHash: (itemId: string) => string | undefined;
  /** Item ids already taken by the run's earlier sources. */
  taken: { has(itemId: string): boolean };
  /** Dated entries kept, newest first (the source's `max_items`, else the client's cap); default no cap. */
  maxItems?: number;
}

/** The outcome for one source. */
export interface ClassifiedEntries {
  /** The source's report: counters, warnings and undated entries (`status: "ok"`, no duration yet). */
  report: SourceReport;
  /** Items to write: new to the client, or edited since last seen. */
  written: RawItem[];
  /** Items seen before with the same content: not written, but seen again by this run. */
  unchanged: Array<{ item_id: string; content_hash: string }>;
  /** Every item id this source took (written, unchanged or rejected), in order. */
  taken: string[];
}

/**
 * Classifies a reader's entries for one source (see the top of this file). Pure: the caller records what was
 * seen and taken.
 *
 * @example
 * ```ts
 * const { report, written } = classifyEntries(result, source, {
 *   window: { from: "2025-12-04", to: "2025-12-17" },
 *   runId,
 *   ingestedAt,
 *   seenHash: (id) => seen.items[id]?.content_hash,
 *   taken: new Set(),
 * });
 * ```
 */
export function classifyEntries(
  result: ReaderResult,
  source: SourceDef,
  context: ClassifyContext,
): ClassifiedEntries {
  const report = emptySourceReport(source.key, source.kind);
  const out: ClassifiedEntries = { report, written: [], unchanged: [], taken: [] };
  const takenHere = new Set<string>();
  report.fetched = result.found;
  report.skipped = result.skipped;
  report.warnings.push(...result.warnings.map(stripControlCharacters));
  const entries = result.entries.map(cleanEntry);
  const kept = newestDated(entries, context.maxItems);
  for (const entry of entries) {
    report.parsed++;
    if (!entry.published_at) {
      report.undated++;
      // Named, so that an operator can find the entry and fix the source's date selector or formats.
      if (report.undated_entries!.length < MAX_UNDATED_NAMED) {
        report.undated_entries!.push({ title: entry.title, url: entry.url });
      }
      continue;
    }
    report.dated++;
    if (!kept.has(entry)) {
      report.capped++;
      continue;
    }
    const day = entry.published_at.slice(0, 10);
    if (day < context.window.from || day > context.window.to) {
      report.out_of_window++;
      continue;
    }
    report.in_window++;
    if (entry.url.length > MAX_URL_LENGTH) {
      report.url_too_long++;
      report.warnings.push(
        `"${entry.title}": URL of ${entry.url.length} characters dropped (over ${MAX_URL_LENGTH})`,
      );
      continue;
    }
    let canonical: string;
    try {
      canonical = canonicalUrl(entry.url);
    } catch (error) {
      report.invalid++;
      report.warnings.push(`"${entry.title}": ${(error as Error).message}`);
      continue;
    }
    const itemId = itemIdFor(canonical);
    if (context.taken.has(itemId) || takenHere.has(itemId)) {
      report.duplicate++;
      continue;
    }
    takenHere.add(itemId);
    out.taken.push(itemId);
    const contentHash = contentHashOf(entry.title, entry.content);
    const previous = context.seenHash(itemId);
    if (previous === contentHash) {
      report.unchanged++;
      out.unchanged.push({ item_id: itemId, content_hash: contentHash });
      continue;
    }
    const valid = RawItem.safeParse({
      item_id: itemId,
      source_key: source.key,
      source_type: source.actor_type,
      source_kind: source.kind,
      title: entry.title,
      url: entry.url,
      canonical_url: canonical,
      published_at: entry.published_at,
      content: entry.content,
      content_hash: contentHash,
      ingested_at: context.ingestedAt,
      run_id: context.runId,
      ...(entry.extra ? { extra: entry.extra } : {}),
    });
    if (!valid.success) {
      report.invalid++;
      const issue = valid.error.issues[0];
      report.warnings.push(`"${entry.title}" rejected: ${issue?.path.join(".")}: ${issue?.message}`);
      continue;
    }
    if (previous === undefined) report.new++;
    else report.updated++;
    out.written.push(valid.data);
  }
  return out;
}

/**
 * An entry with its text made safe: control characters (NUL, ESC and escape sequences…) stripped from every
 * string, the title cut at {@link MAX_TITLE_CHARS} characters on a word boundary. Before identity and hashing,
 * so the same page always gives the same item.
 */
function cleanEntry(entry: RawEntry): RawEntry {
  const cleaned: RawEntry = {
    ...entry,
    title: cutAtWord(stripControlCharacters(entry.title).trim(), MAX_TITLE_CHARS),
    url: stripControlCharacters(entry.url),
    content: stripControlCharacters(entry.content),
  };
  if (entry.extra) cleaned.extra = cleanValue(entry.extra) as Record<string, unknown>;
  return cleaned;
}

function cleanValue(value: unknown): unknown {
  if (typeof value === "string") return stripControlCharacters(value);
  if (Array.isArray(value)) return value.map(cleanValue);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanValue(v)]));
  return value;
}

/**
 * The dated entries a source keeps under its cap: the `max` newest (ties keep page order). Everything when there
 * is no cap or the source is under it.
 */
function newestDated(entries: readonly RawEntry[], max: number | undefined): ReadonlySet<RawEntry> {
  const dated = entries.filter((e) => e.published_at);
  if (max === undefined || dated.length <= max) return new Set(dated);
  const order = dated
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) =>
      a.entry.published_at === b.entry.published_at
        ? a.i - b.i
        : a.entry.published_at! < b.entry.published_at!
          ? 1
          : -1,
    );
  return new Set(order.slice(0, max).map((o) => o.entry));
}
