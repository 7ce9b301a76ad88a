/**
 * The ingest Lambda entry point (bundled to dist/handler.mjs) and the only module that reads `process.env` and
 * builds AWS clients. The environment is validated at module load — the cold start — so a missing variable
 * fails with its name before any event is accepted; the clients are built on the first invocation.
 */
import { LiveHttpTransport } from "@vectora/core/adapters";
import { createS3Client } from "@vectora/core/adapters/s3";
import { createSsmClient, SsmSecrets } from "@vectora/core/adapters/ssm";
import { lazyHandler } from "@vectora/core/lambda";
import { createHandler } from "./create-handler.js";
import { readIngestEnv } from "./env.js";

const env = readIngestEnv(process.env);

/** The Lambda handler. */
export const handler = lazyHandler(() =>
  createHandler({
    env,
    s3Client: createS3Client(),
    transport: new LiveHttpTransport(),
    ...(env.PUBMED_API_KEY_PARAM
      ? {
          secrets: new SsmSecrets({
            client: createSsmClient(),
            parameters: { pubmed_api_key: env.PUBMED_API_KEY_PARAM },
          }),
        }
      : {}),
  }),
);
