/**
 * What esbuild's metafile says about a bundle: which modules weigh most in the output. The Lambda build writes it
 * next to the bundle (`dist/handler.meta.json`); `vectora package` copies it next to the zip and records the ten
 * heaviest modules in the manifest, so a PR that pulls in a heavy dependency shows it by name.
 */
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { z } from "zod";

/** The part of esbuild's metafile we read: per output, the bytes each input contributes. */
const Metafile = z.object({
  outputs: z.record(
    z.string(),
    z.object({ inputs: z.record(z.string(), z.object({ bytesInOutput: z.number().int().min(0) })) }),
  ),
});

/** `node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js` → `zod/v4/core/schemas.js`. */
export function modulePath(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at >= 0) return input.slice(at + "node_modules/".length);
  return input.replace(/^(\.\.\/)+/, "");
}

/** The `count` inputs with the most bytes in the bundle, heaviest first. */
export function topModules(metafileText: string, count = 10): { path: string; bytes: number }[] {
  return heaviest(metafileText, modulePath, count);
}

/**
 * What a module belongs to: its npm package (`zod`, `@aws-sdk/client-s3`), else its workspace folder
 * (`core/src/ingest/listing`) — the unit a diet removes or replaces.
 */
export function packageOf(input: string): string {
  const at = input.lastIndexOf("node_modules/");
  if (at >= 0) {
    const [first = "", second = ""] = input.slice(at + "node_modules/".length).split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  const path = modulePath(input);
  const slash = path.lastIndexOf("/");
  return slash > 0 ? path.slice(0, slash) : path;
}

/** The `count` packages (see {@link packageOf}) with the most bytes in the bundle, heaviest first. */
export function topPackages(metafileText: string, count = 10): { path: string; bytes: number }[] {
  return heaviest(metafileText, packageOf, count);
}

/** Bytes in the output summed by `groupOf(input)`, the `count` heaviest groups first (ties by name). */
function heaviest(
  metafileText: string,
  groupOf: (input: string) => string,
  count: number,
): { path: string; bytes: number }[] {
  const metafile = Metafile.parse(JSON.parse(metafileText));
  const sizes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
      sizes.set(groupOf(input), (sizes.get(groupOf(input)) ?? 0) + bytesInOutput);
  return [...sizes]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, count)
    .map(([path, bytes]) => ({ path, bytes }));
}

/**
 * Copies the bundle's metafile to `target` and returns its ten heaviest modules. Throws naming the file when it
 * is not a metafile; nothing when the build wrote none (a bundle built by hand).
 */
export function collectMetafile(
  source: string,
  target: string,
): { metafile?: string; topModules?: { path: string; bytes: number }[] } {
  if (!existsSync(source)) return {};
  let top: { path: string; bytes: number }[];
  try {
    top = topModules(readFileSync(source, "utf8"));
  } catch (error) {
    throw new Error(`${source}: not an esbuild metafile (${(error as Error).message.split("\n")[0]})`);
  }
  copyFileSync(source, target);
  return { metafile: target, topModules: top };
}
