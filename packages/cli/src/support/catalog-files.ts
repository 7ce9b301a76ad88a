/**
 * The catalog files the `sources` verbs edit (`canonical/sources.yaml`, `canonical/companies.yaml`): read as
 * text, written back only when the whole config still validates — otherwise restored, and the problems named.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError, formatIssue, loadConfigYaml, type VectoraConfig } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import type { FlagTable } from "../cli-kit.js";

/**
 * The flags of the verbs that write a source into the catalog (`sources activate`, `sources add`): `--listing URL`
 * (the page or feed to read instead of discovering it), `--bouquet ID`, `--force` (accept a weak listing) and
 * `--dry-run` (report, write nothing).
 */
export const CATALOG_EDIT_FLAGS = {
  listing: { type: "string" },
  bouquet: { type: "string" },
  force: { type: "boolean", default: false },
  "dry-run": { type: "boolean", default: false },
} as const satisfies FlagTable;

/** The texts of the two files the `sources` verbs edit. */
export interface CatalogTexts {
  sources: string;
  companies: string;
}

const PATHS: Record<keyof CatalogTexts, string> = {
  sources: "canonical/sources.yaml",
  companies: "canonical/companies.yaml",
};

/** Reads the catalog files of a config directory. */
export async function readCatalogTexts(configDir: string): Promise<CatalogTexts> {
  const [sources, companies] = await Promise.all(
    (["sources", "companies"] as const).map((f) => readFile(join(configDir, PATHS[f]), "utf8")),
  );
  return { sources: sources!, companies: companies! };
}

/** Thrown when an edit would make the config invalid: nothing was changed. */
export class CatalogWriteError extends Error {
  constructor(readonly issues: string[]) {
    super(
      `the edit would make the config invalid; nothing was written:\n${issues.map((i) => `  ${i}`).join("\n")}`,
    );
    this.name = "CatalogWriteError";
  }
}

/**
 * Writes the changed files, then loads the whole config: when it is invalid, the files are restored and a
 * {@link CatalogWriteError} names the problems. Resolves the new config.
 */
export async function writeCatalogTexts(
  configDir: string,
  before: CatalogTexts,
  after: Partial<CatalogTexts>,
): Promise<VectoraConfig> {
  const changed = (Object.keys(after) as (keyof CatalogTexts)[]).filter((f) => after[f] !== before[f]);
  for (const f of changed) await writeFile(join(configDir, PATHS[f]), after[f]!);
  try {
    return await loadConfigYaml(new FsBlobStore(configDir), { label: `${configDir}/` });
  } catch (error) {
    for (const f of changed) await writeFile(join(configDir, PATHS[f]), before[f]);
    if (error instanceof ConfigError) throw new CatalogWriteError(error.issues.map(formatIssue));
    throw error;
  }
}

/**
 * {@link writeCatalogTexts} as the verbs use it: resolves `undefined` once written, or the message of the
 * {@link CatalogWriteError} (the config would be invalid, so nothing stays written) for the verb to report
 * before it exits 1. Any other error is thrown.
 */
export async function writeCatalogEdit(
  configDir: string,
  before: CatalogTexts,
  after: Partial<CatalogTexts>,
): Promise<string | undefined> {
  try {
    await writeCatalogTexts(configDir, before, after);
    return undefined;
  } catch (error) {
    if (error instanceof CatalogWriteError) return error.message;
    throw error;
  }
}
