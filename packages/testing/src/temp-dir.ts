import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh directory under the OS temp dir; `remove()` deletes it with everything inside. */
export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/** Creates a fresh, empty temp directory named `vectora-<label>-XXXXXX`. */
export async function makeTempDir(label = "test"): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `vectora-${label}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Copies `source` (a directory) into a fresh temp directory, so a test can edit files without touching the repo. */
export async function copyToTempDir(source: string, label = "copy"): Promise<TempDir> {
  const dir = await makeTempDir(label);
  await cp(source, dir.path, { recursive: true });
  return dir;
}
