/**
 * Two ingests of one client at the same time, over the same replayed sources, on the directory store and on S3
 * (s3rver, which enforces conditional writes like S3): each item is stored once, counted new by exactly one of
 * the runs, and every seen-entry of both runs lands in the seen-index.
 */
import { type S3Server, startS3Server } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import { S3BlobStore } from "../../../src/adapters/s3-blob-store.js";
import {
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
  runIngest,
  type VectoraConfig,
} from "../../../src/index.js";
import { loadSeenIndex } from "../../../src/ingest/seen-index.js";
import type { BlobStore } from "../../../src/ports/blob-store.js";
import {
  fixedClock,
  ingestTestConfig,
  RECORDINGS,
  recordedIngestOptions,
  storedLinesByItem,
} from "../../support/ingest-fixtures.js";
import { testTempDir } from "../temp-dirs.js";

const BUCKET = "vectora-concurrent";
let s3: S3Server;
let config: VectoraConfig;
let prefixes = 0;
beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
  config = await ingestTestConfig();
});
afterAll(async () => {
  await s3?.stop();
});

/** The recordings, each answer held back a pseudo-random 0–60 ms so the two runs' sources finish interleaved. */
class JitteredReplay implements HttpTransport {
  private readonly inner = new ReplayHttpTransport(RECORDINGS);
  private state: number;
  constructor(seed: number) {
    this.state = seed;
  }
  async request(request: HttpRequest): Promise<HttpResponse> {
    this.state = (this.state * 1103515245 + 12345) % 2 ** 31;
    await new Promise((r) => setTimeout(r, this.state % 60));
    return this.inner.request(request);
  }
}

const stores: Array<[string, () => Promise<BlobStore>]> = [
  ["directory", async () => new FsBlobStore((await testTempDir("concurrent")).path)],
  [
    "S3 (s3rver)",
    async () => new S3BlobStore({ client: s3.client, bucket: BUCKET, prefix: `run${++prefixes}` }),
  ],
];

describe.each(stores)("two ingests of one client at once (%s store)", (_name, makeStore) => {
  const scenarios = [
    { name: "started together", seeds: [1, 2], staggerMs: 0 },
    { name: "started together, other timings", seeds: [7, 11], staggerMs: 0 },
    { name: "the second starting mid-way", seeds: [3, 5], staggerMs: 40 },
  ];
  for (const { name, seeds, staggerMs } of scenarios) {
    it(`${name}: each item stored once, counted new once, no seen-entry lost`, {
      timeout: 60_000,
    }, async () => {
      const store = await makeStore();
      const run = (runId: string, seed: number) =>
        runIngest(
          recordedIngestOptions(config, store, {
            transport: new JitteredReplay(seed),
            clock: fixedClock(),
            runId,
            concurrency: 3,
          }),
        );
      const [a, b] = await Promise.all([
        run("ing_a", seeds[0]!),
        new Promise((r) => setTimeout(r, staggerMs)).then(() => run("ing_b", seeds[1]!)),
      ]);
      const lines = await storedLinesByItem(store, "lai_weekly");
      expect(lines.size).toBe(45);
      expect([...lines.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      // Each item counted new by exactly one run; each run saw every item as new or as stored by the other.
      expect(a.totals.new + b.totals.new).toBe(45);
      expect(a.totals.new + a.totals.unchanged).toBe(45);
      expect(b.totals.new + b.totals.unchanged).toBe(45);
      // Every seen-entry of both runs landed: each item is marked by both, and names the file that holds it.
      const seen = (await loadSeenIndex(store, "lai_weekly")).index!;
      expect(Object.keys(seen.items).sort()).toEqual([...lines.keys()].sort());
      for (const [id, entry] of Object.entries(seen.items)) {
        expect([...entry.runs].sort(), id).toEqual(["ing_a", "ing_b"]);
        const file = (await store.getText(entry.file!)) ?? "";
        expect(file, `${id} in ${entry.file}`).toContain(`"item_id":"${id}"`);
      }
      // What each report lists as its files is what the store holds for it.
      for (const report of [a, b])
        expect((await store.list(report.items_key)).map((o) => o.key)).toEqual(report.items_files);
    });
  }
});
