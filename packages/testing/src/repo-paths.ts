/**
 * Where the repository's own test inputs live, located once for every workspace: the repo root, the real
 * `config/` and the recorded fortnight that replayed runs read. Nothing under /work/shared.
 */
import { join, resolve } from "node:path";

/** The repository root (this file is `packages/testing/src/repo-paths.ts`). */
export const REPO_ROOT = resolve(import.meta.dirname, "../../..");
/** The repository's real config directory, what every phase runs on. */
export const REPO_CONFIG_DIR = join(REPO_ROOT, "config");
/** The project's recorded fortnight (Dec 2025): replayed HTTP for ingest runs. */
export const RECORDINGS_DIR = join(REPO_ROOT, "fixtures/recorded/lai-2025-12");
