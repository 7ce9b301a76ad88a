/**
 * Price table and cost accounting for LLM enrichment: what a model costs per token, what a reply cost, and the
 * worst-case cost of a call reserved ahead of it so the cost cap holds. Kept apart so prices can be updated
 * (and dated) without touching the enrichment flow.
 */
import type { LlmUsage } from "../../ports/llm.js";

/** Price of one model family, USD per million tokens. */
export interface ModelPrice {
  family: string;
  /** Matched against the model / inference profile id. */
  match: RegExp;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Geographic (non-`global.`) inference profiles of this family cost 10% more than global ones. */
  regionalPremium?: boolean;
}

/** When {@link LLM_PRICES} were read: on-demand list prices of Claude on Amazon Bedrock / Anthropic's pricing page. */
export const LLM_PRICES_AS_OF =
  "2025-11 (on-demand list prices, USD; verify against the AWS Bedrock pricing page)";

/**
 * On-demand list prices per model family (first match wins). Anthropic documents a 10% premium for regional
 * (geographic) endpoints of the 4.5 models over global ones; it is applied so the cost cap errs high.
 */
export const LLM_PRICES: readonly ModelPrice[] = [
  {
    family: "claude-opus-4-5",
    match: /claude-opus-4-5/,
    inputPerMTok: 5,
    outputPerMTok: 25,
    regionalPremium: true,
  },
  { family: "claude-opus-4", match: /claude-opus-4/, inputPerMTok: 15, outputPerMTok: 75 },
  {
    family: "claude-sonnet-4-5",
    match: /claude-sonnet-4-5/,
    inputPerMTok: 3,
    outputPerMTok: 15,
    regionalPremium: true,
  },
  {
    family: "claude-sonnet-4 / 3.x",
    match: /claude-sonnet-4|claude-3-7-sonnet|claude-3-5-sonnet/,
    inputPerMTok: 3,
    outputPerMTok: 15,
  },
  {
    family: "claude-haiku-4-5",
    match: /claude-haiku-4-5/,
    inputPerMTok: 1,
    outputPerMTok: 5,
    regionalPremium: true,
  },
  { family: "claude-3-5-haiku", match: /claude-3-5-haiku/, inputPerMTok: 0.8, outputPerMTok: 4 },
  { family: "claude-3-haiku", match: /claude-3-haiku/, inputPerMTok: 0.25, outputPerMTok: 1.25 },
];

/** An unknown model is priced as the most expensive family, so the cost cap still holds. */
const UNKNOWN_MODEL_PRICE: ModelPrice = {
  family: "unknown (priced as claude-opus-4)",
  match: /$^/,
  inputPerMTok: 15,
  outputPerMTok: 75,
};

/** The price that applies to a model id: `{family, inputPerMTok, outputPerMTok}` with any regional premium included. */
export function priceFor(modelId: string, table: readonly ModelPrice[] = LLM_PRICES): ModelPrice {
  const found = table.find((p) => p.match.test(modelId)) ?? UNKNOWN_MODEL_PRICE;
  const regional = found.regionalPremium && !/^global\.|inference-profile\/global\./.test(modelId);
  return regional
    ? { ...found, inputPerMTok: found.inputPerMTok * 1.1, outputPerMTok: found.outputPerMTok * 1.1 }
    : found;
}

/** Dollars for a usage at a price. */
export function costOf(usage: LlmUsage, price: ModelPrice): number {
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/** Characters per token used to over-estimate a prompt's input tokens for the cost cap (real English is ~4). */
const CHARS_PER_TOKEN_ESTIMATE = 3;

/**
 * Worst-case dollars of one call, reserved against the cost cap before it is sent: the prompt's input tokens
 * over-estimated from its length, plus the full output budget.
 */
export function worstCaseCallCost(promptChars: number, maxOutputTokens: number, price: ModelPrice): number {
  return costOf(
    {
      inputTokens: Math.ceil(promptChars / CHARS_PER_TOKEN_ESTIMATE),
      outputTokens: maxOutputTokens,
    },
    price,
  );
}
