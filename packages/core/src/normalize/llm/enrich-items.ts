/**
 * `enrichItems`: the orchestration of optional LLM enrichment over a batch of normalized items — rule gate and
 * `max_items`, cache, cost cap, calls with retry, validation and grounding — built so the failures of the
 * earlier system cannot recur:
 * - only items that pass {@link passesRuleGate} are sent, up to `client.llm.max_items`;
 * - replies are cached by content hash in the store, so an unchanged item is never sent twice;
 * - every reply is validated with zod (code fences and leading prose tolerated); an invalid reply keeps the
 *   rule result, flagged with `enrichment.fallback_reason`;
 * - an entity is kept only if the item's text contains it (evidence span), and a summary replaces the rule
 *   summary only if every sentence is grounded in the text (see `groundSummary` in grounding.ts);
 * - calls run with bounded concurrency and retry throttling with exponential backoff and full jitter;
 * - tokens and dollars are counted from the API's usage fields, and a cost cap stops enrichment (not the run).
 */
import type { ClientWatch } from "../../config/schema.js";
import { layout } from "../../domain/layout.js";
import type { NormalizedItem } from "../../domain/normalized.js";
import type { BlobStore } from "../../ports/blob-store.js";
import { isRetryableLlmError, type LlmClient, type LlmUsage } from "../../ports/llm.js";
import { passesRuleGate } from "../normalize-item.js";
import { enrichedItem, fallbackItem } from "./apply-reply.js";
import { readCachedReply, writeCachedReply } from "./cache.js";
import { costOf, type ModelPrice, priceFor, worstCaseCallCost } from "./pricing.js";
import { buildPrompt, MAX_OUTPUT_TOKENS, promptHash } from "./prompt.js";
import { type LlmReplyData, parseLlmReply } from "./reply.js";
import { COST_CAP_REASON, type EnrichmentReport, emptyEnrichmentReport } from "./report.js";
import { backoffDelayMs, DEFAULT_RETRY, type RetryPolicy, sleepMs } from "./retry.js";
import { runWorkerPool } from "./worker-pool.js";

/** What {@link enrichItems} needs: the model, the cache, the client's watch, and overrides of its limits. */
export interface EnrichOptions {
  llm: LlmClient;
  /** Where replies are cached (`cache/llm/<hash>.json`): the data store. */
  cache: BlobStore;
  watch: ClientWatch;
  /** Defaults to `watch.client.llm.max_cost_usd`. */
  maxCostUsd?: number;
  /** Defaults to `watch.client.llm.concurrency`. */
  concurrency?: number;
  /** Defaults to `watch.client.llm.max_items`. */
  maxItems?: number;
  retry?: Partial<RetryPolicy>;
  prices?: readonly ModelPrice[];
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
}

/** The output of {@link enrichItems}. */
export interface EnrichResult {
  /** All input items, in input order; enriched ones replaced. */
  items: NormalizedItem[];
  report: EnrichmentReport;
}

/**
 * Enriches the items that pass the rule gate (up to `max_items`, in input order — pass them best first).
 * Never throws for an item: errors, invalid replies and the cost cap leave the rule result, flagged.
 *
 * Cost cap: before each call the worst case (estimated input tokens + {@link MAX_OUTPUT_TOKENS} output) is
 * reserved; when spent + reserved + this call would exceed the cap, enrichment stops — so the cap is not
 * exceeded as long as the estimate holds — and every remaining item is flagged {@link COST_CAP_REASON}.
 * Cached replies cost nothing and are still used after the cap is reached.
 */
export async function enrichItems(
  items: readonly NormalizedItem[],
  options: EnrichOptions,
): Promise<EnrichResult> {
  const { llm, cache, watch } = options;
  const limits = watch.client.llm;
  const maxCost = options.maxCostUsd ?? limits.max_cost_usd;
  const concurrency = Math.max(1, options.concurrency ?? limits.concurrency);
  const maxItems = options.maxItems ?? limits.max_items;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const price = priceFor(llm.modelId, options.prices);
  const hashOfPrompt = promptHash(watch);

  const report = emptyEnrichmentReport(llm.modelId, price, maxCost);

  const out = [...items];
  const queue: number[] = [];
  items.forEach((item, index) => {
    if (!passesRuleGate(item)) report.skipped_by_gate++;
    else if (report.eligible++ < maxItems) queue.push(index);
    else report.skipped_max_items++;
  });

  let reserved = 0;

  const fallBack = (index: number, reason: string) => {
    const item = out[index]!;
    out[index] = fallbackItem(item, llm.modelId, reason);
    report.fallbacks.push({ item_id: item.item_id, reason });
  };

  const apply = (index: number, data: LlmReplyData, usage: LlmUsage, cached: boolean) => {
    const applied = enrichedItem(out[index]!, data, watch, { modelId: llm.modelId, usage, cached });
    report.dropped_entities += applied.droppedEntities;
    if (!applied.summaryGrounded) report.summaries_rejected++;
    out[index] = applied.item;
    report.enriched++;
  };

  // A corrupt, unreadable or unusable cache entry is a miss (the item is simply sent again), reported by key.
  const cacheProblem = (key: string, problem: string) =>
    report.cache_problems.push(`${cache.location}/${key}: ${problem}`);

  const processOne = async (index: number) => {
    const item = out[index]!;
    const cacheKey = layout.llmCache(item.content_hash);
    const cached = await readCachedReply(cache, cacheKey, hashOfPrompt, watch, cacheProblem);
    if (cached) {
      report.cache_hits++;
      apply(index, cached.data, cached.usage, true);
      return;
    }
    if (report.stopped_by_cost_cap) return fallBack(index, COST_CAP_REASON);
    const { system, prompt } = buildPrompt(item, watch);
    const estimate = worstCaseCallCost(system.length + prompt.length, MAX_OUTPUT_TOKENS, price);
    if (report.cost_usd + reserved + estimate > maxCost) {
      report.stopped_by_cost_cap = true;
      return fallBack(index, COST_CAP_REASON);
    }
    reserved += estimate;
    try {
      for (let attempt = 1; ; attempt++) {
        report.calls++;
        try {
          const reply = await llm.converse({ system, prompt, maxTokens: MAX_OUTPUT_TOKENS });
          report.input_tokens += reply.usage.inputTokens;
          report.output_tokens += reply.usage.outputTokens;
          report.cost_usd += costOf(reply.usage, price);
          const parsed = parseLlmReply(reply.text, watch);
          if (!parsed.ok) {
            const truncated = reply.stopReason === "max_tokens" ? " (reply truncated at max_tokens)" : "";
            return fallBack(index, parsed.reason + truncated);
          }
          await writeCachedReply(
            cache,
            cacheKey,
            {
              prompt_hash: hashOfPrompt,
              model: reply.modelId,
              created_at: now().toISOString(),
              usage: reply.usage,
              reply: parsed.data,
            },
            cacheProblem,
          );
          return apply(index, parsed.data, reply.usage, false);
        } catch (error) {
          if (!isRetryableLlmError(error) || attempt >= retry.maxAttempts)
            return fallBack(
              index,
              `LLM call failed after ${attempt} attempt${attempt > 1 ? "s" : ""}: ${(error as Error).message}`,
            );
          report.retries++;
          await sleep(backoffDelayMs(attempt, retry, random));
        }
      }
    } finally {
      reserved -= estimate;
    }
  };

  await runWorkerPool(queue, concurrency, async (index) => {
    try {
      await processOne(index);
    } catch (error) {
      // A bug or an unexpected store failure costs this item its enrichment, never the run.
      fallBack(index, `enrichment failed: ${(error as Error).message}`);
    }
  });
  report.cost_usd = Math.round(report.cost_usd * 1e6) / 1e6;
  return { items: out, report };
}
