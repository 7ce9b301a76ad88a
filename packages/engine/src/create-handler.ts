/**
 * The engine Lambda, as a factory: validate the event, wire the S3 stores and (optionally) the LLM around
 * `runEngineForClient`, return the run's figures. Clients are passed in (`handler.ts` builds the real ones on the
 * first invocation), so tests run it against a local S3 server.
 */

import type { S3Client } from "@aws-sdk/client-s3";
import type { ClientWatch, LlmClient, WindowBasis } from "@vectora/core";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import { ConfigError, clientWatch, loadConfig } from "@vectora/core/config";
import { runEngineForClient } from "@vectora/core/jobs/engine";
import { type BadRequest, badRequest, jsonLogger } from "@vectora/core/lambda";
import { readEngineEnv } from "./env.js";
import { parseEngineEvent } from "./event.js";

export interface EngineHandlerDeps {
  /** The environment, validated here (see env.ts). */
  env: Record<string, string | undefined>;
  s3Client: S3Client;
  llm?: LlmClient;
  clock?: () => Date;
  /** Where log lines go (one JSON object per line, at or above `LOG_LEVEL`); the console by default. */
  log?: (line: string) => void;
}

export interface EngineSuccess {
  statusCode: 200;
  client_id: string;
  target_date: string;
  window: { from: string; to: string };
  /** Why the window is what it is: `first_issue`, `since_previous`, `catch_up` or `explicit_period`. */
  window_basis: WindowBasis;
  config_version: string;
  files: { md: string; html: string; json: string };
  /** The issue's ledger entry (data bucket) and the client's archive page (newsletters bucket). */
  ledger: string;
  archive: string;
  /** Items printed as late arrivals. */
  late_items: number;
  counts: Record<string, number>;
  sections: Array<{ id: string; items: number }>;
  llm: { enabled: boolean; model: string | null; calls: number; cost_usd: number };
  failed_sources: Array<{ source_key: string; reason?: string }>;
  /** Sources that need a person (failing twice, or silent after yielding entries), as the footer lists them. */
  sources_to_check: Array<{ source_key: string; flag: string; message: string }>;
  warnings: number;
  duration_ms: number;
}
/** What the Lambda returns: the run's figures, or a 400 naming the bad field. */
export type EngineHandlerResult = EngineSuccess | BadRequest;

/**
 * Builds the handler. Reads and validates the environment now (init). Unexpected failures (S3 down, invalid
 * config) throw: Lambda records them as errors.
 */
export function createHandler(deps: EngineHandlerDeps): (event: unknown) => Promise<EngineHandlerResult> {
  const env = readEngineEnv(deps.env);
  const clock = deps.clock ?? (() => new Date());
  const log = jsonLogger({
    level: env.LOG_LEVEL,
    fields: { env: env.ENV },
    ...(deps.log ? { write: deps.log } : {}),
  });
  const store = (bucket: string) => new S3BlobStore({ client: deps.s3Client, bucket });

  return async (input) => {
    const started = Date.now();
    const parsed = parseEngineEvent(input);
    if (!parsed.ok) {
      log("warn", "bad event", { error: parsed.error });
      return badRequest(parsed.error);
    }
    const event = parsed.event;
    const targetDate = event.target_date ?? clock().toISOString().slice(0, 10);

    let config: Awaited<ReturnType<typeof loadConfig>>;
    try {
      config = await loadConfig(store(env.CONFIG_BUCKET), { label: `s3://${env.CONFIG_BUCKET}/` });
    } catch (error) {
      if (error instanceof ConfigError) log("error", "invalid config", { issues: error.issues });
      throw error;
    }
    let watch: ClientWatch;
    try {
      watch = clientWatch(config, event.client_id);
    } catch (error) {
      return badRequest(`client_id: ${(error as Error).message}`);
    }
    log("info", "engine run started", {
      client_id: watch.client.client_id,
      target_date: targetDate,
      config_version: config.version,
      llm: deps.llm?.modelId ?? null,
    });

    const result = await runEngineForClient({
      config,
      clientId: event.client_id,
      dataStore: store(env.DATA_BUCKET),
      newslettersStore: store(env.NEWSLETTERS_BUCKET),
      targetDate,
      clock,
      ...(event.period_days ? { periodDays: event.period_days } : {}),
      ...(deps.llm ? { llm: deps.llm } : {}),
    });
    for (const warning of result.warnings) log("warn", warning, { client_id: event.client_id });
    const s3 = (key: string) => `s3://${env.NEWSLETTERS_BUCKET}/${key}`;
    const response: EngineSuccess = {
      statusCode: 200,
      client_id: event.client_id,
      target_date: targetDate,
      window: result.window,
      window_basis: result.window_basis,
      config_version: result.config_version,
      files: { md: s3(result.keys.md), html: s3(result.keys.html), json: s3(result.keys.json) },
      ledger: `s3://${env.DATA_BUCKET}/${result.ledger_key}`,
      archive: s3(result.archive_key),
      late_items: result.engine.decisions.filter((d) => d.kept && d.late).length,
      counts: { ...result.counts },
      sections: result.sections,
      llm: {
        enabled: result.llm.enabled,
        model: result.llm.model,
        calls: result.llm.calls,
        cost_usd: result.llm.cost_usd,
      },
      failed_sources: result.failed_sources.map((s) => ({
        source_key: s.source_key,
        ...(s.reason ? { reason: s.reason } : {}),
      })),
      sources_to_check: result.sources_to_check.map(({ source_key, flag, message }) => ({
        source_key,
        flag,
        message,
      })),
      warnings: result.warnings.length,
      duration_ms: Date.now() - started,
    };
    log("info", "engine run finished", { ...response });
    return response;
  };
}
