/**
 * Optional LLM enrichment of normalized items (event type, a 3–8 line summary, extra entities). This module is
 * the public face of `./llm/`, where each concern lives in its own small file; it re-exports exactly the names
 * `@vectora/core` has always exported from here, so importers need not know the layout:
 * - `llm/enrich-items.ts` — `enrichItems`, the orchestration (rule gate, cache, cost cap, retries, pool);
 * - `llm/prompt.ts` — the prompts, output budget and prompt version;
 * - `llm/reply.ts` — the reply schema and tolerant parsing;
 * - `llm/grounding.ts` — evidence spans and summary grounding; `llm/merge-entities.ts` — entity merging;
 * - `llm/pricing.ts` — price table and cost; `llm/retry.ts` — backoff; `llm/cache.ts` — the reply cache;
 * - `llm/report.ts` — the `EnrichmentReport`; `llm/apply-reply.ts`, `llm/worker-pool.ts` — helpers.
 */
export { type EnrichOptions, type EnrichResult, enrichItems } from "./llm/enrich-items.js";
export { findEvidence, GROUNDING_MIN_SHARE, groundSummary } from "./llm/grounding.js";
export { costOf, LLM_PRICES, LLM_PRICES_AS_OF, type ModelPrice, priceFor } from "./llm/pricing.js";
export { buildPrompt, MAX_OUTPUT_TOKENS, PROMPT_VERSION } from "./llm/prompt.js";
export { extractJson, type LlmReplyData, llmReplySchema, parseLlmReply } from "./llm/reply.js";
export { COST_CAP_REASON, EnrichmentReport } from "./llm/report.js";
export { DEFAULT_RETRY, type RetryPolicy } from "./llm/retry.js";
