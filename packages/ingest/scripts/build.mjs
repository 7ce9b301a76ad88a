// Bundles the ingest Lambda into dist/handler.mjs: one ESM file with the AWS SDK inside (the runtime's copy
// is not pinned), minified, for Node 20. The banner gives bundled CommonJS dependencies a `require`.
import { build } from "esbuild";
import { mkdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/handler.mjs");
await mkdir(dirname(outfile), { recursive: true });
await build({
  entryPoints: [join(root, "src/handler.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  sourcemap: false,
  legalComments: "none",
  banner: {
    js: "import { createRequire as __vectoraCreateRequire } from 'node:module'; const require = __vectoraCreateRequire(import.meta.url);",
  },
  logLevel: "warning",
});
const { size } = await stat(outfile);
console.log(`dist/handler.mjs ${size} bytes`);
