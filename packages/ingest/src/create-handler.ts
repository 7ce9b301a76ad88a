/**
 * The ingest Lambda, as a factory: validate the event, wire S3 stores, the HTTP transport and the secrets,
 * run ingest, return the run's figures. Clients are passed in (`handler.ts` builds the real ones on the first
 * invocation), so tests run it against a local S3 server with recorded HTTP.
 */
import type { S3Client } from "@aws-sdk/client-s3";
import type { HttpTransport, IngestReport, Secrets } from "@vectora/core";
import { LiveHttpTransport, withUserAgent } from "@vectora/core/adapters";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import type { VectoraConfig } from "@vectora/core/config";
import { ConfigError, loadConfig, userAgentFor } from "@vectora/core/config";
import type { PlanReply, ShardReply, StepEventOf } from "@vectora/core/events";
import { IngestOptionsError, IngestRunError, runIngest } from "@vectora/core/jobs/ingest";
import { ingestShard, planWeek } from "@vectora/core/jobs/ingest-steps";
import {
  type BadRequest,
  badRequest,
  deadlineFromContext,
  jsonLogger,
  type LambdaContext,
  type Log,
} from "@vectora/core/lambda";
import { NoSecrets } from "@vectora/core/ports";
import { readIngestEnv } from "./env.js";
import { parseIngestEvent } from "./event.js";

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
/** What the Lambda returns: the run's figures (a week's plan, a shard's reply), or a 400 naming the bad field. */
export type IngestResult = IngestSuccess | PlanReply | ShardReply | BadRequest;

/** What the handler is built from. */
export interface IngestHandlerDeps {
  /** The environment, validated here (see env.ts). */
  env: Record<string, string | undefined>;
  /** S3 client for both buckets (tests pass the local server's client). */
  s3Client: S3Client;
  /** The sources' HTTP; live by default. */
  transport?: HttpTransport;
  /** The PubMed key; none by default (`handler.ts` passes SSM when `PUBMED_API_KEY_PARAM` is set). */
  secrets?: Secrets;
  clock?: () => Date;
  /** Structured log sink; default writes JSON lines at or above `LOG_LEVEL` to stdout/stderr (CloudWatch). */
  log?: Log;
}

/**
 * Builds the handler. Reads and validates the environment now (init), so a missing variable fails with its
 * name instead of the first event being accepted. The handler takes the Lambda context: the run's deadline is
 * its remaining time minus a margin, so a slow site can never make the Lambda time out before the run has
 * stored what it read and written its report.
 */
export function createHandler(
  deps: IngestHandlerDeps,
): (event: unknown, context?: LambdaContext) => Promise<IngestResult> {
  const env = readIngestEnv(deps.env);
  const log = deps.log ?? jsonLogger({ level: env.LOG_LEVEL });
  const configStore = new S3BlobStore({ client: deps.s3Client, bucket: env.CONFIG_BUCKET });
  const dataStore = new S3BlobStore({ client: deps.s3Client, bucket: env.DATA_BUCKET });
  const transport = deps.transport ?? new LiveHttpTransport();
  const secrets = deps.secrets ?? new NoSecrets();
  const clock = deps.clock ?? (() => new Date());

  /** One shard of the weekly run: an ingest run of its sources, answering whether it read anything. */
  async function runShard(
    event: StepEventOf<"shard">,
    config: VectoraConfig,
    context: LambdaContext | undefined,
    invokedAt: number,
  ): Promise<ShardReply | BadRequest> {
    const deadline = deadlineFromContext(context, invokedAt, event.deadline_ms);
    log("info", "shard started", {
      client_id: event.client_id,
      as_of: event.as_of,
      shard: event.shard.index,
    });
    try {
      const { reply } = await ingestShard({
        config,
        clientId: event.client_id,
        store: dataStore,
        // The catalog's identity (User-Agent with the operators' contact), as a whole-client run sends it.
        transport: withUserAgent(transport, userAgentFor(config.http).header),
        secrets,
        asOf: event.as_of,
        clock,
        shard: event.shard,
        ...(event.period_days ? { periodDays: event.period_days } : {}),
        ...(event.concurrency ? { concurrency: event.concurrency } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
      });
      log(reply.read ? "info" : "warn", "shard finished", {
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

  return async (rawEvent: unknown, context?: LambdaContext): Promise<IngestResult> => {
    // Read first: the remaining time is counted from the invocation's start, not from after the config loads.
    const invokedAt = clock().getTime();
    const parsed = parseIngestEvent(rawEvent, clock);
    if (!parsed.ok) {
      log("warn", "rejected ingest event", { error: parsed.error });
      return badRequest(parsed.error);
    }
    const event = parsed.event;
    let config: Awaited<ReturnType<typeof loadConfig>>;
    try {
      config = await loadConfig(configStore, { label: `${configStore.location}/` });
    } catch (error) {
      if (error instanceof ConfigError) log("error", "invalid config", { issues: error.issues });
      throw error;
    }
    const clientId = event.action === "plan" ? event.input.client_id : event.client_id;
    if (!config.clients[clientId])
      return badRequest(
        `${event.action === "plan" ? "input." : ""}client_id: unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`,
      );
    if (event.action === "plan") {
      const plan = planWeek({
        config,
        clientId,
        ...(event.input.as_of ? { asOf: event.input.as_of } : {}),
        startedAt: event.started_at ? new Date(event.started_at) : clock(),
        periodDays: event.input.period_days ?? null,
        shardSize: event.shard_size,
        dryRun: event.input.dry_run ?? false,
        resend: event.input.resend ?? false,
      });
      log("info", "week planned", {
        client_id: clientId,
        as_of: plan.as_of,
        sources: plan.sources,
        shards: plan.shards.length,
      });
      return plan;
    }
    if (event.action === "shard") return runShard(event, config, context, invokedAt);
    const asOf = event.as_of ?? clock().toISOString().slice(0, 10);
    const deadline = deadlineFromContext(context, invokedAt, event.deadline_ms);
    log("info", "ingest started", {
      client_id: event.client_id,
      as_of: asOf,
      config_version: config.version,
      ...(deadline !== undefined ? { deadline: new Date(deadline).toISOString() } : {}),
    });
    let report: IngestReport;
    try {
      report = await runIngest({
        config,
        clientId: event.client_id,
        store: dataStore,
        // The catalog's identity (User-Agent with the operators' contact), known once the config is loaded.
        transport: withUserAgent(transport, userAgentFor(config.http).header),
        secrets,
        asOf,
        clock,
        ...(event.period_days ? { periodDays: event.period_days } : {}),
        ...(event.sources ? { sources: event.sources } : {}),
        ...(event.concurrency ? { concurrency: event.concurrency } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
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
    log(report.cut_short ? "warn" : "info", "ingest finished", {
      run_id: report.run_id,
      status: report.status,
      totals: report.totals,
      ...(report.cut_short ? { cut_short: report.cut_short } : {}),
    });
    for (const flag of report.source_flags ?? [])
      log("warn", "source to check", { source_key: flag.source_key, flag: flag.flag, message: flag.message });
    return success(report);
  };
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
