/**
 * Benchmarks of the engine side of the CLI (figures printed, never asserted):
 * 1. `vectora triage` throughput: items/s over a few thousand synthetic JSON lines (rules only, in-process);
 * 2. `vectora run` wall time on the recorded sources (replay ingest + engine + three files), in-process and as a
 *    fresh process (`pnpm vectora run` pays tsx's startup), median of a few runs, fresh store each time.
 * 3. `vectora config validate` on a generated catalog of 300 sources (and 1,000): `bench/config-validate.ts`;
 * 4. the Lambda packages: zip and bundle sizes against their budgets, and the cold import of each PACKAGED handler
 *    (unzipped, as Lambda loads it) in fresh Node processes against a naive esbuild bundle of S3 + Bedrock + zod
 *    built in the same run — median of ≥ 15 runs each, interleaved, and the ratio (goal ≤ 0.8×): what a Lambda
 *    cold start pays before the handler runs, compared with what the same SDK clients cost bundled carelessly.
 * Run: `pnpm --filter @vectora/cli bench` (or `cd packages/cli && pnpm bench`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { clientWatch, loadConfigYaml, triageJsonLines } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { unzipSync } from "fflate";
import { main } from "../src/cli.js";
import type { CliIO } from "../src/cli-kit.js";
import { packageLambdas, SMOKE_ENV } from "../src/package/package-lambdas.js";
import { benchConfigValidate } from "./config-validate.js";
import { median } from "./median.js";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const LINES = Number(process.env["BENCH_TRIAGE_LINES"] ?? 3000);
const RUNS = Number(process.env["BENCH_RUNS"] ?? 5);
/** Fresh processes per cold-import measurement (the issue asks for at least 15). */
const IMPORT_RUNS = Math.max(15, Number(process.env["BENCH_IMPORT_RUNS"] ?? 15));

/** Deterministic synthetic items: corporate releases, sector press, noise, HTML in titles, some undated. */
function syntheticLines(n: number): string {
  const corporate = [
    [
      "press_corporate__medincell",
      "Medincell's partner Teva announces FDA acceptance of NDA for olanzapine extended-release injectable suspension ({i})",
    ],
    [
      "press_corporate__camurus",
      "Camurus enters FluidCrystal® license agreement with partner {i} for a once-monthly depot",
    ],
    ["press_corporate__nanexa", "Nanexa publishes interim report for January-September 2025 ({i})"],
    ["press_corporate__delsitech", "DelSiTech is hiring a Process Engineer #{i}"],
    ["press_corporate__medincell", "Medincell Awarded New Grant {i} to Fight Malaria"],
  ];
  const sector = [
    [
      "press_sector__fiercepharma",
      "<a href='x'>UZEDY&reg; sales grow {i}% as Teva expands long-acting injectable franchise</a>",
    ],
    ["press_sector__fiercebiotech", "Startup {i} raises $50M series A for oral obesity pill"],
    ["press_sector__endpoints_news", "FDA approves once-daily extended-release tablet #{i} for ADHD"],
    ["press_sector__fiercepharma", "Pfizer trims sales force in reorganization, wave {i}"],
    [
      "press_sector__unknown_blog",
      "Aristada data {i}: aripiprazole lauroxil long-acting injectable relapse prevention",
    ],
  ];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const pool = i % 3 === 0 ? corporate : sector;
    const [source_key, template] = pool[i % pool.length]!;
    const day = String(1 + (i % 28)).padStart(2, "0");
    out.push(
      JSON.stringify({
        source_key,
        source_type: source_key!.startsWith("press_corporate") ? "press_corporate" : "press_sector",
        title: template!.replace("{i}", String(i)),
        url: `https://bench.example/${source_key}/${i}`,
        ...(i % 5 === 0 ? {} : { published_at: `2025-12-${day}` }),
        content: "The company said the injectable is given once a month by subcutaneous injection. ".repeat(
          1 + (i % 4),
        ),
      }),
    );
  }
  return `${out.join("\n")}\n`;
}

async function benchTriage(): Promise<void> {
  const config = await loadConfigYaml(new FsBlobStore(join(REPO_ROOT, "config")));
  const watch = clientWatch(config, "lai_weekly");
  const text = syntheticLines(LINES);
  triageJsonLines(syntheticLines(50), watch); // warm-up: compile the watch, JIT
  const rates: number[] = [];
  let kept = 0;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const result = triageJsonLines(text, watch, { asOf: "2025-12-31" });
    const seconds = (performance.now() - t0) / 1000;
    rates.push(result.outputs.length / seconds);
    kept = result.outputs.filter((o) => o.output.keep).length;
  }
  console.log(
    `triage: ${LINES} synthetic lines, ${kept} kept; median ${Math.round(median(rates)).toLocaleString("en-US")} items/s (runs: ${rates.map((r) => Math.round(r)).join(", ")})`,
  );
}

async function benchRun(): Promise<void> {
  const quietIO = (cwd: string): CliIO => ({
    out: () => {},
    err: (t) => process.stderr.write(t),
    cwd,
    env: {},
  });
  const inProcess: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const dir = await mkdtemp(join(tmpdir(), "vectora-bench-run-"));
    const t0 = performance.now();
    const code = await main(["run", "--store", join(dir, ".vectora")], quietIO(dir));
    inProcess.push(performance.now() - t0);
    await rm(dir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`vectora run exited ${code}`);
  }
  const processes: number[] = [];
  for (let r = 0; r < Math.min(RUNS, 3); r++) {
    const dir = await mkdtemp(join(tmpdir(), "vectora-bench-proc-"));
    const t0 = performance.now();
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO_ROOT, "packages/cli/src/cli.ts"),
        "run",
        "--store",
        join(dir, ".vectora"),
      ],
      {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, INIT_CWD: dir },
      },
    );
    processes.push(performance.now() - t0);
    await rm(dir, { recursive: true, force: true });
    if (result.status !== 0)
      throw new Error(`vectora run (process) exited ${result.status}: ${result.stderr}`);
  }
  console.log(
    `vectora run (recorded sources, fresh store): in-process median ${Math.round(median(inProcess))} ms (runs: ${inProcess.map(Math.round).join(", ")}); ` +
      `as a process median ${Math.round(median(processes))} ms (runs: ${processes.map(Math.round).join(", ")})`,
  );
}

/**
 * The baseline: what a handler using S3, Bedrock Converse and zod costs when bundled the obvious way — esbuild,
 * ESM, minified, SDK inside, default resolution (the SDK's CommonJS build) and `import { z } from "zod"`.
 */
async function buildNaiveBundle(dir: string): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = join(dir, "naive", "handler.mjs");
  await build({
    stdin: {
      contents: `import { S3Client, GetObjectCommand } from "@aws-sdk/client-s3";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { z } from "zod";
const s3 = new S3Client({});
const bedrock = new BedrockRuntimeClient({});
const Event = z.object({ client_id: z.string(), key: z.string() });
export const handler = async (event) => {
  const { key } = Event.parse(event);
  const object = await s3.send(new GetObjectCommand({ Bucket: process.env.CONFIG_BUCKET, Key: key }));
  return bedrock.send(new ConverseCommand({ modelId: process.env.BEDROCK_MODEL_ID, messages: [{ role: "user", content: [{ text: String(object.ContentLength) }] }] }));
};`,
      // Resolved from core, which depends on both clients and zod.
      resolveDir: join(REPO_ROOT, "packages/core"),
      loader: "js",
    },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    minify: true,
    legalComments: "none",
    outfile,
    banner: {
      js: "import { createRequire as __naiveRequire } from 'node:module'; const require = __naiveRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  return outfile;
}

/** Milliseconds to import `file` in a fresh Node process, timed inside the child (Node's own start-up left out). */
function coldImport(file: string): number {
  const script = `const t0 = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t0);`;
  const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: {
      PATH: process.env["PATH"],
      ...SMOKE_ENV,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
  });
  if (result.status !== 0) throw new Error(`importing ${file} failed: ${result.stderr}`);
  return Number(result.stdout.trim());
}

async function benchPackages(): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), "vectora-bench-pkg-"));
  try {
    const packages = packageLambdas({ repoRoot: REPO_ROOT, outDir });
    const naive = await buildNaiveBundle(outDir);
    const naiveBytes = readFileSync(naive).byteLength;
    // The handlers as Lambda loads them: unzipped from the packaged zips, alone in their task directory.
    const handlers = packages.map((pkg) => {
      const dir = join(outDir, "task", pkg.name);
      mkdirSync(dir, { recursive: true });
      for (const [path, bytes] of Object.entries(unzipSync(readFileSync(pkg.zipPath))))
        writeFileSync(join(dir, path), bytes);
      return { pkg, file: join(dir, "handler.mjs"), times: [] as number[] };
    });
    const naiveTimes: number[] = [];
    // Interleaved, so machine load drifts affect every subject alike.
    for (let r = 0; r < IMPORT_RUNS; r++) {
      naiveTimes.push(coldImport(naive));
      for (const h of handlers) h.times.push(coldImport(h.file));
    }
    const naiveMedian = median(naiveTimes);
    console.log(
      `naive bundle (S3 + Bedrock + zod, default esbuild resolution): ${naiveBytes.toLocaleString("en-US")} B, ` +
        `cold import median ${naiveMedian.toFixed(1)} ms over ${IMPORT_RUNS} fresh processes`,
    );
    for (const { pkg, times } of handlers) {
      const m = median(times);
      console.log(
        `package ${pkg.name}: zip ${pkg.zipBytes.toLocaleString("en-US")} B (budget ${pkg.budget.maxZipBytes.toLocaleString("en-US")}), ` +
          `bundle ${pkg.unzippedBytes.toLocaleString("en-US")} B (budget ${pkg.budget.maxUnzippedBytes.toLocaleString("en-US")}), ` +
          `smoke test ${pkg.smokeTest.ok ? "ok" : "FAILED"}; cold import median ${m.toFixed(1)} ms over ${IMPORT_RUNS} ` +
          `fresh processes = ${(m / naiveMedian).toFixed(2)}× the naive bundle (goal ≤ 0.8×)`,
      );
    }
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

// BENCH_ONLY=packages (or triage, config, run; comma-separated) runs a subset.
const only = new Set((process.env["BENCH_ONLY"] ?? "triage,config,run,packages").split(","));
if (only.has("triage")) await benchTriage();
if (only.has("config")) await benchConfigValidate(REPO_ROOT);
if (only.has("run")) await benchRun();
if (only.has("packages")) await benchPackages();
