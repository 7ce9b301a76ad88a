/** Test support: a valid ingested item as ingest writes it, from what a source showed. */
import { canonicalUrl, contentHashOf, itemIdFor, type RawItem } from "@vectora/core";

/** The run that wrote an item: its id and start (the item's `ingested_at`). */
export interface IngestRun {
  id: string;
  at: string;
}

/** A {@link RawItem} of `source_key` (a corporate page when it starts with `press_corporate`, else a feed). */
export function rawItem(
  run: IngestRun,
  source_key: string,
  title: string,
  url: string,
  published_at: string,
  content = "",
): RawItem {
  const canonical = canonicalUrl(url);
  const corporate = source_key.startsWith("press_corporate");
  return {
    item_id: itemIdFor(canonical),
    source_key,
    source_type: corporate ? "press_corporate" : "press_sector",
    source_kind: corporate ? "html" : "rss",
    title,
    url,
    canonical_url: canonical,
    published_at,
    content,
    content_hash: contentHashOf(title, content),
    ingested_at: run.at,
    run_id: run.id,
  };
}
