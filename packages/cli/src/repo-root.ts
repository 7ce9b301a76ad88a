import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above `from` holding `pnpm-workspace.yaml`: the repo root. */
export function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`not inside the vectora-inbox repository (no pnpm-workspace.yaml above ${from})`);
    dir = parent;
  }
}

/**
 * The checkout this CLI runs from, found from this module's own location — the same whether tsx runs the
 * source (`packages/cli/src`) or node runs the bundle (`packages/cli/dist`) — so every verb works from
 * any working directory.
 */
export const REPO_ROOT: string = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
