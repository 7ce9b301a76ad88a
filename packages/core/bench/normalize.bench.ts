/**
 * Benchmark of rule normalization: items/s of `normalizeItem` on a few thousand synthetic items, with the
 * repository's real `config/` (lai_weekly) so vocabulary sizes are the real ones. Prints figures; asserts nothing.
 *
 * Run alone: `pnpm exec tsx bench/normalize.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { clientWatch, type RawItem } from "../src/index.js";
import { compileWatch, normalizeItem, passesRuleGate } from "../src/normalize/index.js";
import { loadRepoConfig } from "../tests/support/repo.js";

/** Deterministic PRNG (mulberry32) so every run benchmarks the same items. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + Math.imul(t ^ (t >>> 14), 49 | t));
    return ((t ^ (t >>> 9)) >>> 0) / 4294967296;
  };
}

const FILLER = [
  "The company said the results were in line with expectations and reiterated its guidance for the year.",
  "Analysts at several banks said the move could reshape the competitive landscape in the coming quarters.",
  "The agreement includes an upfront payment, development milestones and tiered royalties on net sales.",
  "Patients in the study received the treatment for 24 weeks, with a follow-up period of six months.",
  "The board approved the plan at its meeting on Tuesday, according to a regulatory filing.",
  "Shares rose 4% in early trading after the announcement, before settling slightly lower.",
  "The oral tablet formulation was discontinued last year after disappointing sales.",
  "A subcutaneous injection given once a month could improve adherence compared with daily dosing.",
];

function syntheticItems(count: number, names: string[]): RawItem[] {
  const random = prng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const title = `${pick(names)} and ${pick(names)} announce ${pick(["a licence agreement", "phase 3 results", "a grant", "interim report", "FDA approval"])} ${i}`;
    const sentences = Array.from({ length: 6 + Math.floor(random() * 10) }, () =>
      random() < 0.3 ? `${pick(FILLER).slice(0, -1)} involving ${pick(names)}.` : pick(FILLER),
    );
    const content = `${title}December 9, 2025December 9, 2025 ${sentences.join(" ")}READ MORE`;
    const url = `https://bench.example/items/${i}`;
    const hash = (s: string) => createHash("sha256").update(s).digest("hex");
    return {
      item_id: `itm_${hash(url).slice(0, 16)}`,
      source_key: i % 3 === 0 ? "press_corporate__medincell" : "press_sector__fiercepharma",
      source_type: i % 3 === 0 ? "press_corporate" : "press_sector",
      source_kind: "rss",
      title,
      url,
      canonical_url: url,
      published_at: "2025-12-09",
      content,
      content_hash: `sha256:${hash(title + content)}`,
      ingested_at: "2025-12-17T13:49:39Z",
      run_id: "bench",
    } satisfies RawItem;
  });
}

/** Runs the benchmark and prints its figures. */
export async function benchNormalize(count = 3000): Promise<void> {
  const config = await loadRepoConfig();
  const watch = clientWatch(config, "lai_weekly");
  const names = [
    ...watch.companies.core_pure_players,
    ...watch.companies.hybrids,
    ...watch.trademarks,
    ...watch.molecules,
    ...watch.technologies.platforms,
  ].map((e) => e.name);
  names.push(...watch.technologies.core_phrases);
  const items = syntheticItems(count, names);
  const chars = items.reduce((n, i) => n + i.title.length + i.content.length, 0);

  let t = performance.now();
  compileWatch(watch);
  const compileMs = performance.now() - t;

  // Warm-up (JIT), then the measured pass.
  for (const item of items.slice(0, 200)) normalizeItem(item, watch);
  t = performance.now();
  let entities = 0;
  let passed = 0;
  for (const item of items) {
    const n = normalizeItem(item, watch);
    entities += Object.values(n.entities).reduce((s, l) => s + l.length, 0);
    if (passesRuleGate(n)) passed++;
  }
  const ms = performance.now() - t;
  const vocabulary =
    names.length +
    watch.companies.pure_players.length +
    watch.companies.others.length +
    watch.indications.length;
  console.log(
    [
      `normalize: ${count} synthetic items, ${Math.round(chars / count)} chars/item avg, ~${vocabulary} watch-list names (config ${config.version})`,
      `  compile watch (once, cached): ${compileMs.toFixed(1)} ms`,
      `  normalizeItem: ${(count / (ms / 1000)).toFixed(0)} items/s (${((ms * 1000) / count).toFixed(0)} µs/item), ${(chars / 1024 / (ms / 1000)).toFixed(0)} KiB/s`,
      `  found ${entities} entities; ${passed} items pass the rule gate`,
    ].join("\n"),
  );
}

export default benchNormalize;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchNormalize();
