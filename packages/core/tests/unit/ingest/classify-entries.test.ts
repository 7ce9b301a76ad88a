import { describe, expect, it } from "vitest";
import { SourceDef } from "../../../src/config/index.js";
import { type ClassifyContext, classifyEntries } from "../../../src/ingest/classify-entries.js";
import { canonicalUrl, contentHashOf, itemIdFor } from "../../../src/ingest/identity.js";
import type { RawEntry } from "../../../src/ingest/readers/types.js";
import { emptySourceReport, IngestReport, SourceReport } from "../../../src/ingest/report.js";

const SOURCE = SourceDef.parse({
  key: "press_sector__example",
  name: "Example Press",
  actor_type: "press_sector",
  kind: "rss",
  url: "https://press.example/rss",
});
const entry = (title: string, url: string, published_at?: string, content = ""): RawEntry => ({
  title,
  url,
  content,
  ...(published_at ? { published_at } : {}),
});
const idOf = (url: string) => itemIdFor(canonicalUrl(url));

function context(over: Partial<ClassifyContext> = {}): ClassifyContext {
  return {
    window: { from: "2025-12-04", to: "2025-12-17" },
    runId: "ing_test",
    ingestedAt: "2025-12-17T08:00:00.000Z",
    seenHash: () => undefined,
    taken: new Set(),
    ...over,
  };
}

describe("classifyEntries", () => {
  const entries = [
    entry("New depot approved", "https://press.example/a", "2025-12-10", "Body A"),
    entry("Old news", "https://press.example/old", "2025-11-01"),
    entry("No date here", "https://press.example/undated"),
    entry("New depot approved (again)", "https://press.example/a?utm_source=x", "2025-12-10"),
    entry("Edited release", "https://press.example/b", "2025-12-11", "v2"),
    entry("Same as before", "https://press.example/c", "2025-12-12", "same"),
    entry("Taken by an earlier source", "https://press.example/d", "2025-12-12"),
  ];
  const seen: Record<string, string> = {
    [idOf("https://press.example/b")]: "stale-hash",
    [idOf("https://press.example/c")]: contentHashOf("Same as before", "same"),
  };
  const result = classifyEntries({ entries, found: 8, skipped: 1, warnings: ["w"] }, SOURCE, {
    ...context(),
    seenHash: (id) => seen[id],
    taken: new Set([idOf("https://press.example/d")]),
  });

  it("counts each entry once, by what happened to it", () => {
    expect(result.report).toMatchObject({
      source_key: "press_sector__example",
      kind: "rss",
      status: "ok",
      fetched: 8,
      skipped: 1,
      parsed: 7,
      dated: 6,
      undated: 1,
      out_of_window: 1,
      in_window: 5,
      duplicate: 2,
      new: 1,
      updated: 1,
      unchanged: 1,
      invalid: 0,
    });
  });

  it("names the undated entries in a structured field (and, for operators, in a warning line)", () => {
    expect(result.report.undated_entries).toEqual([
      { title: "No date here", url: "https://press.example/undated" },
    ]);
    expect(result.report.warnings).toEqual(["w", 'undated: "No date here" https://press.example/undated']);
  });

  it("returns the items to write, the unchanged ones and the ids taken, without touching its inputs", () => {
    expect(result.written.map((i) => [i.title, i.run_id, i.ingested_at])).toEqual([
      ["New depot approved", "ing_test", "2025-12-17T08:00:00.000Z"],
      ["Edited release", "ing_test", "2025-12-17T08:00:00.000Z"],
    ]);
    expect(result.unchanged).toEqual([
      { item_id: idOf("https://press.example/c"), content_hash: contentHashOf("Same as before", "same") },
    ]);
    expect(result.taken).toEqual(
      ["https://press.example/a", "https://press.example/b", "https://press.example/c"].map(idOf),
    );
  });

  it("counts an unparsable URL as invalid, with a warning naming the entry", () => {
    const bad = classifyEntries(
      { entries: [entry("Broken", "not a url", "2025-12-10")], found: 1, skipped: 0, warnings: [] },
      SOURCE,
      context(),
    );
    expect(bad.report).toMatchObject({ in_window: 1, invalid: 1, new: 0 });
    expect(bad.report.warnings[0]).toMatch(/^"Broken": /);
  });
});

describe("SourceReport (read back)", () => {
  const { undated_entries: _none, ...stored } = {
    ...emptySourceReport("press_corporate__medincell", "html"),
    fetched: 1,
    parsed: 1,
    undated: 1,
  };

  it("takes the undated entries from the structured field", () => {
    const report = SourceReport.parse({
      ...stored,
      warnings: [],
      undated_entries: [{ title: "Pipeline", url: "https://www.medincell.com/pipeline/" }],
    });
    expect(report.undated_entries).toEqual([
      { title: "Pipeline", url: "https://www.medincell.com/pipeline/" },
    ]);
  });

  it("still reads a report stored before the field existed, naming its undated entries from its warnings", () => {
    const report = SourceReport.parse({
      ...stored,
      warnings: ['undated: "Pipeline" https://www.medincell.com/pipeline/', "HTTP 301 (followed)"],
    });
    expect(report.undated_entries).toEqual([
      { title: "Pipeline", url: "https://www.medincell.com/pipeline/" },
    ]);
    expect(IngestReport.shape.sources.element).toBe(SourceReport);
  });
});
