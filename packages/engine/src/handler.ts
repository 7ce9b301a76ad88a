/**
 * The engine Lambda entry point (`vectora-inbox-engine-<env>`). Init validates the environment (a missing
 * variable fails the cold start, naming it) and creates the S3 client and, when `BEDROCK_MODEL_ID` is set, the
 * Bedrock LLM. Event: `{client_id, period_days?, target_date?}`.
 */

import { createBedrockLlm } from "@vectora/core/adapters/bedrock";
import { createS3Client } from "@vectora/core/adapters/s3";
import { createHandler } from "./create-handler.js";
import { readEngineEnv } from "./env.js";

export { createHandler, type EngineHandlerDeps, type EngineHandlerResult } from "./create-handler.js";
export { EngineEnv, EngineEnvError, readEngineEnv } from "./env.js";
export { EngineEvent, parseEngineEvent } from "./event.js";

const env = readEngineEnv(process.env);

/** The Lambda handler. */
export const handler = createHandler({
  s3Client: createS3Client(),
  env,
  ...(env.BEDROCK_MODEL_ID ? { llm: createBedrockLlm({ modelId: env.BEDROCK_MODEL_ID }) } : {}),
});
