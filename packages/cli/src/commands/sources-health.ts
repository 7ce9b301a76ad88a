import { resolve } from "node:path";
import {
  type BlobStore,
  type ClientSourceHealth,
  clientSourceHealth,
  type SourceHealth,
} from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { CLIENT_FLAG, CONFIG_FLAG, defineCommand, JSON_FLAG, parsePositiveIntegerFlag } from "../cli-kit.js";
import { loadKnownClient } from "../support/client-config.js";
import { checkBucketEnv, s3ClientOptions, s3Endpoint } from "../support/s3-client-options.js";

const USAGE = [
  "Usage: vectora sources health [--client lai_weekly] [--store DIR | --env ENV | --bucket NAME] [--runs N]",
  "                              [--config DIR] [--json]",
  "",
  "Which sources are sick: reads the client's last ingest run reports and shows, per source, its recent",
  "runs (status, entries seen, items new) and flags the ones that need a person:",
  "  FAILING  failed in its last 2 runs (the reason of the last failure is shown);",
  "  SILENT   its last run saw 0 entries after it saw some in one of its last 4 runs: its page may have changed.",
  "A run that did not get to a source (deferred or abandoned at the run's deadline) does not count as a try.",
  "The same flags are in each run report, the newsletter's JSON and footer, and the run summary.",
  "",
  "  --client   client id (default lai_weekly): one of the clients of --config DIR (default config/)",
  "  --store    where `vectora run` wrote data/ and newsletters/ (default .vectora)",
  "  --env      read the data bucket of an environment (vectora-inbox-data-<env>) instead",
  "  --bucket   a data bucket by name; --endpoint URL for a local S3 server (default $AWS_ENDPOINT_URL_S3)",
  "  --runs     weekly runs read, as issue dates (each with all its shards' reports; default 8)",
  "  --json     print {client_id, store, runs, issue_dates, flagged, sources, warnings}",
  "",
  "Exit 0 when no source is flagged, 1 when some are (or a report could not be read, or the client is unknown).",
].join("\n");

export default defineCommand({
  usage: USAGE,
  flags: {
    ...CLIENT_FLAG,
    store: { type: "string", default: ".vectora" },
    env: { type: "string" },
    bucket: { type: "string" },
    endpoint: { type: "string" },
    runs: { type: "string" },
    ...CONFIG_FLAG,
    ...JSON_FLAG,
  },
  async run(values, io) {
    const runs = parsePositiveIntegerFlag("runs", values.runs);
    await loadKnownClient(io.cwd, values.config, values.client);
    const store = await storeOf(values, io);
    const health = await clientSourceHealth(store, values.client, runs ? { runs } : {});
    for (const warning of health.warnings) io.err(`warning: ${warning}\n`);
    if (values.json) io.out(`${JSON.stringify({ store: store.location, ...health }, null, 2)}\n`);
    else io.out(healthTable(health, store.location));
    return health.flagged.length > 0 || health.warnings.length > 0 ? 1 : 0;
  },
});

/** The data store: a directory (`--store`, its `data/`), or the data bucket (`--env` / `--bucket`). */
async function storeOf(
  values: {
    store: string;
    env?: string | undefined;
    bucket?: string | undefined;
    endpoint?: string | undefined;
  },
  io: Parameters<typeof s3ClientOptions>[0],
): Promise<BlobStore> {
  if (values.env === undefined && values.bucket === undefined)
    return new FsBlobStore(resolve(io.cwd, values.store, "data"));
  if (values.env !== undefined) checkBucketEnv(values.env);
  const endpoint = s3Endpoint(values.endpoint, io);
  // Only the S3 path needs the SDK: load it here so the directory path stays light.
  const { S3BlobStore, createS3Client } = await import("@vectora/core/adapters/s3");
  const bucket = values.bucket ?? `vectora-inbox-data-${values.env}`;
  return new S3BlobStore({ client: createS3Client(s3ClientOptions(io, endpoint)), bucket });
}

/** `ok 11/3` (status, entries seen / items new), `failed`, `deferred`: one run of one source. */
function runCell(run: SourceHealth["runs"][number]): string {
  return run.status === "ok" ? `ok ${run.entries}/${run.new}` : run.status;
}

/** The table: flagged sources first, each with its last four runs, newest first. */
export function healthTable(health: ClientSourceHealth, location: string): string {
  if (health.runs.length === 0) return `No ingest run of ${health.client_id} in ${location} yet.\n`;
  const rows = [...health.sources]
    .sort((a, b) => Number(!a.flag) - Number(!b.flag) || a.source_key.localeCompare(b.source_key))
    .map((s) => [
      s.source_key,
      s.flag ? s.flag.toUpperCase() : "ok",
      s.runs.slice(0, 4).map(runCell).join(" · "),
      s.message ?? "",
    ]);
  const header = ["source", "health", "last runs, newest first (ok entries/new)", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < cells.length - 1 ? c.padEnd(widths[i]!) : c))
      .join("  ")
      .trimEnd();
  return [
    `${health.client_id}: ${health.issue_dates.length} run${health.issue_dates.length === 1 ? "" : "s"} read from ${location} ` +
      `(${health.runs[0]} … ${health.runs.at(-1)}), ${health.sources.length} sources, ${health.flagged.length} to check`,
    line(header),
    ...rows.map(line),
    "",
  ].join("\n");
}
