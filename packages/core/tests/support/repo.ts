/**
 * The repository's own inputs, located once for this package's tests and benches: the repo root, its real
 * `config/` (loaded through the product's loader), and the scope references of a test client whose watch is
 * built by hand. Nothing under /work/shared.
 */
import { REPO_CONFIG_DIR, REPO_ROOT } from "@vectora/testing";
import { FsBlobStore } from "../../src/adapters/fs-blob-store.js";
import { type ClientWatch, clientWatch, loadConfigYaml, type VectoraConfig } from "../../src/index.js";

export { REPO_ROOT };
/** The repository's real config directory, what every phase runs on. */
export const CONFIG_DIR = REPO_CONFIG_DIR;
/** The prefix {@link loadRepoConfig} puts before file names in its messages. */
export const CONFIG_LABEL = "config/";

/** The repository's `config/`, read and validated by `loadConfigYaml` (issues name files as `config/…`). */
export function loadRepoConfig(): Promise<VectoraConfig> {
  return loadConfigYaml(new FsBlobStore(CONFIG_DIR), { label: CONFIG_LABEL });
}

/** One client's watch from the repository's config (`lai_weekly`, the newsletter the project ships). */
export async function repoWatch(clientId = "lai_weekly"): Promise<ClientWatch> {
  return clientWatch(await loadRepoConfig(), clientId);
}

/**
 * The `watch` block of a test client whose scopes are never resolved from files (the test builds its watch by
 * hand, or the phase under test does not read scopes): each reference names a scope that exists nowhere.
 */
export const PLACEHOLDER_WATCH_REFS = {
  companies: "c",
  trademarks: "t",
  molecules: "m",
  technologies: "x",
  indications: "i",
  noise: "n",
} as const;
