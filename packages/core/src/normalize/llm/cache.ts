/**
 * The store cache of LLM replies (`cache/llm/<content hash>.json`), so an unchanged item is never sent twice.
 * Reading and writing never throw: a corrupt, unreadable, unwritable or invalid entry is a cache miss (the item
 * is simply sent again) and is reported as a problem naming the entry, so a damaged cache is seen.
 */
import * as z from "zod";
import type { ClientWatch } from "../../config/schema.js";
import type { BlobStore } from "../../ports/blob-store.js";
import type { LlmUsage } from "../../ports/llm.js";
import { type LlmReplyData, llmReplySchema, replyEventTypeIds } from "./reply.js";

/** One cached reply, as stored. */
export const CacheEntry = z.object({
  prompt_hash: z.string(),
  model: z.string(),
  created_at: z.string(),
  usage: z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) }),
  /** The validated reply, before grounding (grounding is re-applied on every read). */
  reply: z.unknown(),
});
export type CacheEntry = z.output<typeof CacheEntry>;

/** Receives a problem with the cache entry at `key` (a store key, e.g. `cache/llm/<hash>.json`). */
export type CacheProblemSink = (key: string, problem: string) => void;

/** Reads the entry at `key`; `undefined` when absent, unusable (reported to `onProblem`) or made by another prompt. */
async function readCacheEntry(
  cache: BlobStore,
  key: string,
  hashOfPrompt: string,
  onProblem: CacheProblemSink,
): Promise<CacheEntry | undefined> {
  let text: string | undefined;
  try {
    text = await cache.getText(key);
  } catch (error) {
    onProblem(key, `cannot be read: ${(error as Error).message}`);
    return undefined;
  }
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    onProblem(key, `not JSON: ${(error as Error).message}`);
    return undefined;
  }
  const entry = CacheEntry.safeParse(json);
  if (!entry.success) {
    const issue = entry.error.issues[0];
    onProblem(key, `not a cache entry: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    return undefined;
  }
  // Another prompt version or event-type list: an expected miss, not a problem.
  return entry.data.prompt_hash === hashOfPrompt ? entry.data : undefined;
}

/**
 * The cached reply at `key`, revalidated against the watch's reply schema, with the usage it cost when made;
 * `undefined` on a miss. An entry whose reply no longer validates is reported to `onProblem` and is a miss.
 */
export async function readCachedReply(
  cache: BlobStore,
  key: string,
  hashOfPrompt: string,
  watch: ClientWatch,
  onProblem: CacheProblemSink,
): Promise<{ data: LlmReplyData; usage: LlmUsage } | undefined> {
  const cached = await readCacheEntry(cache, key, hashOfPrompt, onProblem);
  if (!cached) return undefined;
  const parsed = llmReplySchema(replyEventTypeIds(watch)).safeParse(cached.reply);
  if (parsed.success) return { data: parsed.data, usage: cached.usage };
  const issue = parsed.error.issues[0];
  onProblem(key, `cached reply is invalid: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  return undefined;
}

/** Writes a validated reply at `key`. A failure is reported to `onProblem`: it costs a repeat call next run, not this item's result. */
export async function writeCachedReply(
  cache: BlobStore,
  key: string,
  entry: CacheEntry,
  onProblem: CacheProblemSink,
): Promise<void> {
  try {
    await cache.put(key, JSON.stringify(entry), { contentType: "application/json" });
  } catch (error) {
    onProblem(key, `cannot be written: ${(error as Error).message}`);
  }
}
