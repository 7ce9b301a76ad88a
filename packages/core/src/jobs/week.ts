/**
 * The weekly run in-process — what `vectora run` does — through the same steps, in the same order, as the state
 * machine on AWS: plan → one ingest per shard → engine (only if a shard read something) → deliver → summary. A
 * step's failure is caught and recorded like the state machine's Catch does (`{Error, Cause}`), so the summary
 * names it; the shards run one after the other here (the state machine runs `MaxConcurrency` at once), which
 * keeps a local run's newsletter reproducible.
 */
import { deliverIssue } from "../delivery/deliver.js";
import type { DeliverReply, PlanReply, RunSummary, ShardOutcome, TaskError } from "../events/step-replies.js";
import type { IngestReport } from "../ingest/report.js";
import type { Mailer } from "../ports/mailer.js";
import type { RunEngineForClientResult } from "./engine.js";
import { runEngineStep, shardRead } from "./engine-steps.js";
import { ingestShard, planWeek } from "./ingest-steps.js";
import type { RunPipelineOptions } from "./pipeline.js";
import { type EngineStepReply, engineReplyOf, summarizeRun } from "./run-summary.js";

/** The pipeline's options (same meaning), plus the week's own: shards, delivery, the summary's environment. */
export interface RunWeekOptions extends RunPipelineOptions {
  /** Sources per shard (the stack's `ShardSize`). */
  shardSize: number;
  /** Run the deliver step: a dry run (`newsletter.eml`) unless a mailer is given. */
  deliver?: boolean;
  mailer?: Mailer;
  resend?: boolean;
  /** The environment named in the summary (`local`). */
  env: string;
  /** One line per step, as it finishes. */
  onStep?: (step: string, line: string) => void;
}

export interface WeekResult {
  plan: PlanReply;
  shards: ShardOutcome[];
  reports: IngestReport[];
  engine: (RunEngineForClientResult & { not_read: EngineStepReply["not_read"] }) | null;
  engineError: TaskError | null;
  delivery: DeliverReply | TaskError | null;
  summary: RunSummary;
}

/** A caught error as Step Functions records a Lambda's: `{Error: errorType, Cause: JSON of the error}`. */
export function taskErrorOf(error: unknown): TaskError {
  const err = error instanceof Error ? error : new Error(String(error));
  return { Error: err.name, Cause: JSON.stringify({ errorType: err.name, errorMessage: err.message }) };
}

/**
 * Runs the week (see the top of this file). Rejects only when the plan itself cannot be made (unknown client);
 * every later failure is in the result and its summary (`summary.ok === false`).
 *
 * @example
 * ```ts
 * const week = await runWeek({
 *   config,
 *   clientId: "lai_weekly",
 *   asOf: "2025-12-17",
 *   dataStore: new FsBlobStore(".vectora/data"),
 *   newslettersStore: new FsBlobStore(".vectora/newsletters"),
 *   transport: new ReplayHttpTransport("fixtures/recorded/lai-2025-12"),
 *   secrets: new NoSecrets(),
 *   shardSize: DEFAULT_SHARD_SIZE,
 *   env: "local",
 * });
 * week.summary.ok; // true when the newsletter was written
 * week.engine?.keys.md; // "lai_weekly/2025/12/17/newsletter.md"
 * ```
 */
export async function runWeek(options: RunWeekOptions): Promise<WeekResult> {
  const step = options.onStep ?? (() => {});
  /** A step's failure, caught as the state machine's Catch does: its first line printed, the error recorded. */
  const caught = (name: string, error: unknown): TaskError => {
    step(name, `FAILED: ${(error as Error).message.split("\n")[0]}`);
    return taskErrorOf(error);
  };
  const clock = options.clock ? { clock: options.clock } : {};
  const period = options.periodDays ? { periodDays: options.periodDays } : {};
  /** What the engine and deliver steps both work on: the client's config and the two stores. */
  const issue = {
    config: options.config,
    clientId: options.clientId,
    dataStore: options.dataStore,
    newslettersStore: options.newslettersStore,
  };
  const plan = planWeek({
    config: options.config,
    clientId: options.clientId,
    asOf: options.asOf,
    periodDays: options.periodDays ?? null,
    shardSize: options.shardSize,
    dryRun: !options.mailer,
    resend: options.resend ?? false,
  });
  step("plan", `${plan.sources} source(s) in ${plan.shards.length} shard(s) of at most ${plan.shard_size}`);

  const shards: ShardOutcome[] = [];
  const reports: IngestReport[] = [];
  for (const shard of plan.shards) {
    try {
      const { reply, report } = await ingestShard({
        config: options.config,
        clientId: options.clientId,
        asOf: plan.as_of,
        store: options.dataStore,
        transport: options.transport,
        secrets: options.secrets,
        shard,
        ...clock,
        ...period,
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
        ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      });
      shards.push({ shard, reply });
      reports.push(report);
      step(
        `shard ${shard.index}`,
        `${reply.totals.sources_ok}/${shard.sources.length} source(s) read, ${reply.totals.new} new item(s) (run ${reply.run_id}, ${reply.status})`,
      );
    } catch (error) {
      shards.push({ shard, error: caught(`shard ${shard.index}`, error) });
    }
  }

  let engine: WeekResult["engine"] = null;
  let engineError: TaskError | null = null;
  if (shards.some(shardRead)) {
    try {
      engine = await runEngineStep({
        ...issue,
        targetDate: plan.as_of,
        shards,
        ...clock,
        ...period,
        ...(options.llm ? { llm: options.llm } : {}),
      });
      step(
        "engine",
        `${engine.counts.kept} of ${engine.counts.input} item(s) kept in ${engine.sections.length} section(s)`,
      );
    } catch (error) {
      engineError = caught("engine", error);
    }
  } else step("engine", "skipped: no shard read anything");

  let delivery: WeekResult["delivery"] = null;
  if (options.deliver && engine) {
    try {
      delivery = await deliverIssue({
        ...issue,
        asOf: plan.as_of,
        dryRun: !options.mailer,
        resend: options.resend ?? false,
        actor: "vectora run",
        ...(options.mailer ? { mailer: options.mailer } : {}),
        ...clock,
      });
      step("deliver", delivery.message);
    } catch (error) {
      delivery = caught("deliver", error);
    }
  }

  const where = (key: string) => `${options.newslettersStore.location}/${key}`;
  const summary = summarizeRun(
    {
      plan,
      ingest: { shards },
      engine: engine ? engineReplyOf(engine, where) : engineError,
      delivery,
    },
    { env: options.env },
  );
  step("summary", summary.subject);
  return { plan, shards, reports, engine, engineError, delivery, summary };
}
