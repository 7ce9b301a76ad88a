/**
 * The run's deadline: no source starts after it, sources not started are `deferred`, sources in flight are
 * `abandoned` (their requests aborted), and what finished before it is stored and stays stored — checked with a
 * clock moved by hand, and with a tiny deadline against slow HTTP servers on 127.0.0.1 and the live transport.
 */
import { describe, expect, it } from "vitest";
import { LiveHttpTransport } from "../../../src/adapters/live-http.js";
import { IngestReport, IngestRunError, layout, readIngestedItems, runIngest } from "../../../src/index.js";
import { loadSeenIndex } from "../../../src/ingest/seen-index.js";
import {
  fixedClock,
  ingestTestConfig,
  recordedIngestOptions,
  steppingClock,
  tempStore,
} from "../../support/ingest-fixtures.js";
import { loopbackConfig, loopbackFeedsForTest, loopbackIngestOptions } from "../../support/loopback-feeds.js";

describe("the deadline, on a clock moved by hand", () => {
  it("starts no source after it: the rest are deferred, what finished is stored, and the report says so", async () => {
    const config = await ingestTestConfig();
    const store = await tempStore("deadline");
    // The clock moves 10 s at every reading; the deadline is 35 s after the start.
    const clock = steppingClock("2026-01-05T08:00:00.000Z", 10_000);
    const deadline = Date.parse("2026-01-05T08:00:35.000Z");
    const report = await runIngest(recordedIngestOptions(config, store, { clock, concurrency: 1, deadline }));
    expect(IngestReport.parse(report)).toEqual(report);
    const byStatus = (status: string) => report.sources.filter((s) => s.status === status);
    expect(byStatus("ok").length).toBeGreaterThan(0);
    expect(byStatus("deferred").length).toBeGreaterThan(0);
    expect(byStatus("ok").length + byStatus("failed").length + byStatus("deferred").length).toBe(9);
    expect(report.status).toBe("partial");
    expect(report.cut_short).toEqual({
      deadline: "2026-01-05T08:00:35.000Z",
      deferred: byStatus("deferred").length,
      abandoned: 0,
    });
    expect(report.totals).toMatchObject({
      sources_deferred: byStatus("deferred").length,
      sources_abandoned: 0,
    });
    for (const s of byStatus("deferred")) {
      expect(s.reason).toBe("deferred: the run's deadline (2026-01-05T08:00:35.000Z) came before it started");
      expect(s.new).toBe(0);
    }
    // The report is stored; the finished sources' items are stored and seen.
    expect(JSON.parse((await store.getText(report.report_key))!)).toEqual(report);
    const { items } = await readIngestedItems(store, "lai_weekly");
    expect(items.length).toBe(report.totals.new);
    expect(new Set(items.map((i) => i.source_key))).toEqual(
      new Set(
        byStatus("ok")
          .filter((s) => s.new > 0)
          .map((s) => s.source_key),
      ),
    );
    const seen = await loadSeenIndex(store, "lai_weekly");
    for (const item of items) expect(seen.index?.items[item.item_id]?.file).toMatch(/\.jsonl$/);

    // The next run, without a deadline, reads the deferred sources and finds nothing new in the others.
    const next = await runIngest(recordedIngestOptions(config, store));
    const deferredKeys = new Set(byStatus("deferred").map((s) => s.source_key));
    for (const s of next.sources) if (!deferredKeys.has(s.source_key)) expect(s.new, s.source_key).toBe(0);
    expect(report.totals.new + next.totals.new).toBe(45); // the fortnight's 45 items, each stored once
    const after = await readIngestedItems(store, "lai_weekly");
    expect(after.items).toHaveLength(45);
  });

  it("a deadline already past reads nothing, writes the report and fails the run as deferred, not failed", async () => {
    const config = await ingestTestConfig();
    const store = await tempStore("deadline");
    const clock = fixedClock("2026-01-05T08:00:00.000Z");
    const error = await runIngest(
      recordedIngestOptions(config, store, { clock, deadline: Date.parse("2026-01-05T07:59:59.000Z") }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestRunError);
    expect((error as Error).message).toMatch(/no source was read before the deadline/);
    const report = (error as IngestRunError).report;
    expect(report.sources.every((s) => s.status === "deferred")).toBe(true);
    expect(await store.exists(report.report_key)).toBe(true);
    expect(await store.exists(layout.seenIndex("lai_weekly"))).toBe(false);
  });
});

describe("the deadline, against slow sites on 127.0.0.1", () => {
  it("aborts the sources in flight (abandoned), defers the rest, keeps what finished, and returns on time", async () => {
    // 12 feeds on 3 hosts: 6 answer at once, 6 never answer. 2 at a time: the hanging ones fill the slots.
    const feeds = await loopbackFeedsForTest({
      hosts: 3,
      count: 12,
      behaviour: (i) => (i % 2 === 1 ? { kind: "hang" } : { kind: "answer", delayMs: 20 }),
    });
    const config = loopbackConfig(feeds.sources, { concurrency: 2 });
    const store = await tempStore("deadline");
    const started = Date.now();
    const report = await runIngest(
      loopbackIngestOptions(config, store, {
        transport: new LiveHttpTransport({ timeoutMs: 30_000 }),
        deadline: started + 3_000,
        deadlineGraceMs: 500,
      }),
    );
    const elapsed = Date.now() - started;
    // Back well before the 30 s request timeout: the deadline aborted the requests.
    expect(elapsed).toBeLessThan(10_000);
    const statuses = Object.fromEntries(report.sources.map((s) => [s.source_key, s.status]));
    const abandoned = report.sources.filter((s) => s.status === "abandoned");
    const deferred = report.sources.filter((s) => s.status === "deferred");
    expect(abandoned).toHaveLength(2); // the two slots were both held by hanging feeds
    for (const s of abandoned) {
      expect(Number(s.source_key.slice(5)) % 2, s.source_key).toBe(1);
      expect(s.reason).toMatch(
        /^abandoned at the run's deadline \(.+\) after \d+\.\d s in flight: its requests were aborted, nothing was kept$/,
      );
    }
    expect(deferred.length).toBeGreaterThan(0);
    expect(report.cut_short).toMatchObject({ abandoned: 2, deferred: deferred.length });
    // The servers saw the aborted requests' connections close.
    await new Promise((r) => setTimeout(r, 100));
    expect(feeds.stats.aborted).toBeGreaterThanOrEqual(2);
    // Finished feeds are stored and seen; nothing of the abandoned or deferred ones.
    const { items } = await readIngestedItems(store, "loopback");
    const stored = new Set(items.map((i) => i.source_key));
    for (const [key, status] of Object.entries(statuses))
      expect(stored.has(key), `${key} ${status}`).toBe(status === "ok");
    expect(items).toHaveLength(3 * report.totals.sources_ok);
    expect(JSON.parse((await store.getText(report.report_key))!)).toMatchObject({
      cut_short: report.cut_short,
    });
  });
});
