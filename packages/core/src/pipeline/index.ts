/** Pipelines: the jobs the Lambdas and the CLI run. */
export * from "./run-pipeline.js";
export * from "./triage-lines.js";
