/** The engine action: the engine job (through the weekly run's engine step) and its 200 answer. */
import type { LlmClient, VectoraConfig, WindowBasis } from "@vectora/core";
import type { StepEventOf } from "@vectora/core/events";
import { type EngineStepReply, engineReplyOf, runEngineStep } from "@vectora/core/jobs/engine-steps";
import type { Log } from "@vectora/core/lambda";
import type { BlobStore } from "@vectora/core/ports";

export interface EngineSuccess extends EngineStepReply {
  window: { from: string; to: string };
  /** Why the window is what it is: `first_issue`, `since_previous`, `catch_up` or `explicit_period`. */
  window_basis: WindowBasis;
  config_version: string;
  /** The ledger entry (data bucket) and the client's archive page (newsletters bucket). */
  ledger: string;
  archive: string;
  /** Items printed as late arrivals. */
  late_items: number;
  warnings: number;
  duration_ms: number;
}

/** Runs the engine on the event's client and as-of (today UTC when not given). */
export async function runEngineAction(
  event: StepEventOf<"engine">,
  config: VectoraConfig,
  deps: {
    dataStore: BlobStore;
    newslettersStore: BlobStore;
    clock: () => Date;
    log: Log;
    dataBucket: string;
    newslettersBucket: string;
    llm?: LlmClient;
  },
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
