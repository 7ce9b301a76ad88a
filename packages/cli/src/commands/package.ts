import { join, resolve } from "node:path";
import { defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { LAMBDA_FUNCTIONS, type LambdaFunction, readPackageManifest } from "../package/manifest.js";
import { packageLambdas } from "../package/package-lambdas.js";
import { uploadPackages } from "../package/upload.js";
import { REPO_ROOT } from "../repo-root.js";

export default defineCommand({
  usage: [
    "Usage: vectora package [--out DIR] [--only ingest|engine] [--no-build] [--upload --env dev|prod] [--json]",
    "",
    "Builds each Lambda bundle (esbuild), zips it deterministically, checks the zip against",
    "packages/cli/package-budgets.json and smoke-tests it by importing the handler in a clean Node process.",
    "Writes DIR/<fn>.zip and DIR/manifest.json (default DIR: dist/lambda). Exit 1 when over budget or broken.",
    "--upload puts the zips in vectora-inbox-lambda-code-<env> under content-addressed keys (<fn>/<sha256>.zip),",
    "which `vectora stack deploy` reads from the manifest. With --no-build and an existing manifest, the zips",
    "already built (the CI run's artifact) are uploaded as they are. Every upload re-hashes each zip first and",
    "refuses the whole upload when one differs from the manifest (naming the file and both hashes).",
  ].join("\n"),
  flags: {
    out: { type: "string", default: "dist/lambda" },
    only: { type: "string" },
    "no-build": { type: "boolean", default: false },
    ...JSON_FLAG,
    upload: { type: "boolean", default: false },
    env: { type: "string" },
  },
  async run(values, io) {
    if (values.upload && !values.env) throw new UsageError("--upload needs --env");
    if (values.only && !LAMBDA_FUNCTIONS.includes(values.only as LambdaFunction))
      throw new UsageError(`--only expects one of ${LAMBDA_FUNCTIONS.join(", ")}, got "${values.only}"`);
    const repoRoot = REPO_ROOT;
    const outDir = resolve(io.cwd, values.out);
    const functions = values.only ? [values.only as LambdaFunction] : LAMBDA_FUNCTIONS;
    // An upload of zips an earlier job built: no rebuild, no re-zip — the manifest is the contract between jobs.
    const reuse = values.upload && values["no-build"];
    const results = reuse
      ? readPackageManifest(join(outDir, "manifest.json")).filter((r) => functions.includes(r.name))
      : packageLambdas({ repoRoot, outDir, functions, build: !values["no-build"] });
    const ok = reuse || results.every((r) => r.withinBudget && r.smokeTest.ok);
    let uploads: Awaited<ReturnType<typeof uploadPackages>> = [];
    if (values.upload && ok) {
      const { S3BlobStore, createS3Client } = await import("@vectora/core/adapters/s3");
      const bucket = `vectora-inbox-lambda-code-${values.env}`;
      uploads = await uploadPackages(results, new S3BlobStore({ client: createS3Client(), bucket }));
      if (!values.json) for (const u of uploads) io.out(`${u.status.padEnd(9)} s3://${bucket}/${u.s3Key}\n`);
    }
    if (values.json) {
      io.out(`${JSON.stringify({ ok, functions: results, uploads })}\n`);
      return ok ? 0 : 1;
    }
    if (reuse) return 0;
    for (const r of results) {
      const pct = Math.round((100 * r.zipBytes) / r.budget.maxZipBytes);
      io.out(
        `${r.withinBudget ? "ok  " : "OVER"} ${r.name.padEnd(7)} zip ${fmt(r.zipBytes)} / ${fmt(r.budget.maxZipBytes)} (${pct}%), ` +
          `unzipped ${fmt(r.unzippedBytes)} / ${fmt(r.budget.maxUnzippedBytes)}  → ${r.zipPath} (s3 key ${r.s3Key})\n`,
      );
      io.out(`     smoke test: ${r.smokeTest.ok ? "ok" : "FAILED"} — ${r.smokeTest.detail}\n`);
    }
    return ok ? 0 : 1;
  },
});

function fmt(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(2)} MB` : `${(bytes / 1000).toFixed(1)} kB`;
}
