/**
 * The labelled evaluation sets of real 2022–2025 LAI events (fixtures/eval): their shape (what issue 14 asks of
 * them) and the engine's figures on the TUNED set, as a regression guard. The held-out set is scored by
 * `pnpm bench` only: it is not a target of the rules.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientWatch } from "../../src/config/schema.js";
import type { EvalLabel } from "../../src/engine/evaluate.js";
import { evalJsonLines, parseLabelsFile } from "../../src/jobs/eval-lines.js";
import { REPO_ROOT, repoWatch } from "../support/repo.js";

const SETS = ["fixtures/eval/lai-events", "fixtures/eval/lai-events-holdout"];

async function readSet(dir: string): Promise<{ items: string; labels: EvalLabel[] }> {
  const items = await readFile(join(REPO_ROOT, dir, "items.jsonl"), "utf8");
  const file = join(dir, "labels.json");
  return { items, labels: parseLabelsFile(await readFile(join(REPO_ROOT, file), "utf8"), file) };
}

let watch: ClientWatch;
beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
});

describe("the evaluation sets", () => {
  it("hold 200+ labelled items, one label each with a reason, press-release/trade-press pairs and both kinds", async () => {
    let total = 0;
    let pairs = 0;
    const sources = new Set<string>();
    for (const dir of SETS) {
      const { items, labels } = await readSet(dir);
      const lines = items
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string; source_key: string });
      total += lines.length;
      expect(labels.map((l) => l.id)).toEqual(lines.map((l) => l.id));
      for (const label of labels) expect(label.reason, label.id).toBeTruthy();
      for (const line of lines) sources.add(line.source_key);
      const byEvent = new Map<string, EvalLabel[]>();
      for (const label of labels)
        byEvent.set(label.event_key!, [...(byEvent.get(label.event_key!) ?? []), label]);
      pairs += [...byEvent.values()].filter((l) => l.length === 2).length;
      expect(labels.some((l) => l.keep) && labels.some((l) => !l.keep)).toBe(true);
    }
    expect(total).toBeGreaterThanOrEqual(200);
    expect(pairs).toBeGreaterThanOrEqual(10);
    expect([...sources].filter((s) => s.startsWith("press_corporate__")).length).toBeGreaterThanOrEqual(50);
  });

  it("tuned set: at least 90% of events found, at most 5% false keeps (rules alone, no feedback)", async () => {
    const { items, labels } = await readSet(SETS[0]!);
    const { report, triage } = evalJsonLines(items, labels, watch, { ignoreFeedback: true });
    expect(triage.problems).toEqual([]);
    expect(report.unlabelled).toEqual([]);
    expect(report.labels_without_item).toEqual([]);
    const misses = report.missed_events.map(
      (m) => `${m.event_key}: ${m.items.map((i) => i.decisive).join(", ")}`,
    );
    const falseKeeps = report.false_keeps.map((i) => `${i.id}: ${i.decisive}`);
    expect(report.figures.events_found_pct, misses.join("\n")).toBeGreaterThanOrEqual(90);
    expect(report.figures.false_keep_pct, falseKeeps.join("\n")).toBeLessThanOrEqual(5);
    expect(report.merged_distinct_events).toEqual([]);
  });
});
