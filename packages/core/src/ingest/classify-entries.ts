/**
 * What ingest makes of the entries one source gave, as a pure function: each entry is counted once as undated,
 * out of the window, invalid, a duplicate of this run, unchanged since last seen, or written (new or updated).
 */
import type { SourceDef } from "../config/schema.js";
import { RawItem } from "../domain/items.js";
import { canonicalUrl, contentHashOf, itemIdFor } from "./identity.js";
import type { ReaderResult } from "./readers/types.js";
import { emptySourceReport, type SourceReport } from "./report.js";

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
  taken: ReadonlySet<string>;
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
  const taken = new Set(context.taken);
  report.fetched = result.found;
  report.skipped = result.skipped;
  report.warnings.push(...result.warnings);
  for (const entry of result.entries) {
    report.parsed++;
    if (!entry.published_at) {
      report.undated++;
      // Named, so that an operator can find the entry and fix the source's date selector or formats.
      report.undated_entries!.push({ title: entry.title, url: entry.url });
      report.warnings.push(`undated: "${entry.title}" ${entry.url}`);
      continue;
    }
    report.dated++;
    const day = entry.published_at.slice(0, 10);
    if (day < context.window.from || day > context.window.to) {
      report.out_of_window++;
      continue;
    }
    report.in_window++;
    let canonical: string;
    try {
      canonical = canonicalUrl(entry.url);
    } catch (error) {
      report.invalid++;
      report.warnings.push(`"${entry.title}": ${(error as Error).message}`);
      continue;
    }
    const itemId = itemIdFor(canonical);
    if (taken.has(itemId)) {
      report.duplicate++;
      continue;
    }
    taken.add(itemId);
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
