/** The config directory a verb works on (`--config`, see `resolveConfigDir`) and its validated content. */
import { loadConfigYaml, type VectoraConfig } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { resolveConfigDir } from "./repo-paths.js";

/** Loads the config directory `--config` names; an invalid config fails here, naming file and field. */
export async function loadConfigDir(
  cwd: string,
  flag: string | undefined,
): Promise<{ config: VectoraConfig; configDir: string }> {
  const configDir = resolveConfigDir(cwd, flag);
  return { config: await loadConfigYaml(new FsBlobStore(configDir), { label: `${configDir}/` }), configDir };
}
