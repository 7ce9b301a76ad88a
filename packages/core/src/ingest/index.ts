/** Ingest: source readers, identity, dates, the run and reading its output back. */
export * from "./dates.js";
export * from "./identity.js";
export * from "./read-ingested.js";
export * from "./readers/index.js";
export * from "./report.js";
export * from "./run-ingest.js";
export * from "./seen-index.js";
export * from "./text.js";
