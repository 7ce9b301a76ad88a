#!/usr/bin/env node
/**
 * Bundles the engine Lambda into one ESM file, dist/handler.mjs (node20, minified, AWS SDK included so the
 * zip does not depend on the runtime's SDK version). The banner gives bundled CommonJS dependencies the
 * `require` they expect inside an ES module.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(packageDir, "dist", "handler.mjs");
await mkdir(dirname(outfile), { recursive: true });

const result = await build({
  entryPoints: [join(packageDir, "src", "handler.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __vectoraCreateRequire } from 'node:module'; const require = __vectoraCreateRequire(import.meta.url);",
  },
});

const { size } = await stat(outfile);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(`engine: dist/handler.mjs ${size.toLocaleString("en-US")} bytes from ${inputs} modules`);
