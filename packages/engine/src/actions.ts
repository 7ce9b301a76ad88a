/**
 * The engine Lambda's actions, one function each — `engine` (the weekly run's engine step), `deliver`,
 * `summarize` and `watch` — from a validated event and the clients `create-handler.ts` wired. Each logs what it
 * did and returns its 200 answer; unexpected failures throw (Lambda records them, the state machine catches them).
 */
import type { LlmClient, Mailer, VectoraConfig, WindowBasis } from "@vectora/core";
import { DeliveryNotReadyError, deliverIssue } from "@vectora/core/delivery";
import type { DeliverReply, StepEventOf } from "@vectora/core/events";
import {
  clientFreshness,
  type EngineStepReply,
  engineReplyOf,
  runEngineStep,
  summarizeRun,
} from "@vectora/core/jobs/engine-steps";
import type { Log } from "@vectora/core/lambda";
import type { BlobStore } from "@vectora/core/ports";

export interface EngineSuccess extends EngineStepReply {
  window: { from: string; to: string };
  /** Why the window is what it is: `first_issue`, `since_previous`, `catch_up` or `explicit_period`. */
  window_basis: WindowBasis;
  config_version: string;
  /** The issue's ledger entry (data bucket) and the client's archive page (newsletters bucket). */
  ledger: string;
  archive: string;
  /** Items printed as late arrivals. */
  late_items: number;
  warnings: number;
  duration_ms: number;
}

export interface SummaryReply {
  statusCode: 200;
  ok: boolean;
  subject: string;
  message: string;
  /** Whether notify publishes it (not for the e2e clients: their runs must not page anyone). */
  notify: boolean;
}

export interface WatchReply {
  statusCode: 200;
  clients: Array<{ client_id: string; days_since_last_issue: number | null }>;
}

/** What every action runs with: the stores and clients of one handler. */
export interface ActionDeps {
  dataStore: BlobStore;
  newslettersStore: BlobStore;
  clock: () => Date;
  log: Log;
  dataBucket: string;
  newslettersBucket: string;
  /** The environment's name (`ENV`), named in the run summary. */
  env: string;
  llm?: LlmClient;
  /** The mailer of real sends, built on the first real send (a dry run never needs one). */
  mailer?: () => Mailer;
}

/** Runs the engine on the event's client and as-of (today UTC when not given). */
export async function runEngineAction(
  event: StepEventOf<"engine">,
  config: VectoraConfig,
  deps: ActionDeps,
): Promise<Omit<EngineSuccess, "duration_ms">> {
  const asOf = event.as_of ?? event.target_date ?? deps.clock().toISOString().slice(0, 10);
  deps.log("info", "engine run started", {
    client_id: event.client_id,
    as_of: asOf,
    config_version: config.version,
    llm: deps.llm?.modelId ?? null,
    shards: event.shards?.length ?? null,
  });
  const result = await runEngineStep({
    config,
    clientId: event.client_id,
    dataStore: deps.dataStore,
    newslettersStore: deps.newslettersStore,
    targetDate: asOf,
    clock: deps.clock,
    ...(event.shards ? { shards: event.shards } : {}),
    ...(event.period_days ? { periodDays: event.period_days } : {}),
    ...(deps.llm ? { llm: deps.llm } : {}),
  });
  for (const warning of result.warnings) deps.log("warn", warning, { client_id: event.client_id });
  const s3 = (key: string) => `s3://${deps.newslettersBucket}/${key}`;
  return {
    ...engineReplyOf(result, s3),
    window: result.window,
    window_basis: result.window_basis,
    config_version: result.config_version,
    ledger: `s3://${deps.dataBucket}/${result.ledger_key}`,
    archive: s3(result.archive_key),
    late_items: result.engine.decisions.filter((d) => d.kept && d.late).length,
    warnings: result.warnings.length,
  };
}

/** Delivers the issue (a dry run writes `newsletter.eml`; a real send needs the mailer). */
export async function runDeliverAction(
  event: StepEventOf<"deliver">,
  config: VectoraConfig,
  deps: ActionDeps,
): Promise<DeliverReply> {
  try {
    const reply = await deliverIssue({
      config,
      clientId: event.client_id,
      asOf: event.as_of,
      dataStore: deps.dataStore,
      newslettersStore: deps.newslettersStore,
      dryRun: event.dry_run ?? false,
      resend: event.resend ?? false,
      actor: event.execution ?? "engine Lambda",
      clock: deps.clock,
      ...(deps.mailer && !event.dry_run ? { mailer: deps.mailer() } : {}),
    });
    deps.log(reply.status === "claimed" ? "warn" : "info", "delivery", { ...reply });
    return reply;
  } catch (error) {
    if (error instanceof DeliveryNotReadyError)
      deps.log("error", "issue not ready to deliver", { error: error.message });
    throw error;
  }
}

/** The run's summary from the state machine's state. Needs no config: it must work when the config broke the run. */
export function runSummarizeAction(event: StepEventOf<"summarize">, deps: ActionDeps): SummaryReply {
  const summary = summarizeRun(event.run, {
    env: deps.env,
    ...(event.execution ? { execution: event.execution } : {}),
  });
  deps.log(summary.ok ? "info" : "error", "run summary", { subject: summary.subject });
  return { statusCode: 200, ...summary };
}

/**
 * The hourly watch: each client's days since its last issue, emitted as the freshness metric (`emitFreshness`)
 * for the "no newsletter in 8 days" alarm.
 */
export async function runWatchAction(
  config: VectoraConfig,
  deps: ActionDeps,
  emitFreshness: (clientId: string, days: number) => void,
): Promise<WatchReply> {
  const clients = await clientFreshness(deps.dataStore, config, deps.clock());
  for (const c of clients)
    if (c.days_since_last_issue !== null) emitFreshness(c.client_id, c.days_since_last_issue);
  return {
    statusCode: 200,
    clients: clients.map(({ client_id, days_since_last_issue }) => ({ client_id, days_since_last_issue })),
  };
}
