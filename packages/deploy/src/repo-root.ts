import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest directory at or above `from` holding `pnpm-workspace.yaml`: the repo root. */
export function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`not inside the vectora-inbox repository (no pnpm-workspace.yaml above ${from})`);
    dir = parent;
  }
}
