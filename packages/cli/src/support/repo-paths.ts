/**
 * Paths inside the repository checkout, found from this file's location so `vectora run` and `vectora triage`
 * work from any working directory of a fresh clone (no build, no install beyond `pnpm install`).
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { REPO_ROOT } from "../repo-root.js";

export { REPO_ROOT };

/** The recorded sources of the week of 17 December 2025, replayed by `vectora run` by default. */
export const RECORDED_FIXTURES = resolve(REPO_ROOT, "fixtures/recorded/lai-2025-12");

/**
 * The as-of date the recordings were made for (the recordings' week). Used when neither `--as-of` nor a
 * `recording.json` (`{"as_of": "YYYY-MM-DD"}`) in the replay directory says otherwise.
 */
export const RECORDED_AS_OF = "2025-12-17";

/**
 * The config directory: `--config` when given, else `config/` under the working directory when it exists,
 * else the repository's own `config/`.
 */
export function resolveConfigDir(cwd: string, flag: string | undefined): string {
  if (flag) return resolve(cwd, flag);
  const local = resolve(cwd, "config");
  return existsSync(resolve(local, "canonical")) ? local : resolve(REPO_ROOT, "config");
}
