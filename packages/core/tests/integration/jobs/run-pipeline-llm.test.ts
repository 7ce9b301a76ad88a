/**
 * runEngineForClient with an LLM: a fake LlmClient that answers like Bedrock (a JSON reply in a code fence,
 * token usage) for most items and fails for one. The newsletter must use the grounded summaries, keep the rule
 * result for the failed item, and report the usage in its JSON.
 */
import { fileURLToPath } from "node:url";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import {
  LlmCallError,
  type LlmClient,
  type LlmRequest,
  layout,
  llmUsageLine,
  loadConfigYaml,
  NewsletterDocument,
  type RunEngineForClientResult,
  runEngineForClient,
} from "../../../src/index.js";
import { DECEMBER_2025, rawItem } from "../../support/raw-items.js";

const CONFIG_DIR = fileURLToPath(new URL("../../../../../config/", import.meta.url));

/** Answers with the item's own content as summary; fails (not retryable) for items mentioning malaria. */
class FakeLlm implements LlmClient {
  readonly modelId = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
  calls = 0;
  async converse(request: LlmRequest) {
    this.calls++;
    const text = /<<<ITEM\n([\s\S]*?)\nITEM>>>/.exec(request.prompt)?.[1] ?? "";
    if (/malaria/i.test(text))
      throw new LlmCallError("ValidationException: bad input", false, "ValidationException", 400);
    const [title, content] = text.split("\n\n");
    const reply = {
      event_type: "other",
      summary: content?.trim() || title,
      entities: { companies: [], molecules: [], technologies: [], trademarks: [], indications: [] },
    };
    return {
      text: `\`\`\`json\n${JSON.stringify(reply)}\n\`\`\``,
      usage: { inputTokens: 1200, outputTokens: 150 },
      modelId: this.modelId,
    };
  }
}

describe("runEngineForClient with an LLM", () => {
  let dir: TempDir;
  let result: RunEngineForClientResult;
  let data: FsBlobStore;
  const llm = new FakeLlm();
  const run = async () =>
    runEngineForClient({
      config: await loadConfigYaml(new FsBlobStore(CONFIG_DIR)),
      clientId: "lai_weekly",
      dataStore: data,
      newslettersStore: new FsBlobStore(`${dir.path}/newsletters`),
      targetDate: "2025-12-17",
      periodDays: 30,
      llm,
      enrich: { sleep: async () => {}, random: () => 0 },
      clock: () => new Date("2025-12-17T09:00:00Z"),
    });

  beforeAll(async () => {
    dir = await makeTempDir("pipeline-llm");
    data = new FsBlobStore(`${dir.path}/data`);
    const items = [DECEMBER_2025.licence!, DECEMBER_2025.grant!, DECEMBER_2025.halfYear!].map((spec) =>
      rawItem(spec),
    );
    await data.put(
      layout.ingestedRun("lai_weekly", "2025-12-17", "ing_a"),
      items.map((i) => JSON.stringify(i)).join("\n"),
    );
    result = await run();
  });
  afterAll(() => dir?.remove());

  it("reports the LLM usage of the run (from the enrichment report) in the result and the JSON", async () => {
    const grant = result.document.decisions.find((d) => d.url === DECEMBER_2025.grant!.url)!;
    // Each fallback is listed with its item and reason, never only counted (failure #3: silent fallbacks).
    expect(result.llm).toMatchObject({
      enabled: true,
      model: llm.modelId,
      items_enriched: 1,
      fallbacks: [{ item_id: grant.item_id, reason: expect.stringContaining("ValidationException") }],
      summaries_rejected: 0,
      stopped_by_cost_cap: false,
      max_cost_usd: expect.any(Number),
      input_tokens: 1200,
      output_tokens: 150,
    });
    expect(result.llm.max_cost_usd).toBeGreaterThan(0);
    // The operator's line and the reader's footer both name the fallback and its first reason.
    expect(llmUsageLine(result.llm)).toMatch(
      new RegExp(
        `^1 items by ${llm.modelId.replace(/\./g, "\\.")}, \\$0\\.\\d{4} of \\$\\d+\\.\\d{2}; 1 fell back to rules \\(first: ${grant.item_id}: .*ValidationException`,
      ),
    );
    const md = (await new FsBlobStore(`${dir.path}/newsletters`).getText(result.keys.md))!;
    expect(md).toContain(`Summaries: 1 of 2 printed by ${llm.modelId}`);
    expect(md).toContain("1 fell back to rules, first: ");
    expect(result.llm.cost_usd).toBeGreaterThan(0);
    // The half-year report is noise: it never reached the LLM.
    expect(llm.calls).toBe(2);
    const doc = NewsletterDocument.parse(
      JSON.parse((await new FsBlobStore(`${dir.path}/newsletters`).getText(result.keys.json))!),
    );
    expect(doc.llm).toEqual(result.llm);
  });

  it("uses the grounded LLM summary, and the rule result for the item whose call failed", () => {
    const items = result.document.sections.flatMap((s) => s.items);
    const licence = items.find((i) => i.url === DECEMBER_2025.licence!.url)!;
    expect(licence.summary_by).toBe("llm");
    expect(licence.summary).toContain("upfront payment of USD 3 million");
    const grant = items.find((i) => i.url === DECEMBER_2025.grant!.url)!;
    expect(grant.summary_by).toBe("rules");
    expect(result.document.decisions.filter((d) => d.kept)).toHaveLength(2);
  });

  it("serves a re-run from the cache, and names a damaged cache entry in the warnings, asking the LLM again", async () => {
    const callsBefore = llm.calls;
    const cached = await run();
    expect(cached.llm).toMatchObject({ cache_hits: 1, items_enriched: 1 });
    expect(llm.calls).toBe(callsBefore + 1); // only the item whose call failed (never cached) is asked again
    const [entry] = (await data.list("cache/llm/")).map((b) => b.key);
    expect(entry).toBeDefined();
    await data.put(entry!, '{"prompt_hash": "sha256:');
    const damaged = await run();
    expect(damaged.warnings).toContainEqual(
      expect.stringContaining(`LLM cache entry ${data.location}/${entry}: not JSON: `),
    );
    expect(damaged.llm).toMatchObject({ cache_hits: 0, items_enriched: 1 });
    expect(llm.calls).toBe(callsBefore + 3);
  });
});
