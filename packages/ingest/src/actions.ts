/**
 * The ingest Lambda's actions, one function each — `plan` and `shard` (the weekly state machine's first steps)
 * and `ingest` (a whole-client run) — from a validated event, the loaded config and the clients
 * `create-handler.ts` wired. Each logs what it did and returns its answer; unexpected failures throw.
 */
import type { HttpTransport, IngestReport, Secrets } from "@vectora/core";
import { withUserAgent } from "@vectora/core/adapters";
import type { VectoraConfig } from "@vectora/core/config";
import { userAgentFor } from "@vectora/core/config";
import type { PlanReply, ShardReply, StepEventOf } from "@vectora/core/events";
import {
  IngestOptionsError,
  IngestRunError,
  type RunIngestOptions,
  runIngest,
} from "@vectora/core/jobs/ingest";
import { ingestShard, planWeek } from "@vectora/core/jobs/ingest-steps";
import { type BadRequest, badRequest, type Log } from "@vectora/core/lambda";
import type { BlobStore } from "@vectora/core/ports";

export interface IngestSuccess {
  statusCode: 200;
  client_id: string;
  run_id: string;
  status: IngestReport["status"];
  config_version: string;
  as_of: string;
  window: IngestReport["window"];
  items_key: string;
  report_key: string;
  totals: IngestReport["totals"];
  /** Set when the run stopped at its deadline (sources deferred or abandoned are listed in `sources`). */
  cut_short?: IngestReport["cut_short"];
  sources: Pick<
    IngestReport["sources"][number],
    "source_key" | "status" | "reason" | "new" | "updated" | "in_window" | "undated"
  >[];
  /** Sources that need a person: failing in their last 2 runs, or silent after yielding entries. */
  sources_to_check: NonNullable<IngestReport["source_flags"]>;
}

/** What every action runs with: the data store and the clients of one handler. */
export interface ActionDeps {
  dataStore: BlobStore;
  /** The sources' HTTP, before the catalog's User-Agent is added (known once the config is loaded). */
  transport: HttpTransport;
  secrets: Secrets;
  clock: () => Date;
  log: Log;
}

/** The week's plan: the client's sources in shards, and the as-of every later step uses. */
export function runPlanAction(
  event: StepEventOf<"plan">,
  config: VectoraConfig,
  deps: Pick<ActionDeps, "clock" | "log">,
): PlanReply {
  const clientId = event.input.client_id;
  const plan = planWeek({
    config,
    clientId,
    ...(event.input.as_of ? { asOf: event.input.as_of } : {}),
    startedAt: event.started_at ? new Date(event.started_at) : deps.clock(),
    periodDays: event.input.period_days ?? null,
    shardSize: event.shard_size,
    dryRun: event.input.dry_run ?? false,
    resend: event.input.resend ?? false,
  });
  deps.log("info", "week planned", {
    client_id: clientId,
    as_of: plan.as_of,
    sources: plan.sources,
    shards: plan.shards.length,
  });
  return plan;
}

/** One shard of the weekly run: an ingest run of its sources, answering whether it read anything. */
export async function runShardAction(
  event: StepEventOf<"shard">,
  config: VectoraConfig,
  deps: ActionDeps,
  deadline: number | undefined,
): Promise<ShardReply | BadRequest> {
  deps.log("info", "shard started", {
    client_id: event.client_id,
    as_of: event.as_of,
    shard: event.shard.index,
  });
  try {
    const { reply } = await ingestShard({
      ...runOptions(event, event.as_of, config, deps, deadline),
      shard: event.shard,
    });
    deps.log(reply.read ? "info" : "warn", "shard finished", {
      shard: reply.shard,
      run_id: reply.run_id,
      status: reply.status,
      totals: reply.totals,
    });
    return reply;
  } catch (error) {
    if (error instanceof IngestOptionsError) return badRequest(`shard.sources: ${error.message}`);
    throw error;
  }
}

/** A whole-client ingest run (the classic event): each source logged as it finishes, the run's figures. */
export async function runIngestAction(
  event: StepEventOf<"ingest">,
  config: VectoraConfig,
  deps: ActionDeps,
  deadline: number | undefined,
): Promise<IngestSuccess | BadRequest> {
  const { log } = deps;
  const asOf = event.as_of ?? deps.clock().toISOString().slice(0, 10);
  log("info", "ingest started", {
    client_id: event.client_id,
    as_of: asOf,
    config_version: config.version,
    ...(deadline !== undefined ? { deadline: new Date(deadline).toISOString() } : {}),
  });
  let report: IngestReport;
  try {
    report = await runIngest({
      ...runOptions(event, asOf, config, deps, deadline),
      ...(event.sources ? { sources: event.sources } : {}),
      onProgress: (p) => {
        if (p.type === "source_finished")
          log(p.source.status === "ok" ? "info" : "warn", "source read", {
            source_key: p.source.source_key,
            status: p.source.status,
            reason: p.source.reason,
            new: p.source.new,
            duration_ms: p.source.duration_ms,
          });
      },
    });
  } catch (error) {
    if (error instanceof IngestOptionsError) return badRequest(`sources: ${error.message}`);
    if (error instanceof IngestRunError)
      log("error", "no source was read", {
        run_id: error.report.run_id,
        report_key: error.report.report_key,
        reason: error.message.split("\n")[0],
      });
    throw error;
  }
  logFinished(report, log);
  return success(report);
}

/**
 * What a shard and a whole-client run are both started with: the event's client, window and limits, the data
 * store, and the transport carrying the catalog's identity (User-Agent with the operators' contact, known once the
 * config is loaded).
 */
function runOptions(
  event: StepEventOf<"ingest" | "shard">,
  asOf: string,
  config: VectoraConfig,
  deps: ActionDeps,
  deadline: number | undefined,
): Omit<RunIngestOptions, "sources" | "onProgress"> {
  return {
    config,
    clientId: event.client_id,
    store: deps.dataStore,
    transport: withUserAgent(deps.transport, userAgentFor(config.http).header),
    secrets: deps.secrets,
    asOf,
    clock: deps.clock,
    ...(event.period_days ? { periodDays: event.period_days } : {}),
    ...(event.concurrency ? { concurrency: event.concurrency } : {}),
    ...(deadline !== undefined ? { deadline } : {}),
  };
}

/** The run's last lines: its figures, then each source that needs a person. */
function logFinished(report: IngestReport, log: Log): void {
  log(report.cut_short ? "warn" : "info", "ingest finished", {
    run_id: report.run_id,
    status: report.status,
    totals: report.totals,
    ...(report.cut_short ? { cut_short: report.cut_short } : {}),
  });
  for (const flag of report.source_flags ?? [])
    log("warn", "source to check", { source_key: flag.source_key, flag: flag.flag, message: flag.message });
}

/** The 200 answer: the run's figures, without the per-source warnings. */
function success(report: IngestReport): IngestSuccess {
  return {
    statusCode: 200,
    client_id: report.client_id,
    run_id: report.run_id,
    status: report.status,
    config_version: report.config_version,
    as_of: report.as_of,
    window: report.window,
    items_key: report.items_key,
    report_key: report.report_key,
    totals: report.totals,
    ...(report.cut_short ? { cut_short: report.cut_short } : {}),
    sources: report.sources.map(
      ({ source_key, status, reason, new: added, updated, in_window, undated }) => ({
        source_key,
        status,
        ...(reason ? { reason } : {}),
        new: added,
        updated,
        in_window,
        undated,
      }),
    ),
    sources_to_check: report.source_flags ?? [],
  };
}
