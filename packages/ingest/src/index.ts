/** @vectora/ingest without side effects: the handler factory, the event parser and types, the environment schema. */
export {
  createHandler,
  type IngestHandlerDeps,
  type IngestResult,
  type IngestSuccess,
} from "./create-handler.js";
export {
  IngestEnv,
  LOCAL_E2E_REPLAY_DIR,
  LocalE2eSwitchError,
  localE2eTransport,
  readIngestEnv,
} from "./env.js";
export { type IngestEvent, type IngestLambdaEvent, parseIngestEvent } from "./event.js";
