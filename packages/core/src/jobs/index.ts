/**
 * `@vectora/core/jobs` — the phase jobs, peers: ingest, the engine, the whole pipeline (ingest → engine), triage
 * of given items, and the evaluation of triage against an editor's labels. The Lambdas, the CLI and (later) Step Functions states call these same functions.
 * A Lambda imports only its own job's subpath (`@vectora/core/jobs/ingest`, `@vectora/core/jobs/engine`).
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
export { type EvalOptions, type EvalRun, evalJsonLines, parseLabelsFile } from "./eval-lines.js";
export {
  IngestOptionsError,
  type IngestProgress,
  IngestRunError,
  type RunIngestOptions,
  runIngest,
} from "./ingest.js";
export { type PipelineResult, type RunPipelineOptions, runPipeline } from "./pipeline.js";
export { sourceScope } from "./run-reports.js";
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
