/**
 * `vectora config sync` end to end: the real CLI verb against a real S3-protocol server (s3rver, started by
 * @vectora/testing), on a temp copy of the repo's config/ so edits never touch the working tree.
 */
import { createHash } from "node:crypto";
import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { CONFIG_SNAPSHOT_KEY, loadConfig, loadConfigYaml } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import {
  copyToTempDir,
  S3_SERVER_CREDENTIALS,
  type S3Server,
  startS3Server,
  type TempDir,
} from "@vectora/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigManifest, MANIFEST_KEY, syncConfig } from "../../src/config-sync/sync.js";
import { REPO_ROOT, runVectora } from "../support/cli.js";

const REPO_CONFIG = join(REPO_ROOT, "config");
const BUCKETS = ["vectora-inbox-config-dev", "cfg-dry-run", "cfg-prune", "cfg-invalid", "cfg-direct"];

let server: S3Server;
let configCopy: TempDir;

beforeAll(async () => {
  server = await startS3Server({ buckets: BUCKETS });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(async () => {
  configCopy = await copyToTempDir(REPO_CONFIG, "config-sync");
});
afterEach(async () => {
  await configCopy.remove();
});

type CliRun = Awaited<ReturnType<typeof runVectora>>;

/** Runs `vectora config sync …` in-process, pointed at the local server through the environment. */
function vectoraSync(...args: string[]): Promise<CliRun> {
  return runVectora(["config", "sync", "--dir", ".", ...args], configCopy.path, {
    AWS_ENDPOINT_URL_S3: server.endpoint,
    AWS_ACCESS_KEY_ID: S3_SERVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3_SERVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: "us-east-1",
  });
}

/** The documented `--json` output: exactly these fields. */
const SyncJson = z
  .object({
    env: z.string(),
    bucket: z.string(),
    dryRun: z.boolean(),
    added: z.array(z.string()),
    changed: z.array(z.string()),
    unchanged: z.array(z.string()),
    deleted: z.array(z.string()),
    remoteOnly: z.array(z.string()),
    version: z.string(),
  })
  .strict();

/** Parses the `--json` output: one JSON line and nothing else. */
function parseJson(run: CliRun): z.infer<typeof SyncJson> {
  expect(run.code).toBe(0);
  expect(run.out.trim().split("\n")).toHaveLength(1);
  return SyncJson.parse(JSON.parse(run.out));
}

/** The files of a directory as store keys, read straight from disk (not through the store under test). */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const bucketStore = (bucket: string) => new S3BlobStore({ client: server.client, bucket });

/** Marks every object of the bucket with metadata `probe`: an object re-uploaded by a later sync loses it. */
async function probeAll(bucket: string): Promise<void> {
  const store = bucketStore(bucket);
  for (const { key } of await store.list("")) {
    const info = (await store.head(key))!;
    await store.put(key, (await store.get(key))!, {
      ...(info.contentType ? { contentType: info.contentType } : {}),
      metadata: { ...info.metadata, probe: "1" },
    });
  }
}

async function probed(bucket: string): Promise<string[]> {
  const store = bucketStore(bucket);
  const out: string[] = [];
  for (const { key } of await store.list(""))
    if ((await store.head(key))?.metadata?.["probe"] === "1") out.push(key);
  return out;
}

describe("vectora config sync", () => {
  it("starts from a valid config copy", async () => {
    await expect(loadConfigYaml(new FsBlobStore(configCopy.path))).resolves.toBeDefined();
  });

  it("uploads every file on the first sync, with sha256 metadata, a content type, a manifest and the snapshot", async () => {
    const bucket = "vectora-inbox-config-dev";
    const local = await filesOf(configCopy.path);
    expect(local.length).toBeGreaterThanOrEqual(9);
    const run = await vectoraSync("--env", "dev", "--json");
    expect(run.code).toBe(0);
    const result = parseJson(run);
    expect(result).toMatchObject({
      env: "dev",
      bucket,
      dryRun: false,
      changed: [],
      unchanged: [],
      deleted: [],
      remoteOnly: [],
    });
    expect(result.added).toEqual(local);

    const remote = bucketStore(bucket);
    expect((await remote.list("")).map((b) => b.key)).toEqual(
      [...local, CONFIG_SNAPSHOT_KEY, MANIFEST_KEY].sort(),
    );
    for (const key of local) {
      const bytes = await readFile(join(configCopy.path, key));
      const info = await remote.head(key);
      expect(info?.metadata?.["sha256"]).toBe(sha256(bytes));
      expect(info?.contentType).toMatch(key.endsWith(".yaml") ? /^application\/yaml/ : /./);
      expect(Buffer.from((await remote.get(key))!).equals(bytes)).toBe(true);
    }

    // The manifest names every file and the version a run reading this bucket records.
    const manifest = ConfigManifest.parse(JSON.parse((await remote.getText(MANIFEST_KEY))!));
    const fromBucket = await loadConfig(remote);
    expect(manifest.version).toBe(fromBucket.version);
    expect(manifest.version).toBe(result.version);
    expect(manifest.version).toMatch(/^cfg-[0-9a-f]{12}$/);
    expect(Object.keys(manifest.files)).toEqual(local);
    for (const key of local)
      expect(manifest.files[key]).toBe(`sha256:${sha256(await readFile(join(configCopy.path, key)))}`);
    // The Lambdas' config (read from the snapshot, validated on read) is the very config of the YAML directory.
    expect(fromBucket).toEqual(await loadConfigYaml(new FsBlobStore(configCopy.path)));
    const snapshot = (await remote.head(CONFIG_SNAPSHOT_KEY))!;
    expect(snapshot.contentType).toMatch(/^application\/json/);
    expect(snapshot.metadata?.["sha256"]).toBe(sha256((await remote.get(CONFIG_SNAPSHOT_KEY))!));
  });

  it("uploads nothing on a second sync", async () => {
    const bucket = "vectora-inbox-config-dev";
    expect((await vectoraSync("--env", "dev")).code).toBe(0);
    await probeAll(bucket);
    const before = await probed(bucket);
    expect(before).toContain(MANIFEST_KEY);
    expect(before).toContain(CONFIG_SNAPSHOT_KEY);
    const run = await vectoraSync("--env", "dev");
    expect(run.code).toBe(0);
    expect(run.out).not.toMatch(/^[+~-] /m);
    expect(run.out).toMatch(/^= unchanged {2}canonical\/sources\.yaml$/m);
    expect(run.out).toMatch(/0 added, 0 changed, \d+ unchanged, 0 deleted, 0 remote only/);
    expect(run.out).toMatch(
      /uploaded 0, deleted 0; config.snapshot.json already current; manifest.json already current/,
    );
    expect(await probed(bucket)).toEqual(before);
  });

  it("--dry-run shows exactly the edited file as changed and uploads nothing", async () => {
    const bucket = "cfg-dry-run";
    expect((await vectoraSync("--env", "dev", "--bucket", bucket)).code).toBe(0);
    await probeAll(bucket);
    const remote = bucketStore(bucket);
    const original = await remote.getText("canonical/noise.yaml");
    const manifestBefore = await remote.getText(MANIFEST_KEY);
    await appendFile(join(configCopy.path, "canonical/noise.yaml"), "# edited by the config sync test\n");

    const run = await vectoraSync("--env", "dev", "--bucket", bucket, "--dry-run", "--json");
    expect(run.code).toBe(0);
    const result = parseJson(run);
    expect(result.dryRun).toBe(true);
    expect(result.changed).toEqual(["canonical/noise.yaml"]);
    expect(result.added).toEqual([]);
    expect(result.unchanged).toEqual(
      (await filesOf(configCopy.path)).filter((k) => k !== "canonical/noise.yaml"),
    );
    expect(await remote.getText("canonical/noise.yaml")).toBe(original);
    expect(await remote.getText(MANIFEST_KEY)).toBe(manifestBefore);
    expect((await probed(bucket)).sort()).toEqual((await remote.list("")).map((b) => b.key).sort());

    const text = await vectoraSync("--env", "dev", "--bucket", bucket, "--dry-run");
    expect(text.out).toMatch(/^~ changed {4}canonical\/noise\.yaml$/m);
    expect(text.out).toMatch(
      /dry run: nothing was changed \(would upload 1, delete 0, write config.snapshot.json, write manifest.json\)/,
    );

    // The real sync then uploads that one file and records the new version.
    const real = parseJson(await vectoraSync("--env", "dev", "--bucket", bucket, "--json"));
    expect(real.changed).toEqual(["canonical/noise.yaml"]);
    expect(await remote.getText("canonical/noise.yaml")).toMatch(/# edited by the config sync test\n$/);
    expect(await probed(bucket)).not.toContain("canonical/noise.yaml");
    expect(await probed(bucket)).toContain("canonical/sources.yaml");
    // The snapshot the Lambdas read follows the YAML in the same sync.
    expect(await probed(bucket)).not.toContain(CONFIG_SNAPSHOT_KEY);
    const manifest = ConfigManifest.parse(JSON.parse((await remote.getText(MANIFEST_KEY))!));
    expect(manifest.version).toBe(real.version);
    expect(manifest.version).not.toBe(ConfigManifest.parse(JSON.parse(manifestBefore!)).version);
    expect(manifest.version).toBe((await loadConfig(remote)).version);
  });

  it("keeps remote-only files unless --prune, which deletes them", async () => {
    const bucket = "cfg-prune";
    const remote = bucketStore(bucket);
    await remote.put("canonical/retired.yaml", "scopes: {}\n");
    expect((await vectoraSync("--env", "dev", "--bucket", bucket)).code).toBe(0);

    const kept = await vectoraSync("--env", "dev", "--bucket", bucket);
    expect(kept.out).toMatch(/remote only, kept: canonical\/retired\.yaml/);
    expect(await remote.exists("canonical/retired.yaml")).toBe(true);
    const keptJson = parseJson(await vectoraSync("--env", "dev", "--bucket", bucket, "--json"));
    expect(keptJson.remoteOnly).toEqual(["canonical/retired.yaml"]);
    expect(keptJson.deleted).toEqual([]);

    const dry = parseJson(
      await vectoraSync("--env", "dev", "--bucket", bucket, "--prune", "--dry-run", "--json"),
    );
    expect(dry.deleted).toEqual(["canonical/retired.yaml"]);
    expect(await remote.exists("canonical/retired.yaml")).toBe(true);

    const pruned = await vectoraSync("--env", "dev", "--bucket", bucket, "--prune");
    expect(pruned.code).toBe(0);
    expect(pruned.out).toMatch(/^- deleted {4}canonical\/retired\.yaml$/m);
    expect(await remote.exists("canonical/retired.yaml")).toBe(false);
    expect(await remote.exists(MANIFEST_KEY)).toBe(true);
    expect((await remote.list("")).map((b) => b.key)).toEqual(
      [...(await filesOf(configCopy.path)), CONFIG_SNAPSHOT_KEY, MANIFEST_KEY].sort(),
    );
  });

  it("refuses to sync an invalid config, naming the problem, and leaves the bucket untouched", async () => {
    const bucket = "cfg-invalid";
    const client = join(configCopy.path, "clients/lai_weekly.yaml");
    await writeFile(
      client,
      (await readFile(client, "utf8")).replace(/^period_days: .*$/m, "period_days: fourteen"),
    );
    const run = await vectoraSync("--env", "dev", "--bucket", bucket);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/invalid/);
    expect(run.err).toMatch(/clients\/lai_weekly\.yaml: period_days: expected number, got "fourteen"/);
    expect(run.err).toMatch(/nothing was synced/);
    expect(run.out).toBe("");
    expect(await bucketStore(bucket).list("")).toEqual([]);
  });

  it("rejects misuse with exit 2", async () => {
    expect((await vectoraSync()).code).toBe(2);
    expect((await vectoraSync("--env", "Dev Env")).code).toBe(2);
    expect((await vectoraSync("--env", "dev", "--endpoint", "not a url")).code).toBe(2);
  });

  it("fails with the bucket named when the bucket does not exist", async () => {
    const run = await vectoraSync("--env", "nowhere");
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/s3:\/\/vectora-inbox-config-nowhere\/.*NoSuchBucket/);
  });

  it("--if-bucket-exists skips a first deploy's missing bucket with exit 0, and still syncs an existing one", async () => {
    const skipped = await vectoraSync("--env", "nowhere", "--if-bucket-exists", "--json");
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.out)).toMatchObject({
      bucket: "vectora-inbox-config-nowhere",
      skipped: "bucket does not exist",
    });
    expect(skipped.err).toContain(
      "config bucket vectora-inbox-config-nowhere does not exist yet (first deploy?)",
    );
    const synced = await vectoraSync("--env", "dev", "--if-bucket-exists", "--dry-run", "--json");
    expect(synced.code).toBe(0);
    expect(SyncJson.parse(JSON.parse(synced.out)).bucket).toBe("vectora-inbox-config-dev");
  });
});

describe("syncConfig", () => {
  /** syncConfig writes whatever snapshot text it is given (the verb builds it from the validated YAML). */
  const SNAPSHOT = '{"format":"vectora-config-snapshot/1"}\n';

  it("rewrites a corrupt manifest and says so", async () => {
    const remote = bucketStore("cfg-direct");
    await remote.put(MANIFEST_KEY, "{ not json");
    const local = new FsBlobStore(configCopy.path);
    const result = await syncConfig(local, remote, {
      version: "cfg-000000000000",
      snapshot: SNAPSHOT,
      now: () => new Date("2026-01-02T03:04:05Z"),
    });
    expect(result.manifestWritten).toBe(true);
    expect(result.warnings.join("\n")).toMatch(/manifest\.json is not JSON/);
    const manifest = ConfigManifest.parse(JSON.parse((await remote.getText(MANIFEST_KEY))!));
    expect(manifest).toMatchObject({ version: "cfg-000000000000", syncedAt: "2026-01-02T03:04:05.000Z" });
    expect(result.snapshotWritten).toBe(true);
    expect(await remote.getText(CONFIG_SNAPSHOT_KEY)).toBe(SNAPSHOT);
    // A local manifest.json or config.snapshot.json is never uploaded as a config file.
    await writeFile(join(configCopy.path, MANIFEST_KEY), "{}");
    await writeFile(join(configCopy.path, CONFIG_SNAPSHOT_KEY), "{}");
    const again = await syncConfig(local, remote, { version: "cfg-000000000000", snapshot: SNAPSHOT });
    expect(again.added).toEqual([]);
    expect(again.unchanged).not.toContain(MANIFEST_KEY);
    expect(again.unchanged).not.toContain(CONFIG_SNAPSHOT_KEY);
    expect(again.manifestWritten).toBe(false);
    expect(again.snapshotWritten).toBe(false);
    expect(again.warnings.join("\n")).toMatch(/manifest\.json is ignored/);
    expect(again.warnings.join("\n")).toMatch(/config\.snapshot\.json is ignored/);
    expect(await remote.getText(CONFIG_SNAPSHOT_KEY)).toBe(SNAPSHOT);
    expect(ConfigManifest.parse(JSON.parse((await remote.getText(MANIFEST_KEY))!)).syncedAt).toBe(
      "2026-01-02T03:04:05.000Z",
    );
  });
});
