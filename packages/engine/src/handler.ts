/**
 * The engine Lambda entry point (`vectora-inbox-engine-<env>`, bundled to dist/handler.mjs) and the only module
 * that reads `process.env` and builds AWS clients. The environment is validated at module load — the cold
 * start — so a missing variable fails with its name; the S3 client and, when `BEDROCK_MODEL_ID` is set, the
 * Bedrock LLM are built on the first invocation, the SES client on the first real send. Events: see event.ts.
 */
import { createBedrockLlm } from "@vectora/core/adapters/bedrock";
import { createS3Client } from "@vectora/core/adapters/s3";
import { createSesClient, SesMailer } from "@vectora/core/adapters/ses";
import { lazyHandler } from "@vectora/core/lambda";
import { createHandler } from "./create-handler.js";
import { readEngineEnv } from "./env.js";

const env = readEngineEnv(process.env);

/** The Lambda handler. */
export const handler = lazyHandler(() =>
  createHandler({
    env,
    s3Client: createS3Client(),
    mailer: () => new SesMailer(createSesClient()),
    ...(env.BEDROCK_MODEL_ID ? { llm: createBedrockLlm({ modelId: env.BEDROCK_MODEL_ID }) } : {}),
  }),
);
