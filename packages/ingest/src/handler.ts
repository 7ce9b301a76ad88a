/**
 * The ingest Lambda entry point (bundled to dist/handler.mjs) and the only module that reads `process.env` and
 * builds AWS clients. The environment is validated at module load — the cold start — so a missing variable
 * fails with its name before any event is accepted; the clients are built on the first invocation. Sources are
 * fetched live, except under `vectora e2e --local` (see env.ts: never inside the Lambda runtime).
 */
import { LiveHttpTransport } from "@vectora/core/adapters";
import { createS3Client } from "@vectora/core/adapters/s3";
import { createSsmClient, SsmSecrets } from "@vectora/core/adapters/ssm";
import { lazyHandler } from "@vectora/core/lambda";
import { createHandler } from "./create-handler.js";
import { localE2eTransport, readIngestEnv } from "./env.js";

const env = readIngestEnv(process.env);
// Recorded sources for `vectora e2e --local` only; inside the Lambda runtime the switch refuses to start.
const local = localE2eTransport(process.env);

/** The Lambda handler. */
export const handler = lazyHandler(() =>
  createHandler({
    env,
    s3Client: createS3Client(),
    transport: local.transport ?? new LiveHttpTransport(),
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
