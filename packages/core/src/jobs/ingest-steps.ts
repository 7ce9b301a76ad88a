/**
 * The ingest Lambda's steps of the weekly run: plan the week (the client's enabled sources in shards) and ingest
 * one shard. The state machine calls them through the ingest Lambda (`action: "plan"`, `"shard"`), `vectora run`
 * in-process (`week.ts`).
 */
import { clientWatch } from "../config/load.js";
import type { VectoraConfig } from "../config/schema.js";
import type { PlanReply, ShardReply } from "../events/step-replies.js";
import type { IngestReport } from "../ingest/report.js";
import { clientOf, IngestRunError, type RunIngestOptions, runIngest } from "./ingest.js";

export interface PlanWeekOptions {
  config: VectoraConfig;
  clientId: string;
  /** The as-of; default the day of `startedAt` (UTC). */
  asOf?: string;
  /** The run's start (`$$.Execution.StartTime`): a retried plan keeps the same as-of. */
  startedAt?: Date;
  periodDays?: number | null;
  shardSize: number;
  dryRun?: boolean | null;
  resend?: boolean | null;
}

/**
 * Plans a week: the client's enabled sources, in catalog order, split into shards of `shardSize`. Throws
 * `IngestOptionsError` for an unknown client.
 *
 * @example
 * ```ts
 * planWeek({ config, clientId: "lai_weekly", asOf: "2025-12-17", shardSize: 5 }).shards.length; // 2 (10 sources)
 * ```
 */
export function planWeek(options: PlanWeekOptions): PlanReply {
  clientOf(options.config, options.clientId); // an unknown client: IngestOptionsError (clientWatch's is an Error)
  const keys = clientWatch(options.config, options.clientId).sources.map((s) => s.key);
  const shards: PlanReply["shards"] = [];
  for (let i = 0; i < keys.length; i += options.shardSize)
    shards.push({ index: shards.length, sources: keys.slice(i, i + options.shardSize) });
  return {
    statusCode: 200,
    client_id: options.clientId,
    as_of: options.asOf ?? (options.startedAt ?? new Date()).toISOString().slice(0, 10),
    period_days: options.periodDays ?? null,
    dry_run: options.dryRun ?? false,
    resend: options.resend ?? false,
    sources: keys.length,
    shard_size: options.shardSize,
    shards,
  };
}

/**
 * Ingests one shard: an ingest run of its sources. A shard whose every source failed answers `read: false` (its
 * run report says why, and the engine reads it) instead of failing: a site being down is not a Lambda error.
 */
export async function ingestShard(
  options: Omit<RunIngestOptions, "sources"> & { shard: { index: number; sources: string[] } },
): Promise<{ reply: ShardReply; report: IngestReport }> {
  let report: IngestReport;
  try {
    report = await runIngest({ ...options, sources: options.shard.sources });
  } catch (error) {
    if (!(error instanceof IngestRunError)) throw error;
    report = error.report;
  }
  return {
    report,
    reply: {
      statusCode: 200,
      shard: options.shard.index,
      read: report.totals.sources_ok > 0,
      run_id: report.run_id,
      status: report.status,
      totals: report.totals,
      ...(report.cut_short ? { cut_short: report.cut_short } : {}),
      sources: report.sources.map(({ source_key, status, reason, new: added }) => ({
        source_key,
        status,
        ...(reason ? { reason } : {}),
        new: added,
      })),
    },
  };
}
