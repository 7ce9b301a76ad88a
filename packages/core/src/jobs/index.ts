/**
 * `@vectora/core/jobs` — the phase jobs, peers: ingest, the engine, the whole pipeline (ingest → engine), and
 * triage of given items. The Lambdas, the CLI and (later) Step Functions states call these same functions.
 * A Lambda imports only its own job's subpath (`@vectora/core/jobs/ingest`, `@vectora/core/jobs/engine`).
 */
export {
  type RunEngineForClientOptions,
  type RunEngineForClientResult,
  runEngineForClient,
} from "./engine.js";
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
  TriageLine,
  type TriageLineProblem,
  type TriageOutput,
  type TriageResult,
  triageDate,
  triageJsonLines,
} from "./triage-lines.js";
