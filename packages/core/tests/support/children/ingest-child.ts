/**
 * Child process of the kill test: runs one ingest with the live transport and prints `finished <source> <status>`
 * on stdout as each source is committed, until the parent kills it. Run with `node --import tsx`.
 * Arguments: <config.json> <store> <client> <as-of> <concurrency>, where <store> is `dir:<path>` or
 * `s3:<endpoint>/<bucket>` (a local S3 server).
 */
import { readFile } from "node:fs/promises";
import { S3Client } from "@aws-sdk/client-s3";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { LiveHttpTransport } from "../../../src/adapters/live-http.js";
import { S3BlobStore } from "../../../src/adapters/s3-blob-store.js";
import type { VectoraConfig } from "../../../src/config/index.js";
import { NoSecrets, runIngest } from "../../../src/index.js";
import type { BlobStore } from "../../../src/ports/blob-store.js";

const [configFile, storeSpec, clientId, asOf, concurrency] = process.argv.slice(2);
const config = JSON.parse(await readFile(configFile!, "utf8")) as VectoraConfig;

function storeOf(spec: string): BlobStore {
  if (spec.startsWith("dir:")) return new FsBlobStore(spec.slice(4));
  const match = /^s3:(http:\/\/127\.0\.0\.1:\d+)\/(.+)$/.exec(spec);
  if (!match) throw new Error(`bad store ${spec}`);
  const client = new S3Client({
    endpoint: match[1],
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return new S3BlobStore({ client, bucket: match[2]! });
}

await runIngest({
  config,
  clientId: clientId!,
  store: storeOf(storeSpec!),
  transport: new LiveHttpTransport({ timeoutMs: 120_000 }),
  secrets: new NoSecrets(),
  asOf: asOf!,
  concurrency: Number(concurrency),
  onProgress: (event) => {
    if (event.type === "source_finished")
      process.stdout.write(`finished ${event.source.source_key} ${event.source.status}\n`);
  },
});
process.stdout.write("run ended\n");
