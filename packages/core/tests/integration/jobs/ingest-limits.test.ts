/**
 * Ingest's bounds: a response over the cap aborts its download and fails only its source ("response over 5 MB");
 * a source's own `max_response_bytes` and `max_items` override the client's; the replay transport applies the
 * same cap to recorded bodies.
 */
import { describe, expect, it } from "vitest";
import { readIngestedItems, runIngest } from "../../../src/index.js";
import { ingestTestConfig, recordedIngestOptions, tempStore } from "../../support/ingest-fixtures.js";
import { loopbackConfig, loopbackFeedsForTest, loopbackIngestOptions } from "../../support/loopback-feeds.js";

describe("response size cap", () => {
  it("aborts a 50 MB feed at the default 5 MB while it streams, failing only that source", async () => {
    const feeds = await loopbackFeedsForTest({
      hosts: 1,
      count: 3,
      behaviour: (i) =>
        i === 1 ? { kind: "huge", bytes: 50 * 1024 * 1024 } : { kind: "answer", delayMs: 0 },
    });
    const store = await tempStore("limits");
    const report = await runIngest(loopbackIngestOptions(loopbackConfig(feeds.sources), store));
    const huge = report.sources.find((s) => s.source_key === "feed_001")!;
    expect(huge.status).toBe("failed");
    expect(huge.reason).toBe(`response over 5 MB from ${feeds.sources[1]!.url}`);
    expect(report.sources.filter((s) => s.status === "ok")).toHaveLength(2);
    expect(report.status).toBe("partial");
    // The download was cut off: far less than the 50 MB left the server.
    await new Promise((r) => setTimeout(r, 100));
    expect(feeds.stats.bytesSent).toBeLessThan(25 * 1024 * 1024);
    expect((await readIngestedItems(store, "loopback")).items).toHaveLength(6);
  });

  it("takes a source's own max_response_bytes and max_items over the client's", async () => {
    const feeds = await loopbackFeedsForTest({ hosts: 2, count: 3, itemsPerFeed: 20 });
    const [small, capped, plain] = feeds.sources;
    const sources = [{ ...small!, max_response_bytes: 1024 }, { ...capped!, max_items: 4 }, plain!];
    const config = loopbackConfig(sources, { max_items_per_source: 10 });
    const report = await runIngest(loopbackIngestOptions(config, await tempStore("limits")));
    const [a, b, c] = report.sources;
    expect(a).toMatchObject({ status: "failed", reason: `response over 1 KB from ${small!.url}` });
    expect(b).toMatchObject({ status: "ok", dated: 20, capped: 16, new: 4 });
    expect(c).toMatchObject({ status: "ok", dated: 20, capped: 10, new: 10 });
    expect(report.totals).toMatchObject({ capped: 26, new: 14 });
  });

  it("applies the cap to recorded bodies too (replay)", async () => {
    const config = await ingestTestConfig();
    config.sources = config.sources.map((s) =>
      s.key === "press_sector__fiercepharma" ? { ...s, max_response_bytes: 2048 } : s,
    );
    const report = await runIngest(
      recordedIngestOptions(config, await tempStore("limits"), {
        sources: ["press_sector__fiercepharma", "press_corporate__nanexa"],
      }),
    );
    expect(report.sources[0]).toMatchObject({
      status: "failed",
      reason: "response over 2 KB from https://www.fiercepharma.com/rss/xml",
    });
    expect(report.sources[1]).toMatchObject({ status: "ok", new: 4 });
  });
});
