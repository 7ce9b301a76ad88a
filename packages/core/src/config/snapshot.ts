/**
 * The config snapshot: what the Lambdas read. `vectora config sync` validates the YAML config directory and
 * writes, next to the YAML files in the config bucket, `config.snapshot.json`: each config file's plain value (the
 * YAML read into JSON) and digest. {@link loadConfig} validates it on read with the same schemas and
 * cross-checks as the YAML (one path, see load.ts), so the YAML stays the one thing humans edit and the Lambda
 * bundles carry no YAML parser. The config version is derived from the YAML files' digests, so a config has the
 * same version read either way.
 */

import * as z from "zod";
import type { BlobStore } from "../ports/blob-store.js";
import { ConfigError } from "./issues.js";
import { assembleConfig, type ConfigFiles, isYamlKey, type LoadConfigOptions } from "./load.js";
import type { VectoraConfig } from "./schema.js";

/** Key of the snapshot in the config bucket, next to the YAML files. */
export const CONFIG_SNAPSHOT_KEY = "config.snapshot.json";

/** The snapshot's format tag: a reader refuses any other. */
export const CONFIG_SNAPSHOT_FORMAT = "vectora-config-snapshot/1";

/** The command that writes the snapshot, as error messages name it. */
const WRITTEN_BY =
  "`vectora config sync --env <env>` (it validates the config directory, uploads it and writes the snapshot)";

/** What `config.snapshot.json` holds; each file's value is checked against that file's own schema on read. */
export const ConfigSnapshot = z
  .object({
    format: z.literal(CONFIG_SNAPSHOT_FORMAT),
    /** The config version (`cfg-…`) of the files below; re-derived and compared on read. */
    version: z.string().regex(/^cfg-[0-9a-f]{12}$/),
    /** Config file key (`clients/lai_weekly.yaml`) → its YAML text's digest and its plain value. */
    files: z.record(
      z.string(),
      z.object({ digest: z.string().regex(/^sha256:[0-9a-f]{64}$/), value: z.unknown() }).strict(),
    ),
  })
  .strict();
export type ConfigSnapshot = z.infer<typeof ConfigSnapshot>;

/** The snapshot as stored: JSON, one line, the same text for the same config. */
export function configSnapshotJson(snapshot: ConfigSnapshot): string {
  return `${JSON.stringify(snapshot)}\n`;
}

/**
 * Loads and validates the config from the snapshot `vectora config sync` wrote in a store (the config bucket).
 * Every file is checked against its schema and the set against itself, as from YAML; a missing, unreadable or
 * inconsistent snapshot throws a {@link ConfigError} naming the file and the command that writes it.
 *
 * @example
 * ```ts
 * const config = await loadConfig(new S3BlobStore({ client, bucket }), { label: `s3://${bucket}/` });
 * // or: ConfigError "s3://bucket/config.snapshot.json: file is missing: … write it with `vectora config sync …`"
 * ```
 */
export async function loadConfig(store: BlobStore, options: LoadConfigOptions = {}): Promise<VectoraConfig> {
  const file = (options.label ?? "") + CONFIG_SNAPSHOT_KEY;
  const text = await store.getText(CONFIG_SNAPSHOT_KEY);
  if (text === undefined)
    throw new ConfigError([
      {
        file,
        path: "",
        message: `file is missing: the Lambdas read this validated snapshot of the YAML config; write it with ${WRITTEN_BY}`,
      },
    ]);
  return configFromSnapshot(text, options);
}

/** The config a snapshot's text holds, validated as {@link loadConfig} does (`config sync` checks its own). */
export async function configFromSnapshot(
  text: string,
  options: LoadConfigOptions = {},
): Promise<VectoraConfig> {
  const file = (options.label ?? "") + CONFIG_SNAPSHOT_KEY;
  const refuse = (path: string, problem: string): never => {
    throw new ConfigError([{ file, path, message: `${problem}; write it again with ${WRITTEN_BY}` }]);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return refuse("", `not JSON (${(error as Error).message})`);
  }
  const parsed = ConfigSnapshot.safeParse(json);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    return refuse(
      first ? first.path.join(".") : "",
      `not a config snapshot (${first?.message ?? "invalid"})`,
    );
  }
  const snapshot = parsed.data;
  const config = await assembleConfig(snapshotFiles(snapshot), options);
  if (config.version !== snapshot.version)
    refuse("version", `says ${snapshot.version} but its files make ${config.version} (edited by hand?)`);
  return config;
}

/** A snapshot's files as {@link ConfigFiles}. */
function snapshotFiles(snapshot: ConfigSnapshot): ConfigFiles {
  const keys = Object.keys(snapshot.files).filter(isYamlKey).sort();
  return {
    list: async (prefix) => keys.filter((key) => key.startsWith(prefix)),
    async read(key) {
      const entry = snapshot.files[key];
      return entry ? { status: "ok", digest: entry.digest, value: entry.value } : { status: "missing" };
    },
  };
}
