/**
 * The item contract between ingest and the engine. Ingest writes {@link RawItem}s as JSON Lines; the engine
 * reads them back through {@link RawItem} so a corrupted or foreign line is reported, never trusted.
 */
import * as z from "zod";
import { ActorType } from "../config/schema.js";

/** `2025-12-10` or a full ISO 8601 timestamp. */
export const IsoDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const SourceKind = z.enum(["rss", "html", "pubmed", "clinicaltrials"]);
export type SourceKind = z.output<typeof SourceKind>;

export const RawItem = z.object({
  /** Stable identity: derived from the canonical URL only (see `itemIdFor`). */
  item_id: z.string().regex(/^itm_[0-9a-f]{16}$/),
  source_key: z.string().min(1),
  source_type: ActorType,
  source_kind: SourceKind,
  /** Plain-text title (HTML stripped, entities decoded). */
  title: z.string().min(1),
  /** Absolute link as published (relative links resolved against the page). */
  url: z.url(),
  /** Lower-case host, no fragment, tracking parameters removed. Identity is derived from it. */
  canonical_url: z.url(),
  /** The real publication date from the source; never the ingest date. */
  published_at: IsoDateOrDateTime,
  /** Plain-text body or teaser, possibly empty. */
  content: z.string(),
  /** `sha256:` of title + content: tells an edited item from an unchanged one. */
  content_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  ingested_at: z.iso.datetime({ offset: true }),
  run_id: z.string().min(1),
  language: z.string().optional(),
  /** Source-specific extras (PMID, NCT id, authors, journal…). */
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type RawItem = z.output<typeof RawItem>;
