/**
 * The LLM path uses the same ruling (issue 14): with the LLM on, only the items the rules leave borderline are
 * asked whether they are LAI news, with the client's ruling (config/clients/lai_weekly.yaml) as the rubric of their
 * prompt; the engine follows the answer (`llm:keep` / `llm:drop`); the report counts the band. Driven through the
 * real Bedrock client against the fake, with recorded-style replies (a fenced JSON answer).
 */
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BedrockLlmClient } from "../../../src/adapters/bedrock-llm.js";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import type { ClientWatch } from "../../../src/config/schema.js";
import type { RawItem } from "../../../src/domain/items.js";
import type { NormalizedItem } from "../../../src/domain/normalized.js";
import { borderlineItemIds } from "../../../src/engine/borderline.js";
import { decideRelevance } from "../../../src/engine/relevance.js";
import { NO_LLM } from "../../../src/newsletter/document.js";
import { llmUsageLine } from "../../../src/newsletter/footer.js";
import { enrichItems } from "../../../src/normalize/llm/enrich-items.js";
import { normalizeItem } from "../../../src/normalize/normalize-item.js";
import {
  type FakeAction,
  type FakeBedrock,
  type FakeCall,
  fakeBedrock,
  fencedJson,
} from "../../support/fake-bedrock.js";
import { repoWatch } from "../../support/repo.js";

const MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
const noEntities = { companies: [], molecules: [], technologies: [], trademarks: [], indications: [] };

function raw(id: string, title: string, content: string): RawItem {
  return {
    item_id: `itm_${id.padStart(16, "0")}`,
    source_key: "press_sector__fiercepharma",
    source_type: "press_sector",
    source_kind: "rss",
    title,
    url: `https://www.fiercepharma.com/pharma/${id}`,
    canonical_url: `https://www.fiercepharma.com/pharma/${id}`,
    published_at: "2025-12-10",
    content,
    content_hash: `sha256:${id.padStart(64, "0")}`,
    ingested_at: "2025-12-17T08:00:00Z",
    run_id: "ing_test",
  };
}

let watch: ClientWatch;
let items: NormalizedItem[];
let dir: TempDir;
let fake: FakeBedrock | undefined;

beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
  items = [
    // Clear LAI news: decided by its title, never asked.
    raw(
      "1",
      "FDA approves Halcyon's twice-yearly risperidone implant",
      "The subdermal implant releases drug for six months.",
    ),
    // Borderline: title and lead say nothing; only the body names a monthly depot.
    raw(
      "2",
      "Orbis Pharma gives a pipeline update",
      "The company reported progress across its portfolio. Its lead programme stays on track. Orbis also said its once-monthly risperidone depot will enter phase 2 next year.",
    ),
    // Noise: never asked.
    raw("3", "We are hiring: Senior Formulation Scientist", "Join our growing team."),
  ].map((r) => normalizeItem(r, watch));
});
beforeEach(async () => {
  dir = await makeTempDir("llm-borderline");
});
afterEach(async () => {
  fake?.restore();
  fake = undefined;
  await dir.remove();
});

/** Answers like Claude: a fenced JSON reply; with the ruling question, the given keep/drop. */
function replies(keep: boolean | undefined) {
  return (call: FakeCall): FakeAction => {
    const reply: Record<string, unknown> = {
      event_type: "other",
      summary: call.itemText.split("\n")[0]!,
      entities: noEntities,
    };
    if (keep !== undefined && call.prompt.includes("Ruling (the newsletter editor's"))
      reply["lai_relevance"] = {
        keep,
        reason: keep ? "an LAI programme's trial start" : "a pipeline update, no LAI event",
      };
    return { reply: fencedJson(reply) };
  };
}

async function enrich(keep: boolean | undefined) {
  fake = fakeBedrock(replies(keep));
  const llm = new BedrockLlmClient({ modelId: MODEL, client: fake.client });
  const borderline = borderlineItemIds(items, watch);
  return enrichItems(items, {
    llm,
    cache: new FsBlobStore(dir.path),
    watch,
    borderline,
    sleep: async () => {},
    random: () => 0,
  });
}

describe("the LLM rules only on the borderline band, with the client's ruling", () => {
  it("finds one borderline item: the one whose LAI sign is only in the body", () => {
    expect([...borderlineItemIds(items, watch)]).toEqual([items[1]!.item_id]);
    expect(items[1]!.signals.subject).toMatchObject({ verdict: "lai", decided_by: "body", borderline: true });
  });

  it("puts the ruling in the borderline item's prompt only, and the engine follows its answer", async () => {
    const { items: enriched, report } = await enrich(false);
    const asked = fake!.calls.filter((c) => c.prompt.includes("Ruling (the newsletter editor's"));
    expect(asked.map((c) => c.itemText.split("\n")[0])).toEqual(["Orbis Pharma gives a pipeline update"]);
    expect(asked[0]!.prompt).toContain(watch.client.ruling!.keep[0]!);
    expect(asked[0]!.prompt).toContain("lai_relevance");
    // The clear item is enriched (summary), without the question; the noise item is not sent at all.
    expect(fake!.calls).toHaveLength(2);
    expect(report.borderline).toEqual({ band: 1, asked: 1, keep: 0, drop: 1 });

    expect(decideRelevance(items[1]!, watch).relevant).toBe(true);
    const ruled = decideRelevance(enriched[1]!, watch);
    expect(ruled).toMatchObject({ relevant: false, reasons: ["llm:drop", "role:none"] });
    expect(enriched[1]!.enrichment.relevance).toEqual({
      keep: false,
      reason: "a pipeline update, no LAI event",
    });
    expect(decideRelevance(enriched[0]!, watch).reasons[0]).not.toMatch(/^llm:/);
    const usage = { ...NO_LLM, enabled: true, model: report.model, borderline: report.borderline };
    expect(llmUsageLine(usage)).toContain("asked to rule on 1 of 1 borderline item(s): 0 keep, 1 drop");
  });

  it("keeps the rule result, flagged, when the borderline reply lacks the ruling", async () => {
    const { items: enriched, report } = await enrich(undefined);
    expect(report.borderline).toEqual({ band: 1, asked: 0, keep: 0, drop: 0 });
    expect(report.fallbacks).toEqual([
      { item_id: items[1]!.item_id, reason: expect.stringMatching(/^invalid reply: lai_relevance: /) },
    ]);
    expect(enriched[1]!.enrichment.relevance).toBeUndefined();
    expect(decideRelevance(enriched[1]!, watch).relevant).toBe(true);
  });
});
