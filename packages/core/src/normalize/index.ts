/** Normalization: clean text, entities with evidence, event type, LAI signals, summaries; optional LLM enrichment. */
export { cleanContent, cleanText, decodeEntities, stripHtml } from "./clean-text.js";
export {
  buildPrompt,
  COST_CAP_REASON,
  costOf,
  DEFAULT_RETRY,
  EnrichmentReport,
  type EnrichOptions,
  type EnrichResult,
  enrichItems,
  extractJson,
  findEvidence,
  GROUNDING_MIN_SHARE,
  groundSummary,
  LLM_PRICES,
  LLM_PRICES_AS_OF,
  type LlmReplyData,
  llmReplySchema,
  MAX_OUTPUT_TOKENS,
  type ModelPrice,
  PROMPT_VERSION,
  parseLlmReply,
  priceFor,
  type RetryPolicy,
} from "./llm-enrich.js";
export {
  type CompanyRole,
  type CompiledWatch,
  compileWatch,
  MAX_SPANS_PER_ENTITY,
  matchKey,
  type TechnologyClass,
} from "./matcher.js";
export {
  EMPTY_ITEM_NOISE,
  FALLBACK_EVENT_TYPE,
  type NormalizeBatch,
  type NormalizeFailure,
  normalizeItem,
  normalizeItems,
  passesRuleGate,
  TITLE_SEPARATOR,
} from "./normalize-item.js";
export { ruleSummary, splitSentences } from "./summary.js";
