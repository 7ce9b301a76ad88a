/**
 * Source health over several recorded runs: three weekly pipeline runs replay the recorded sources, the third
 * with the Endpoints feed emptied (as a redesign would leave it); Peptron's certificate fails every week. The
 * run reports, the newsletter JSON and footer, and `clientSourceHealth` — on disk and on a real S3 protocol
 * server — flag Peptron as failing and Endpoints as silent.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  copyToTempDir,
  makeTempDir,
  RECORDINGS_DIR,
  type S3Server,
  startS3Server,
  type TempDir,
} from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import { S3BlobStore } from "../../../src/adapters/s3-blob-store.js";
import { type PipelineResult, runPipeline } from "../../../src/jobs/pipeline.js";
import { clientSourceHealth } from "../../../src/jobs/source-health.js";
import { NoSecrets } from "../../../src/ports/secrets.js";
import { loadRepoConfig } from "../../support/repo.js";

const RECORDED = RECORDINGS_DIR;
const PEPTRON = {
  source_key: "press_corporate__peptron",
  flag: "failing",
  message:
    "failed in its last 2 runs (2025-12-17, 2025-12-24): tls for GET https://www.peptron.co.kr/eng/pr/news.php: unable to verify the first certificate",
};
const ENDPOINTS = {
  source_key: "press_sector__endpoints_news",
  flag: "silent",
  message: "0 entries in its last run (2025-12-24) after 10 on 2025-12-17: its page may have changed",
};

describe("source health over recorded runs", () => {
  const temps: TempDir[] = [];
  let data: string;
  let runs: PipelineResult[];
  let s3: S3Server;

  beforeAll(async () => {
    const config = await loadRepoConfig();
    const store = await makeTempDir("health-store");
    const silent = await copyToTempDir(RECORDED, "health-silent");
    temps.push(store, silent);
    // The third week's Endpoints feed answers 200 with a channel and no items.
    const feed = join(silent.path, "endpoints-feed.xml");
    const text = await readFile(feed, "utf8");
    await writeFile(feed, `${text.slice(0, text.indexOf("<item>"))}</channel>\n</rss>\n`);
    data = join(store.path, "data");
    runs = [];
    for (const [asOf, dir] of [
      ["2025-12-10", RECORDED],
      ["2025-12-17", RECORDED],
      ["2025-12-24", silent.path],
    ] as const)
      runs.push(
        await runPipeline({
          config,
          clientId: "lai_weekly",
          asOf,
          dataStore: new FsBlobStore(data),
          newslettersStore: new FsBlobStore(join(store.path, "newsletters")),
          transport: new ReplayHttpTransport(dir),
          secrets: new NoSecrets(),
          clock: () => new Date(`${asOf}T06:00:00.000Z`),
        }),
      );
    s3 = await startS3Server({ buckets: ["vectora-inbox-data-test"] });
  }, 120_000);
  afterAll(async () => {
    await s3?.stop();
    for (const t of temps) await t.remove();
  });

  it("records the flags in each run report as they arise", () => {
    expect(runs.map((r) => r.ingest.source_flags?.map((f) => f.source_key))).toEqual([
      [],
      ["press_corporate__peptron"],
      ["press_corporate__peptron", "press_sector__endpoints_news"],
    ]);
    expect(runs[2]!.ingest.source_flags).toEqual([PEPTRON, ENDPOINTS]);
    // The emptied feed was read (no failure): it is its silence that is flagged.
    const endpoints = runs[2]!.ingest.sources.find((s) => s.source_key === ENDPOINTS.source_key)!;
    expect([endpoints.status, endpoints.parsed]).toEqual(["ok", 0]);
  });

  it("carries them into the newsletter's JSON, its footer and the engine's result", async () => {
    const engine = runs[2]!.engine;
    expect(engine.sources_to_check).toEqual([
      { ...PEPTRON, name: "Peptron news" },
      { ...ENDPOINTS, name: "Endpoints News" },
    ]);
    expect(engine.document.scope.sources_to_check).toEqual(engine.sources_to_check);
    const markdown = await readFile(join(data, "..", "newsletters", engine.keys.md), "utf8");
    expect(markdown).toContain(
      "Sources to check (2): Peptron news (press\\_corporate\\_\\_peptron): failed in its last 2 runs",
    );
    expect(markdown).toContain(
      "Endpoints News (press\\_sector\\_\\_endpoints\\_news): 0 entries in its last run (2025-12-24) after 10 on 2025-12-17: its page may have changed.",
    );
  });

  it("is judged the same from the stored reports, on disk and in S3", async () => {
    const disk = await clientSourceHealth(new FsBlobStore(data), "lai_weekly");
    expect(disk.runs).toEqual(runs.map((r) => r.ingest.run_id));
    expect(disk.flagged).toEqual([PEPTRON, ENDPOINTS]);
    expect(
      disk.sources.find((s) => s.source_key === ENDPOINTS.source_key)!.runs.map((r) => [r.as_of, r.entries]),
    ).toEqual([
      ["2025-12-24", 0],
      ["2025-12-17", 10],
      ["2025-12-10", 10],
    ]);

    const bucket = new S3BlobStore({ client: s3.client, bucket: "vectora-inbox-data-test" });
    const local = new FsBlobStore(data);
    for (const { key } of await local.list("ingested/lai_weekly/"))
      if (key.endsWith(".report.json")) await bucket.put(key, (await local.getText(key))!);
    const fromS3 = await clientSourceHealth(bucket, "lai_weekly");
    expect(fromS3.flagged).toEqual(disk.flagged);
    expect(fromS3.sources).toEqual(disk.sources);
    // The last two reports are enough for both: two failures, and a silence after a run that yielded.
    expect((await clientSourceHealth(bucket, "lai_weekly", { runs: 2 })).flagged).toEqual([
      PEPTRON,
      ENDPOINTS,
    ]);
  });
});
