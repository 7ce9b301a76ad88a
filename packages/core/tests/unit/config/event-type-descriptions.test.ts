/**
 * Prompt hygiene of the event-type descriptions (config/canonical/event_types.yaml): they are sent to the LLM with
 * every item, so they must describe the types only — no trademark or product example (the earlier system's
 * hard-coded names made the LLM "find" them, failure #4) and no engine notes about the order rules are tried in.
 */
import { describe, expect, it } from "vitest";
import { buildPrompt } from "../../../src/normalize/llm-enrich.js";
import { repoWatch } from "../../support/repo.js";

describe("event-type descriptions sent to the LLM", () => {
  it("name no trademark or product and carry no rule-ordering notes", async () => {
    const watch = await repoWatch();
    const { prompt } = buildPrompt(
      { text: "Camurus signs a deal.", source_key: "press_corporate__camurus", published_at: "2025-12-10" },
      watch,
    );
    const types = prompt.slice(prompt.indexOf("Event type ids"), prompt.indexOf("Rules:"));
    expect(types).toContain("- funding: Funding — ");
    expect(types).not.toMatch(/[®™]/);
    const products = watch.trademarks.flatMap((t) => [t.name, ...t.aliases]).filter((n) => n.length > 2);
    expect(products.length).toBeGreaterThan(3);
    const named = products.filter((name) =>
      new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(types),
    );
    expect(named).toEqual([]);
    expect(types).not.toMatch(/\b(tried|checked) (before|after)\b|\border matters\b|\bdefault when\b/i);
  });
});
