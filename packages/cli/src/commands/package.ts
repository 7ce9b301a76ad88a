import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { topModules, topPackages } from "../package/bundle-metafile.js";
import {
  LAMBDA_FUNCTIONS,
  type LambdaFunction,
  type PackagedLambda,
  type PackageManifest,
  readManifestFile,
  verifyPackagedZips,
} from "../package/manifest.js";
import { packageLambdas, sourceCommit } from "../package/package-lambdas.js";
import { BaselineManifest, formatBytes, sizeReportMarkdown } from "../package/size-report.js";
import { uploadPackages } from "../package/upload.js";
import { REPO_ROOT } from "../repo-root.js";

const USAGE = [
  "Usage: vectora package [--out DIR] [--only ingest|engine] [--no-build] [--json] [--analyze]",
  "                       [--verify] [--upload --env dev|prod] [--expect-commit SHA]",
  "                       [--report-md FILE [--baseline MANIFEST] [--baseline-label TEXT]]",
  "",
  "Builds each Lambda bundle (esbuild), zips it deterministically, checks the zip against",
  "packages/cli/package-budgets.json and smoke-tests it by importing the handler in a clean Node process.",
  "Writes DIR/<fn>.zip, DIR/<fn>.meta.json (esbuild's metafile) and DIR/manifest.json (default DIR: dist/lambda).",
  "Exit 1 when over budget or broken. --analyze also prints, per zip, the heaviest packages and modules of the",
  "bundle (bytes in the minified output, from the metafile): where to look when a budget is tight.",
  "",
  "With --no-build and DIR/manifest.json present (the CI run's artifact), nothing is rebuilt: the zips are used as",
  "they are. --verify re-hashes each zip against the manifest; --upload does the same, then puts the zips in",
  "vectora-inbox-lambda-code-<env> under content-addressed keys (<fn>/<sha256>.zip), which `vectora stack deploy`",
  "reads from the manifest. A zip that differs from the manifest fails both, naming the file and both hashes.",
  "--expect-commit refuses a manifest built from another commit.",
  "--report-md writes the size report (Markdown: per function zip and unzipped size, change against --baseline,",
  "share of the budget) for the job summary and the PR comment.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  flags: {
    out: { type: "string", default: "dist/lambda" },
    only: { type: "string" },
    "no-build": { type: "boolean", default: false },
    analyze: { type: "boolean", default: false },
    ...JSON_FLAG,
    verify: { type: "boolean", default: false },
    upload: { type: "boolean", default: false },
    env: { type: "string" },
    "expect-commit": { type: "string" },
    "report-md": { type: "string" },
    baseline: { type: "string" },
    "baseline-label": { type: "string" },
  },
  async run(values, io) {
    if (values.upload && !values.env) throw new UsageError("--upload needs --env");
    if (values.only && !LAMBDA_FUNCTIONS.includes(values.only as LambdaFunction))
      throw new UsageError(`--only expects one of ${LAMBDA_FUNCTIONS.join(", ")}, got "${values.only}"`);
    if (values.baseline && !values["report-md"]) throw new UsageError("--baseline goes with --report-md");
    const outDir = resolve(io.cwd, values.out);
    const functions = values.only ? [values.only as LambdaFunction] : LAMBDA_FUNCTIONS;
    const manifestPath = join(outDir, "manifest.json");
    // Zips an earlier job built (the CI artifact): no rebuild, no re-zip — the manifest is the contract between jobs.
    const reuse = values["no-build"] && existsSync(manifestPath);
    let manifest: PackageManifest;
    if (reuse) {
      manifest = readManifestFile(manifestPath);
      manifest = { ...manifest, functions: manifest.functions.filter((r) => functions.includes(r.name)) };
    } else {
      const built = packageLambdas({ repoRoot: REPO_ROOT, outDir, functions, build: !values["no-build"] });
      manifest = { ...sourceCommit(REPO_ROOT), functions: built };
    }
    const results = manifest.functions;
    if (values["expect-commit"] && manifest.commit !== values["expect-commit"])
      throw new Error(
        `${manifestPath} was built from commit ${manifest.commit ?? "(none recorded)"}, not ${values["expect-commit"]}: ` +
          "refusing to ship other zips than the ones CI built for this commit",
      );
    if (values.verify || values.upload) verifyPackagedZips(results);
    const ok = reuse || results.every((r) => r.withinBudget && r.smokeTest.ok);
    let uploads: Awaited<ReturnType<typeof uploadPackages>> = [];
    if (values.upload && ok) {
      const { S3BlobStore, createS3Client } = await import("@vectora/core/adapters/s3");
      const bucket = `vectora-inbox-lambda-code-${values.env}`;
      uploads = await uploadPackages(results, new S3BlobStore({ client: createS3Client(), bucket }));
      if (!values.json) for (const u of uploads) io.out(`${u.status.padEnd(9)} s3://${bucket}/${u.s3Key}\n`);
    }
    if (values["report-md"]) writeReport(values, io.cwd, manifest, io.out);
    if (values.json) {
      io.out(`${JSON.stringify({ ok, commit: manifest.commit, functions: results, uploads })}\n`);
      return ok ? 0 : 1;
    }
    if (reuse) {
      for (const r of results)
        io.out(
          `${values.verify || values.upload ? "verified" : "found"} ${r.name.padEnd(7)} ${r.zipPath} sha256 ${r.sha256}\n`,
        );
      return 0;
    }
    for (const r of results) io.out(describe(r) + (values.analyze ? analysis(r) : ""));
    return ok ? 0 : 1;
  },
});

function describe(r: PackagedLambda): string {
  const pct = Math.round((100 * r.zipBytes) / r.budget.maxZipBytes);
  return (
    `${r.withinBudget ? "ok  " : "OVER"} ${r.name.padEnd(7)} zip ${formatBytes(r.zipBytes)} / ${formatBytes(r.budget.maxZipBytes)} (${pct}%), ` +
    `unzipped ${formatBytes(r.unzippedBytes)} / ${formatBytes(r.budget.maxUnzippedBytes)}  → ${r.zipPath} (s3 key ${r.s3Key})\n` +
    `     smoke test: ${r.smokeTest.ok ? "ok" : "FAILED"} — ${r.smokeTest.detail}\n`
  );
}

/** The bundle's heaviest packages and modules (bytes in the minified output), from its metafile. */
function analysis(r: PackagedLambda): string {
  if (!r.metafile) return "     (no metafile: nothing to analyze)\n";
  const text = readFileSync(r.metafile, "utf8");
  const rows = (title: string, top: { path: string; bytes: number }[]) =>
    [`     ${title}:`, ...top.map((m) => `       ${formatBytes(m.bytes).padStart(9)}  ${m.path}`)].join("\n");
  return `${rows("heaviest packages", topPackages(text, 12))}\n${rows("heaviest modules", topModules(text, 12))}\n`;
}

/** Writes the Markdown size report; a baseline that is missing or unreadable is said, not fatal. */
function writeReport(
  values: { "report-md"?: string; baseline?: string; "baseline-label"?: string },
  cwd: string,
  manifest: PackageManifest,
  out: (text: string) => void,
): void {
  let baseline: BaselineManifest | undefined;
  if (values.baseline) {
    const path = resolve(cwd, values.baseline);
    try {
      baseline = BaselineManifest.parse(JSON.parse(readFileSync(path, "utf8")));
    } catch (error) {
      out(
        `no usable baseline at ${path} (${(error as Error).message.split("\n")[0]}): the report has no change column\n`,
      );
    }
  }
  const path = resolve(cwd, values["report-md"]!);
  writeFileSync(
    path,
    sizeReportMarkdown({
      current: manifest,
      ...(baseline ? { baseline } : {}),
      ...(values["baseline-label"] ? { baselineLabel: values["baseline-label"] } : {}),
    }),
  );
  out(`size report written to ${path}\n`);
}
