import { resolve } from "node:path";
import {
  DEFAULT_SHARD_SIZE,
  describeWindowBasis,
  type LlmClient,
  llmUsageLine,
  NoSecrets,
  runWeek,
  type WeekResult,
} from "@vectora/core";
import { FsBlobStore, ReplayHttpTransport } from "@vectora/core/adapters";
import { MAX_SHARD_SIZE } from "@vectora/core/events";
import {
  CLIENT_FLAG,
  type CliIO,
  CONFIG_FLAG,
  defineCommand,
  INGEST_FLAGS,
  INGEST_FLAGS_USAGE,
  JSON_FLAG,
  parseIngestLimits,
  parseIntegerFlag,
  parseWindowFlags,
  UsageError,
  WINDOW_FLAGS,
} from "../cli-kit.js";
import { loadClientConfig } from "../support/client-config.js";
import { readRecordingManifest } from "../support/recording-manifest.js";
import { RECORDED_AS_OF, RECORDED_FIXTURES } from "../support/repo-paths.js";
import { checkRunWindow } from "../support/run-window.js";

const USAGE = [
  "Usage: vectora run [--client lai_weekly] [--replay DIR] [--as-of YYYY-MM-DD] [--period-days N]",
  "                   [--concurrency N] [--deadline SECONDS] [--store DIR] [--config DIR] [--llm off|bedrock]",
  "                   [--shard-size N] [--deliver] [--json]",
  "",
  "The main job, locally, through the same steps as the weekly state machine on AWS: plan (the client's",
  "sources in shards) → ingest each shard → engine (the newsletter: Markdown, HTML, JSON) → deliver → summary,",
  "one progress line per step.",
  "",
  "  --client       client id (default lai_weekly)",
  "  --replay DIR   answer HTTP requests from recordings (default: the repo's fixtures/recorded/lai-2025-12);",
  "                 nothing is fetched from the network",
  "  --as-of        last day of the issue (default: the replay directory's recording.json `as_of`, else",
  `                 ${RECORDED_AS_OF}, the recordings' week)`,
  "  --period-days  days covered, overriding the window from the last issue (default: the days since the",
  "                 client's previous issue in the store; its period_days for a first issue)",
  "  --store DIR    where data/ and newsletters/ go (default .vectora under the working directory)",
  "  --config DIR   config directory (default ./config, else the repo's config/)",
  "  --llm          off (default: rule summaries) or bedrock (BEDROCK_MODEL_ID, AWS credentials; costs money)",
  ...INGEST_FLAGS_USAGE,
  `  --shard-size N sources per shard, 1-${MAX_SHARD_SIZE} (default ${DEFAULT_SHARD_SIZE}, the stack's ShardSize); shards run one after`,
  "                 the other here",
  "  --deliver      also run the deliver step as a dry run: write newsletter.eml next to newsletter.html (the",
  "                 client's delivery block; nothing is sent — `vectora send` sends)",
  "  --json         print the result as one JSON object",
  "",
  "Prints the paths of the three newsletter files; the issue is recorded in the store's ledger (see",
  "`vectora history`) and the archive page <client>/index.html is rewritten. Running the same --as-of again",
  "rebuilds that issue. Exit 0 when written (even if some sources failed or were cut by --deadline: the",
  "newsletter footer names them as not read, with why), 1 when no source was read (the engine is skipped, the",
  "summary says so) or the config is invalid.",
].join("\n");

async function createLlm(
  mode: string,
  env: Record<string, string | undefined>,
): Promise<LlmClient | undefined> {
  if (mode === "off") return undefined;
  if (mode !== "bedrock") throw new UsageError(`--llm expects off or bedrock, got "${mode}"`);
  const { assertInferenceProfileId, createBedrockLlm } = await import("@vectora/core/adapters/bedrock");
  return createBedrockLlm({ modelId: assertInferenceProfileId(env["BEDROCK_MODEL_ID"]), env });
}

export default defineCommand({
  usage: USAGE,
  flags: {
    ...CLIENT_FLAG,
    replay: { type: "string" },
    ...WINDOW_FLAGS,
    store: { type: "string", default: ".vectora" },
    ...CONFIG_FLAG,
    llm: { type: "string", default: "off" },
    ...INGEST_FLAGS,
    "shard-size": { type: "string" },
    deliver: { type: "boolean", default: false },
    ...JSON_FLAG,
  },
  async run(values, io) {
    const flags = await parseRunFlags(values, io, new Date());
    const { config } = await loadClientConfig(io.cwd, values.config, values.client);
    const storeDir = resolve(io.cwd, values.store);

    const started = performance.now();
    const limits = parseIngestLimits(values, Date.now());
    const progress = values.json ? undefined : (step: string, line: string) => io.out(`  ${step}: ${line}\n`);
    if (!values.json) io.out(`vectora run ${values.client} as of ${flags.asOf} (config ${config.version})\n`);
    const week: WeekResult = await runWeek({
      config,
      clientId: values.client,
      asOf: flags.asOf,
      dataStore: new FsBlobStore(resolve(storeDir, "data"), {
        onWarning: (message) => io.err(`warning: ${message}\n`),
      }),
      newslettersStore: new FsBlobStore(resolve(storeDir, "newsletters")),
      transport: new ReplayHttpTransport(flags.replayDir),
      secrets: new NoSecrets(),
      shardSize: flags.shardSize,
      deliver: values.deliver,
      env: "local",
      ...(flags.periodDays ? { periodDays: flags.periodDays } : {}),
      ...(flags.llm ? { llm: flags.llm } : {}),
      ...(progress ? { onStep: progress } : {}),
      ...limits,
    });
    const run: FinishedRun = {
      week,
      clientId: values.client,
      asOf: flags.asOf,
      configVersion: config.version,
      replayDir: flags.replayDir,
      storeDir,
      seconds: (performance.now() - started) / 1000,
    };
    if (!week.engine) {
      io.err(`vectora run: no newsletter written\n${week.summary.message}\n`);
      if (values.json)
        io.out(`${JSON.stringify({ ok: false, summary: week.summary, shards: week.shards })}\n`);
      return 1;
    }
    io.out(
      values.json
        ? `${JSON.stringify(jsonResult(run, week.engine))}\n`
        : `${textLines(run, week.engine).join("\n")}\n`,
    );
    if (!values.json && !week.summary.ok) io.err(`vectora run: ${week.summary.message}\n`);
    return week.summary.ok ? 0 : 1;
  },
});

/** What `run` was given, checked before anything is read. */
interface RunFlags {
  replayDir: string;
  asOf: string;
  periodDays: number | undefined;
  shardSize: number;
  llm: LlmClient | undefined;
}

/**
 * Parses and checks `run`'s flags before anything is read: the as-of (the flag, else the recordings' own) and
 * `--period-days` within the bounds the Lambdas accept ({@link checkRunWindow}), the shard size, the ingest limits
 * and the LLM mode.
 */
async function parseRunFlags(
  values: {
    replay?: string | undefined;
    "as-of"?: string | undefined;
    "period-days"?: string | undefined;
    "shard-size"?: string | undefined;
    concurrency?: string | undefined;
    deadline?: string | undefined;
    llm: string;
  },
  io: CliIO,
  now: Date,
): Promise<RunFlags> {
  // Only an explicit flag overrides the window from the ledger (the recordings' period is the client's own).
  const { asOf: flagAsOf, periodDays } = parseWindowFlags(values);
  const replayDir = values.replay ? resolve(io.cwd, values.replay) : RECORDED_FIXTURES;
  const manifest = await readRecordingManifest(replayDir);
  const asOf = flagAsOf ?? manifest?.as_of ?? RECORDED_AS_OF;
  checkRunWindow(
    {
      asOf,
      periodDays,
      asOfFrom: flagAsOf !== undefined ? "--as-of" : `as_of of ${replayDir}/recording.json`,
    },
    now,
  );
  const shardSize =
    parseIntegerFlag("shard-size", values["shard-size"], 1, MAX_SHARD_SIZE) ?? DEFAULT_SHARD_SIZE;
  parseIngestLimits(values, 0); // checked before anything is read; counted from the run's start in `run`
  const llm = await createLlm(values.llm, io.env);
  return { replayDir, asOf, periodDays, shardSize, llm };
}

/** A run that wrote its newsletter, and where. */
interface FinishedRun {
  week: WeekResult;
  clientId: string;
  asOf: string;
  configVersion: string;
  replayDir: string;
  storeDir: string;
  seconds: number;
}
type EngineOfWeek = NonNullable<WeekResult["engine"]>;

/** The newsletter's three files, on disk. */
function filesOf(run: FinishedRun, result: EngineOfWeek) {
  return {
    md: resolve(run.storeDir, "newsletters", result.keys.md),
    html: resolve(run.storeDir, "newsletters", result.keys.html),
    json: resolve(run.storeDir, "newsletters", result.keys.json),
  };
}

/** `--json`: the run as one object. */
function jsonResult(run: FinishedRun, result: EngineOfWeek) {
  const { week } = run;
  return {
    client_id: run.clientId,
    as_of: run.asOf,
    window: result.window,
    window_basis: result.window_basis,
    config_version: run.configVersion,
    replay: run.replayDir,
    plan: {
      sources: week.plan.sources,
      shards: week.plan.shards.length,
      shard_size: week.plan.shard_size,
    },
    ingest: ingestTotals(week),
    newsletter: {
      files: filesOf(run, result),
      archive: resolve(run.storeDir, "newsletters", result.archive_key),
      ledger: resolve(run.storeDir, "data", result.ledger_key),
      late_items: result.late_items,
      counts: result.counts,
      sections: result.sections,
      failed_sources: result.failed_sources,
      sources_to_check: result.sources_to_check,
      llm: result.llm,
    },
    ...(week.delivery ? { delivery: week.delivery } : {}),
    summary: week.summary,
    warnings: result.warnings,
    seconds: Math.round(run.seconds * 100) / 100,
  };
}

/** The run's report for a person: the window, ingest, the newsletter's figures, then the files' paths. */
function textLines(run: FinishedRun, result: EngineOfWeek): string[] {
  const { week } = run;
  const ingest = ingestTotals(week);
  const files = filesOf(run, result);
  const eml =
    week.delivery && "eml" in week.delivery && typeof week.delivery.eml === "string"
      ? week.delivery.eml.replace(/^dir:/, "")
      : undefined;
  const notRead = week.reports.flatMap((r) => r.sources).filter((s) => s.status !== "ok");
  const lateKept = result.engine.decisions.filter((d) => d.kept && d.late).length;
  return [
    `  window ${result.window.from} – ${result.window.to}: ${describeWindowBasis(result.window_basis, (d) => d)}`,
    `  ingest: ${ingest.totals.sources_ok}/${week.plan.sources} sources read in ${week.shards.length} shard(s), ${ingest.totals.in_window} items in the window, ${ingest.totals.new} new, ${ingest.totals.updated} updated (replayed from ${run.replayDir})`,
    ...ingest.cut_short.map(
      (cut) =>
        `  cut short at its deadline ${cut.deadline}: ${cut.abandoned} abandoned, ${cut.deferred} deferred (the newsletter footer lists them as not read)`,
    ),
    ...notRead.map((s) => `  source ${s.status}: ${s.source_key}: ${s.reason ?? s.status}`),
    ...result.sources_to_check.map((s) => `  source to check (${s.flag}): ${s.source_key}: ${s.message}`),
    `  newsletter: ${result.counts.kept} of ${result.counts.input} items kept in ${result.sections.length} section(s)` +
      (result.sections.length ? ` (${result.sections.map((s) => `${s.id} ${s.items}`).join(", ")})` : "") +
      `; dropped: ${result.counts.noise} noise, ${result.counts.editor_drop > 0 ? `${result.counts.editor_drop} by the editor, ` : ""}${result.counts.not_lai} no LAI signal, ${result.counts.duplicates} duplicate${result.counts.duplicates === 1 ? "" : "s"}, ${result.counts.already_published} in an earlier issue, ${result.counts.below_min_score} below min score, ${result.counts.not_selected} over limits` +
      (lateKept > 0 ? `; ${lateKept} late arrival${lateKept === 1 ? "" : "s"}` : ""),
    `  LLM: ${llmUsageLine(result.llm)}`,
    `  archive: ${resolve(run.storeDir, "newsletters", result.archive_key)}`,
    ...result.warnings.map((w) => `  warning: ${w}`),
    `  done in ${run.seconds.toFixed(2)} s`,
    "",
    files.md,
    files.html,
    files.json,
    ...(eml ? [eml] : []),
  ];
}

/** The shards' ingest runs, added up (each shard is a run of its own). */
function ingestTotals(week: WeekResult) {
  const totals: Record<string, number> = {};
  for (const report of week.reports)
    for (const [k, v] of Object.entries(report.totals)) totals[k] = (totals[k] ?? 0) + v;
  const sum = (k: string) => totals[k] ?? 0;
  return {
    runs: week.reports.map((r) => ({ run_id: r.run_id, status: r.status })),
    status: week.reports.every((r) => r.status === "succeeded")
      ? "succeeded"
      : sum("sources_ok")
        ? "partial"
        : "failed",
    totals: {
      ...totals,
      sources_ok: sum("sources_ok"),
      in_window: sum("in_window"),
      new: sum("new"),
      updated: sum("updated"),
    },
    cut_short: week.reports.flatMap((r) => (r.cut_short ? [r.cut_short] : [])),
  };
}
