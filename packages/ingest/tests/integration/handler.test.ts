/**
 * The ingest Lambda end to end on a local S3 server (s3rver) with the recorded HTTP: it loads the config from
 * the config bucket, writes items and report to the data bucket — the same items as the local (CLI) path.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  CONFIG_SNAPSHOT_KEY,
  configSnapshotJson,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  HttpTransportError,
  loadConfigYaml,
  NoSecrets,
  type RawItem,
  readIngestedItems,
  runIngest,
  type Secrets,
  snapshotConfigYaml,
} from "@vectora/core";
import { FsBlobStore, ReplayHttpTransport } from "@vectora/core/adapters";
import { S3BlobStore } from "@vectora/core/adapters/s3";
import {
  makeTempDir,
  RECORDINGS_DIR,
  REPO_CONFIG_DIR,
  type S3Server,
  startS3Server,
  type TempDir,
} from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler, type IngestSuccess } from "../../src/create-handler.js";

const ENV = {
  ENV: "test",
  PROJECT_NAME: "vectora-inbox",
  CONFIG_BUCKET: "vectora-inbox-config-test",
  DATA_BUCKET: "vectora-inbox-data-test",
  LOG_LEVEL: "error",
};
const clock = () => new Date("2026-01-05T08:00:00.000Z");

let server: S3Server;
let local: TempDir;

/** The config directory as `vectora config sync` leaves a bucket: its YAML files and their snapshot. */
async function uploadDir(dir: string, store: S3BlobStore): Promise<void> {
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    await store.put(relative(dir, path).split("\\").join("/"), await readFile(path, "utf8"));
  }
  const { snapshot } = await snapshotConfigYaml(new FsBlobStore(dir));
  await store.put(CONFIG_SNAPSHOT_KEY, configSnapshotJson(snapshot));
}

beforeAll(async () => {
  server = await startS3Server({ buckets: [ENV.CONFIG_BUCKET, ENV.DATA_BUCKET] });
  await uploadDir(REPO_CONFIG_DIR, new S3BlobStore({ client: server.client, bucket: ENV.CONFIG_BUCKET }));
  local = await makeTempDir("ingest-cli-path");
});
afterAll(async () => {
  await server?.stop();
  await local?.remove();
});

function handler() {
  return createHandler({
    env: ENV,
    s3Client: server.client,
    transport: new ReplayHttpTransport(RECORDINGS_DIR),
    secrets: new NoSecrets(),
    clock,
  });
}

/** Items without the run-specific fields, for comparing two runs. */
const comparable = (items: RawItem[]) =>
  items
    .map(({ run_id: _r, ingested_at: _i, ...rest }) => rest)
    .sort((a, b) => a.item_id.localeCompare(b.item_id));

describe("ingest handler", () => {
  it("writes to the data bucket the same items as the local path, and returns the run figures", async () => {
    const result = await handler()({ client_id: "lai_weekly", as_of: "2025-12-17" });
    expect(result.statusCode).toBe(200);
    const ok = result as IngestSuccess;
    expect(ok).toMatchObject({
      client_id: "lai_weekly",
      as_of: "2025-12-17",
      window: { from: "2025-12-04", to: "2025-12-17" },
      status: "partial",
    });
    // The run's folder: one JSON Lines file per source, each stored as its source finished.
    expect(ok.items_key).toMatch(
      /^ingested\/lai_weekly\/2025\/12\/17\/ing_20251217_20260105T080000Z_[0-9a-f]{4}\/$/,
    );
    expect(ok.sources.find((s) => s.source_key === "press_corporate__peptron")).toMatchObject({
      status: "failed",
    });
    expect(ok.totals.new).toBeGreaterThan(30);

    const data = new S3BlobStore({ client: server.client, bucket: ENV.DATA_BUCKET });
    expect(await data.exists(ok.report_key)).toBe(true);
    const remote = await readIngestedItems(data, "lai_weekly");
    expect(remote.problems).toEqual([]);
    expect(remote.items).toHaveLength(ok.totals.new);

    // The CLI path: config from the directory, a directory store, the same recordings.
    const store = new FsBlobStore(local.path);
    const config = await loadConfigYaml(new FsBlobStore(REPO_CONFIG_DIR));
    expect(ok.config_version).toBe(config.version);
    await runIngest({
      config,
      clientId: "lai_weekly",
      store,
      transport: new ReplayHttpTransport(RECORDINGS_DIR),
      secrets: new NoSecrets(),
      asOf: "2025-12-17",
      clock,
    });
    const cli = await readIngestedItems(store, "lai_weekly");
    expect(comparable(remote.items)).toEqual(comparable(cli.items));

    // A second invocation adds nothing.
    const again = (await handler()({ client_id: "lai_weekly", as_of: "2025-12-17" })) as IngestSuccess;
    expect(again.totals).toMatchObject({ new: 0, updated: 0 });
  });

  it.each([
    [{ client_id: "lai_weekly", period_days: "14" }, /^period_days: expected number, got "14"$/],
    [{ client_id: "lai_weekly", as_of: "17/12/2025" }, /^as_of: /],
    // One contract for both Lambdas: the same wording as the engine's.
    [{ period_days: 7 }, /^client_id: required \(the client whose newsletter to write\)$/],
    [{ client_id: "lai_weekly", source: ["x"] }, /^unknown field source$/],
    [{ client_id: "lai_weekly", sources: [] }, /^sources: /],
    ["not an object", /^event: expected object/],
    [{ client_id: "nobody" }, /^client_id: unknown client "nobody"/],
    [
      { client_id: "lai_weekly", sources: ["press_corporate__nope"] },
      /^sources: unknown source "press_corporate__nope"/,
    ],
  ])("answers 400 naming the field for %j", async (event, message) => {
    const result = await handler()(event);
    expect(result.statusCode).toBe(400);
    expect("error" in result && result.error).toMatch(message);
  });

  it("sends the PubMed key but never logs or stores it, even when a keyed request fails", async () => {
    const KEY = "pubmed-key-0123456789abcdef";
    const secrets: Secrets = { get: async () => KEY };
    const replay = new ReplayHttpTransport(RECORDINGS_DIR);
    const sent: string[] = [];
    // esearch answers from the recording; efetch times out, so the keyed URL flows into an error and a reason.
    const transport: HttpTransport = {
      async request(request: HttpRequest): Promise<HttpResponse> {
        sent.push(request.url);
        if (request.url.includes("efetch.fcgi"))
          throw new HttpTransportError("timeout", request.url, "no complete response within 15000 ms");
        return replay.request(request);
      },
    };
    const lines: string[] = [];
    const run = createHandler({
      env: { ...ENV, LOG_LEVEL: "debug" },
      s3Client: server.client,
      transport,
      secrets,
      clock,
      log: (level, message, fields) => lines.push(JSON.stringify({ level, message, ...fields })),
    });
    const result = (await run({
      client_id: "lai_weekly",
      as_of: "2025-12-17",
      sources: ["pubmed__lai", "press_corporate__nanexa"],
    })) as IngestSuccess;
    const keyed = sent.filter((url) => url.includes("eutils.ncbi.nlm.nih.gov"));
    expect(keyed).toHaveLength(2);
    expect(keyed.every((url) => url.includes(`api_key=${KEY}`))).toBe(true);
    const pubmed = result.sources.find((s) => s.source_key === "pubmed__lai");
    expect(pubmed).toMatchObject({ status: "failed" });
    expect(pubmed?.reason).toMatch(
      /^timeout for GET https:\/\/eutils\.ncbi\.nlm\.nih\.gov\/.*efetch\.fcgi\?/,
    );

    const data = new S3BlobStore({ client: server.client, bucket: ENV.DATA_BUCKET });
    const stored = await data.getText(result.report_key);
    expect(stored).toContain("pubmed__lai");
    for (const text of [JSON.stringify(result), stored ?? "", ...lines]) expect(text).not.toContain(KEY);
    expect(lines.some((l) => l.includes("efetch.fcgi"))).toBe(true);
  });

  it("fails at init naming a missing variable", () => {
    const { DATA_BUCKET: _missing, ...partial } = ENV;
    expect(() => createHandler({ env: partial, s3Client: server.client })).toThrow(
      /DATA_BUCKET is required but not set/,
    );
    expect(() => createHandler({ env: { ...ENV, LOG_LEVEL: "chatty" }, s3Client: server.client })).toThrow(
      /LOG_LEVEL: /,
    );
  });
});

describe("ingest handler: the deadline from the Lambda context", () => {
  /** The recordings, except that one source's request never answers until the run's deadline aborts it. */
  const hangingTransport = (hangOn: string): HttpTransport => {
    const replay = new ReplayHttpTransport(RECORDINGS_DIR);
    return {
      request: (request: HttpRequest): Promise<HttpResponse> => {
        if (!request.url.includes(hangOn)) return replay.request(request);
        return new Promise((_, reject) => {
          const abort = () =>
            reject(
              new HttpTransportError("aborted", request.url, String(request.signal?.reason ?? "aborted")),
            );
          if (request.signal?.aborted) abort();
          request.signal?.addEventListener("abort", abort, { once: true });
        });
      },
    };
  };
  const context = (remainingMs: number) => {
    const end = Date.now() + remainingMs;
    return { getRemainingTimeInMillis: () => end - Date.now() };
  };

  /**
   * A handler whose `hangOn` source never answers, invoked on lai_weekly's 2025-12-17 run (plus `event`) with
   * `remainingMs` left in Lambda's context: it must answer within 8 s all the same.
   */
  const invokeWithHangingSource = async (
    hangOn: string,
    event: Record<string, unknown>,
    remainingMs: number,
  ) => {
    const handle = createHandler({
      env: ENV,
      s3Client: server.client,
      transport: hangingTransport(hangOn),
      secrets: new NoSecrets(),
    });
    const started = Date.now();
    const result = (await handle(
      { client_id: "lai_weekly", as_of: "2025-12-17", ...event },
      context(remainingMs),
    )) as IngestSuccess;
    expect(Date.now() - started).toBeLessThan(8_000);
    return { handle, result };
  };

  it("stops before Lambda's timeout: the hanging source is abandoned, the rest stored, the run answers 200", async () => {
    // 8 s left: the margin is a quarter of it, so the run's deadline is ~6 s from now (room for a loaded machine
    // to load the config and read the other sources first).
    const { result } = await invokeWithHangingSource("fiercebiotech.com", { concurrency: 4 }, 8_000);
    expect(result.statusCode).toBe(200);
    expect(result.status).toBe("partial");
    expect(result.cut_short).toMatchObject({ abandoned: 1, deferred: 0 });
    expect(result.sources.find((s) => s.source_key === "press_sector__fiercebiotech")).toMatchObject({
      status: "abandoned",
      reason: expect.stringMatching(/^abandoned at the run's deadline/),
    });
    const data = new S3BlobStore({ client: server.client, bucket: ENV.DATA_BUCKET });
    expect(JSON.parse((await data.getText(result.report_key))!)).toMatchObject({
      cut_short: result.cut_short,
    });
  });

  it("takes a shorter budget from the event's deadline_ms, and rejects a budget under a second", async () => {
    const { handle, result } = await invokeWithHangingSource("endpts.com", { deadline_ms: 4_000 }, 600_000);
    expect(result.sources.find((s) => s.source_key === "press_sector__endpoints_news")?.status).toBe(
      "abandoned",
    );
    expect(await handle({ client_id: "lai_weekly", deadline_ms: 10 }, context(600_000))).toMatchObject({
      statusCode: 400,
      error: expect.stringMatching(/^deadline_ms: /),
    });
    expect(await handle({ client_id: "lai_weekly", concurrency: 0 })).toMatchObject({
      statusCode: 400,
      error: expect.stringMatching(/^concurrency: /),
    });
  });
});
