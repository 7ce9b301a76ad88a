import { resolve } from "node:path";
import {
  EnvSecrets,
  type HttpTransport,
  type IngestReport,
  IngestRunError,
  loadConfigYaml,
  NoSecrets,
  runIngest,
  type Secrets,
  type SourceReport,
} from "@vectora/core";
import {
  FsBlobStore,
  LiveHttpTransport,
  RecordingHttpTransport,
  withUserAgent,
} from "@vectora/core/adapters";
import { userAgentFor } from "@vectora/core/config";
import {
  defineCommand,
  INGEST_FLAGS,
  INGEST_FLAGS_USAGE,
  JSON_FLAG,
  parseIngestLimits,
  parseWindowFlags,
  UsageError,
  WINDOW_FLAGS,
} from "../cli-kit.js";
import { requireKnownClient } from "../support/client-config.js";
import { replayRecordings, writeRecordingManifest } from "../support/recording-manifest.js";
import { checkRunWindow } from "../support/run-window.js";

/**
 * The data store `vectora run` uses (its default `--store .vectora` + `data/`): both verbs share the ingested
 * files and the seen-index, so an item ingested by one is not new again for the other.
 */
export const DEFAULT_STORE = ".vectora/data";

export default defineCommand({
  usage: [
    "Usage: vectora ingest --client ID [--replay DIR | --record DIR] [--as-of YYYY-MM-DD]",
    "                      [--period-days N] [--sources a,b] [--concurrency N] [--deadline SECONDS]",
    "                      [--store DIR] [--config DIR] [--json]",
    "",
    "Reads the client's sources and writes new and edited items (JSON Lines) plus a run report to the store.",
    "By default it fetches from the sites (live), as of today. --replay DIR answers every request from the",
    "recordings in DIR (e.g. fixtures/recorded/lai-2025-12), as of their recording.json date, without network;",
    "--record DIR fetches live and saves every answer to DIR (API keys are never saved). --live is accepted as",
    "an explicit name for the default. The PubMed key is read from PUBMED_API_KEY in live and record modes.",
    "",
    `  --store DIR          data store directory (default ${DEFAULT_STORE}, the one \`vectora run\` uses)`,
    "  --config DIR         config directory (default config)",
    ...INGEST_FLAGS_USAGE,
    "  --json               print the run report as JSON on stdout",
    "",
    "Each source's items are stored as it finishes. Progress goes to stderr, the summary table to stdout (a run",
    "cut short by --deadline lists its deferred and abandoned sources). Exit 0 when at least one source was",
    "read, 1 when none was.",
  ].join("\n"),
  flags: {
    client: { type: "string" },
    replay: { type: "string" },
    record: { type: "string" },
    live: { type: "boolean", default: false },
    ...WINDOW_FLAGS,
    sources: { type: "string" },
    store: { type: "string", default: DEFAULT_STORE },
    config: { type: "string", default: "config" },
    ...INGEST_FLAGS,
    ...JSON_FLAG,
  },
  async run(values, io) {
    if (!values.client) throw new UsageError("--client is required (e.g. --client lai_weekly)");
    const modes = [values.replay !== undefined, values.record !== undefined, values.live].filter(
      Boolean,
    ).length;
    if (modes > 1) throw new UsageError("choose one of --replay, --record and --live");
    const { asOf: flagAsOf, periodDays } = parseWindowFlags(values);
    // Checked before anything is read; the deadline is counted from when the run starts (below).
    parseIngestLimits(values, 0);
    const sources = values.sources
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // The config and the client first: an unknown client fails before any recording is started.
    const configDir = resolve(io.cwd, values.config);
    const config = await loadConfigYaml(new FsBlobStore(configDir), {
      label: `${values.config.replace(/\/+$/, "")}/`,
    });
    requireKnownClient(config, values.client, configDir);

    let transport: HttpTransport;
    let secrets: Secrets = new NoSecrets();
    let mode: string;
    let asOf = flagAsOf;
    let asOfFrom = "--as-of";
    if (values.replay === undefined) {
      const live = new LiveHttpTransport();
      secrets = new EnvSecrets(io.env);
      if (values.record !== undefined) {
        const dir = resolve(io.cwd, values.record);
        transport = new RecordingHttpTransport(live, dir);
        mode = `recording to ${values.record}`;
      } else {
        transport = live;
        mode = "live";
      }
      // Live requests carry the catalog's User-Agent and contact (`http:` in canonical/sources.yaml).
      transport = withUserAgent(transport, userAgentFor(config.http).header);
      asOf ??= new Date().toISOString().slice(0, 10);
    } else {
      const replay = await replayRecordings(io.cwd, values.replay);
      transport = replay.transport;
      mode = `replaying ${values.replay}`;
      asOf ??= replay.manifest?.as_of;
      if (!asOf) throw new UsageError(`--as-of is required: ${replay.dir}/recording.json gives no as_of`);
      if (flagAsOf === undefined) asOfFrom = `as_of of ${replay.dir}/recording.json`;
    }
    // The bounds the Lambdas accept, checked once the as-of is known and before anything is recorded or stored.
    checkRunWindow({ asOf, periodDays, asOfFrom }, new Date());
    if (values.record !== undefined)
      await writeRecordingManifest(resolve(io.cwd, values.record), {
        description: "Recorded with vectora ingest --record",
        as_of: asOf,
        ...(periodDays ? { period_days: periodDays } : {}),
      });

    const storeDir = resolve(io.cwd, values.store);
    io.err(`ingest ${values.client} as of ${asOf} (${mode}) → ${values.store}\n`);
    const limits = parseIngestLimits(values, Date.now());
    let report: IngestReport;
    try {
      report = await runIngest({
        config,
        clientId: values.client,
        store: new FsBlobStore(storeDir, { onWarning: (message) => io.err(`warning: ${message}\n`) }),
        transport,
        secrets,
        asOf,
        ...limits,
        ...(periodDays ? { periodDays } : {}),
        ...(sources?.length ? { sources } : {}),
        onProgress: (event) => {
          if (event.type === "source_finished") io.err(`${progressLine(event.source)}\n`);
        },
      });
    } catch (error) {
      if (!(error instanceof IngestRunError)) throw error;
      if (values.json) io.out(`${JSON.stringify(error.report, null, 2)}\n`);
      else io.out(summaryTable(error.report));
      io.err(`${error.message}\n`);
      return 1;
    }
    if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else io.out(summaryTable(report));
    for (const warning of report.warnings) io.err(`warning: ${warning}\n`);
    return 0;
  },
});

/** `  ok     press_corporate__nanexa        9 found, 4 in window, 4 new, 0 updated  (12 ms)` */
export function progressLine(source: SourceReport): string {
  if (source.status !== "ok")
    return `  ${source.status.toUpperCase().padEnd(6)} ${source.source_key.padEnd(30)} ${source.reason ?? ""}`;
  return (
    `  ok     ${source.source_key.padEnd(30)} ${source.fetched} found, ${source.in_window} in window, ` +
    `${source.new} new, ${source.updated} updated  (${source.duration_ms} ms)`
  );
}

/** The run's figures per source, as a fixed-width table with totals. */
export function summaryTable(report: IngestReport): string {
  const header = ["source", "status", "fetched", "skipped", "undated", "window", "dup", "new", "upd", "same"];
  const row = (
    name: string,
    status: string,
    r: Omit<SourceReport, "source_key" | "kind" | "status" | "warnings" | "duration_ms">,
  ) => [
    name,
    status,
    String(r.fetched),
    String(r.skipped),
    String(r.undated),
    String(r.in_window),
    String(r.duplicate),
    String(r.new),
    String(r.updated),
    String(r.unchanged),
  ];
  const rows = report.sources.map((s) => row(s.source_key, s.status, s));
  rows.push(row("total", `${report.totals.sources_ok}/${report.sources.length} ok`, report.totals));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const notRead = (status: SourceReport["status"]) =>
    report.sources.filter((s) => s.status === status).map((s) => `  ${s.source_key}: ${s.reason ?? status}`);
  const failures = notRead("failed");
  const abandoned = notRead("abandoned");
  const deferred = notRead("deferred");
  const cut = report.cut_short;
  return [
    `run ${report.run_id} (${report.status}) window ${report.window.from} … ${report.window.to}, config ${report.config_version}`,
    line(header),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => "-".repeat(w))),
    line(rows[rows.length - 1]!),
    ...(cut
      ? [
          `cut short at its deadline ${cut.deadline}: ${cut.abandoned} source(s) abandoned in flight, ${cut.deferred} deferred (not started); what was read before is stored`,
        ]
      : []),
    ...(failures.length ? ["failed sources:", ...failures] : []),
    ...(abandoned.length
      ? ["abandoned at the deadline (requests aborted, nothing kept):", ...abandoned]
      : []),
    ...(deferred.length
      ? ["deferred (not started before the deadline; the next run reads them):", ...deferred]
      : []),
    ...(report.source_flags?.length
      ? [
          "sources to check (`vectora sources health`):",
          ...report.source_flags.map((f) => `  ${f.source_key} (${f.flag}): ${f.message}`),
        ]
      : []),
    `items: ${report.items_key} (${report.items_files?.length ?? 1} file(s))`,
    `report: ${report.report_key}`,
    "",
  ].join("\n");
}
