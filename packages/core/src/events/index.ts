/**
 * `@vectora/core/events` — the one event contract of both Lambdas (every step of the weekly run and the classic
 * ingest and engine events) and what each step answers. No AWS SDK here.
 */
export {
  DEFAULT_SHARD_SIZE,
  E2E_CLIENT_PREFIX,
  EARLIEST_AS_OF,
  isE2eClient,
  LAMBDA_ACTIONS,
  MAX_PERIOD_DAYS,
  MAX_SHARD_SIZE,
  parseStepEvent,
  type RunInput,
  Shard,
  type StepEvent,
  type StepEventOf,
  type StepLambda,
  stepSchemas,
  tomorrowUtc,
} from "./step-event.js";
export {
  BadRequestReply,
  type DeliverReply,
  type DeliveryStatus,
  type NotRead,
  type PlanReply,
  type RunSummary,
  ShardOutcome,
  ShardReply,
  ShardSource,
  TaskError,
} from "./step-replies.js";
