/** @vectora/ingest without side effects: the handler factory, the event and environment schemas. */
export * from "./create-handler.js";
export * from "./env.js";
