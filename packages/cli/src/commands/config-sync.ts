import { resolve } from "node:path";
import {
  ConfigError,
  configFromSnapshot,
  configSnapshotJson,
  formatIssue,
  snapshotConfigYaml,
} from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { defineCommand, JSON_FLAG, UsageError } from "../cli-kit.js";
import { type ConfigSyncResult, syncConfig } from "../config-sync/sync.js";
import { checkBucketEnv, s3ClientOptions, s3Endpoint } from "../support/s3-client-options.js";

/** The config bucket of an environment, as the storage stack names it. */
export function configBucketName(env: string): string {
  return `vectora-inbox-config-${env}`;
}

export default defineCommand({
  usage: [
    "Usage: vectora config sync --env dev|prod [--dry-run] [--prune] [--dir config] [--bucket NAME]",
    "                           [--endpoint URL] [--json]",
    "",
    "Validates the config directory first (an invalid config is never synced), then compares each file's",
    "SHA-256 with the `sha256` metadata of the object in the bucket and uploads only new and changed files.",
    "Objects that have no local file are listed and kept, or deleted with --prune. Writes manifest.json",
    "(file → sha256 and the config version that runs record) and config.snapshot.json (the validated config",
    "as JSON: what the Lambdas read; they carry no YAML parser) to the bucket. --dry-run changes nothing.",
    "",
    "  --env       environment; the bucket is vectora-inbox-config-<env>",
    "  --bucket    bucket name, overriding the one derived from --env",
    "  --endpoint  S3 endpoint URL (default: $AWS_ENDPOINT_URL_S3), e.g. a local S3 server; uses path-style",
    "  --if-bucket-exists  exit 0 without syncing when the bucket does not exist yet (a first deploy)",
    "  --json      print only {env,bucket,dryRun,added,changed,unchanged,deleted,remoteOnly,version}",
  ].join("\n"),
  flags: {
    env: { type: "string" },
    "dry-run": { type: "boolean", default: false },
    prune: { type: "boolean", default: false },
    dir: { type: "string", default: "config" },
    bucket: { type: "string" },
    endpoint: { type: "string" },
    ...JSON_FLAG,
    "if-bucket-exists": { type: "boolean", default: false },
  },
  async run(values, io) {
    if (!values.env) throw new UsageError("--env is required (dev or prod)");
    checkBucketEnv(values.env);
    const endpoint = s3Endpoint(values.endpoint, io);
    const bucket = values.bucket ?? configBucketName(values.env);
    const dir = resolve(io.cwd, values.dir);
    const label = `${values.dir.replace(/\/+$/, "")}/`;
    const local = new FsBlobStore(dir);

    let version: string;
    let snapshot: string;
    try {
      const loaded = await snapshotConfigYaml(local, { label });
      version = loaded.config.version;
      snapshot = configSnapshotJson(loaded.snapshot);
      // The snapshot must give back the very config the YAML gives (a YAML value JSON cannot carry would not).
      const fromSnapshot = await configFromSnapshot(snapshot, { label });
      if (JSON.stringify(fromSnapshot) !== JSON.stringify(loaded.config))
        throw new Error(
          `config ${values.dir}: its snapshot reads back differently from the YAML (a value JSON cannot carry?); nothing was synced`,
        );
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.err(
        `config ${values.dir} is invalid (${error.issues.length} problem(s)); nothing was synced:\n` +
          `${error.issues.map((i) => `  ${formatIssue(i)}`).join("\n")}\n`,
      );
      return 1;
    }

    // Only this verb needs the S3 SDK: load it here so `vectora --help` stays fast.
    const { S3BlobStore, createS3Client } = await import("@vectora/core/adapters/s3");
    const client = createS3Client(s3ClientOptions(io, endpoint));
    try {
      const remote = new S3BlobStore({ client, bucket });
      const result = await syncConfig(local, remote, {
        version,
        snapshot,
        dryRun: values["dry-run"],
        prune: values.prune,
      });
      if (values.json) {
        const { added, changed, unchanged, deleted, remoteOnly, dryRun } = result;
        io.out(
          `${JSON.stringify({ env: values.env, bucket, dryRun, added, changed, unchanged, deleted, remoteOnly, version })}\n`,
        );
      } else {
        io.out(renderSummary(result, { env: values.env, dir: values.dir, location: remote.location }));
      }
      for (const warning of result.warnings) io.err(`warning: ${warning}\n`);
      return 0;
    } catch (error) {
      // On a first deploy the bucket comes with s0-core, after this phase: the deploy phase syncs again.
      if (values["if-bucket-exists"] && isNoSuchBucket(error)) {
        io.err(
          `config bucket ${bucket} does not exist yet (first deploy?): nothing synced; sync again once s0-core is deployed\n`,
        );
        if (values.json)
          io.out(
            `${JSON.stringify({ env: values.env, bucket, skipped: "bucket does not exist", version })}\n`,
          );
        return 0;
      }
      throw error;
    } finally {
      client.destroy();
    }
  },
});

/** True for S3's "bucket does not exist" error, also when wrapped by the S3 store (as its `cause`). */
function isNoSuchBucket(error: unknown): boolean {
  for (let e = error as { name?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.name === "NoSuchBucket") return true;
  return false;
}

/** The human summary: one line per file with its mark (`+ ~ = -`), then totals and what was done. */
export function renderSummary(
  result: ConfigSyncResult,
  where: { env: string; dir: string; location: string },
): string {
  const lines = [
    `config sync ${where.dir} → ${where.location} (env ${where.env}, version ${result.version})`,
  ];
  for (const key of result.added) lines.push(`+ added      ${key}`);
  for (const key of result.changed) lines.push(`~ changed    ${key}`);
  for (const key of result.unchanged) lines.push(`= unchanged  ${key}`);
  for (const key of result.deleted) lines.push(`- deleted    ${key}`);
  for (const key of result.remoteOnly) lines.push(`  remote only, kept: ${key} (--prune deletes it)`);
  lines.push(
    `${result.added.length} added, ${result.changed.length} changed, ${result.unchanged.length} unchanged, ` +
      `${result.deleted.length} deleted, ${result.remoteOnly.length} remote only`,
  );
  const uploads = result.added.length + result.changed.length;
  if (result.dryRun) {
    lines.push(
      `dry run: nothing was changed (would upload ${uploads}, delete ${result.deleted.length}` +
        `${result.snapshotWritten ? ", write config.snapshot.json" : ""}` +
        `${result.manifestWritten ? ", write manifest.json" : ""})`,
    );
  } else {
    lines.push(
      `uploaded ${uploads}, deleted ${result.deleted.length}; ` +
        (result.snapshotWritten
          ? "config.snapshot.json written; "
          : "config.snapshot.json already current; ") +
        (result.manifestWritten
          ? `manifest.json written (version ${result.version})`
          : "manifest.json already current"),
    );
  }
  return `${lines.join("\n")}\n`;
}
