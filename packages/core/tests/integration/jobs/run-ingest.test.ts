/**
 * Whole ingest runs over the recordings, on a directory store: what is written, what a re-run adds (nothing),
 * how an edited release comes back (once, as "updated"), and how a broken source is isolated.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import {
  canonicalUrl,
  IngestReport,
  IngestRunError,
  layout,
  RawItem,
  type RunIngestOptions,
  readIngestedItems,
  runIngest,
  type VectoraConfig,
} from "../../../src/index.js";
import {
  AS_OF,
  fixedClock,
  ingestTestConfig,
  RECORDINGS,
  recordedIngestOptions,
  recordingsCopy,
  steppingClock,
} from "../../support/ingest-fixtures.js";
import { testTempDir } from "../temp-dirs.js";

let config: VectoraConfig;
beforeAll(async () => {
  config = await ingestTestConfig();
});

async function newStore(): Promise<FsBlobStore> {
  return new FsBlobStore((await testTempDir("ingest")).path);
}

function options(
  store: FsBlobStore,
  recordings = RECORDINGS,
  extra: Partial<RunIngestOptions> = {},
): RunIngestOptions {
  return recordedIngestOptions(config, store, { recordings, clock: fixedClock(), ...extra });
}

/** Every item a run stored: the lines of its per-source files (checked against what its folder holds). */
async function storedItems(store: FsBlobStore, report: IngestReport): Promise<RawItem[]> {
  const inFolder = (await store.list(report.items_key)).map((b) => b.key);
  expect(inFolder).toEqual(report.items_files);
  const items: RawItem[] = [];
  for (const key of inFolder) {
    const text = (await store.getText(key)) ?? "";
    const lines = text.split("\n").filter(Boolean);
    expect(lines.length, key).toBeGreaterThan(0);
    items.push(...lines.map((line) => RawItem.parse(JSON.parse(line))));
  }
  return items;
}

describe("runIngest over the recorded fortnight", () => {
  it("writes each dated in-window item once, with its real date, and a valid report", async () => {
    const store = await newStore();
    const report = await runIngest(options(store, RECORDINGS, { runId: "run-1" }));
    expect(IngestReport.parse(report)).toEqual(report);
    expect(report.window).toEqual({ from: "2025-12-04", to: "2025-12-17" });
    // One folder per run, one file per source that wrote items (each written as its source finished).
    expect(report.items_key).toBe("ingested/lai_weekly/2025/12/17/run-1/");
    expect(report.items_files).toContain(
      "ingested/lai_weekly/2025/12/17/run-1/press_corporate__nanexa.jsonl",
    );
    expect(JSON.parse((await store.getText(report.report_key))!)).toEqual(report);
    expect(report.status).toBe("partial"); // Peptron's recorded TLS fault
    expect(report.config_version).toBe(config.version);

    const items = await storedItems(store, report);
    expect(items.length).toBe(report.totals.new);
    for (const item of items)
      expect(report.items_files).toContain(`ingested/lai_weekly/2025/12/17/run-1/${item.source_key}.jsonl`);
    expect(items.every((i) => i.published_at >= "2025-12-04" && i.published_at <= "2025-12-17")).toBe(true);
    expect(items.every((i) => i.ingested_at === "2026-01-05T08:00:00.000Z" && i.run_id === "run-1")).toBe(
      true,
    );
    expect(new Set(items.map((i) => i.item_id)).size).toBe(items.length);
    // No boilerplate, nothing dated "today", no item outside the window (UZEDY Oct 10, malaria grant Nov 24).
    expect(items.some((i) => /^(download attachment|read the presentation)$/i.test(i.title))).toBe(false);
    expect(
      items.some((i) => i.title.includes("Bipolar I Disorder") || i.title.includes("Fight Malaria")),
    ).toBe(false);
    const titles = items.map((i) => i.title);
    expect(titles).toContain(
      "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
    );
    expect(titles.filter((t) => t.startsWith("Gilead's twice-yearly PrEP shot"))).toHaveLength(1);

    const bySource = Object.fromEntries(report.sources.map((s) => [s.source_key, s]));
    expect(bySource["press_corporate__medincell"]).toMatchObject({
      status: "ok",
      fetched: 12,
      skipped: 1,
      undated: 1,
      in_window: 4,
      new: 4,
    });
    expect(bySource["press_corporate__nanexa"]).toMatchObject({ skipped: 3, in_window: 4, new: 4 });
    expect(bySource["press_sector__fiercebiotech"]).toMatchObject({ undated: 1, in_window: 8, new: 8 });
    // Every undated entry is named, so it can be traced back to its page.
    expect(bySource["press_corporate__medincell"]?.undated_entries).toEqual([
      {
        title: "Medincell at a glance: our long-acting injectable pipeline",
        url: "https://www.medincell.com/pipeline/",
      },
    ]);
    expect(bySource["press_sector__fiercebiotech"]?.undated_entries).toEqual([
      {
        title: "Sponsored: How AI is changing clinical trial site selection",
        url: "https://www.fiercebiotech.com/sponsored/how-ai-changing-clinical-trial-site-selection",
      },
    ]);
    for (const s of report.sources) {
      expect(s.undated_entries, s.source_key).toHaveLength(s.undated);
      // The typed field carries them: the old `undated: "<title>" <url>` warning line is no longer written.
      expect(
        s.warnings.filter((w) => w.startsWith("undated: ")),
        s.source_key,
      ).toEqual([]);
    }
    // The cross-posted Gilead story is counted once: FierceBiotech comes first in the catalog.
    expect(bySource["press_sector__fiercepharma"]).toMatchObject({ in_window: 9, duplicate: 1, new: 8 });
    expect(bySource["press_corporate__peptron"]).toMatchObject({ status: "failed", new: 0 });
    expect(bySource["press_corporate__peptron"]?.reason).toMatch(
      /^tls for GET https:\/\/www\.peptron\.co\.kr\/.*unable to verify the first certificate/,
    );
    expect(report.totals.new).toBe(report.sources.reduce((n, s) => n + s.new, 0));
    expect(report.totals).toMatchObject({ sources_ok: 8, sources_failed: 1 });
    for (const item of items) expect(item.canonical_url).toBe(canonicalUrl(item.url));
  });

  it("adds nothing on a second run of the same window, and writes an edited release once as updated", async () => {
    const store = await newStore();
    const recordings = await recordingsCopy();
    const clock = steppingClock();
    const run = () => runIngest(options(store, recordings, { clock }));
    const first = await run();
    expect(first.totals.new).toBeGreaterThan(30);

    const second = await run();
    expect(second.totals.new).toBe(0);
    expect(second.totals.updated).toBe(0);
    expect(second.totals.unchanged).toBe(first.totals.new);
    expect(await storedItems(store, second)).toEqual([]);

    // Nanexa edits the teaser of its Moderna release.
    const page = join(recordings, "nanexa-press.html");
    const html = await readFile(page, "utf8");
    const edited = html.replace(
      "Nanexa will receive an upfront payment of USD 3 million",
      "Nanexa will receive an upfront payment of USD 4 million",
    );
    expect(edited).not.toBe(html);
    await writeFile(page, edited);
    const third = await run();
    expect(third.totals).toMatchObject({ new: 0, updated: 1 });
    const rewritten = await storedItems(store, third);
    expect(rewritten).toHaveLength(1);
    expect(rewritten[0]?.content).toContain("USD 4 million");

    const fourth = await run();
    expect(fourth.totals).toMatchObject({ new: 0, updated: 0 });

    // Reading back: one item per id, the edited content wins.
    const { items, problems, files } = await readIngestedItems(store, "lai_weekly", {
      from: "2025-12-04",
      to: AS_OF,
    });
    expect(problems).toEqual([]);
    expect(files).toEqual([...(first.items_files ?? []), ...(third.items_files ?? [])].sort());
    expect(items).toHaveLength(first.totals.new);
    expect(items.find((i) => i.item_id === rewritten[0]?.item_id)?.content).toContain("USD 4 million");
  });

  it("rebuilds a damaged seen-index from the ingested files instead of re-ingesting everything", async () => {
    const store = await newStore();
    await runIngest(options(store));
    await store.put(layout.seenIndex("lai_weekly"), "{ not json");
    const again = await runIngest(options(store));
    expect(again.totals.new).toBe(0);
    expect(again.warnings.join("\n")).toMatch(
      /index\/lai_weekly\/seen\.json is not valid JSON.*rebuilt from the ingested files/,
    );
    // Valid JSON of the wrong shape: the field is named, and the index is rebuilt the same way.
    await store.put(
      layout.seenIndex("lai_weekly"),
      JSON.stringify({ version: 1, client_id: "lai_weekly", updated_at: AS_OF, items: [] }),
    );
    const third = await runIngest(options(store));
    expect(third.totals.new).toBe(0);
    expect(third.warnings.join("\n")).toMatch(
      /index\/lai_weekly\/seen\.json is invalid: items: .*rebuilt from the ingested files/,
    );
  });

  it("reads only the named sources, and rejects an unknown one by name", async () => {
    const store = await newStore();
    const report = await runIngest(
      options(store, RECORDINGS, { sources: ["press_corporate__nanexa", "pubmed__lai"] }),
    );
    expect(report.sources.map((s) => s.source_key)).toEqual(["press_corporate__nanexa", "pubmed__lai"]);
    expect(report.status).toBe("succeeded");
    expect(report.totals.new).toBe(8);
    await expect(
      runIngest(options(store, RECORDINGS, { sources: ["press_corporate__nope"] })),
    ).rejects.toThrow(/unknown source "press_corporate__nope"/);
  });

  it("a shorter period keeps fewer items (window = [as_of - period + 1, as_of])", async () => {
    const store = await newStore();
    const report = await runIngest(
      options(store, RECORDINGS, { periodDays: 1, sources: ["press_sector__fiercepharma"] }),
    );
    expect(report.window).toEqual({ from: AS_OF, to: AS_OF });
    const items = await storedItems(store, report);
    expect(items.map((i) => i.title)).toEqual([
      "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
    ]);
  });
});

describe("fault isolation", () => {
  const cases = [
    {
      overlay: "http-500",
      source: "press_corporate__medincell",
      reason: /^HTTP 500 from https:\/\/www\.medincell\.com\/news\/$/,
    },
    {
      overlay: "timeout",
      source: "press_sector__fiercebiotech",
      reason: /^timeout for GET https:\/\/www\.fiercebiotech\.com\/rss\/xml/,
    },
    {
      overlay: "malformed-xml",
      source: "press_sector__endpoints_news",
      reason: /^malformed XML at line \d+, column \d+: /,
    },
    {
      // A 200 that is not the listing (a bot challenge): a failed source, not "ok, 0 items".
      overlay: "bot-challenge",
      source: "press_corporate__medincell",
      reason: /^no entries match selector "article\.news-item" \(page title: "Just a moment\.\.\."\)$/,
    },
  ];
  for (const { overlay, source, reason } of cases) {
    it(`${overlay}: ${source} fails with its reason, every other source's items are stored`, async () => {
      const healthy = await runIngest(options(await newStore()));
      const store = await newStore();
      const report = await runIngest(options(store, await recordingsCopy(overlay)));
      expect(report.status).toBe("partial");
      const broken = report.sources.find((s) => s.source_key === source)!;
      expect(broken.status).toBe("failed");
      expect(broken.reason).toMatch(reason);
      for (const s of report.sources.filter((r) => r.source_key !== source)) {
        const before = healthy.sources.find((h) => h.source_key === s.source_key)!;
        // new + duplicate: without FierceBiotech, FiercePharma's copy of the cross-posted story is no longer a duplicate.
        expect({ key: s.source_key, status: s.status, kept: s.new + s.duplicate }).toEqual({
          key: s.source_key,
          status: before.status,
          kept: before.new + before.duplicate,
        });
      }
      const items = await storedItems(store, report);
      expect(items.some((i) => i.source_key === source)).toBe(false);
      expect(items.length).toBe(report.totals.new);
    });
  }

  it("fails the run clearly when every source fails, after writing the report", async () => {
    const store = await newStore();
    const empty = await testTempDir("no-recordings");
    const error = await runIngest(options(store, empty.path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestRunError);
    const report = (error as IngestRunError).report;
    expect(report.status).toBe("failed");
    expect(report.totals.sources_failed).toBe(report.sources.length);
    expect((error as Error).message).toMatch(/every source failed/);
    expect((error as Error).message).toMatch(
      /press_corporate__medincell: no recording for GET https:\/\/www\.medincell\.com\/news\//,
    );
    expect(await store.exists(report.report_key)).toBe(true);
  });
});

describe("readIngestedItems", () => {
  it("reports a bad line with its file and line number and keeps the good ones", async () => {
    const store = await newStore();
    const report = await runIngest(options(store, RECORDINGS, { sources: ["press_corporate__nanexa"] }));
    const [file] = report.items_files!;
    const text = (await store.getText(file!))!;
    const lines = text.trimEnd().split("\n");
    lines.splice(1, 0, '{"item_id":"itm_nothex","title":"broken"}', "not json at all");
    await store.put(file!, `${lines.join("\n")}\n`);
    const { items, problems } = await readIngestedItems(store, "lai_weekly");
    expect(items).toHaveLength(4);
    expect(problems).toEqual([
      { file, line: 2, message: expect.stringMatching(/^not a RawItem: item_id: /) },
      { file, line: 3, message: expect.stringMatching(/^not JSON: /) },
    ]);
  });

  it("filters by publication date and skips files of runs older than the range", async () => {
    const store = await newStore();
    await runIngest(options(store));
    const { items } = await readIngestedItems(store, "lai_weekly", { from: "2025-12-15", to: "2025-12-15" });
    expect(items.length).toBeGreaterThan(3);
    expect(items.every((i) => i.published_at === "2025-12-15")).toBe(true);
    const later = await readIngestedItems(store, "lai_weekly", { from: "2025-12-18" });
    expect(later).toMatchObject({ items: [], files: [] });
  });
});
