#!/usr/bin/env node
/**
 * Bundles the `vectora` CLI into dist/vectora.mjs (one ESM file, dependencies included), the file the package's
 * `bin` runs. During development `pnpm vectora` runs the TypeScript source through tsx instead; this bundle is
 * for installs outside the monorepo and for measuring the CLI's start-up.
 */
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { NODE_ESM_BUNDLE } from "../../../scripts/bundle-lambda.mjs";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(packageDir, "dist", "vectora.mjs");
await build({
  ...NODE_ESM_BUNDLE,
  entryPoints: [join(packageDir, "src", "cli.ts")],
  outfile,
  minify: false,
  // playwright-core is only used by the HTML check script, never by the CLI; esbuild stays a build-time tool;
  // @vectora/testing (the local S3 server behind `vectora e2e --local`) is a development tool of the repository.
  external: ["esbuild", "playwright-core", "@vectora/testing"],
});
console.log(`vectora CLI: dist/vectora.mjs ${(await stat(outfile)).size.toLocaleString("en-US")} bytes`);
