/** @vectora/engine without side effects: the handler factory, the event and environment schemas. */
export { createHandler, type EngineHandlerDeps, type EngineHandlerResult } from "./create-handler.js";
export { EngineEnv, readEngineEnv } from "./env.js";
export { EngineEvent, parseEngineEvent } from "./event.js";
