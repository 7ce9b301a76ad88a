/**
 * Judging hand-written news lines end to end with a real watch, as `vectora triage` does: normalization (subject,
 * language rules, lists), then the engine's triage (relevance, score, de-duplication, min_score). Lines are triaged
 * together, so near-duplicates among them merge.
 */
import { expect } from "vitest";
import { type ClientWatch, type TriageOutput, triageJsonLines } from "../../src/index.js";

/** One news line: a corporate page's item when `source` starts with `press_corporate`, else the trade press. */
export interface Line {
  title: string;
  content?: string;
  source?: string;
  url?: string;
}

let n = 0;

/** Triages lines together (so duplicates can merge) and returns their outputs in order. */
export function judgeAll(lines: readonly Line[], watch: ClientWatch): TriageOutput[] {
  const text = lines
    .map((l) => {
      const source = l.source ?? "press_sector__fiercepharma";
      return JSON.stringify({
        source_key: source,
        source_type: source.startsWith("press_corporate") ? "press_corporate" : "press_sector",
        title: l.title,
        url: l.url ?? `https://news.example/${++n}`,
        content: l.content ?? "",
      });
    })
    .join("\n");
  const result = triageJsonLines(text, watch);
  expect(result.problems).toEqual([]);
  return result.outputs.map((o) => o.output);
}
