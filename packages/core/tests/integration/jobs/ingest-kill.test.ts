/**
 * A run killed mid-way (SIGKILL, in a child process, while some sources hang on slow servers on 127.0.0.1)
 * loses only the sources in flight: every source that finished before the kill has its items stored and seen,
 * and the next run neither loses nor duplicates them — on the directory store and on S3 (s3rver).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type S3Server, startS3Server } from "@vectora/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { S3BlobStore } from "../../../src/adapters/s3-blob-store.js";
import { readIngestedItems, runIngest } from "../../../src/index.js";
import { loadSeenIndex } from "../../../src/ingest/seen-index.js";
import type { BlobStore } from "../../../src/ports/blob-store.js";
import { startChild } from "../../support/children/run-child.js";
import { storedLinesByItem } from "../../support/ingest-fixtures.js";
import {
  LOOPBACK_AS_OF,
  type LoopbackFeeds,
  loopbackConfig,
  loopbackIngestOptions,
  startLoopbackFeeds,
} from "../../support/loopback-feeds.js";
import { testTempDir } from "../temp-dirs.js";

const BUCKET = "vectora-kill";
let s3: S3Server;
const feedsToClose: LoopbackFeeds[] = [];
beforeAll(async () => {
  s3 = await startS3Server({ buckets: [BUCKET] });
});
afterAll(async () => {
  await s3?.stop();
});
afterEach(async () => {
  for (const f of feedsToClose.splice(0)) await f.close();
});

const stores: Array<[string, (dir: string) => { spec: string; store: BlobStore }]> = [
  ["directory", (dir) => ({ spec: `dir:${dir}`, store: new FsBlobStore(dir) })],
  // One S3 case per file: the bucket starts empty.
  [
    "S3 (s3rver)",
    () => ({
      spec: `s3:${s3.endpoint}/${BUCKET}`,
      store: new S3BlobStore({ client: s3.client, bucket: BUCKET }),
    }),
  ],
];

describe.each(stores)("a run killed mid-way (%s store)", (_name, makeStore) => {
  it("keeps the finished sources' items; the next run adds the rest, each item once", {
    timeout: 90_000,
  }, async () => {
    const feeds = await startLoopbackFeeds({
      hosts: 4,
      count: 12,
      behaviour: (i) => (i % 3 === 2 ? { kind: "hang" } : { kind: "answer", delayMs: 10 * i }),
    });
    feedsToClose.push(feeds);
    const hanging = feeds.sources.filter((_, i) => i % 3 === 2).map((s) => s.key);
    const finishing = feeds.sources.filter((_, i) => i % 3 !== 2).map((s) => s.key);
    const config = loopbackConfig(feeds.sources);
    const dir = await testTempDir("kill");
    const configFile = join(dir.path, "config.json");
    await writeFile(configFile, JSON.stringify(config));
    const storeDir = join(dir.path, "store");
    const { spec, store } = makeStore(storeDir);

    // The child reads with 6 slots: the 4 hanging feeds hold 4 of them forever, the 8 others all finish.
    const child = startChild("ingest-child.ts", [configFile, spec, "loopback", LOOPBACK_AS_OF, "6"]);
    let stdout = "";
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const finished = await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`child never finished 8 sources: ${stdout}\n${stderr}`)),
        60_000,
      );
      child.stdout?.on("data", (c: Buffer) => {
        stdout += c.toString("utf8");
        const done = [...stdout.matchAll(/^finished (\S+) ok$/gm)].map((m) => m[1]!);
        if (done.length === finishing.length) {
          clearTimeout(timer);
          resolve(done);
        }
      });
      child.once("exit", (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
    });
    expect(new Set(finished)).toEqual(new Set(finishing));
    const killed = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await killed;
    expect(stdout).not.toMatch(/run ended/);

    // Every finished source's items are stored, once, and seen.
    const afterKill = await storedLinesByItem(store, "loopback");
    expect(afterKill.size).toBe(finishing.length * 3);
    expect([...afterKill.values()].every((n) => n === 1)).toBe(true);
    const seen = await loadSeenIndex(store, "loopback");
    expect(Object.keys(seen.index!.items).sort()).toEqual([...afterKill.keys()].sort());
    const stored = await readIngestedItems(store, "loopback");
    expect(new Set(stored.items.map((i) => i.source_key))).toEqual(new Set(finishing));

    // The sites recover; the next run reads everything and stores only what the killed run had not.
    for (const key of hanging) feeds.behaviour.set(key, { kind: "answer", delayMs: 0 });
    const next = await runIngest(loopbackIngestOptions(config, store));
    expect(next.status).toBe("succeeded");
    expect(next.totals).toMatchObject({
      new: hanging.length * 3,
      unchanged: finishing.length * 3,
      updated: 0,
    });
    for (const s of next.sources) expect(s.new, s.source_key).toBe(hanging.includes(s.source_key) ? 3 : 0);
    const final = await storedLinesByItem(store, "loopback");
    expect(final.size).toBe(12 * 3);
    expect([...final.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  });
});
