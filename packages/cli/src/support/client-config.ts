/** The config `vectora run` and `vectora triage` read, and the client they work on, checked before any work. */
import { type ClientWatch, clientWatch, loadConfigYaml, type VectoraConfig } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { resolveConfigDir } from "./repo-paths.js";

/**
 * Loads the config directory `--config` names (see {@link resolveConfigDir} for the default) and the client's
 * view of it: an invalid config or an unknown client fails here, naming the file, the field or the client.
 */
export async function loadClientConfig(
  cwd: string,
  configFlag: string | undefined,
  clientId: string,
): Promise<{ config: VectoraConfig; watch: ClientWatch }> {
  const configDir = resolveConfigDir(cwd, configFlag);
  const config = await loadConfigYaml(new FsBlobStore(configDir), { label: `${configDir}/` });
  return { config, watch: clientWatch(config, clientId) };
}
