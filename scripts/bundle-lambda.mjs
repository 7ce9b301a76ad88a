/**
 * The repo's esbuild setup for Node bundles. {@link NODE_ESM_BUNDLE} is what every bundle shares (the two Lambdas
 * and the `vectora` CLI): one ESM file for Node 20, dependencies inside, and a banner giving bundled CommonJS
 * dependencies the `require` they expect inside an ES module. {@link bundleLambda} is the Lambda build:
 * `src/handler.ts` → `dist/handler.mjs`, minified, with the AWS SDK bundled in (the runtime's copy is not pinned,
 * so the zip must not depend on it), preferring each package's ES-module build (`module` before `main`) so unused
 * exports are shaken out — the SDK's CommonJS build brings whole clients — and with the credential chain reduced
 * to the environment the Lambda runtime fills ({@link LAMBDA_CREDENTIALS}). esbuild's metafile is written next to
 * the bundle (`dist/handler.meta.json`): `vectora package` reports the heaviest modules from it. Each Lambda
 * package's `scripts/build.mjs` calls it with its own directory.
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** esbuild options shared by every Node bundle of the repo; each build adds its entry, output and minification. */
export const NODE_ESM_BUNDLE = Object.freeze({
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  legalComments: "none",
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __vectoraCreateRequire } from 'node:module'; const require = __vectoraCreateRequire(import.meta.url);",
  },
});

/**
 * In a Lambda function the execution role's credentials are always in the environment, so the bundles replace the
 * SDK's default credential chain by its environment link (see packages/core/src/adapters/lambda-credentials.ts).
 */
const LAMBDA_CREDENTIALS = fileURLToPath(
  new URL("../packages/core/src/adapters/lambda-credentials.ts", import.meta.url),
);

/**
 * Bundles the Lambda package at `packageDir` and prints the bundle's size.
 * esbuild is resolved from that package (each Lambda package pins it as a devDependency; the root does not).
 * @param {{ packageDir: string, label: string }} options `label` names the function in the printed line.
 * @returns {Promise<{ outfile: string, metafile: string, bytes: number }>}
 */
export async function bundleLambda({ packageDir, label }) {
  const { build } = createRequire(join(packageDir, "package.json"))("esbuild");
  const outfile = join(packageDir, "dist", "handler.mjs");
  await mkdir(dirname(outfile), { recursive: true });
  const result = await build({
    ...NODE_ESM_BUNDLE,
    entryPoints: [join(packageDir, "src", "handler.ts")],
    outfile,
    minify: true,
    sourcemap: false,
    metafile: true,
    mainFields: ["module", "main"],
    alias: { "@aws-sdk/credential-provider-node": LAMBDA_CREDENTIALS },
  });
  const metafile = join(packageDir, "dist", "handler.meta.json");
  await writeFile(metafile, JSON.stringify(result.metafile));
  const { size } = await stat(outfile);
  const inputs = Object.keys(result.metafile.inputs).length;
  console.log(`${label}: dist/handler.mjs ${size.toLocaleString("en-US")} bytes from ${inputs} modules`);
  return { outfile, metafile, bytes: size };
}
