/** The engine: relevance, scoring, de-duplication and section filling. Pure functions, no I/O. */
export * from "./dedup.js";
export * from "./relevance.js";
export * from "./rulings.js";
export * from "./run-engine.js";
export * from "./score.js";
export * from "./triage.js";
export * from "./window.js";
