/**
 * Broken (or extended) copies of the repository's `config/`: copied to a temp dir with one spot edited; every
 * edit asserts that its target text exists exactly once, so a change to the real config breaks the test loudly
 * instead of silently testing nothing. A copy is made inside a test and removed when that test finishes.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { FsBlobStore } from "../../src/adapters/fs-blob-store.js";
import { ConfigError, formatIssue } from "../../src/config/load.js";
import { loadConfigYaml } from "../../src/config/load-yaml.js";
import type { VectoraConfig } from "../../src/config/schema.js";
import { testTempCopy } from "../integration/temp-dirs.js";
import { CONFIG_DIR, CONFIG_LABEL, loadRepoConfig } from "./repo.js";

/** Replaces the only occurrence of `from`; throws when it occurs 0 or 2+ times (the config changed under the test). */
export function replaceOnce(text: string, from: string, to: string): string {
  const count = text.split(from).length - 1;
  if (count !== 1)
    throw new Error(`expected exactly one ${JSON.stringify(from)} in the config file, found ${count}`);
  return text.replace(from, () => to);
}

/**
 * An edit that replaces each `[from, to]` pair in turn, each with {@link replaceOnce} (so each `from` must occur
 * exactly once in the text as the replacements before it left it).
 *
 * @example
 * configCopy({ "clients/lai_weekly.yaml": replacing(["period_days: 14", "period_days: 0"]) });
 */
export function replacing(...pairs: [from: string, to: string][]): (text: string) => string {
  return (text) => pairs.reduce((edited, [from, to]) => replaceOnce(edited, from, to), text);
}

/** Edits of a config copy: file path (relative to `config/`) → text transform. */
export type Edits = Record<string, (text: string) => string>;

/** A temp copy of `config/` with `edits` applied (file path → text transform), removed after the test. */
export async function configCopy(edits: Edits = {}): Promise<string> {
  const dir = await testTempCopy(CONFIG_DIR, "config");
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir.path, file);
    await writeFile(path, edit(await readFile(path, "utf8")));
  }
  return dir.path;
}

/** Loads a directory that must be invalid and returns the formatted issues, in order. */
export async function issuesOf(dir: string, label = CONFIG_LABEL): Promise<string[]> {
  const error = await loadConfigYaml(new FsBlobStore(dir), { label }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return error.issues.map(formatIssue);
}

/** A broken copy of `config/` and what loading it must report. */
export interface BrokenCopy {
  /** What loading it shows of the loader: the test's name. */
  name: string;
  /** The spots edited in the copy. */
  edits: Edits;
  /** The issues, in order; given the repository's own config, for the issues that name an index in it. */
  issues: (config: VectoraConfig) => unknown[];
}

/** One test per broken copy: loading it reports exactly its issues, in order. */
export function itReportsEach(copies: BrokenCopy[]): void {
  for (const { name, edits, issues } of copies)
    it(name, async () => {
      const dir = await configCopy(edits);
      expect(await issuesOf(dir)).toEqual(issues(await loadRepoConfig()));
    });
}
