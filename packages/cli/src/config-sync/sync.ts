/**
 * `vectora config sync` logic: make the config bucket hold exactly the local config files, uploading only what
 * changed. Works on two {@link BlobStore}s (local directory, bucket) so it is tested without the CLI or AWS.
 *
 * Change detection is by SHA-256 of the file bytes, kept on each uploaded object as metadata `sha256` (hex), so
 * a sync costs one HEAD per file and no downloads. The bucket also gets `manifest.json`: every file with its
 * `sha256:<hex>` digest (the form the config loaders use in `config.files`) and the config version runs record;
 * and `config.snapshot.json`, the validated snapshot of the YAML that the Lambdas read (they carry no YAML
 * parser), rewritten whenever it differs, so it never lags the YAML this sync uploads.
 */
import { createHash } from "node:crypto";
import { type BlobStore, CONFIG_SNAPSHOT_KEY, mapLimited } from "@vectora/core";
import { z } from "zod";

/** Key of the manifest in the bucket; never treated as a config file on either side. */
export const MANIFEST_KEY = "manifest.json";

/** The files a sync writes itself: never config files on either side, never pruned. */
const GENERATED_KEYS: ReadonlySet<string> = new Set([MANIFEST_KEY, CONFIG_SNAPSHOT_KEY]);

/** Object metadata field holding the hex SHA-256 of the body. */
export const SHA256_METADATA = "sha256";

/** What `manifest.json` holds; validated when read back from the bucket. */
export const ConfigManifest = z.object({
  /** `cfg-…` from `configVersion`: the id runs record. */
  version: z.string(),
  /** Key → `sha256:<hex>`, sorted by key. */
  files: z.record(z.string(), z.string()),
  /** When this manifest was written (ISO 8601). */
  syncedAt: z.string(),
});
export type ConfigManifest = z.infer<typeof ConfigManifest>;

export interface ConfigSyncOptions {
  /** The version of the local config (from `snapshotConfigYaml`), written into the manifest. */
  version: string;
  /** The local config's snapshot (`configSnapshotJson`), written as `config.snapshot.json` when it differs. */
  snapshot: string;
  /** Plan only: read both sides, change nothing. */
  dryRun?: boolean;
  /** Delete bucket objects that have no local file (otherwise they are reported and kept). */
  prune?: boolean;
  /** Clock for the manifest's `syncedAt` (tests pin it). */
  now?: () => Date;
}

export interface ConfigSyncResult {
  dryRun: boolean;
  version: string;
  /** Local files not in the bucket: uploaded (or, in a dry run, would be). */
  added: string[];
  /** Local files whose SHA-256 differs from the bucket's (or the bucket object has none): uploaded. */
  changed: string[];
  unchanged: string[];
  /** Bucket objects without a local file, deleted because of `prune`. */
  deleted: string[];
  /** Bucket objects without a local file, kept (no `prune`). */
  remoteOnly: string[];
  /** True when `manifest.json` was (or, in a dry run, would be) written: it is skipped when already current. */
  manifestWritten: boolean;
  /** True when `config.snapshot.json` was (or, in a dry run, would be) written: skipped when the same. */
  snapshotWritten: boolean;
  /** Things worth telling the user that do not stop the sync. */
  warnings: string[];
}

/** Hex SHA-256 of some bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Content type for a config file, by extension; S3 serves it with this type. */
export function contentTypeFor(key: string): string {
  if (/\.ya?ml$/i.test(key)) return "application/yaml; charset=utf-8";
  if (/\.json$/i.test(key)) return "application/json; charset=utf-8";
  if (/\.md$/i.test(key)) return "text/markdown; charset=utf-8";
  if (/\.txt$/i.test(key)) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

/**
 * Compares `local` to `remote` and, unless `dryRun`, uploads new and changed files (with `sha256` metadata and
 * a content type), deletes remote-only files when `prune`, and writes `manifest.json` when it is not current.
 * Every list in the result is sorted by key.
 */
export async function syncConfig(
  local: BlobStore,
  remote: BlobStore,
  options: ConfigSyncOptions,
): Promise<ConfigSyncResult> {
  const dryRun = options.dryRun ?? false;
  const warnings: string[] = [];
  const listed = (await local.list("")).map((b) => b.key);
  const localKeys = listed.filter((key) => !GENERATED_KEYS.has(key));
  for (const key of listed.filter((k) => GENERATED_KEYS.has(k)))
    warnings.push(`${local.location}/${key} is ignored: the bucket's ${key} is written by config sync`);

  // Read local bodies and the bucket's recorded hashes (a few files: a small pool keeps S3 latency down).
  const plans = new Map<
    string,
    { body: Uint8Array; sha256: string; remoteSha256: string | undefined; remoteExists: boolean }
  >();
  await mapLimited(localKeys, 8, async (key) => {
    const body = await local.get(key);
    if (body === undefined) {
      warnings.push(`${local.location}/${key} vanished while syncing; skipped`);
      return;
    }
    const info = await remote.head(key);
    plans.set(key, {
      body,
      sha256: sha256Hex(body),
      remoteSha256: info?.metadata?.[SHA256_METADATA],
      remoteExists: info !== undefined,
    });
  });

  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  for (const [key, plan] of plans) {
    if (!plan.remoteExists) added.push(key);
    else if (plan.remoteSha256 !== plan.sha256) changed.push(key);
    else unchanged.push(key);
  }
  const localSet = new Set(plans.keys());
  const extra = (await remote.list(""))
    .map((b) => b.key)
    .filter((key) => !GENERATED_KEYS.has(key) && !localSet.has(key) && !localKeys.includes(key));
  const deleted = options.prune ? extra : [];
  const remoteOnly = options.prune ? [] : extra;

  const manifest: ConfigManifest = {
    version: options.version,
    files: Object.fromEntries(
      [...plans]
        .map(([key, plan]) => [key, `sha256:${plan.sha256}`] as const)
        .sort(([a], [b]) => byKey(a, b)),
    ),
    syncedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  const manifestWritten = !isCurrent(await readManifest(remote, warnings), manifest);
  const snapshotBody = new TextEncoder().encode(options.snapshot);
  const snapshotSha256 = sha256Hex(snapshotBody);
  const snapshotWritten =
    (await remote.head(CONFIG_SNAPSHOT_KEY))?.metadata?.[SHA256_METADATA] !== snapshotSha256;

  if (!dryRun) {
    await mapLimited([...added, ...changed], 8, async (key) => {
      const plan = plans.get(key)!;
      await remote.put(key, plan.body, {
        contentType: contentTypeFor(key),
        metadata: { [SHA256_METADATA]: plan.sha256 },
      });
    });
    await mapLimited(deleted, 8, (key) => remote.delete(key));
    // After the YAML it is made from, before the manifest that names the version it holds.
    if (snapshotWritten)
      await remote.put(CONFIG_SNAPSHOT_KEY, snapshotBody, {
        contentType: contentTypeFor(CONFIG_SNAPSHOT_KEY),
        metadata: { [SHA256_METADATA]: snapshotSha256, "config-version": options.version },
      });
    // Last, so a manifest in the bucket never names files that are not there yet.
    if (manifestWritten) {
      const text = `${JSON.stringify(manifest, null, 2)}\n`;
      await remote.put(MANIFEST_KEY, text, {
        contentType: contentTypeFor(MANIFEST_KEY),
        metadata: {
          [SHA256_METADATA]: sha256Hex(new TextEncoder().encode(text)),
          "config-version": options.version,
        },
      });
    }
  }

  return {
    dryRun,
    version: options.version,
    added: added.sort(byKey),
    changed: changed.sort(byKey),
    unchanged: unchanged.sort(byKey),
    deleted: deleted.sort(byKey),
    remoteOnly: remoteOnly.sort(byKey),
    manifestWritten,
    snapshotWritten,
    warnings,
  };
}

/** The bucket's manifest, or `undefined` when missing or unreadable (then it is simply rewritten). */
async function readManifest(remote: BlobStore, warnings: string[]): Promise<ConfigManifest | undefined> {
  const text = await remote.getText(MANIFEST_KEY);
  if (text === undefined) return undefined;
  try {
    const parsed = ConfigManifest.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    warnings.push(
      `${remote.location}/${MANIFEST_KEY} is not a valid manifest (${parsed.error.issues[0]?.message}); rewriting it`,
    );
  } catch (error) {
    warnings.push(
      `${remote.location}/${MANIFEST_KEY} is not JSON (${(error as Error).message}); rewriting it`,
    );
  }
  return undefined;
}

/** Same version and same files: the manifest in the bucket already describes this config. */
function isCurrent(existing: ConfigManifest | undefined, wanted: ConfigManifest): boolean {
  if (!existing || existing.version !== wanted.version) return false;
  const a = Object.entries(existing.files).sort(([x], [y]) => byKey(x, y));
  const b = Object.entries(wanted.files);
  return a.length === b.length && a.every(([key, digest], i) => b[i]?.[0] === key && b[i]?.[1] === digest);
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
