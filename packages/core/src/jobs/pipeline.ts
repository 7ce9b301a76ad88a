/**
 * The whole pipeline for one client and one issue: the ingest job, then the engine job on what it wrote. Each
 * step is a job of its own (`runIngest`, `runEngineForClient`) that a Lambda or a Step Functions state can run
 * alone; this function chains them in one process, in one ingest run (`vectora run` goes through the weekly
 * run's steps instead: `runWeek`, week.ts). A delivery step comes after the engine's, on its result.
 */
import type { VectoraConfig } from "../config/schema.js";
import type { IngestReport } from "../ingest/report.js";
import type { BlobStore } from "../ports/blob-store.js";
import type { HttpTransport } from "../ports/http-transport.js";
import type { LlmClient } from "../ports/llm.js";
import type { Secrets } from "../ports/secrets.js";
import { type RunEngineForClientResult, runEngineForClient } from "./engine.js";
import { runIngest } from "./ingest.js";

export interface RunPipelineOptions {
  config: VectoraConfig;
  clientId: string;
  /** The as-of date, `YYYY-MM-DD`: the last day ingested and the newsletter's date. */
  asOf: string;
  /** Overrides the client's `period_days` for both steps. */
  periodDays?: number;
  /** Where ingest writes and the engine reads (a directory locally, the data bucket on AWS). */
  dataStore: BlobStore;
  /** Where the newsletter files go. */
  newslettersStore: BlobStore;
  /** The sources' HTTP (live, recording or replaying) and their API keys. */
  transport: HttpTransport;
  secrets: Secrets;
  /** When given, the engine enriches the items that pass the rule gate. */
  llm?: LlmClient;
  clock?: () => Date;
  /** Sources read at once by ingest (default: the client's `ingest.concurrency`). */
  concurrency?: number;
  /** Ingest's deadline, epoch ms (see `RunIngestOptions.deadline`); the engine then runs on what was stored. */
  deadline?: number;
}

/** What each step did, by step. */
export interface PipelineResult {
  ingest: IngestReport;
  engine: RunEngineForClientResult;
}

/**
 * Runs ingest then the engine. Rejects with `IngestRunError` when every source failed (no newsletter is written
 * from nothing read).
 *
 * @example
 * ```ts
 * const { ingest, engine } = await runPipeline({
 *   config,
 *   clientId: "lai_weekly",
 *   asOf: "2025-12-17",
 *   dataStore: new FsBlobStore(".vectora/data"),
 *   newslettersStore: new FsBlobStore(".vectora/newsletters"),
 *   transport: new ReplayHttpTransport("fixtures/recorded/lai-2025-12"),
 *   secrets: new NoSecrets(),
 * });
 * ```
 */
export async function runPipeline(options: RunPipelineOptions): Promise<PipelineResult> {
  const { config, clientId, asOf } = options;
  const periodDays = options.periodDays ? { periodDays: options.periodDays } : {};
  const clock = options.clock ? { clock: options.clock } : {};
  const ingest = await runIngest({
    config,
    clientId,
    asOf,
    store: options.dataStore,
    transport: options.transport,
    secrets: options.secrets,
    ...periodDays,
    ...clock,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
  });
  const engine = await runEngineForClient({
    config,
    clientId,
    targetDate: asOf,
    dataStore: options.dataStore,
    newslettersStore: options.newslettersStore,
    ...periodDays,
    ...clock,
    ...(options.llm ? { llm: options.llm } : {}),
  });
  return { ingest, engine };
}
