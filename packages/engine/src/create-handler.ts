/**
 * The engine Lambda, as a factory: validate the event, load the config, run the action — the engine job (the
 * default), the delivery, the run summary or the hourly freshness watch — and return its figures. Clients are
 * passed in (`handler.ts` builds the real ones on the first invocation), so tests run it against a local S3 server
 * and a mocked SES.
 */

import type { S3Client } from "@aws-sdk/client-s3";
import type { LlmClient, Mailer, VectoraConfig } from "@vectora/core";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import { ConfigError, clientWatch, loadConfig } from "@vectora/core/config";
import { DeliveryNotReadyError, deliverIssue } from "@vectora/core/delivery";
import type { DeliverReply, StepEventOf } from "@vectora/core/events";
import {
  clientFreshness,
  FRESHNESS_METRIC,
  summarizeRun,
  summaryOfRefusedEvent,
} from "@vectora/core/jobs/engine-steps";
import { type BadRequest, badRequest, emfLine, jsonLogger } from "@vectora/core/lambda";
import { type EngineSuccess, runEngineAction } from "./engine-action.js";
import { readEngineEnv } from "./env.js";
import { parseEngineEvent } from "./event.js";

export type { EngineSuccess } from "./engine-action.js";

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

export interface SummaryReply {
  statusCode: 200;
  ok: boolean;
  subject: string;
  message: string;
  notify: boolean;
}

/** A refused summarize event: a 400 that still carries the summary notify publishes. */
export type RefusedSummaryReply = BadRequest & Omit<SummaryReply, "statusCode">;

export interface WatchReply {
  statusCode: 200;
  clients: Array<{ client_id: string; days_since_last_issue: number | null }>;
}

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
  const clock = deps.clock ?? (() => new Date());
  const write = deps.log ?? ((line: string) => console.log(line));
  const log = jsonLogger({
    level: env.LOG_LEVEL,
    fields: { env: env.ENV },
    ...(deps.log ? { write: deps.log } : {}),
  });
  const store = (bucket: string) => new S3BlobStore({ client: deps.s3Client, bucket });
  const dataStore = store(env.DATA_BUCKET);
  const newslettersStore = store(env.NEWSLETTERS_BUCKET);
  let mailer: Mailer | undefined;
  /** The freshness metric (EMF) of one client: what the "no newsletter in 8 days" alarm reads. */
  const emitFreshness = (clientId: string, days: number) =>
    write(
      emfLine(
        FRESHNESS_METRIC.namespace,
        { Env: env.ENV, ClientId: clientId },
        { [FRESHNESS_METRIC.name]: { value: days, unit: "None" } },
        clock(),
      ),
    );

  async function loadConfigOrThrow(): Promise<VectoraConfig> {
    try {
      return await loadConfig(store(env.CONFIG_BUCKET), { label: `s3://${env.CONFIG_BUCKET}/` });
    } catch (error) {
      if (error instanceof ConfigError) log("error", "invalid config", { issues: error.issues });
      throw error;
    }
  }

  async function deliver(
    event: StepEventOf<"deliver">,
    config: VectoraConfig,
  ): Promise<DeliverReply | BadRequest> {
    try {
      const reply = await deliverIssue({
        config,
        clientId: event.client_id,
        asOf: event.as_of,
        dataStore,
        newslettersStore,
        dryRun: event.dry_run ?? false,
        resend: event.resend ?? false,
        actor: event.execution ?? "engine Lambda",
        clock,
        ...(mailer && !event.dry_run ? { mailer } : {}),
      });
      log(reply.status === "claimed" ? "warn" : "info", "delivery", { ...reply });
      return reply;
    } catch (error) {
      if (error instanceof DeliveryNotReadyError)
        log("error", "issue not ready to deliver", { error: error.message });
      throw error;
    }
  }

  return async (input) => {
    const started = Date.now();
    const parsed = parseEngineEvent(input, clock);
    if (!parsed.ok) {
      log("warn", "bad event", { error: parsed.error });
      const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
      // Notify reads the summary's subject and message: a refused summarize event must still carry them.
      if (raw["action"] === "summarize") {
        const run = raw["run"] as Record<string, unknown> | undefined;
        const clientId = (run?.["input"] as Record<string, unknown> | undefined)?.["client_id"];
        return {
          ...badRequest(parsed.error),
          ...summaryOfRefusedEvent(parsed.error, { env: env.ENV, clientId }),
        };
      }
      return badRequest(parsed.error);
    }
    const event = parsed.event;
    // The summary needs no config: it must work even when the config is what broke the run.
    if (event.action === "summarize") {
      const summary = summarizeRun(event.run, {
        env: env.ENV,
        ...(event.execution ? { execution: event.execution } : {}),
      });
      log(summary.ok ? "info" : "error", "run summary", { subject: summary.subject });
      return { statusCode: 200, ...summary };
    }
    const config = await loadConfigOrThrow();
    if (event.action === "watch") {
      const clients = await clientFreshness(dataStore, config, clock());
      for (const c of clients)
        if (c.days_since_last_issue !== null) emitFreshness(c.client_id, c.days_since_last_issue);
      return {
        statusCode: 200,
        clients: clients.map(({ client_id, days_since_last_issue }) => ({
          client_id,
          days_since_last_issue,
        })),
      };
    }
    try {
      clientWatch(config, event.client_id);
    } catch (error) {
      return badRequest(`client_id: ${(error as Error).message}`);
    }
    if (event.action === "deliver") return deliver(event, config);
    if (event.target_date !== undefined)
      log("warn", "target_date is deprecated: send as_of (accepted for one more release)", {
        client_id: event.client_id,
      });
    const reply = await runEngineAction(event, config, {
      dataStore,
      newslettersStore,
      clock,
      log,
      dataBucket: env.DATA_BUCKET,
      newslettersBucket: env.NEWSLETTERS_BUCKET,
      ...(deps.llm ? { llm: deps.llm } : {}),
    });
    // Published: the client's freshness drops to 0 now (the hourly watch keeps it up to date).
    emitFreshness(event.client_id, 0);
    log("info", "engine run finished", { ...reply, duration_ms: Date.now() - started });
    return { ...reply, duration_ms: Date.now() - started };
  };
}
