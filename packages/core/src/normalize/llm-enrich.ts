/**
 * Optional LLM enrichment of normalized items (event type, a 3–8 line summary, extra entities), built so the
 * failures of the earlier system cannot recur:
 * - only items that pass {@link passesRuleGate} are sent, up to `client.llm.max_items`;
 * - replies are cached by content hash in the store, so an unchanged item is never sent twice;
 * - every reply is validated with zod (code fences and leading prose tolerated); an invalid reply keeps the
 *   rule result, flagged with `enrichment.fallback_reason`;
 * - an entity is kept only if the item's text contains it (evidence span), and a summary replaces the rule
 *   summary only if every sentence is grounded in the text (see {@link groundSummary});
 * - calls run with bounded concurrency and retry throttling with exponential backoff and full jitter;
 * - tokens and dollars are counted from the API's usage fields, and a cost cap stops enrichment (not the run).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { ClientWatch } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import {
  type EntityKind,
  EntityKinds,
  type EntityMatch,
  type EvidenceSpan,
  type NormalizedItem,
} from "../domain/normalized.js";
import type { BlobStore } from "../ports/blob-store.js";
import { isRetryableLlmError, type LlmClient, type LlmUsage } from "../ports/llm.js";
import { compileWatch, matchKey } from "./matcher.js";
import { FALLBACK_EVENT_TYPE, passesRuleGate } from "./normalize-item.js";
import { splitSentences, words } from "./summary.js";

// ---------------------------------------------------------------------------------------------------------
// Prices

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

// ---------------------------------------------------------------------------------------------------------
// Prompt and reply

/** Bumped when the prompt or reply schema changes meaning: cached replies of another version are ignored. */
export const PROMPT_VERSION = "enrich-v1";

/** Output tokens allowed per reply (a 3–8 line summary plus short entity lists fit well within it). */
export const MAX_OUTPUT_TOKENS = 900;

const entityList = z.array(z.string().min(1).max(200)).max(30).default([]);

/** The reply schema for a given set of event type ids. */
export function llmReplySchema(eventTypeIds: readonly [string, ...string[]]) {
  return z.object({
    event_type: z.enum(eventTypeIds).describe("the one event type id that best describes the item"),
    summary: z
      .string()
      .min(1)
      .max(2000)
      .describe("3 to 8 short lines: what, who, how, when — only facts stated in the item text"),
    entities: z
      .object({
        companies: entityList,
        molecules: entityList,
        technologies: entityList,
        trademarks: entityList,
        indications: entityList,
      })
      .describe("names copied exactly as they appear in the item text; empty lists when the text names none"),
  });
}
export type LlmReplyData = z.output<ReturnType<typeof llmReplySchema>>;

const SYSTEM_PROMPT = [
  "You are an analyst writing a weekly newsletter on long-acting injectable (LAI) drugs.",
  "You read ONE news item and describe it using only what its text says.",
  "Never add companies, products, technologies, numbers, dates or claims that the text does not state; a short text gets a short summary.",
  "Reply with a single JSON object that matches the given JSON Schema, and nothing else.",
].join(" ");

/** The system prompt and user prompt for one item. Carries the item's text and the output schema — no lists of entities to find. */
export function buildPrompt(
  item: Pick<NormalizedItem, "text" | "source_key" | "published_at">,
  watch: ClientWatch,
): { system: string; prompt: string } {
  const schema = replyJsonSchema(watch);
  const types = watch.eventTypes
    .map(
      (t) => `- ${t.id}: ${t.label}${t.description ? ` — ${t.description.replace(/\s+/g, " ").trim()}` : ""}`,
    )
    .join("\n");
  const prompt = [
    `News item from source "${item.source_key}", published ${item.published_at}. Its text, between the markers:`,
    "<<<ITEM",
    item.text,
    "ITEM>>>",
    "",
    "Event type ids (choose exactly one):",
    types,
    "",
    "Rules:",
    "- summary: 3 to 8 short lines (what, who, how, when), each stating only facts found in the item text above.",
    "- entities: copy each name exactly as written in the item text (an exact substring); leave a list empty when the text names none.",
    "",
    `Reply with one JSON object matching this JSON Schema:\n${schema}`,
  ].join("\n");
  return { system: SYSTEM_PROMPT, prompt };
}

const jsonSchemas = new WeakMap<ClientWatch, string>();

/** The reply's JSON Schema as text, built once per watch. */
function replyJsonSchema(watch: ClientWatch): string {
  let schema = jsonSchemas.get(watch);
  if (schema === undefined) {
    schema = JSON.stringify(z.toJSONSchema(llmReplySchema(eventTypeIds(watch)), { io: "input" }));
    jsonSchemas.set(watch, schema);
  }
  return schema;
}

function eventTypeIds(watch: ClientWatch): [string, ...string[]] {
  const ids = watch.eventTypes.map((t) => t.id);
  if (!ids.includes(FALLBACK_EVENT_TYPE)) ids.push(FALLBACK_EVENT_TYPE);
  return ids as [string, ...string[]];
}

/** Hash of what makes a cached reply reusable: prompt version, system prompt and the configured event types. */
function promptHash(watch: ClientWatch): string {
  const h = createHash("sha256").update(PROMPT_VERSION).update("\0").update(SYSTEM_PROMPT).update("\0");
  for (const t of watch.eventTypes) h.update(`${t.id}\0${t.label}\0${t.description ?? ""}\n`);
  return `sha256:${h.digest("hex")}`;
}

/**
 * Extracts the JSON object from a model reply: a ```json fenced block if present, otherwise the text from the
 * first `{` to the last `}` (so leading or trailing prose is tolerated). Returns `undefined` when there is none.
 */
export function extractJson(reply: string): unknown {
  const fenced = /```(?:json|JSON)?\s*\n?([\s\S]*?)```/.exec(reply);
  const body = fenced?.[1] ?? reply;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

/** Validates a reply text; returns the data or a short reason. */
export function parseLlmReply(
  reply: string,
  watch: ClientWatch,
): { ok: true; data: LlmReplyData } | { ok: false; reason: string } {
  const json = extractJson(reply);
  if (json === undefined)
    return {
      ok: false,
      reason: `invalid reply: no JSON object found (starts ${JSON.stringify(reply.slice(0, 60))})`,
    };
  const result = llmReplySchema(eventTypeIds(watch)).safeParse(json);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    return { ok: false, reason: `invalid reply: ${issues.join("; ")}` };
  }
  return { ok: true, data: result.data };
}

// ---------------------------------------------------------------------------------------------------------
// Grounding

/** Characters folded for grounding comparisons: case, trademark signs, curly quotes, dash variants, spaces. */
function foldChar(c: string): string {
  if (c === "®" || c === "™" || c === "©") return "";
  if (c === "‘" || c === "’" || c === "`" || c === "´") return "'";
  if (c === "“" || c === "”") return '"';
  if (/[\u2010-\u2015\u2212]/.test(c)) return "-";
  if (/\s/.test(c)) return " ";
  return c.toLowerCase();
}

/** Folded text plus, for each folded character, its offset in the original. */
function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]!);
    for (const ch of f) {
      if (ch === " " && folded.endsWith(" ")) continue;
      folded += ch;
      map.push(i);
    }
  }
  return { folded, map };
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Evidence spans of `needle` in `text`: case-insensitive exact substring after folding (®/™/© ignored, curly
 * quotes and dashes unified, whitespace collapsed), on whole words. Empty when the text does not contain it.
 */
export function findEvidence(text: string, needle: string, max = 10): EvidenceSpan[] {
  const target = foldWithMap(needle.trim()).folded.trim();
  if (target.length < 2) return [];
  const { folded, map } = foldWithMap(text);
  const spans: EvidenceSpan[] = [];
  for (let at = folded.indexOf(target); at >= 0 && spans.length < max; at = folded.indexOf(target, at + 1)) {
    const endAt = at + target.length;
    if (
      (isWordChar(target[0]) && isWordChar(folded[at - 1])) ||
      (isWordChar(target.at(-1)) && isWordChar(folded[endAt]))
    )
      continue;
    const start = map[at]!;
    const end = map[endAt - 1]! + 1;
    spans.push({ start, end, matched: text.slice(start, end) });
  }
  return spans;
}

/** Minimum share of a summary sentence's content words that must occur in the item's text. */
export const GROUNDING_MIN_SHARE = 0.75;

const STOPWORDS = new Set(
  "a an the and or but of to in on at for by with from as is are was were be been being has have had its it this that these those their his her which who whom whose will would can could may might shall should into over under about after before than then also such not no new".split(
    " ",
  ),
);

/** Crude stem so "entered"/"enter", "agreements"/"agreement" compare equal. */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/, "") || word;
}

/**
 * Simple grounding check of an LLM summary against the item's text. Each sentence (or line) passes when at
 * least {@link GROUNDING_MIN_SHARE} of its content words (stopwords removed, crude stems) occur in the text,
 * and every number it states occurs in the text. The summary is grounded only when every sentence passes.
 */
export function groundSummary(
  summary: string,
  text: string,
): { grounded: true } | { grounded: false; sentence: string; reason: string } {
  const textWords = words(text);
  const textStems = new Set(textWords.map(stem));
  const textNumbers = new Set(textWords.filter((w) => /^\d/.test(w)));
  const sentences = summary
    .split(/\n+/)
    .flatMap((line) => splitSentences(line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, "")))
    .filter((s) => words(s).length > 0);
  if (sentences.length === 0) return { grounded: false, sentence: summary, reason: "empty summary" };
  for (const sentence of sentences) {
    const ws = words(sentence);
    const missingNumber = ws.find((w) => /^\d/.test(w) && !textNumbers.has(w));
    if (missingNumber)
      return { grounded: false, sentence, reason: `number "${missingNumber}" is not in the text` };
    const content = ws.filter((w) => !STOPWORDS.has(w) && !/^\d/.test(w));
    if (content.length === 0) continue;
    const share = content.filter((w) => textStems.has(stem(w))).length / content.length;
    if (share < GROUNDING_MIN_SHARE)
      return {
        grounded: false,
        sentence,
        reason: `only ${Math.round(share * 100)}% of its words are in the text`,
      };
  }
  return { grounded: true };
}

/** Adds the LLM's grounded entities to the rule entities; returns how many were dropped for lack of evidence. */
function mergeEntities(
  item: NormalizedItem,
  reply: LlmReplyData,
  watch: ClientWatch,
): { entities: NormalizedItem["entities"]; dropped: number } {
  const compiled = compileWatch(watch);
  const entities = Object.fromEntries(
    EntityKinds.map((k) => [k, item.entities[k].map((e) => ({ ...e, evidence: [...e.evidence] }))]),
  ) as Record<EntityKind, EntityMatch[]>;
  let dropped = 0;
  for (const kind of EntityKinds) {
    const list = entities[kind];
    for (const name of reply.entities[kind]) {
      const evidence = findEvidence(item.text, name);
      if (evidence.length === 0) {
        dropped++;
        continue;
      }
      const known = kind === "companies" ? compiled.companies.lookup(name) : undefined;
      const canonical = known?.name ?? item.text.slice(evidence[0]!.start, evidence[0]!.end);
      const overlaps = list.some(
        (e) =>
          matchKey(e.name) === matchKey(canonical) ||
          e.evidence.some((s) => evidence.some((n) => n.start < s.end && s.start < n.end)),
      );
      if (overlaps) continue;
      const entity: EntityMatch = { name: canonical, evidence };
      if (known?.role) entity.role = known.role;
      list.push(entity);
    }
  }
  return { entities, dropped };
}

// ---------------------------------------------------------------------------------------------------------
// Cache

const CacheEntry = z.object({
  prompt_hash: z.string(),
  model: z.string(),
  created_at: z.string(),
  usage: z.object({ inputTokens: z.number().int().min(0), outputTokens: z.number().int().min(0) }),
  /** The validated reply, before grounding (grounding is re-applied on every read). */
  reply: z.unknown(),
});
type CacheEntry = z.output<typeof CacheEntry>;

// ---------------------------------------------------------------------------------------------------------
// Report

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
  /** Items that passed the rule gate. */
  eligible: z.number().int().min(0),
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

// ---------------------------------------------------------------------------------------------------------
// Enrichment

export interface RetryPolicy {
  /** Total attempts per item, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Up to 6 attempts; waits drawn uniformly from [0, min(20 s, 1 s × 2^attempt)] ("full jitter"). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 20_000 };

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

export interface EnrichResult {
  /** All input items, in input order; enriched ones replaced. */
  items: NormalizedItem[];
  report: EnrichmentReport;
}

/** Characters per token used to over-estimate a prompt's input tokens for the cost cap (real English is ~4). */
const CHARS_PER_TOKEN_ESTIMATE = 3;

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
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => new Date());
  const price = priceFor(llm.modelId, options.prices);
  const hashOfPrompt = promptHash(watch);

  const report: EnrichmentReport = {
    model: llm.modelId,
    prompt_version: PROMPT_VERSION,
    price: {
      family: price.family,
      input_per_mtok: price.inputPerMTok,
      output_per_mtok: price.outputPerMTok,
      as_of: LLM_PRICES_AS_OF,
    },
    eligible: 0,
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
    max_cost_usd: maxCost,
    stopped_by_cost_cap: false,
    cache_problems: [],
  };

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
    out[index] = {
      ...item,
      enrichment: { ...item.enrichment, by: "rules", model: llm.modelId, fallback_reason: reason },
    };
    report.fallbacks.push({ item_id: item.item_id, reason });
  };

  const apply = (index: number, data: LlmReplyData, usage: LlmUsage, cached: boolean) => {
    const item = out[index]!;
    const { entities, dropped } = mergeEntities(item, data, watch);
    report.dropped_entities += dropped;
    const grounding = groundSummary(data.summary, item.text);
    if (!grounding.grounded) report.summaries_rejected++;
    const next: NormalizedItem = {
      ...item,
      entities,
      // The LLM's type replaces the rule's, except a bare "other": it adds nothing to a type the rules found
      // with evidence.
      event_type: data.event_type === FALLBACK_EVENT_TYPE ? item.event_type : data.event_type,
      summary: grounding.grounded ? data.summary.trim() : item.summary,
      enrichment: {
        by: "llm",
        model: llm.modelId,
        input_tokens: cached ? 0 : usage.inputTokens,
        output_tokens: cached ? 0 : usage.outputTokens,
        cached,
        dropped_entities: dropped,
        summary_by: grounding.grounded ? "llm" : "rules",
      },
    };
    if (!grounding.grounded)
      next.enrichment.summary_rejected_reason = `${grounding.reason}: ${JSON.stringify(grounding.sentence.slice(0, 120))}`;
    // The rule evidence only explains the rule's event type.
    if (next.event_type !== item.event_type) delete next.event_evidence;
    out[index] = next;
    report.enriched++;
  };

  // A corrupt, unreadable or unusable cache entry is a miss (the item is simply sent again), reported by key.
  const cacheProblem = (key: string, problem: string) =>
    report.cache_problems.push(`${cache.location}/${key}: ${problem}`);

  const readCache = async (item: NormalizedItem): Promise<CacheEntry | undefined> => {
    const key = layout.llmCache(item.content_hash);
    let text: string | undefined;
    try {
      text = await cache.getText(key);
    } catch (error) {
      cacheProblem(key, `cannot be read: ${(error as Error).message}`);
      return undefined;
    }
    if (text === undefined) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      cacheProblem(key, `not JSON: ${(error as Error).message}`);
      return undefined;
    }
    const entry = CacheEntry.safeParse(json);
    if (!entry.success) {
      const issue = entry.error.issues[0];
      cacheProblem(key, `not a cache entry: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
      return undefined;
    }
    // Another prompt version or event-type list: an expected miss, not a problem.
    return entry.data.prompt_hash === hashOfPrompt ? entry.data : undefined;
  };

  const processOne = async (index: number) => {
    const item = out[index]!;
    const cached = await readCache(item);
    if (cached) {
      const parsed = llmReplySchema(eventTypeIds(watch)).safeParse(cached.reply);
      if (parsed.success) {
        report.cache_hits++;
        apply(index, parsed.data, cached.usage, true);
        return;
      }
      const issue = parsed.error.issues[0];
      cacheProblem(
        layout.llmCache(item.content_hash),
        `cached reply is invalid: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      );
    }
    if (report.stopped_by_cost_cap) return fallBack(index, COST_CAP_REASON);
    const { system, prompt } = buildPrompt(item, watch);
    const estimate = costOf(
      {
        inputTokens: Math.ceil((system.length + prompt.length) / CHARS_PER_TOKEN_ESTIMATE),
        outputTokens: MAX_OUTPUT_TOKENS,
      },
      price,
    );
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
          const entry: CacheEntry = {
            prompt_hash: hashOfPrompt,
            model: reply.modelId,
            created_at: now().toISOString(),
            usage: reply.usage,
            reply: parsed.data,
          };
          try {
            await cache.put(layout.llmCache(item.content_hash), JSON.stringify(entry), {
              contentType: "application/json",
            });
          } catch (error) {
            // Failing to cache costs a repeat call next run, not this item's result.
            cacheProblem(
              layout.llmCache(item.content_hash),
              `cannot be written: ${(error as Error).message}`,
            );
          }
          return apply(index, parsed.data, reply.usage, false);
        } catch (error) {
          if (!isRetryableLlmError(error) || attempt >= retry.maxAttempts)
            return fallBack(
              index,
              `LLM call failed after ${attempt} attempt${attempt > 1 ? "s" : ""}: ${(error as Error).message}`,
            );
          report.retries++;
          const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
          await sleep(Math.floor(random() * ceiling));
        }
      }
    } finally {
      reserved -= estimate;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const index = queue[next++]!;
      try {
        await processOne(index);
      } catch (error) {
        // A bug or an unexpected store failure costs this item its enrichment, never the run.
        fallBack(index, `enrichment failed: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  report.cost_usd = Math.round(report.cost_usd * 1e6) / 1e6;
  return { items: out, report };
}
