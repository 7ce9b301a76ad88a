/** @vectora/engine without side effects: the handler factory, the event and environment schemas. */
export {
  createHandler,
  type EngineHandlerDeps,
  type EngineHandlerResult,
  type EngineSuccess,
  type SummaryReply,
  type WatchReply,
} from "./create-handler.js";
export { EngineEnv, readEngineEnv } from "./env.js";
export { EngineEvent, type EngineLambdaEvent, parseEngineEvent } from "./event.js";
