/**
 * The config as humans edit it: the YAML files of a config directory (or of a bucket `vectora config sync`
 * filled). The CLI reads them with {@link loadConfigYaml}; `vectora config sync` also writes their snapshot
 * ({@link snapshotConfigYaml}), which is what the Lambdas read — they bundle no YAML parser.
 */

import { createHash } from "node:crypto";
import type { BlobStore } from "../ports/blob-store.js";
import { assembleConfig, type ConfigFiles, isYamlKey, type LoadConfigOptions } from "./load.js";
import { parseYamlValue } from "./parse-yaml.js";
import type { VectoraConfig } from "./schema.js";
import { CONFIG_SNAPSHOT_FORMAT, type ConfigSnapshot } from "./snapshot.js";

/**
 * Loads and validates the whole config from the YAML files of a store (a local directory, a bucket).
 * Collects every problem — YAML syntax, schema, cross-references — and throws one {@link ConfigError}.
 *
 * @example
 * ```ts
 * const config = await loadConfigYaml(new FsBlobStore("config"), { label: "config/" });
 * config.version; // "cfg-24fe83ed8a01"
 * // or: ConfigError "invalid config (1 problem):\nconfig/clients/lai_weekly.yaml: sections[2].max_items: …"
 * ```
 */
export async function loadConfigYaml(
  store: BlobStore,
  options: LoadConfigOptions = {},
): Promise<VectoraConfig> {
  return assembleConfig(yamlFiles(store).files, options);
}

/**
 * Loads the YAML config like {@link loadConfigYaml} and returns, with it, its snapshot: each config file's plain
 * value and digest, and the config version. Only a valid config has a snapshot (an invalid one throws).
 */
export async function snapshotConfigYaml(
  store: BlobStore,
  options: LoadConfigOptions = {},
): Promise<{ config: VectoraConfig; snapshot: ConfigSnapshot }> {
  const { files, read } = yamlFiles(store);
  const config = await assembleConfig(files, options);
  const snapshotFiles = Object.fromEntries(
    Object.keys(config.files)
      .sort()
      .map((key) => [key, { digest: config.files[key]!, value: read.get(key) }] as const),
  );
  return {
    config,
    snapshot: { format: CONFIG_SNAPSHOT_FORMAT, version: config.version, files: snapshotFiles },
  };
}

/** The YAML files of `store` as {@link ConfigFiles}, and the plain value of each file read (for the snapshot). */
function yamlFiles(store: BlobStore): { files: ConfigFiles; read: Map<string, unknown> } {
  const read = new Map<string, unknown>();
  const files: ConfigFiles = {
    list: async (prefix) => (await store.list(prefix)).map((b) => b.key).filter(isYamlKey),
    async read(key, file, issues) {
      const text = await store.getText(key);
      if (text === undefined) return { status: "missing" };
      const digest = `sha256:${createHash("sha256").update(text).digest("hex")}`;
      const plain = parseYamlValue(text, file, issues);
      if (plain === undefined) return { status: "unreadable", digest };
      read.set(key, plain.value);
      return { status: "ok", digest, value: plain.value };
    },
  };
  return { files, read };
}
