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
): Promise<{ index?: SeenIndex; problem?: string }> {
  const key = layout.seenIndex(clientId);
  const text = await store.getText(key);
  if (text === undefined) return { index: { version: 1, client_id: clientId, updated_at: "", items: {} } };
  try {
    const result = SeenIndex.safeParse(JSON.parse(text));
    if (result.success) return { index: result.data };
    const issue = result.error.issues[0];
    return {
      problem: `${store.location}/${key} is invalid: ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "schema mismatch"}`,
    };
  } catch (error) {
    return { problem: `${store.location}/${key} is not valid JSON: ${(error as Error).message}` };
  }
}

/** Records that `runId` saw (and possibly wrote) an item. */
export function markSeen(
  index: SeenIndex,
  itemId: string,
  contentHash: string,
  runId: string,
  at: string,
): void {
  const entry = index.items[itemId];
  if (!entry) {
    index.items[itemId] = { content_hash: contentHash, first_seen: at, last_seen: at, runs: [runId] };
    return;
  }
  entry.content_hash = contentHash;
  entry.last_seen = at;
  if (entry.runs[entry.runs.length - 1] !== runId)
    entry.runs = [...entry.runs, runId].slice(-MAX_RUNS_PER_ITEM);
}

/** Writes the index back. */
export async function saveSeenIndex(store: BlobStore, index: SeenIndex, at: string): Promise<void> {
  index.updated_at = at;
  await store.put(layout.seenIndex(index.client_id), `${JSON.stringify(index)}\n`, {
    contentType: "application/json",
  });
}
