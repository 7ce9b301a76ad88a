/**
 * Packaging phase: turn each Lambda's bundle into a deterministic zip, check it against its size budget, and
 * smoke-test the zip by importing its handler in a clean Node process — a missing module shows up here, not
 * after deploy (the earlier system learnt `No module named 'yaml'` in production).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { z } from "zod";
import { deterministicZip } from "./deterministic-zip.js";

export const LAMBDA_FUNCTIONS = ["ingest", "engine"] as const;
export type LambdaFunction = (typeof LAMBDA_FUNCTIONS)[number];

const Budgets = z.object({
  functions: z.record(
    z.string(),
    z.lazy(() => Budget),
  ),
});

/** AWS Lambda's fixed limits (not adjustable): 50 MB zipped for direct upload, 250 MB unzipped. */
export const LAMBDA_HARD_LIMITS = {
  maxZipBytes: 50 * 1024 * 1024,
  maxUnzippedBytes: 250 * 1024 * 1024,
} as const;

const Budget = z.object({
  maxZipBytes: z.number().int().positive(),
  maxUnzippedBytes: z.number().int().positive(),
});

/** One packaged Lambda, as `manifest.json` records it (read back with this schema). */
const PackagedLambdaSchema = z.object({
  name: z.enum(LAMBDA_FUNCTIONS),
  zipPath: z.string(),
  /** Content-addressed key in the lambda-code bucket: a changed bundle gets a new key, so CloudFormation updates the code. */
  s3Key: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  zipBytes: z.number().int().min(0),
  unzippedBytes: z.number().int().min(0),
  budget: Budget,
  withinBudget: z.boolean(),
  smokeTest: z.object({ ok: z.boolean(), detail: z.string() }),
});
export type PackagedLambda = z.output<typeof PackagedLambdaSchema>;

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
    const sha256 = createHash("sha256").update(zip).digest("hex");
    const zipPath = join(options.outDir, `${name}.zip`);
    writeFileSync(zipPath, zip);
    const budget = budgets.functions[name] ?? LAMBDA_HARD_LIMITS;
    const unzippedBytes = bundle.byteLength;
    results.push({
      name,
      zipPath,
      s3Key: `${name}/${sha256.slice(0, 16)}.zip`,
      sha256,
      zipBytes: zip.byteLength,
      unzippedBytes,
      budget,
      withinBudget: zip.byteLength <= budget.maxZipBytes && unzippedBytes <= budget.maxUnzippedBytes,
      smokeTest: smokeTestZip(zip),
    });
  }
  writeFileSync(
    join(options.outDir, "manifest.json"),
    `${JSON.stringify({ functions: results }, null, 2)}\n`,
  );
  return results;
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

/** What {@link uploadPackages} did with one zip. */
export interface UploadedLambda {
  name: LambdaFunction;
  s3Key: string;
  status: "uploaded" | "unchanged";
}

/**
 * Uploads each zip to the lambda-code store under its content-addressed key. A key already present holds the
 * same bytes by construction, so it is not uploaded again.
 */
export async function uploadPackages(
  packages: readonly PackagedLambda[],
  codeStore: import("@vectora/core").BlobStore,
): Promise<UploadedLambda[]> {
  const uploaded: UploadedLambda[] = [];
  for (const pkg of packages) {
    if (await codeStore.exists(pkg.s3Key)) {
      uploaded.push({ name: pkg.name, s3Key: pkg.s3Key, status: "unchanged" });
      continue;
    }
    // `unzipped-size` lets the stack preflight check Lambda's 250 MB unzipped limit without downloading the zip.
    await codeStore.put(pkg.s3Key, readFileSync(pkg.zipPath), {
      contentType: "application/zip",
      metadata: { sha256: pkg.sha256, "unzipped-size": String(pkg.unzippedBytes) },
    });
    uploaded.push({ name: pkg.name, s3Key: pkg.s3Key, status: "uploaded" });
  }
  return uploaded;
}

/** Reads back the manifest `packageLambdas` wrote: the code keys the runtime stack deploys. */
export function readPackageManifest(path: string): PackagedLambda[] {
  if (!existsSync(path)) throw new Error(`no package manifest at ${path}: run \`vectora package\` first`);
  return readJsonFile(path, z.object({ functions: z.array(PackagedLambdaSchema) }), "package manifest")
    .functions;
}

/**
 * Reads a JSON file this phase depends on and validates it; a file that is not JSON or not of the expected
 * shape is an error naming the file and the first bad field.
 */
function readJsonFile<T extends z.ZodType>(path: string, schema: T, what: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not a ${what}: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: not a ${what} (${issue?.path.join(".") || "(root)"}: ${issue?.message})`);
  }
  return parsed.data;
}
