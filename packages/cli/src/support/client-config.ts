/**
 * The config the verbs taking `--client` read, and the client they work on, checked before any work: an unknown
 * client id is one clear error listing the config's clients, never an empty result ("no issue of … yet").
 */
import { type ClientWatch, clientWatch, type VectoraConfig } from "@vectora/core";
import { loadConfigDir } from "./load-config-dir.js";

/** Thrown when `--client` names no client of the config; the CLI prints its message and exits 1. */
export class UnknownClientError extends Error {
  constructor(
    readonly clientId: string,
    readonly known: readonly string[],
    configDir: string,
  ) {
    super(`unknown client "${clientId}" in ${configDir} (known: ${known.join(", ") || "none"})`);
    this.name = "UnknownClientError";
  }
}

/**
 * Checks that `clientId` is a client of `config` (read from `configDir`, named in the error), or throws an
 * {@link UnknownClientError} listing the known client ids.
 */
export function requireKnownClient(config: VectoraConfig, clientId: string, configDir: string): void {
  if (!Object.hasOwn(config.clients, clientId))
    throw new UnknownClientError(clientId, Object.keys(config.clients).sort(), configDir);
}

/**
 * Loads the config directory `--config` names (see `resolveConfigDir` for the default) and checks the
 * client is one of its clients: for the verbs that need nothing else of the config (`history`, `sources health`).
 */
export async function loadKnownClient(
  cwd: string,
  configFlag: string | undefined,
  clientId: string,
): Promise<{ config: VectoraConfig; configDir: string }> {
  const { config, configDir } = await loadConfigDir(cwd, configFlag);
  requireKnownClient(config, clientId, configDir);
  return { config, configDir };
}

/**
 * Loads the config and the client's view of it: an invalid config or an unknown client fails here, naming the
 * file, the field or the client (see {@link loadKnownClient}).
 */
export async function loadClientConfig(
  cwd: string,
  configFlag: string | undefined,
  clientId: string,
): Promise<{ config: VectoraConfig; watch: ClientWatch }> {
  const { config } = await loadKnownClient(cwd, configFlag, clientId);
  return { config, watch: clientWatch(config, clientId) };
}
