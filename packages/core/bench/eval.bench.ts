/**
 * Benchmark of relevance against the labelled evaluation sets of real 2022–2025 LAI events (fixtures/eval): the
 * engine's figures as `vectora eval` prints them — events found, false keeps, events kept twice, distinct events
 * merged — for the tuned set, the held-out set and the blind set, plus items/s of the whole triage (normalize + engine).
 * Prints figures; asserts nothing (the thresholds live in the tests and in the report of issue 14).
 *
 * Run alone: `pnpm exec tsx bench/eval.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clientWatch } from "../src/config/index.js";
import { evalJsonLines, parseLabelsFile } from "../src/jobs/eval-lines.js";
import { loadRepoConfig, REPO_ROOT } from "../tests/support/repo.js";

const SETS = [
  { name: "tuned", dir: "fixtures/eval/lai-events" },
  { name: "held-out", dir: "fixtures/eval/lai-events-holdout" },
  // Written without reading the lists, the engine or the other sets (fixtures/eval/blind/README.md).
  { name: "blind", dir: "fixtures/eval/blind" },
];

/** Runs the benchmark and prints its figures. */
export async function benchEval(): Promise<void> {
  const config = await loadRepoConfig();
  const watch = clientWatch(config, "lai_weekly");
  const lines = [`eval: lai_weekly rules (config ${config.version}), labelled sets of fixtures/eval`];
  for (const set of SETS) {
    const items = await readFile(join(REPO_ROOT, set.dir, "items.jsonl"), "utf8");
    const labelsFile = join(set.dir, "labels.json");
    const labels = parseLabelsFile(await readFile(join(REPO_ROOT, labelsFile), "utf8"), labelsFile);
    // Rules only: the editor's feedback file is not what is measured.
    evalJsonLines(items, labels, watch, { ignoreFeedback: true }); // warm-up
    const t = performance.now();
    const { report } = evalJsonLines(items, labels, watch, { ignoreFeedback: true });
    const ms = performance.now() - t;
    lines.push(
      `  ${set.name.padEnd(8)} ${report.items} items: events found ${report.events_found}/${report.keep_events} (${report.figures.events_found_pct}%), ` +
        `false keeps ${report.false_keeps.length}/${report.drop_items} (${report.figures.false_keep_pct}%), ` +
        `kept twice ${report.duplicates_kept_twice.length}, distinct events merged ${report.merged_distinct_events.length}; ` +
        `${(report.items / (ms / 1000)).toFixed(0)} items/s`,
    );
  }
  console.log(lines.join("\n"));
}

export default benchEval;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchEval();
