/**
 * The engine Lambda, as a factory: validate the event, load the config, run the action (actions.ts) — the engine
 * job (the default), the delivery, the run summary or the hourly freshness watch — and return its figures.
 * Clients are passed in (`handler.ts` builds the real ones on the first invocation), so tests run it against a
 * local S3 server and a mocked SES.
 */

import type { S3Client } from "@aws-sdk/client-s3";
import type { LlmClient, Mailer, VectoraConfig } from "@vectora/core";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import { clientWatch } from "@vectora/core/config";
import type { DeliverReply } from "@vectora/core/events";
import { FRESHNESS_METRIC, summaryOfRefusedEvent } from "@vectora/core/jobs/engine-steps";
import {
  type BadRequest,
  badRequest,
  emfLine,
  jsonLogger,
  type Log,
  loadLambdaConfig,
} from "@vectora/core/lambda";
import {
  type ActionDeps,
  type EngineSuccess,
  runDeliverAction,
  runEngineAction,
  runSummarizeAction,
  runWatchAction,
  type SummaryReply,
  type WatchReply,
} from "./actions.js";
import { type EngineEnv, readEngineEnv } from "./env.js";
import { parseEngineEvent } from "./event.js";

export type { EngineSuccess, SummaryReply, WatchReply } from "./actions.js";

export interface EngineHandlerDeps {
  /** The environment, validated here (see env.ts). */
  env: Record<string, string | undefined>;
  s3Client: S3Client;
  llm?: LlmClient;
  /** The mailer of real sends (SES), built when the first delivery needs it. */
  mailer?: () => Mailer;
  clock?: () => Date;
  /** Where log lines go (one JSON object per line, at or above `LOG_LEVEL`); the console by default. */
  log?: (line: string) => void;
}

/** A refused summarize event: a 400 that still carries the summary notify publishes. */
export type RefusedSummaryReply = BadRequest & Omit<SummaryReply, "statusCode">;

/** What the Lambda returns: the action's figures, or a 400 naming the bad field. */
export type EngineHandlerResult =
  | EngineSuccess
  | DeliverReply
  | SummaryReply
  | RefusedSummaryReply
  | WatchReply
  | BadRequest;

/**
 * Builds the handler. Reads and validates the environment now (init). Unexpected failures (S3 down, invalid
 * config, SES refusing the message) throw: Lambda records them as errors and the state machine catches them.
 */
export function createHandler(deps: EngineHandlerDeps): (event: unknown) => Promise<EngineHandlerResult> {
  const env = readEngineEnv(deps.env);
  const write = deps.log ?? ((line: string) => console.log(line));
  const log = jsonLogger({
    level: env.LOG_LEVEL,
    fields: { env: env.ENV },
    ...(deps.log ? { write: deps.log } : {}),
  });
  const actions = actionDeps(deps, env, log);
  const emitFreshness = freshnessEmitter(env, write, actions.clock);
  const configStore = new S3BlobStore({ client: deps.s3Client, bucket: env.CONFIG_BUCKET });

  return async (input) => {
    const started = Date.now();
    const parsed = parseEngineEvent(input, actions.clock);
    if (!parsed.ok) {
      log("warn", "bad event", { error: parsed.error });
      return refusedReply(input, parsed.error, env.ENV);
    }
    const event = parsed.event;
    // The summary needs no config: it must work even when the config is what broke the run.
    if (event.action === "summarize") return runSummarizeAction(event, actions);
    const config = await loadLambdaConfig(configStore, log);
    if (event.action === "watch") return runWatchAction(config, actions, emitFreshness);
    try {
      clientWatch(config, event.client_id);
    } catch (error) {
      return badRequest(`client_id: ${(error as Error).message}`);
    }
    if (event.action === "deliver") return runDeliverAction(event, config, actions);
    if (event.target_date !== undefined)
      log("warn", "target_date is deprecated: send as_of (accepted for one more release)", {
        client_id: event.client_id,
      });
    const reply = await runEngineAction(event, config, actions);
    // Published: the client's freshness drops to 0 now (the hourly watch keeps it up to date).
    emitFreshness(event.client_id, 0);
    const finished = { ...reply, duration_ms: Date.now() - started };
    log("info", "engine run finished", finished);
    return finished;
  };
}

/**
 * The 400 of a refused event. Notify reads the summary's subject and message, so a refused summarize event still
 * carries them (its client id when the event names one).
 */
function refusedReply(input: unknown, error: string, envName: string): BadRequest | RefusedSummaryReply {
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (raw["action"] !== "summarize") return badRequest(error);
  const run = raw["run"] as Record<string, unknown> | undefined;
  const clientId = (run?.["input"] as Record<string, unknown> | undefined)?.["client_id"];
  return { ...badRequest(error), ...summaryOfRefusedEvent(error, { env: envName, clientId }) };
}

/** The stores and clients every action runs with. */
function actionDeps(deps: EngineHandlerDeps, env: EngineEnv, log: Log): ActionDeps {
  const store = (bucket: string) => new S3BlobStore({ client: deps.s3Client, bucket });
  return {
    dataStore: store(env.DATA_BUCKET),
    newslettersStore: store(env.NEWSLETTERS_BUCKET),
    clock: deps.clock ?? (() => new Date()),
    log,
    dataBucket: env.DATA_BUCKET,
    newslettersBucket: env.NEWSLETTERS_BUCKET,
    env: env.ENV,
    ...(deps.llm ? { llm: deps.llm } : {}),
    ...(deps.mailer ? { mailer: once(deps.mailer) } : {}),
  };
}

/** The factory's value, built on the first call and kept (the SES client lives as long as the handler). */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

/** The freshness metric (EMF) of one client: what the "no newsletter in 8 days" alarm reads. */
function freshnessEmitter(
  env: EngineEnv,
  write: (line: string) => void,
  clock: () => Date,
): (clientId: string, days: number) => void {
  return (clientId, days) =>
    write(
      emfLine(
        FRESHNESS_METRIC.namespace,
        { Env: env.ENV, ClientId: clientId },
        { [FRESHNESS_METRIC.name]: { value: days, unit: "None" } },
        clock(),
      ),
    );
}
