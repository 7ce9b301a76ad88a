/**
 * The `EnrichmentReport`: what enrichment did in a run (calls, cache hits, fallbacks, tokens, dollars, cache
 * problems). The engine writes it into the newsletter JSON, so it is a zod schema that can validate it read back.
 */
import * as z from "zod";
import { LLM_PRICES_AS_OF, type ModelPrice } from "./pricing.js";
import { PROMPT_VERSION } from "./prompt.js";

/** What enrichment did in a run; the engine writes it into the newsletter JSON. */
export const EnrichmentReport = z.object({
  model: z.string(),
  prompt_version: z.string(),
  price: z.object({
    family: z.string(),
    input_per_mtok: z.number(),
    output_per_mtok: z.number(),
    as_of: z.string(),
  }),
  /** Items that passed the rule gate or that the rules left borderline. */
  eligible: z.number().int().min(0),
  /**
   * The borderline band: items the rules were unsure about (`band`), how many the LLM was asked the ruling question
   * about and answered (`asked`), and its answers (`keep`, `drop`). Other items are enriched without the question.
   */
  borderline: z.object({
    band: z.number().int().min(0),
    asked: z.number().int().min(0),
    keep: z.number().int().min(0),
    drop: z.number().int().min(0),
  }),
  skipped_by_gate: z.number().int().min(0),
  /** Eligible items beyond `client.llm.max_items` (kept the rule result, not counted as fallbacks). */
  skipped_max_items: z.number().int().min(0),
  /** API requests sent, retries included. */
  calls: z.number().int().min(0),
  retries: z.number().int().min(0),
  cache_hits: z.number().int().min(0),
  /** Items whose result now comes from the LLM (fresh or cached). */
  enriched: z.number().int().min(0),
  fallbacks: z.array(z.object({ item_id: z.string(), reason: z.string() })),
  dropped_entities: z.number().int().min(0),
  summaries_rejected: z.number().int().min(0),
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  cost_usd: z.number().min(0),
  max_cost_usd: z.number().min(0),
  stopped_by_cost_cap: z.boolean(),
  /**
   * Cache entries that could not be used or written (`<store>/cache/llm/<hash>.json: not JSON …`). Each costs a
   * repeat call, never the item's result; the engine turns them into run warnings so a damaged cache is seen.
   */
  cache_problems: z.array(z.string()),
});
export type EnrichmentReport = z.output<typeof EnrichmentReport>;

/** Fallback reason given to items left unenriched once the cost cap is reached. */
export const COST_CAP_REASON = "cost cap reached";

/** A report with every count at zero, for a run of `modelId` at `price` under a cost cap of `maxCostUsd`. */
export function emptyEnrichmentReport(
  modelId: string,
  price: ModelPrice,
  maxCostUsd: number,
): EnrichmentReport {
  return {
    model: modelId,
    prompt_version: PROMPT_VERSION,
    price: {
      family: price.family,
      input_per_mtok: price.inputPerMTok,
      output_per_mtok: price.outputPerMTok,
      as_of: LLM_PRICES_AS_OF,
    },
    eligible: 0,
    borderline: { band: 0, asked: 0, keep: 0, drop: 0 },
    skipped_by_gate: 0,
    skipped_max_items: 0,
    calls: 0,
    retries: 0,
    cache_hits: 0,
    enriched: 0,
    fallbacks: [],
    dropped_entities: 0,
    summaries_rejected: 0,
    input_tokens: 0,
    output_tokens: 0,
    cost_usd: 0,
    max_cost_usd: maxCostUsd,
    stopped_by_cost_cap: false,
    cache_problems: [],
  };
}
