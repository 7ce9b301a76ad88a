/** @vectora/engine without side effects: the handler factory, the event parser and types, the environment schema. */
export {
  createHandler,
  type EngineHandlerDeps,
  type EngineHandlerResult,
  type EngineSuccess,
  type SummaryReply,
  type WatchReply,
} from "./create-handler.js";
export { EngineEnv, readEngineEnv } from "./env.js";
export { type EngineEvent, type EngineLambdaEvent, parseEngineEvent } from "./event.js";
