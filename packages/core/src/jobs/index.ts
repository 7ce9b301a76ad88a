/**
 * `@vectora/core/jobs` — the phase jobs, peers: ingest, the engine, the whole pipeline (ingest → engine), triage
 * of given items, the evaluation of triage against an editor's labels, and the steps of the weekly run (plan,
 * shard, engine, summary; `runWeek` chains them in-process). The Lambdas, the CLI and the state machine's states
 * call these same functions.
 * A Lambda imports only its own job's subpaths: the ingest Lambda `@vectora/core/jobs/ingest` and
 * `/jobs/ingest-steps`, the engine Lambda `/jobs/engine-steps`.
 */

export {
  type EvalItemRef,
  EvalLabel,
  type EvalMiss,
  type EvalReport,
} from "../engine/evaluate.js";
export {
  type RunEngineForClientOptions,
  type RunEngineForClientResult,
  runEngineForClient,
} from "./engine.js";
export { notReadOf, runEngineStep, shardRead } from "./engine-steps.js";
export { type EvalOptions, type EvalRun, evalJsonLines, parseLabelsFile } from "./eval-lines.js";
export { type ClientFreshness, clientFreshness, FRESHNESS_METRIC } from "./freshness.js";
export {
  IngestOptionsError,
  type IngestProgress,
  IngestRunError,
  type RunIngestOptions,
  runIngest,
} from "./ingest.js";
export { ingestShard, type PlanWeekOptions, planWeek } from "./ingest-steps.js";
export { type PipelineResult, type RunPipelineOptions, runPipeline } from "./pipeline.js";
export { sourceScope } from "./run-reports.js";
export {
  causeOf,
  type EngineStepReply,
  engineReplyOf,
  summarizeRun,
  summaryOfRefusedEvent,
} from "./run-summary.js";
export {
  type ClientSourceHealth,
  clientSourceHealth,
  flagsForRun,
  HEALTH_REPORTS,
  readRecentReports,
} from "./source-health.js";
export {
  TriageLine,
  type TriageLineProblem,
  type TriageOutput,
  type TriageResult,
  triageDate,
  triageJsonLines,
} from "./triage-lines.js";
export { type RunWeekOptions, runWeek, taskErrorOf, type WeekResult } from "./week.js";
