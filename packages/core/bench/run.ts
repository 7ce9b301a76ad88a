/**
 * Runs every benchmark module of this folder (`*.bench.ts`, in name order): each default-exports an async
 * function that measures and prints its figures. `pnpm bench` (or `pnpm exec tsx bench/run.ts`) from
 * packages/core. Benchmarks print; they never assert timings.
 */
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const modules = (await readdir(dir)).filter((f) => f.endsWith(".bench.ts")).sort();
for (const file of modules) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  const mod = (await import(new URL(file, import.meta.url).href)) as { default?: unknown };
  if (typeof mod.default !== "function") {
    console.log(`${file}: no default-exported benchmark function, skipped`);
    continue;
  }
  await (mod.default as () => Promise<void>)();
}
