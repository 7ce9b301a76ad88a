/**
 * The engine Lambda's step of the weekly run: the engine job on what the shards read, the sources of failed
 * shards named as not read. Nothing here imports ingest (the engine bundle leaves the readers out).
 */
import type { NotRead, ShardOutcome } from "../events/step-replies.js";
import { sanitizeText } from "../util/safe-text.js";
import {
  type RunEngineForClientOptions,
  type RunEngineForClientResult,
  runEngineForClient,
} from "./engine.js";
import { causeOf } from "./run-summary.js";

/** Whether a shard read anything (the state machine's Choice asks the same of each outcome). */
export function shardRead(outcome: ShardOutcome): boolean {
  return outcome.reply?.statusCode === 200 && outcome.reply.read === true;
}

/**
 * The sources of the shards that could not report (their Lambda failed after its retries, or refused the event),
 * with why. A shard that ran and read nothing is not listed: its run report names each source's failure.
 */
export function notReadOf(outcomes: readonly ShardOutcome[]): NotRead[] {
  return outcomes.flatMap((o) => {
    if (o.reply?.statusCode === 200) return [];
    const why = o.error
      ? `shard ${o.shard.index} failed: ${o.error.Error}${causeOf(o.error.Cause)}`
      : o.reply
        ? `shard ${o.shard.index} was refused: ${o.reply.error}`
        : `shard ${o.shard.index} did not answer`;
    return o.shard.sources.map((source_key) => ({ source_key, reason: sanitizeText(why).slice(0, 400) }));
  });
}

/** The engine step: the engine job, with the sources of failed shards named as not read. */
export async function runEngineStep(
  options: RunEngineForClientOptions & { shards?: readonly ShardOutcome[] },
): Promise<RunEngineForClientResult & { not_read: NotRead[] }> {
  const notRead = [...(options.notRead ?? []), ...notReadOf(options.shards ?? [])];
  const result = await runEngineForClient({ ...options, notRead });
  return { ...result, not_read: notRead };
}

export { type ClientFreshness, clientFreshness, FRESHNESS_METRIC } from "./freshness.js";
export { type EngineStepReply, engineReplyOf, summarizeRun, summaryOfRefusedEvent } from "./run-summary.js";
