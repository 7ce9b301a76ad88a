/**
 * `@vectora/core/lambda` — what every Vectora Lambda is written with: the environment read and validated at
 * the cold start, the event validated into a 400 naming the field, a level-filtered JSON logger, the config loaded (and
 * logged when invalid), and the lazily built handler. No AWS SDK here: the clients are the handlers' own.
 */

export { loadLambdaConfig } from "./config.js";
export { type EmfMetric, emfLine } from "./emf.js";
export { BUCKET_NAME, bucketVariable, EnvError, readEnv } from "./env.js";
export { type BadRequest, badRequest, type ParsedEvent, parseEvent } from "./event.js";
export {
  DEADLINE_MARGIN_MS,
  deadlineFromContext,
  type LambdaContext,
  lazyHandler,
} from "./lazy-handler.js";
export { LogLevel, LogLevelVariable } from "./log-level.js";
export { type JsonLoggerOptions, jsonLogger, type Log } from "./logger.js";
