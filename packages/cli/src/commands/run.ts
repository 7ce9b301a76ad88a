import { resolve } from "node:path";
import {
  describeWindowBasis,
  IngestRunError,
  type LlmClient,
  llmUsageLine,
  NoSecrets,
  type PipelineResult,
  runPipeline,
} from "@vectora/core";
import { FsBlobStore, ReplayHttpTransport } from "@vectora/core/adapters";
import {
  CLIENT_FLAG,
  CONFIG_FLAG,
  defineCommand,
  INGEST_FLAGS,
  INGEST_FLAGS_USAGE,
  JSON_FLAG,
  parseDateFlag,
  parseIngestLimits,
  parsePeriodDays,
  UsageError,
  WINDOW_FLAGS,
} from "../cli-kit.js";
import { loadClientConfig } from "../support/client-config.js";
import { readRecordingManifest } from "../support/recording-manifest.js";
import { RECORDED_AS_OF, RECORDED_FIXTURES } from "../support/repo-paths.js";

const USAGE = [
  "Usage: vectora run [--client lai_weekly] [--replay DIR] [--as-of YYYY-MM-DD] [--period-days N]",
  "                   [--concurrency N] [--deadline SECONDS] [--store DIR] [--config DIR] [--llm off|bedrock]",
  "                   [--json]",
  "",
  "The main job, locally: ingest the client's sources, then write the newsletter (Markdown, HTML, JSON).",
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
  "  --json         print the result as one JSON object",
  "",
  "Prints the paths of the three newsletter files; the issue is recorded in the store's ledger (see",
  "`vectora history`) and the archive page <client>/index.html is rewritten. Running the same --as-of again",
  "rebuilds that issue. Exit 0 when written (even if some sources failed or were cut by --deadline: the",
  "newsletter footer names them as not read, with why), 1 when no source was read or the config is invalid.",
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
    ...JSON_FLAG,
  },
  async run(values, io) {
    const replayDir = values.replay ? resolve(io.cwd, values.replay) : RECORDED_FIXTURES;
    const manifest = await readRecordingManifest(replayDir);
    const asOf = parseDateFlag("as-of", values["as-of"]) ?? manifest?.as_of ?? RECORDED_AS_OF;
    // Only an explicit flag overrides the window from the ledger (the recordings' period is the client's own).
    const periodDays = parsePeriodDays(values["period-days"]);
    parseIngestLimits(values, 0); // checked before anything is read; counted from the run's start below
    const llm = await createLlm(values.llm, io.env);

    const { config } = await loadClientConfig(io.cwd, values.config, values.client);
    const storeDir = resolve(io.cwd, values.store);

    const started = performance.now();
    const limits = parseIngestLimits(values, Date.now());
    let pipeline: PipelineResult;
    try {
      pipeline = await runPipeline({
        config,
        clientId: values.client,
        asOf,
        dataStore: new FsBlobStore(resolve(storeDir, "data"), {
          onWarning: (message) => io.err(`warning: ${message}\n`),
        }),
        newslettersStore: new FsBlobStore(resolve(storeDir, "newsletters")),
        transport: new ReplayHttpTransport(replayDir),
        secrets: new NoSecrets(),
        ...(periodDays ? { periodDays } : {}),
        ...(llm ? { llm } : {}),
        ...limits,
      });
    } catch (error) {
      if (error instanceof IngestRunError) {
        io.err(`vectora run: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    const { ingest, engine: result } = pipeline;
    const seconds = (performance.now() - started) / 1000;
    const files = {
      md: resolve(storeDir, "newsletters", result.keys.md),
      html: resolve(storeDir, "newsletters", result.keys.html),
      json: resolve(storeDir, "newsletters", result.keys.json),
    };
    const archive = resolve(storeDir, "newsletters", result.archive_key);

    if (values.json) {
      io.out(
        `${JSON.stringify({
          client_id: values.client,
          as_of: asOf,
          window: result.window,
          window_basis: result.window_basis,
          config_version: config.version,
          replay: replayDir,
          ingest: {
            run_id: ingest.run_id,
            status: ingest.status,
            totals: ingest.totals,
            ...(ingest.cut_short ? { cut_short: ingest.cut_short } : {}),
          },
          newsletter: {
            files,
            archive,
            ledger: resolve(storeDir, "data", result.ledger_key),
            late_items: result.late_items,
            counts: result.counts,
            sections: result.sections,
            failed_sources: result.failed_sources,
            sources_to_check: result.sources_to_check,
            llm: result.llm,
          },
          warnings: result.warnings,
          seconds: Math.round(seconds * 100) / 100,
        })}\n`,
      );
      return 0;
    }
    const notRead = ingest.sources.filter((s) => s.status !== "ok");
    const cut = ingest.cut_short;
    const lateKept = result.engine.decisions.filter((d) => d.kept && d.late).length;
    const lines = [
      `vectora run ${values.client} as of ${asOf} (window ${result.window.from} – ${result.window.to}: ${describeWindowBasis(result.window_basis, (d) => d)}; config ${config.version})`,
      `  ingest ${ingest.run_id}: ${ingest.totals.sources_ok}/${ingest.sources.length} sources read, ${ingest.totals.in_window} items in the window, ${ingest.totals.new} new, ${ingest.totals.updated} updated (replayed from ${replayDir})`,
      ...(cut
        ? [
            `  cut short at its deadline ${cut.deadline}: ${cut.abandoned} abandoned, ${cut.deferred} deferred (the newsletter footer lists them as not read)`,
          ]
        : []),
      ...notRead.map((s) => `  source ${s.status}: ${s.source_key}: ${s.reason ?? s.status}`),
      ...result.sources_to_check.map((s) => `  source to check (${s.flag}): ${s.source_key}: ${s.message}`),
      `  newsletter: ${result.counts.kept} of ${result.counts.input} items kept in ${result.sections.length} section(s)` +
        (result.sections.length ? ` (${result.sections.map((s) => `${s.id} ${s.items}`).join(", ")})` : "") +
        `; dropped: ${result.counts.noise} noise, ${result.counts.not_lai} no LAI signal, ${result.counts.duplicates} duplicate${result.counts.duplicates === 1 ? "" : "s"}, ${result.counts.already_published} in an earlier issue, ${result.counts.below_min_score} below min score, ${result.counts.not_selected} over limits` +
        (lateKept > 0 ? `; ${lateKept} late arrival${lateKept === 1 ? "" : "s"}` : ""),
      `  LLM: ${llmUsageLine(result.llm)}`,
      `  archive: ${archive}`,
      ...result.warnings.map((w) => `  warning: ${w}`),
      `  done in ${seconds.toFixed(2)} s`,
      "",
      files.md,
      files.html,
      files.json,
    ];
    io.out(`${lines.join("\n")}\n`);
    return 0;
  },
});
