/**
 * `enrichItems`: the orchestration of optional LLM enrichment over a batch of normalized items — rule gate and
 * `max_items`, cache, cost cap, calls with retry, validation and grounding — built so the failures of the
 * earlier system cannot recur:
 * - only items that pass {@link passesRuleGate}, or that the rules leave borderline (`borderline`), are sent, up to
 *   `client.llm.max_items`, borderline items first; only borderline items are asked the ruling question (the
 *   client's ruling is the rubric of their prompt) and get the LLM's keep/drop (`enrichment.relevance`);
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
import { isRetryableLlmError, type LlmClient, type LlmReply, type LlmUsage } from "../../ports/llm.js";
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
  /** Ids of the items the rules leave borderline (engine/borderline.ts): asked the ruling question. */
  borderline?: ReadonlySet<string>;
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
 *
 * @example
 * ```ts
 * const { items: enriched, report } = await enrichItems(items, {
 *   llm: createBedrockLlm({ modelId: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0" }),
 *   cache: dataStore,
 *   watch,
 * });
 * report.cost_usd; // dollars spent; report.fallbacks lists every item that kept its rule result, and why
 * ```
 */
export async function enrichItems(
  items: readonly NormalizedItem[],
  options: EnrichOptions,
): Promise<EnrichResult> {
  const run = startRun(items, options);
  const queue = selectItems(items, options.maxItems ?? options.watch.client.llm.max_items, run);
  const concurrency = Math.max(1, options.concurrency ?? options.watch.client.llm.concurrency);
  await runWorkerPool(queue, concurrency, async (index) => {
    try {
      await enrichOne(run, index);
    } catch (error) {
      // A bug or an unexpected store failure costs this item its enrichment, never the run.
      fallBack(run, index, `enrichment failed: ${(error as Error).message}`);
    }
  });
  run.report.cost_usd = Math.round(run.report.cost_usd * 1e6) / 1e6;
  return { items: run.out, report: run.report };
}

/** One enrichment run's settings and state, shared by its workers. */
interface EnrichRun {
  llm: LlmClient;
  cache: BlobStore;
  watch: ClientWatch;
  maxCost: number;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => Date;
  price: ModelPrice;
  /** Ids of the borderline items (asked the ruling question). */
  borderline: ReadonlySet<string>;
  report: EnrichmentReport;
  /** The items, enriched ones replaced as they finish. */
  out: NormalizedItem[];
  /** Worst-case cost of the calls in flight. */
  reserved: number;
}

function startRun(items: readonly NormalizedItem[], options: EnrichOptions): EnrichRun {
  const { llm, watch } = options;
  const maxCost = options.maxCostUsd ?? watch.client.llm.max_cost_usd;
  const price = priceFor(llm.modelId, options.prices);
  return {
    llm,
    cache: options.cache,
    watch,
    maxCost,
    retry: { ...DEFAULT_RETRY, ...options.retry },
    sleep: options.sleep ?? sleepMs,
    random: options.random ?? Math.random,
    now: options.now ?? (() => new Date()),
    price,
    borderline: options.borderline ?? new Set<string>(),
    report: emptyEnrichmentReport(llm.modelId, price, maxCost),
    out: [...items],
    reserved: 0,
  };
}

/**
 * The indexes of the items to send: the borderline ones first, then those passing the rule gate, up to
 * `maxItems`; the rest are counted.
 */
function selectItems(items: readonly NormalizedItem[], maxItems: number, run: EnrichRun): number[] {
  const { report, borderline } = run;
  const queue: number[] = [];
  const asked = (i: number) => (borderline.has(items[i]!.item_id) ? 1 : 0);
  const order = items.map((_, i) => i).sort((a, b) => asked(b) - asked(a) || a - b);
  for (const index of order) {
    if (asked(index)) report.borderline.band++;
    if (!asked(index) && !passesRuleGate(items[index]!)) report.skipped_by_gate++;
    else if (report.eligible++ < maxItems) queue.push(index);
    else report.skipped_max_items++;
  }
  return queue;
}

/** Keeps an item's rule result, flagged with why. */
function fallBack(run: EnrichRun, index: number, reason: string): void {
  const item = run.out[index]!;
  run.out[index] = fallbackItem(item, run.llm.modelId, reason);
  run.report.fallbacks.push({ item_id: item.item_id, reason });
}

function apply(run: EnrichRun, index: number, data: LlmReplyData, usage: LlmUsage, cached: boolean): void {
  const origin = { modelId: run.llm.modelId, usage, cached };
  const asked = run.borderline.has(run.out[index]!.item_id);
  const applied = enrichedItem(run.out[index]!, data, run.watch, origin, asked);
  if (asked && data.lai_relevance) {
    run.report.borderline.asked++;
    if (data.lai_relevance.keep) run.report.borderline.keep++;
    else run.report.borderline.drop++;
  }
  run.report.dropped_entities += applied.droppedEntities;
  if (!applied.summaryGrounded) run.report.summaries_rejected++;
  run.out[index] = applied.item;
  run.report.enriched++;
}

/** One item: from the cache, else (within the cost cap) from the LLM, validated and cached. */
async function enrichOne(run: EnrichRun, index: number): Promise<void> {
  const { report, cache, watch } = run;
  const item = run.out[index]!;
  const withRuling = run.borderline.has(item.item_id);
  const hashOfPrompt = promptHash(watch, withRuling);
  const cacheKey = layout.llmCache(item.content_hash);
  // A corrupt, unreadable or unusable cache entry is a miss (the item is simply sent again), reported by key.
  const cacheProblem = (key: string, problem: string) =>
    report.cache_problems.push(`${cache.location}/${key}: ${problem}`);
  const cached = await readCachedReply(cache, cacheKey, hashOfPrompt, watch, cacheProblem);
  if (cached) {
    report.cache_hits++;
    return apply(run, index, cached.data, cached.usage, true);
  }
  if (report.stopped_by_cost_cap) return fallBack(run, index, COST_CAP_REASON);
  const { system, prompt } = buildPrompt(item, watch, withRuling);
  const estimate = worstCaseCallCost(system.length + prompt.length, MAX_OUTPUT_TOKENS, run.price);
  if (report.cost_usd + run.reserved + estimate > run.maxCost) {
    report.stopped_by_cost_cap = true;
    return fallBack(run, index, COST_CAP_REASON);
  }
  run.reserved += estimate;
  try {
    const answer = await converseWithRetry(run, system, prompt);
    if ("failure" in answer) return fallBack(run, index, answer.failure);
    const { reply } = answer;
    const parsed = parseLlmReply(reply.text, watch, withRuling);
    if (!parsed.ok) {
      const truncated = reply.stopReason === "max_tokens" ? " (reply truncated at max_tokens)" : "";
      return fallBack(run, index, parsed.reason + truncated);
    }
    await writeCachedReply(
      cache,
      cacheKey,
      {
        prompt_hash: hashOfPrompt,
        model: reply.modelId,
        created_at: run.now().toISOString(),
        usage: reply.usage,
        reply: parsed.data,
      },
      cacheProblem,
    );
    return apply(run, index, parsed.data, reply.usage, false);
  } finally {
    run.reserved -= estimate;
  }
}

/**
 * Calls the LLM, retrying throttling and transient errors with backoff; counts calls, retries, tokens and
 * dollars. Resolves the reply, or why there is none.
 */
async function converseWithRetry(
  run: EnrichRun,
  system: string,
  prompt: string,
): Promise<{ reply: LlmReply } | { failure: string }> {
  const { report } = run;
  for (let attempt = 1; ; attempt++) {
    report.calls++;
    try {
      const reply = await run.llm.converse({ system, prompt, maxTokens: MAX_OUTPUT_TOKENS });
      report.input_tokens += reply.usage.inputTokens;
      report.output_tokens += reply.usage.outputTokens;
      report.cost_usd += costOf(reply.usage, run.price);
      return { reply };
    } catch (error) {
      if (!isRetryableLlmError(error) || attempt >= run.retry.maxAttempts)
        return {
          failure: `LLM call failed after ${attempt} attempt${attempt > 1 ? "s" : ""}: ${(error as Error).message}`,
        };
      report.retries++;
      await run.sleep(backoffDelayMs(attempt, run.retry, run.random));
    }
  }
}
