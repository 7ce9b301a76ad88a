/**
 * `vectora e2e --local`: the deployed path without AWS. A real S3-protocol server (s3rver) on 127.0.0.1 holds
 * the buckets, `vectora config sync` fills the config bucket, and the PACKAGED zips — the bytes CI ships — run
 * their handlers as Lambda would, with the configuration s1-runtime gives them; sources are replayed from the
 * recordings. Then the weekly run's steps as the state machine sends them (plan, each shard, engine, deliver as a
 * dry run, summary: `weekly-steps.ts`), the newsletter checked against its schema, the dry run's `.eml` checked
 * (headers, both parts, the HTML part equal to the newsletter), clean-up.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { DEFAULT_SHARD_SIZE } from "@vectora/core";
import { createS3Client, S3BlobStore } from "@vectora/core/adapters/s3";
import type { CliIO } from "../../cli-kit.js";
import configSync from "../../commands/config-sync.js";
import { readManifestFile, verifyPackagedZips } from "../../package/manifest.js";
import { type E2eResult, type E2eStep, runE2e, runSteps } from "../run-e2e.js";
import { weeklyRunSteps } from "../weekly-steps.js";
import { functionsFromTemplate } from "./functions-from-template.js";
import { lambdaEmulator } from "./lambda-emulator.js";

/** The name the packaged ingest handler reads its recordings from (see packages/ingest/src/env.ts). */
const REPLAY_VARIABLE = "VECTORA_LOCAL_E2E_REPLAY_DIR";
/** The environment suffix of the local buckets and functions. */
const LOCAL_ENV = "local";

export interface LocalE2eOptions {
  /** Folder with the zips and manifest.json `vectora package` wrote. */
  zipsDir: string;
  configDir: string;
  infraDir: string;
  /** Recorded sources replayed by the ingest handler. */
  replayDir: string;
  clientId: string;
  /** The recordings' as-of date: ingest's as_of and the newsletter's date. */
  asOf: string;
  log?: (line: string) => void;
}

/** Runs the local end-to-end test; never throws for a failing step (the result says which and why). */
export async function runLocalE2e(options: LocalE2eOptions): Promise<E2eResult> {
  const log = options.log ?? (() => {});
  const { startS3Server } = await import("@vectora/testing");
  const buckets = {
    config: `vectora-inbox-config-${LOCAL_ENV}`,
    data: `vectora-inbox-data-${LOCAL_ENV}`,
    newsletters: `vectora-inbox-newsletters-${LOCAL_ENV}`,
  };
  let server: Awaited<ReturnType<typeof startS3Server>> | undefined;
  let emulator: ReturnType<typeof lambdaEmulator> | undefined;
  let functionNames: { ingest: string; engine: string } | undefined;
  const steps: E2eStep[] = [];
  const collect = (result: E2eResult) => {
    steps.push(...result.steps);
    return result.ok;
  };
  try {
    const setup = await runSteps(
      [
        {
          name: "packaged zips match their manifest",
          run: async () => {
            const manifestPath = join(options.zipsDir, "manifest.json");
            if (!existsSync(manifestPath))
              throw new Error(`no ${manifestPath}: run \`vectora package --out ${options.zipsDir}\` first`);
            const manifest = readManifestFile(manifestPath);
            verifyPackagedZips(manifest.functions);
            return manifest.functions.map((f) => `${f.name} ${f.sha256.slice(0, 12)}`).join(", ");
          },
        },
        {
          name: "start the S3 server",
          run: async () => {
            server = await startS3Server({ buckets: [] });
            return server.endpoint;
          },
        },
        {
          name: "create the buckets",
          run: async () => {
            for (const bucket of Object.values(buckets))
              await server!.client.send(new CreateBucketCommand({ Bucket: bucket }));
            return Object.values(buckets).join(", ");
          },
        },
        {
          name: "vectora config sync",
          run: () => syncConfigTo(server!.endpoint, buckets.config, options.configDir),
        },
        {
          name: "unzip the packaged handlers",
          run: async () => {
            const manifest = readManifestFile(join(options.zipsDir, "manifest.json"));
            const zip = (name: "ingest" | "engine") => {
              const entry = manifest.functions.find((f) => f.name === name);
              if (!entry) throw new Error(`the manifest has no ${name} zip`);
              return entry.zipPath;
            };
            const declared = functionsFromTemplate(join(options.infraDir, "s1-runtime.yaml"), {
              Env: LOCAL_ENV,
              ConfigBucketName: buckets.config,
              DataBucketName: buckets.data,
              NewslettersBucketName: buckets.newsletters,
              LambdaCodeBucketName: `vectora-inbox-lambda-code-${LOCAL_ENV}`,
              IngestNormalizeRoleArn: "arn:aws:iam::000000000000:role/local-ingest",
              EngineRoleArn: "arn:aws:iam::000000000000:role/local-engine",
              PubmedApiKeyParamName: "/vectora-inbox/local/pubmed-api-key",
              LogLevel: "WARN",
            });
            // What differs from a deployed function, and only this: rules instead of Bedrock, no SSM secret,
            // recorded sources instead of the web (honoured only outside the Lambda runtime).
            const { PUBMED_API_KEY_PARAM: _ssm, ...ingestEnv } = declared.ingest.environment;
            emulator = lambdaEmulator(
              [
                {
                  ...declared.ingest,
                  zipPath: zip("ingest"),
                  environment: {
                    ...ingestEnv,
                    BEDROCK_MODEL_ID: "off",
                    [REPLAY_VARIABLE]: options.replayDir,
                  },
                },
                {
                  ...declared.engine,
                  zipPath: zip("engine"),
                  environment: { ...declared.engine.environment, BEDROCK_MODEL_ID: "off" },
                },
              ],
              {
                region: "us-east-1",
                environment: {
                  AWS_ACCESS_KEY_ID: "S3RVER",
                  AWS_SECRET_ACCESS_KEY: "S3RVER",
                  AWS_ENDPOINT_URL_S3: server!.endpoint,
                  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
                },
              },
            );
            functionNames = { ingest: declared.ingest.name, engine: declared.engine.name };
            return `${declared.ingest.name} and ${declared.engine.name} (handler ${declared.ingest.handler}, timeouts ${declared.ingest.timeoutSeconds} s / ${declared.engine.timeoutSeconds} s)`;
          },
        },
      ],
      log,
    );
    if (!collect(setup)) return { ok: false, steps };
    const client = createS3Client({
      endpoint: server!.endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    try {
      // The weekly run's steps as the state machine sends them (plan, shards, engine, deliver, summary), on the
      // emulator; then the checks and the clean-up the deployed test runs too (newsletter schema, .eml).
      const result = await runE2e({
        env: LOCAL_ENV,
        steps: weeklyRunSteps({
          invoker: emulator!,
          functions: functionNames!,
          clientId: options.clientId,
          asOf: options.asOf,
          shardSize: DEFAULT_SHARD_SIZE,
        }),
        clientId: options.clientId,
        targetDate: options.asOf,
        delivers: true,
        newsletters: new S3BlobStore({ client, bucket: buckets.newsletters }),
        data: new S3BlobStore({ client, bucket: buckets.data }),
        log,
      });
      collect(result);
      return { ok: steps.every((s) => s.ok), steps };
    } finally {
      client.destroy();
    }
  } finally {
    emulator?.dispose();
    await server?.stop();
  }
}

/** Runs the `vectora config sync` verb itself against the local server (validation, hashes, manifest). */
async function syncConfigTo(endpoint: string, bucket: string, configDir: string): Promise<string> {
  let out = "";
  let err = "";
  const io: CliIO = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    cwd: configDir,
    env: { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1" },
  };
  const code = await configSync.run(
    ["--env", LOCAL_ENV, "--bucket", bucket, "--endpoint", endpoint, "--dir", configDir],
    io,
  );
  if (code !== 0) throw new Error(`config sync exited ${code}: ${err || out}`);
  return out.trim().split("\n").pop() ?? "";
}
