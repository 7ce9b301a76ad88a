import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertInferenceProfileId, BedrockLlmClient } from "../../../src/adapters/bedrock-llm.js";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { layout, NormalizedItem } from "../../../src/index.js";
import {
  buildPrompt,
  COST_CAP_REASON,
  EnrichmentReport,
  enrichItems,
  extractJson,
  findEvidence,
  groundSummary,
  normalizeItem,
  priceFor,
} from "../../../src/normalize/index.js";
import {
  type FakeAction,
  type FakeBedrock,
  type FakeCall,
  fakeBedrock,
  fencedJson,
  serviceUnavailableException,
} from "../../support/fake-bedrock.js";
import { makeClient, makeRawItem, makeWatch } from "../../support/watch.js";
import {
  medincellAppointment,
  medincellGrant,
  nanexaModerna,
  olanzapineNda,
  sectorLai,
  sectorOffTopic,
  uzedyApproval,
} from "./fixtures.js";

const MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
const watch = makeWatch();
const noEntities = { companies: [], molecules: [], technologies: [], trademarks: [], indications: [] };

/** A grounded reply built from the item's own text: its first line as the summary. */
function groundedReply(call: FakeCall): FakeAction {
  const firstLine = call.itemText.split("\n")[0]!;
  return { reply: JSON.stringify({ event_type: "other", summary: firstLine, entities: noEntities }) };
}

let dir: TempDir;
let cache: FsBlobStore;
let fake: FakeBedrock | undefined;
const sleeps: number[] = [];
const fast = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };

beforeEach(async () => {
  dir = await makeTempDir("llm-cache");
  cache = new FsBlobStore(dir.path);
  sleeps.length = 0;
});
afterEach(async () => {
  fake?.restore();
  fake = undefined;
  await dir.remove();
});

function llmWith(script: (call: FakeCall, n: number) => FakeAction, options: { latencyMs?: number } = {}) {
  fake = fakeBedrock(script, options);
  return new BedrockLlmClient({ modelId: MODEL, client: fake.client });
}

describe("enrichItems with Bedrock Converse (real client, mocked transport)", () => {
  it("uses a fenced JSON reply, drops hallucinated entities and keeps grounded ones", async () => {
    const item = normalizeItem(nanexaModerna, watch);
    const llm = llmWith(() => ({
      reply: fencedJson({
        event_type: "partnership",
        summary:
          "Nanexa and Moderna enter into a license and option agreement for PharmaShell-based products.\nThe agreement covers the development of up to five undisclosed compounds.\nNanexa will receive an upfront payment of USD 3 million.",
        entities: {
          companies: ["Nanexa", "Moderna", "Camurus"],
          molecules: [],
          technologies: ["PharmaShell®", "BEPO", "long-acting injectable"],
          trademarks: [],
          indications: ["royalty on product sales"],
        },
      }),
    }));
    const { items, report } = await enrichItems([item], { llm, cache, watch, ...fast });
    const out = items[0]!;
    expect(out.enrichment).toMatchObject({
      by: "llm",
      model: MODEL,
      summary_by: "llm",
      dropped_entities: 3,
      cached: false,
    });
    expect(out.summary).toMatch(/^Nanexa and Moderna enter into a license/);
    expect(out.event_type).toBe("partnership");
    expect(out.entities.companies.map((c) => c.name)).toEqual(["Nanexa", "Moderna"]);
    // A grounded but odd entity is kept WITH its evidence (the text says it); it was not in the rule result.
    expect(out.entities.indications.map((e) => e.evidence[0]!.matched)).toEqual(["royalty on product sales"]);
    for (const list of Object.values(out.entities))
      for (const e of list)
        for (const s of e.evidence) expect(out.text.slice(s.start, s.end)).toBe(s.matched);
    expect(() => NormalizedItem.parse(out)).not.toThrow();
    const call = fake!.calls[0]!;
    const price = priceFor(MODEL);
    const expectedCost =
      (Math.ceil((call.system.length + call.prompt.length) / 4) * price.inputPerMTok +
        out.enrichment.output_tokens! * price.outputPerMTok) /
      1e6;
    expect(report).toMatchObject({
      calls: 1,
      cache_hits: 0,
      enriched: 1,
      dropped_entities: 3,
      fallbacks: [],
      stopped_by_cost_cap: false,
      cache_problems: [],
    });
    expect(report.input_tokens).toBe(out.enrichment.input_tokens);
    expect(report.cost_usd).toBeCloseTo(expectedCost, 6);
    expect(() => EnrichmentReport.parse(report)).not.toThrow();
  });

  it("retries throttling and service unavailability with backoff and full jitter, then succeeds", async () => {
    const llm = llmWith((call, n) =>
      n === 1 ? { throttle: true } : n === 2 ? { error: serviceUnavailableException() } : groundedReply(call),
    );
    const { items, report } = await enrichItems([normalizeItem(uzedyApproval, watch)], {
      llm,
      cache,
      watch,
      retry: { baseDelayMs: 1000, maxDelayMs: 20_000, maxAttempts: 5 },
      ...fast,
    });
    expect(report).toMatchObject({ calls: 3, retries: 2, enriched: 1, fallbacks: [] });
    // random() = 0.5 → half of min(cap, base × 2^(attempt-1)).
    expect(sleeps).toEqual([500, 1000]);
    expect(items[0]!.enrichment.by).toBe("llm");
    // The reply said "other": the rule's evidenced type stands.
    expect(items[0]).toMatchObject({
      event_type: "regulatory",
      event_evidence: { matched: expect.stringMatching(/^FDA Approves/) },
    });
  });

  it("gives up after the bounded attempts and keeps the rule result, flagged", async () => {
    const llm = llmWith(() => ({ throttle: true }));
    const rule = normalizeItem(uzedyApproval, watch);
    const { items, report } = await enrichItems([rule], {
      llm,
      cache,
      watch,
      retry: { maxAttempts: 3 },
      ...fast,
    });
    expect(report.calls).toBe(3);
    expect(report.fallbacks).toEqual([
      {
        item_id: rule.item_id,
        reason: expect.stringMatching(
          /after 3 attempts.*ThrottlingException \(HTTP 429\).*Too many requests/,
        ),
      },
    ]);
    expect(items[0]).toMatchObject({
      summary: rule.summary,
      event_type: rule.event_type,
      entities: rule.entities,
      enrichment: { by: "rules" },
    });
    expect(items[0]!.enrichment.fallback_reason).toMatch(/ThrottlingException/);
  });

  it("does not retry a non-retryable error", async () => {
    const { ValidationException } = await import("@aws-sdk/client-bedrock-runtime");
    const llm = llmWith(() => ({
      error: new ValidationException({
        message: "Malformed input request, please reformat your input and try again.",
        $metadata: { httpStatusCode: 400 },
      }),
    }));
    const { report } = await enrichItems([normalizeItem(uzedyApproval, watch)], {
      llm,
      cache,
      watch,
      ...fast,
    });
    expect(report.calls).toBe(1);
    expect(report.fallbacks[0]!.reason).toMatch(
      /after 1 attempt: .*ValidationException \(HTTP 400\): Malformed input/,
    );
  });

  it("falls back on garbage, on a wrong event type and on a truncated reply, counting each", async () => {
    const replies: Record<string, FakeAction> = {
      [uzedyApproval.item_id]: { reply: "I'm sorry, but I can't determine the event type from this text." },
      [nanexaModerna.item_id]: {
        reply: JSON.stringify({ event_type: "merger", summary: "x", entities: noEntities }),
      },
      [olanzapineNda.item_id]: {
        reply: '```json\n{"event_type": "regulatory", "summary": "Teva submitted',
        stopReason: "max_tokens",
      },
    };
    const items = [uzedyApproval, nanexaModerna, olanzapineNda].map((r) => normalizeItem(r, watch));
    const byText = new Map(items.map((i) => [i.text, i.item_id]));
    const llm = llmWith((call) => replies[byText.get(call.itemText)!]!);
    const { items: out, report } = await enrichItems(items, { llm, cache, watch, ...fast });
    // The calls run concurrently: fallbacks are listed as they finish, so each is checked by its item.
    expect(report.fallbacks).toHaveLength(3);
    expect(Object.fromEntries(report.fallbacks.map((f) => [f.item_id, f.reason]))).toEqual({
      [items[0]!.item_id]: expect.stringMatching(/^invalid reply: no JSON object found/),
      [items[1]!.item_id]: expect.stringMatching(/^invalid reply: event_type: /),
      [items[2]!.item_id]: expect.stringMatching(
        /^invalid reply: no JSON object found.*truncated at max_tokens/,
      ),
    });
    expect(out.map((i) => i.enrichment.by)).toEqual(["rules", "rules", "rules"]);
    expect(out.map((i) => i.event_type)).toEqual(items.map((i) => i.event_type));
    // Invalid replies are not cached: the next run asks again.
    expect(await cache.list("cache/llm/")).toEqual([]);
  });

  it("rejects an ungrounded summary (invented LAI claims) but keeps the valid rest", async () => {
    const llm = llmWith(() => ({
      reply: JSON.stringify({
        event_type: "funding",
        summary:
          "Medincell has been awarded a new grant to develop long-acting injectable formulations to fight malaria.",
        entities: { ...noEntities, companies: ["Medincell"], indications: ["Malaria"] },
      }),
    }));
    const rule = normalizeItem(medincellGrant, watch);
    const { items, report } = await enrichItems([rule], { llm, cache, watch, ...fast });
    expect(items[0]!.summary).toBe(rule.summary);
    expect(items[0]!.enrichment).toMatchObject({ by: "llm", summary_by: "rules", dropped_entities: 0 });
    expect(items[0]!.enrichment.summary_rejected_reason).toMatch(/% of its words are in the text/);
    expect(report.summaries_rejected).toBe(1);
  });

  it("takes the LLM's event type over the rule's and drops the rule's evidence for it", async () => {
    const llm = llmWith(() => ({
      reply: JSON.stringify({
        event_type: "regulatory",
        summary: "Nanexa and Moderna sign.",
        entities: noEntities,
      }),
    }));
    const rule = normalizeItem(nanexaModerna, watch);
    expect(rule.event_evidence).toBeDefined();
    const { items } = await enrichItems([rule], { llm, cache, watch, ...fast });
    expect(items[0]!.event_type).toBe("regulatory");
    expect(items[0]!.event_evidence).toBeUndefined();
  });

  it("serves the second run from the cache without any call", async () => {
    const llm = llmWith(groundedReply);
    const items = [normalizeItem(uzedyApproval, watch), normalizeItem(nanexaModerna, watch)];
    const first = await enrichItems(items, { llm, cache, watch, ...fast });
    expect(first.report.calls).toBe(2);
    expect(await cache.exists(layout.llmCache(items[0]!.content_hash))).toBe(true);
    const second = await enrichItems(items, { llm, cache, watch, ...fast });
    expect(second.report).toMatchObject({
      calls: 0,
      cache_hits: 2,
      enriched: 2,
      input_tokens: 0,
      cost_usd: 0,
    });
    expect(fake!.calls).toHaveLength(2);
    expect(second.items.map((i) => i.summary)).toEqual(first.items.map((i) => i.summary));
    expect(second.items.every((i) => i.enrichment.cached === true)).toBe(true);
  });

  it("treats a corrupt cache entry or one from another prompt version as a miss, reporting the corrupt one", async () => {
    const llm = llmWith(groundedReply);
    const item = normalizeItem(uzedyApproval, watch);
    const key = layout.llmCache(item.content_hash);
    await cache.put(key, "{not json");
    const first = await enrichItems([item], { llm, cache, watch, ...fast });
    expect(first.report).toMatchObject({ calls: 1, cache_hits: 0, enriched: 1 });
    expect(first.report.cache_problems).toEqual([
      expect.stringMatching(`^${cache.location}/${key}: not JSON: `),
    ]);
    const entry = JSON.parse((await cache.getText(key))!);
    await cache.put(key, JSON.stringify({ ...entry, prompt_hash: "sha256:other" }));
    const second = await enrichItems([item], { llm, cache, watch, ...fast });
    expect(second.report).toMatchObject({ calls: 1, cache_hits: 0, cache_problems: [] });
    // Valid JSON of the wrong shape, and a cached reply that no longer validates: both named, both re-asked.
    await cache.put(key, JSON.stringify({ ...entry, usage: { inputTokens: "many" } }));
    const third = await enrichItems([item], { llm, cache, watch, ...fast });
    expect(third.report.calls).toBe(1);
    expect(third.report.cache_problems).toEqual([
      expect.stringMatching(`^${cache.location}/${key}: not a cache entry: usage.inputTokens: `),
    ]);
    await cache.put(key, JSON.stringify({ ...entry, reply: { event_type: "no_such_type" } }));
    const fourth = await enrichItems([item], { llm, cache, watch, ...fast });
    expect(fourth.report.calls).toBe(1);
    expect(fourth.report.cache_problems).toEqual([
      expect.stringMatching(`^${cache.location}/${key}: cached reply is invalid: `),
    ]);
    expect(fourth.items[0]!.enrichment.by).toBe("llm");
  });

  it("stops enrichment at the cost cap; the rest keep the rule result, flagged", async () => {
    const llm = llmWith((call) => ({ ...(groundedReply(call) as { reply: string }), outputTokens: 300 }));
    const raws = Array.from({ length: 6 }, (_, i) =>
      makeRawItem({
        title: `Camurus reports long-acting injectable progress ${i}`,
        content: `Camurus item number ${i} describes a depot formulation.`,
      }),
    );
    const items = raws.map((r) => normalizeItem(r, watch));
    const cap = 0.03;
    const { items: out, report } = await enrichItems(items, {
      llm,
      cache,
      watch,
      maxCostUsd: cap,
      concurrency: 1,
      ...fast,
    });
    expect(report.stopped_by_cost_cap).toBe(true);
    expect(report.calls).toBeGreaterThan(0);
    expect(report.calls).toBeLessThan(6);
    expect(report.cost_usd).toBeLessThanOrEqual(cap);
    expect(report.fallbacks).toHaveLength(6 - report.calls);
    expect(report.fallbacks.every((f) => f.reason === COST_CAP_REASON)).toBe(true);
    expect(out.filter((i) => i.enrichment.fallback_reason === COST_CAP_REASON)).toHaveLength(
      6 - report.calls,
    );

    const none = await enrichItems(items, {
      llm,
      cache: new FsBlobStore(`${dir.path}/empty`),
      watch,
      maxCostUsd: 0,
      ...fast,
    });
    expect(none.report).toMatchObject({ calls: 0, stopped_by_cost_cap: true, cost_usd: 0 });
  });

  it("sends only items past the rule gate, at most max_items, with bounded concurrency", async () => {
    const llm = llmWith(groundedReply, { latencyMs: 15 });
    const eligible = Array.from({ length: 7 }, (_, i) =>
      normalizeItem(makeRawItem({ title: `Nanexa PharmaShell update ${i}`, content: "" }), watch),
    );
    const noise = [medincellAppointment, sectorOffTopic].map((r) => normalizeItem(r, watch));
    const w = makeWatch({ client: makeClient({ llm: { max_items: 5, max_cost_usd: 1, concurrency: 2 } }) });
    const { items, report } = await enrichItems([...noise, ...eligible], { llm, cache, watch: w, ...fast });
    expect(report).toMatchObject({
      skipped_by_gate: 2,
      eligible: 7,
      skipped_max_items: 2,
      calls: 5,
      enriched: 5,
    });
    expect(fake!.maxInFlight).toBe(2);
    expect(items.slice(0, 2).map((i) => i.enrichment)).toEqual([{ by: "rules" }, { by: "rules" }]);
    expect(fake!.calls.some((c) => c.itemText.includes("Appoints"))).toBe(false);
  });

  it("builds a prompt with the item text and the output schema, never a list of entities to find", async () => {
    const item = normalizeItem(sectorLai, watch);
    const { system, prompt } = buildPrompt(item, watch);
    expect(prompt).toContain(item.text);
    for (const id of watch.eventTypes.map((t) => t.id)) expect(prompt).toContain(`- ${id}:`);
    expect(prompt).toContain('"enum":["regulatory","partnership"');
    // Watch-list names absent from the item never reach the model.
    for (const name of ["Camurus", "FluidCrystal", "BEPO", "Sublocade", "Durect", "buprenorphine"])
      expect(system + prompt).not.toContain(name);
  });
});

describe("Bedrock adapter", () => {
  it("rejects a bare model id before any call, and says what to use", () => {
    fake = fakeBedrock(() => ({ reply: "{}" }));
    expect(
      () =>
        new BedrockLlmClient({ modelId: "anthropic.claude-sonnet-4-5-20250929-v1:0", client: fake!.client }),
    ).toThrow(
      /BEDROCK_MODEL_ID "anthropic\.claude-sonnet-4-5-20250929-v1:0" is not an inference profile.*"eu\.anthropic\.claude-sonnet-4-5-20250929-v1:0"/,
    );
    expect(() => new BedrockLlmClient({ env: {}, client: fake!.client })).toThrow(
      /BEDROCK_MODEL_ID is not set/,
    );
    expect(fake.calls).toHaveLength(0);
  });

  it("accepts geographic and global profile ids and inference-profile ARNs, from options or env", () => {
    expect(assertInferenceProfileId("global.anthropic.claude-haiku-4-5-20251001-v1:0")).toMatch(/^global\./);
    expect(
      assertInferenceProfileId(
        "arn:aws:bedrock:eu-west-3:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
      ),
    ).toMatch(/^arn:/);
    expect(
      assertInferenceProfileId(
        "arn:aws:bedrock:eu-west-3:123456789012:application-inference-profile/a1b2c3d4e5f6",
      ),
    ).toMatch(/^arn:/);
    expect(
      new BedrockLlmClient({
        env: { BEDROCK_MODEL_ID: MODEL },
        client: fakeBedrock(() => ({ reply: "" })).client,
      }).modelId,
    ).toBe(MODEL);
  });

  it("sends system, prompt and max tokens through Converse and reads text, usage and stop reason", async () => {
    const llm = llmWith(() => ({ reply: "hello", outputTokens: 2 }));
    const reply = await llm.converse({ system: "sys", prompt: "<<<ITEM\nabc\nITEM>>>", maxTokens: 123 });
    expect(reply).toEqual({
      text: "hello",
      usage: { inputTokens: Math.ceil(23 / 4), outputTokens: 2 },
      modelId: MODEL,
      stopReason: "end_turn",
    });
    expect(fake!.calls[0]).toMatchObject({ modelId: MODEL, system: "sys", maxTokens: 123, itemText: "abc" });
  });
});

describe("reply parsing and grounding helpers", () => {
  it("extracts JSON from fences and from prose", () => {
    expect(extractJson('Sure! ```json\n{"a": 1}\n``` done')).toEqual({ a: 1 });
    expect(extractJson('The answer is {"a": {"b": 2}} as requested.')).toEqual({ a: { b: 2 } });
    expect(extractJson("no json here")).toBeUndefined();
  });

  it("finds evidence case-insensitively across ®, curly quotes and dashes, on whole words", () => {
    const text = "UZEDY® (risperidone) Extended‑Release Injectable; Teva’s partner; LAIR";
    expect(findEvidence(text, "uzedy").map((s) => s.matched)).toEqual(["UZEDY"]);
    expect(findEvidence(text, "extended-release injectable").map((s) => s.matched)).toEqual([
      "Extended‑Release Injectable",
    ]);
    expect(findEvidence(text, "Teva's partner").map((s) => s.matched)).toEqual(["Teva’s partner"]);
    expect(findEvidence(text, "LAI")).toEqual([]);
    expect(findEvidence(text, "BEPO")).toEqual([]);
  });

  it("grounds a summary sentence by sentence, numbers included", () => {
    const text = "Nanexa will receive an upfront payment of USD 3 million from Moderna.";
    expect(groundSummary("Moderna will pay Nanexa an upfront payment of USD 3 million.", text)).toEqual({
      grounded: true,
    });
    expect(groundSummary("Nanexa will receive USD 30 million.", text)).toMatchObject({
      grounded: false,
      reason: 'number "30" is not in the text',
    });
    expect(
      groundSummary("Nanexa receives payment.\nThe deal strengthens its GLP-1 franchise considerably.", text),
    ).toMatchObject({ grounded: false });
  });
});
