/**
 * Ingest at scale: 200 RSS sources on 20 loopback hosts (127.0.0.1, one port each — the per-host limit keys on
 * host:port), each answering in 300 ms, every tenth source hanging (never answering), with the defaults a user
 * gets (16 sources at once, 2 requests per host, 15 s request timeout). Two layouts of the hanging sources:
 * "round robin" (source i on host i % 20, so the 20 hanging feeds fall on 2 hosts, 10 each) and "spread" (one
 * hanging feed per host). Prints wall time and counts; asserts nothing.
 *
 * Run alone: `pnpm exec tsx bench/ingest-scale.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlobStore } from "../src/adapters/fs-blob-store.js";
import { readIngestedItems, runIngest } from "../src/index.js";
import {
  type FeedBehaviour,
  loopbackConfig,
  loopbackIngestOptions,
  startLoopbackFeeds,
} from "../tests/support/loopback-feeds.js";

const SOURCES = 200;
const HOSTS = 20;

async function scenario(name: string, hangs: (i: number) => boolean): Promise<void> {
  const feeds = await startLoopbackFeeds({
    hosts: HOSTS,
    count: SOURCES,
    behaviour: (i): FeedBehaviour => (hangs(i) ? { kind: "hang" } : { kind: "answer", delayMs: 300 }),
  });
  const dir = await mkdtemp(join(tmpdir(), "vectora-bench-scale-"));
  try {
    const store = new FsBlobStore(dir);
    const started = performance.now();
    const report = await runIngest(loopbackIngestOptions(loopbackConfig(feeds.sources), store));
    const seconds = (performance.now() - started) / 1000;
    const hanging = feeds.sources.filter((_, i) => hangs(i)).map((s) => s.key);
    const healthy = feeds.sources.length - hanging.length;
    const failed = report.sources.filter((s) => s.status === "failed");
    const waited = failed.filter((s) => /no complete response/.test(s.reason ?? "")).length;
    const skipped = failed.filter((s) => /not sent: .* is not answering/.test(s.reason ?? "")).length;
    const allHangingReported = hanging.every((key) => failed.some((s) => s.source_key === key));
    const stored = (await readIngestedItems(store, "loopback")).items.length;
    const hostsWithHangs = new Set(hanging.map((key) => Number(key.slice(5)) % HOSTS)).size;
    console.log(
      `  ${name.padEnd(12)} ${seconds.toFixed(1).padStart(5)} s wall | ${report.totals.sources_ok}/${healthy} healthy read, ` +
        `${stored} items stored | ${failed.length}/${hanging.length} hanging reported failed ` +
        `(${waited} waited out the timeout, ${skipped} skipped: host timed out)${allHangingReported ? "" : " — SOME NOT REPORTED"} ` +
        `| hanging feeds on ${hostsWithHangs} host(s) | ${feeds.stats.requests} requests`,
    );
  } finally {
    await feeds.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export default async function benchIngestScale(): Promise<void> {
  console.log(
    `ingest at scale: ${SOURCES} RSS sources on ${HOSTS} loopback hosts, 300 ms per answer, every tenth hanging (defaults: 16 at once, 2 per host, 15 s timeout)`,
  );
  await scenario("round robin", (i) => i % 10 === 0);
  // One hanging feed per host: source i is on host i % 20; on host h the one of round h % 10 hangs.
  await scenario("spread", (i) => Math.floor(i / HOSTS) === (i % HOSTS) % 10);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngestScale();
