/**
 * Packaging phase: turn each Lambda's bundle into a deterministic zip, check it against its size budget, and
 * smoke-test the zip by importing its handler in a clean Node process — a missing module shows up here, not
 * after deploy (the earlier system learnt `No module named 'yaml'` in production).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { z } from "zod";
import { collectMetafile } from "./bundle-metafile.js";
import { deterministicZip } from "./deterministic-zip.js";
import {
  Budget,
  LAMBDA_FUNCTIONS,
  type LambdaFunction,
  lambdaCodeSha256,
  type PackagedLambda,
  readJsonFile,
  sha256Hex,
  writePackageManifest,
} from "./manifest.js";

export {
  LAMBDA_FUNCTIONS,
  type LambdaFunction,
  type PackagedLambda,
  readPackageManifest,
} from "./manifest.js";

const Budgets = z.object({ functions: z.record(z.string(), Budget) });

/** AWS Lambda's fixed limits (not adjustable): 50 MB zipped for direct upload, 250 MB unzipped. */
export const LAMBDA_HARD_LIMITS = {
  maxZipBytes: 50 * 1024 * 1024,
  maxUnzippedBytes: 250 * 1024 * 1024,
} as const;

export interface PackageOptions {
  repoRoot: string;
  outDir: string;
  functions?: readonly LambdaFunction[];
  /** Run each package's `build` script first (default true). */
  build?: boolean;
}

/** Builds (optionally), zips, budgets and smoke-tests each Lambda; writes `manifest.json` next to the zips. */
export function packageLambdas(options: PackageOptions): PackagedLambda[] {
  const budgets = readJsonFile(
    join(options.repoRoot, "packages/cli/package-budgets.json"),
    Budgets,
    "size budgets file",
  );
  mkdirSync(options.outDir, { recursive: true });
  const results: PackagedLambda[] = [];
  for (const name of options.functions ?? LAMBDA_FUNCTIONS) {
    const packageDir = join(options.repoRoot, "packages", name);
    if (options.build !== false) runBuild(packageDir, name);
    const bundlePath = join(packageDir, "dist", "handler.mjs");
    if (!existsSync(bundlePath))
      throw new Error(`${name}: no bundle at ${bundlePath}; run \`pnpm --filter @vectora/${name} build\``);
    const bundle = readFileSync(bundlePath);
    const zip = deterministicZip({ "handler.mjs": new Uint8Array(bundle) });
    const sha256 = sha256Hex(zip);
    const zipPath = join(options.outDir, `${name}.zip`);
    writeFileSync(zipPath, zip);
    const budget = budgets.functions[name] ?? LAMBDA_HARD_LIMITS;
    const unzippedBytes = bundle.byteLength;
    results.push({
      name,
      zipPath,
      s3Key: `${name}/${sha256.slice(0, 16)}.zip`,
      sha256,
      codeSha256: lambdaCodeSha256(sha256),
      zipBytes: zip.byteLength,
      unzippedBytes,
      budget,
      withinBudget: zip.byteLength <= budget.maxZipBytes && unzippedBytes <= budget.maxUnzippedBytes,
      smokeTest: smokeTestZip(zip),
      ...collectMetafile(
        join(packageDir, "dist", "handler.meta.json"),
        join(options.outDir, `${name}.meta.json`),
      ),
    });
  }
  writePackageManifest(join(options.outDir, "manifest.json"), {
    ...sourceCommit(options.repoRoot),
    functions: results,
  });
  return results;
}

/**
 * The commit the bundles come from: `GITHUB_SHA` in a workflow, else the checkout's HEAD (and whether the tree
 * has uncommitted changes). Nothing when the repo root is not a git checkout.
 */
export function sourceCommit(repoRoot: string): { commit?: string; dirty?: boolean } {
  const fromCi = process.env["GITHUB_SHA"];
  if (fromCi && /^[0-9a-f]{40}$/.test(fromCi)) return { commit: fromCi, dirty: false };
  const git = (...args: string[]) =>
    spawnSync("git", args, { cwd: repoRoot, encoding: "utf8", timeout: 10_000 });
  const head = git("rev-parse", "HEAD");
  if (head.status !== 0) return {};
  const status = git("status", "--porcelain", "--untracked-files=no");
  return { commit: head.stdout.trim(), dirty: status.status !== 0 || status.stdout.trim() !== "" };
}

function runBuild(packageDir: string, name: string): void {
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: packageDir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${name}: build failed\n${result.stderr || result.stdout}`);
}

/**
 * The environment the smoke test gives a bundle: what the runtime stack sets (values are placeholders; nothing is
 * called at import time), with the operators' upper-case LOG_LEVEL as deployed.
 */
export const SMOKE_ENV: Readonly<Record<string, string>> = {
  AWS_REGION: "eu-west-3",
  AWS_ACCESS_KEY_ID: "SMOKETEST",
  AWS_SECRET_ACCESS_KEY: "SMOKETEST",
  ENV: "smoke",
  PROJECT_NAME: "vectora-inbox",
  CONFIG_BUCKET: "smoke-config",
  DATA_BUCKET: "smoke-data",
  NEWSLETTERS_BUCKET: "smoke-newsletters",
  BEDROCK_MODEL_ID: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
  LOG_LEVEL: "ERROR",
  PUBMED_API_KEY_PARAM: "/vectora-inbox/smoke/pubmed-api-key",
};

/**
 * Unzips into a fresh directory (no node_modules anywhere above it) and imports `handler.mjs` in a new Node
 * process with the runtime's environment variables set, as Lambda would: the import must succeed and export a
 * `handler` function.
 */
export function smokeTestZip(zip: Uint8Array): { ok: boolean; detail: string } {
  const dir = mkdtempSync(join(tmpdir(), "vectora-smoke-"));
  try {
    for (const [path, bytes] of Object.entries(unzipSync(zip))) writeFileSync(join(dir, path), bytes);
    const script = `const m = await import(${JSON.stringify(join(dir, "handler.mjs"))});
if (typeof m.handler !== "function") { console.error("no exported handler function"); process.exit(3); }
console.log("handler exported");`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: process.env["PATH"], ...SMOKE_ENV },
    });
    if (result.status === 0) return { ok: true, detail: result.stdout.trim() };
    return {
      ok: false,
      detail: (result.stderr || result.stdout || `exit ${result.status}`)
        .trim()
        .split("\n")
        .slice(0, 5)
        .join("\n"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
