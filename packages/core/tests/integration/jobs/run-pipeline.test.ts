import { fileURLToPath } from "node:url";
import { makeTempDir, type TempDir } from "@vectora/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as z from "zod";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import {
  type IngestReport,
  layout,
  loadConfigYaml,
  NewsletterDocument,
  type RunEngineForClientResult,
  runEngineForClient,
  type VectoraConfig,
} from "../../../src/index.js";
import { sourceScope } from "../../../src/jobs/index.js";
import { DECEMBER_2025, rawItem } from "../../support/raw-items.js";

const CONFIG_DIR = fileURLToPath(new URL("../../../../../config/", import.meta.url));
const AS_OF = "2025-12-17";
// The four real signals span 10 October – 10 December 2025: a 70-day issue holds them all.
const PERIOD = 70;

describe("runEngineForClient on disk with the project config", () => {
  let dir: TempDir;
  let config: VectoraConfig;
  let result: RunEngineForClientResult;
  let newsletters: FsBlobStore;

  beforeAll(async () => {
    dir = await makeTempDir("pipeline");
    config = await loadConfigYaml(new FsBlobStore(CONFIG_DIR));
    const data = new FsBlobStore(`${dir.path}/data`);
    newsletters = new FsBlobStore(`${dir.path}/newsletters`);
    const items = Object.values(DECEMBER_2025).map((spec) => rawItem(spec, "ing_a"));
    // Two runs: the second repeats the licence (same URL) — it must be read once.
    await data.put(
      layout.ingestedRun("lai_weekly", AS_OF, "ing_a"),
      `${items.map((i) => JSON.stringify(i)).join("\n")}\n{not json\n`,
    );
    await data.put(
      layout.ingestedRun("lai_weekly", AS_OF, "ing_b"),
      `${JSON.stringify(rawItem(DECEMBER_2025.licence!, "ing_b"))}\n`,
    );
    // A report as stored before checkpoints (no capped/url_too_long counters, no deferred totals): still read.
    const report: z.input<typeof IngestReport> = {
      run_id: "ing_a",
      client_id: "lai_weekly",
      status: "partial",
      config_version: config.version,
      as_of: AS_OF,
      period_days: PERIOD,
      window: { from: "2025-10-09", to: AS_OF },
      started_at: "2025-12-17T08:00:00.000Z",
      finished_at: "2025-12-17T08:00:05.000Z",
      duration_ms: 5000,
      items_key: layout.ingestedRun("lai_weekly", AS_OF, "ing_a"),
      report_key: layout.ingestReport("lai_weekly", AS_OF, "ing_a"),
      sources: [
        {
          ...source("press_corporate__medincell", "html", "ok"),
          out_of_window: 6,
          undated: 1,
          warnings: [
            'undated: "Medincell at a glance: our pipeline" https://www.medincell.com/pipeline/',
            "HTTP 301 from https://www.medincell.com/news (followed)",
          ],
        },
        source("press_corporate__nanexa", "html", "ok"),
        source("press_corporate__delsitech", "html", "ok"),
        { ...source("press_sector__fiercepharma", "rss", "ok"), out_of_window: 16, undated: 1 },
        source(
          "press_sector__endpoints_news",
          "rss",
          "failed",
          "timeout for GET https://endpts.com/feed after 20000 ms",
        ),
      ],
      totals: { ...counters(), sources_ok: 4, sources_failed: 1 },
      warnings: [],
    };
    await data.put(layout.ingestReport("lai_weekly", AS_OF, "ing_a"), JSON.stringify(report));
    // A truncated report (interrupted write) and one of the wrong shape: named in the warnings, never fatal.
    await data.put(layout.ingestReport("lai_weekly", AS_OF, "ing_b"), JSON.stringify(report).slice(0, 80));
    await data.put(
      layout.ingestReport("lai_weekly", AS_OF, "ing_c"),
      JSON.stringify({ ...report, run_id: "ing_c", sources: "all of them" }),
    );
    result = await runEngineForClient({
      config,
      clientId: "lai_weekly",
      dataStore: data,
      newslettersStore: newsletters,
      targetDate: AS_OF,
      periodDays: PERIOD,
      clock: () => new Date("2025-12-17T09:00:00Z"),
    });
  });
  afterAll(() => dir?.remove());

  const keptTitles = () => result.engine.decisions.filter((d) => d.kept).map((d) => d.title);

  it("keeps the licence deal, the FDA approval on UZEDY, the NDA submission and the grant", () => {
    const kept = keptTitles();
    for (const key of ["licence", "approval", "nda", "grant"])
      expect(kept, key).toContain(DECEMBER_2025[key]!.title.replace(/\s+/g, " "));
  });

  it("drops the interim and half-year reports, the appointment, the index inclusion, the conference and off-topic press", () => {
    const byTitle = new Map(result.engine.decisions.map((d) => [d.title, d]));
    for (const key of ["interim", "halfYear", "appointment", "index", "offTopic"]) {
      const d = byTitle.get(DECEMBER_2025[key]!.title.replace(/\s+/g, " "));
      expect(d, key).toBeDefined();
      expect(d!.kept, `${key}: ${d!.reasons.join(",")}`).toBe(false);
    }
  });

  it("reads each window item once across runs, reports the bad line, and records a reason for every decision", () => {
    // The conference notice (15 August) is outside the window: not even read.
    expect(result.counts.raw_items).toBe(Object.keys(DECEMBER_2025).length - 1);
    expect(result.engine.decisions.map((d) => d.title)).not.toContain(DECEMBER_2025.conference!.title);
    expect(result.counts.bad_lines).toBe(1);
    expect(result.warnings.join("\n")).toMatch(/ing_a\.jsonl:\d+: not JSON/);
    for (const d of result.engine.decisions) expect(d.reasons.length).toBeGreaterThan(0);
  });

  it("names unreadable ingest reports in the warnings and still reads the valid one", () => {
    const warnings = result.warnings.join("\n");
    expect(warnings).toContain(
      `${layout.ingestReport("lai_weekly", AS_OF, "ing_b")}: ingest report is not JSON: `,
    );
    expect(warnings).toContain(
      `${layout.ingestReport("lai_weekly", AS_OF, "ing_c")}: not an ingest report: sources: `,
    );
    expect(result.ingest_runs).toEqual(["ing_a"]);
  });

  it("never lets an entity through without an evidence span in the item's text", () => {
    for (const section of result.engine.sections)
      for (const { item } of section.items)
        for (const list of Object.values(item.entities))
          for (const entity of list) {
            expect(entity.evidence.length).toBeGreaterThan(0);
            for (const span of entity.evidence)
              expect(item.text.slice(span.start, span.end)).toBe(span.matched);
          }
  });

  it("writes the three files at the layout keys; the JSON validates and names the failed source", async () => {
    expect(result.keys.md).toBe("lai_weekly/2025/12/17/newsletter.md");
    const json = NewsletterDocument.parse(JSON.parse((await newsletters.getText(result.keys.json))!));
    expect(json.sections.every((s) => s.items.length > 0)).toBe(true);
    expect(json.config_version).toBe(config.version);
    expect(json.scope.failed.map((s) => s.source_key)).toEqual(["press_sector__endpoints_news"]);
    const html = (await newsletters.getText(result.keys.html))!;
    expect(html).toContain("timeout for GET https://endpts.com/feed after 20000 ms");
    expect((await newsletters.head(result.keys.html))?.contentType).toBe("text/html; charset=utf-8");
    const md = (await newsletters.getText(result.keys.md))!;
    expect(md).toContain("10 December 2025");
  });

  it("reports what ingest set aside (outside the window, undated) in the JSON counts and the footer", async () => {
    expect(result.document.counts).toMatchObject({ ingest_out_of_window: 22, undated: 2 });
    const medincell = result.document.scope.sources.find(
      (s) => s.source_key === "press_corporate__medincell",
    );
    expect(medincell).toMatchObject({ out_of_window: 6, undated: 1 });
    const outside = 22 + result.document.counts.outside_window;
    const md = (await newsletters.getText(result.keys.md))!;
    expect(md).toContain(`; ${outside} outside the window, 2 undated (not used).`);
    // The undated entries ingest named are reported by name (domain rule 1), with their source.
    expect(medincell?.undated_entries).toEqual([
      { title: "Medincell at a glance: our pipeline", url: "https://www.medincell.com/pipeline/" },
    ]);
    expect(md).toMatch(/Undated, not used \(1\): “Medincell at a glance: our pipeline” \(MedinCell[^)]*\)\./);
  });

  it("takes each source's set-aside counts from its latest run of the window, never summed over runs", () => {
    const run = (id: string, startedAt: string, outOfWindow: number) =>
      ({
        run_id: id,
        started_at: startedAt,
        sources: [
          { ...source("press_corporate__medincell", "html", "ok"), out_of_window: outOfWindow, undated: 1 },
        ],
      }) as IngestReport;
    const scope = sourceScope(
      [run("ing_1", "2025-12-16T08:00:00Z", 7), run("ing_2", "2025-12-17T08:00:00Z", 5)],
      [],
      config,
    );
    expect(scope).toEqual([
      expect.objectContaining({ source_key: "press_corporate__medincell", out_of_window: 5, undated: 1 }),
    ]);
  });
});

function counters() {
  return {
    fetched: 0,
    skipped: 0,
    parsed: 0,
    dated: 0,
    undated: 0,
    out_of_window: 0,
    in_window: 0,
    duplicate: 0,
    new: 0,
    updated: 0,
    unchanged: 0,
    invalid: 0,
  };
}

function source(
  source_key: string,
  kind: string,
  status: "ok" | "failed",
  reason?: string,
): z.input<typeof IngestReport>["sources"][number] {
  return {
    source_key,
    kind,
    status,
    ...(reason ? { reason } : {}),
    ...counters(),
    duration_ms: 10,
    warnings: [],
  };
}
