/**
 * The one esbuild setup for both Lambdas: `src/handler.ts` → `dist/handler.mjs`, a single ESM file for Node 20,
 * minified, with the AWS SDK bundled in (the runtime's copy is not pinned, so the zip must not depend on it).
 * The banner gives bundled CommonJS dependencies the `require` they expect inside an ES module. Each Lambda
 * package's `scripts/build.mjs` calls {@link bundleLambda} with its own directory.
 */
import { mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/**
 * Bundles the Lambda package at `packageDir` and prints the bundle's size.
 * esbuild is resolved from that package (each Lambda package pins it as a devDependency; the root does not).
 * @param {{ packageDir: string, label: string }} options `label` names the function in the printed line.
 * @returns {Promise<{ outfile: string, bytes: number }>}
 */
export async function bundleLambda({ packageDir, label }) {
  const { build } = createRequire(join(packageDir, "package.json"))("esbuild");
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
  console.log(`${label}: dist/handler.mjs ${size.toLocaleString("en-US")} bytes from ${inputs} modules`);
  return { outfile, bytes: size };
}
