/**
 * Child process of the memory benchmark: one ingest of one feed that answers a 50 MB body, with the given
 * response cap, in a fresh process; prints its peak RSS (MB) and the source's outcome as JSON. Run with
 * `node --import tsx`. Arguments: <max_response_bytes> <body bytes>.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlobStore } from "../../src/adapters/fs-blob-store.js";
import { LiveHttpTransport } from "../../src/adapters/live-http.js";
import { NoSecrets, runIngest } from "../../src/index.js";
import { LOOPBACK_AS_OF, loopbackConfig, startLoopbackFeeds } from "../../tests/support/loopback-feeds.js";

const [cap, bytes] = process.argv.slice(2).map(Number);
const baseline = process.resourceUsage().maxRSS / 1024;
// The server runs in this process too: the huge body is streamed in 64 KB chunks, never held whole.
const feeds = await startLoopbackFeeds({
  hosts: 1,
  count: 1,
  behaviour: () => ({ kind: "huge", bytes: bytes! }),
});
const dir = await mkdtemp(join(tmpdir(), "vectora-bench-memory-"));
const started = performance.now();
const report = await runIngest({
  config: loopbackConfig(feeds.sources, { max_response_bytes: cap! }),
  clientId: "loopback",
  store: new FsBlobStore(dir),
  transport: new LiveHttpTransport({ timeoutMs: 120_000 }),
  secrets: new NoSecrets(),
  asOf: LOOPBACK_AS_OF,
}).catch((error: { report?: unknown }) => error.report as Awaited<ReturnType<typeof runIngest>>);
const seconds = (performance.now() - started) / 1000;
await feeds.close();
await rm(dir, { recursive: true, force: true });
const source = report.sources[0]!;
process.stdout.write(
  `${JSON.stringify({
    baselineMb: Math.round(baseline),
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    seconds: Math.round(seconds * 10) / 10,
    status: source.status,
    reason: source.reason ?? "",
    sentMb: Math.round(feeds.stats.bytesSent / 1024 / 1024),
  })}\n`,
);
