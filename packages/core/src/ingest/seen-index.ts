/**
 * The seen-index: every item a client has ever ingested, by item id, with the content hash last written. It is
 * what makes a re-run add nothing and an edited release come back once as "updated".
 */
import * as z from "zod";
import { layout } from "../domain/layout.js";
import type { BlobStore } from "../ports/blob-store.js";

export const SeenEntry = z.object({
  content_hash: z.string(),
  first_seen: z.string(),
  last_seen: z.string(),
  /** The most recent run ids that wrote or saw the item (bounded). */
  runs: z.array(z.string()),
  /** Store key of the file holding the version `content_hash` names (absent in indexes stored before it). */
  file: z.string().optional(),
});
export type SeenEntry = z.output<typeof SeenEntry>;

export const SeenIndex = z.object({
  version: z.literal(1),
  client_id: z.string(),
  updated_at: z.string(),
  items: z.record(z.string(), SeenEntry),
});
export type SeenIndex = z.output<typeof SeenIndex>;

/** Run ids kept per item: enough to trace recent history without growing forever. */
export const MAX_RUNS_PER_ITEM = 10;

/**
 * Loads a client's seen-index. Missing → empty. Unreadable or invalid → `undefined` with a reason, so the caller
 * can rebuild it from the ingested files rather than re-ingest everything as new.
 */
export async function loadSeenIndex(
  store: BlobStore,
  clientId: string,
): Promise<{ index?: SeenIndex; problem?: string; etag?: string }> {
  const key = layout.seenIndex(clientId);
  const stored = await store.getWithEtag(key);
  if (stored === undefined) return { index: emptySeenIndex(clientId) };
  // The ETag is kept even for a damaged index, so the rebuilt one replaces it by compare-and-swap.
  const { etag } = stored;
  try {
    const result = SeenIndex.safeParse(JSON.parse(new TextDecoder().decode(stored.body)));
    if (result.success) return { index: result.data, etag };
    const issue = result.error.issues[0];
    return {
      etag,
      problem: `${store.location}/${key} is invalid: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "schema mismatch"}`,
    };
  } catch (error) {
    return { etag, problem: `${store.location}/${key} is not valid JSON: ${(error as Error).message}` };
  }
}

/** An index that has seen nothing. */
export function emptySeenIndex(clientId: string): SeenIndex {
  return { version: 1, client_id: clientId, updated_at: "", items: {} };
}

/** Records that `runId` saw (and possibly wrote, to `file`) an item. */
export function markSeen(
  index: SeenIndex,
  itemId: string,
  contentHash: string,
  runId: string,
  at: string,
  file?: string,
): void {
  const entry = index.items[itemId];
  if (!entry) {
    index.items[itemId] = {
      content_hash: contentHash,
      first_seen: at,
      last_seen: at,
      runs: [runId],
      ...(file ? { file } : {}),
    };
    return;
  }
  entry.content_hash = contentHash;
  entry.last_seen = at;
  if (file) entry.file = file;
  if (entry.runs[entry.runs.length - 1] !== runId)
    entry.runs = [...entry.runs, runId].slice(-MAX_RUNS_PER_ITEM);
}

/**
 * Writes the index back if it is still the version `etag` names (`undefined`: if there is still none), and
 * resolves the new ETag. Rejects with `PreconditionFailedError` when another run changed it meanwhile: the caller
 * re-reads, re-applies its marks and tries again (see jobs/ingest-checkpoint.ts).
 */
export async function saveSeenIndex(
  store: BlobStore,
  index: SeenIndex,
  at: string,
  etag: string | undefined,
): Promise<string> {
  index.updated_at = at;
  const written = await store.put(layout.seenIndex(index.client_id), `${JSON.stringify(index)}\n`, {
    contentType: "application/json",
    ...(etag === undefined ? { ifNoneMatch: "*" as const } : { ifMatch: etag }),
  });
  return written.etag;
}
