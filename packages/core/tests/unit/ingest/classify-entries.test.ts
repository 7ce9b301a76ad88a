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

  it("names the undated entries in the structured field only (no warning line to parse back)", () => {
    expect(result.report.undated_entries).toEqual([
      { title: "No date here", url: "https://press.example/undated" },
    ]);
    expect(result.report.warnings).toEqual(["w"]);
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

describe("classifyEntries: bounded input", () => {
  const result = (entries: RawEntry[], over: Partial<ClassifyContext> = {}) =>
    classifyEntries({ entries, found: entries.length, skipped: 0, warnings: [] }, SOURCE, context(over));

  it("keeps the newest `maxItems` dated entries of a source and counts the rest as capped", () => {
    // 250 entries over 250 days, listed oldest first: the 200 newest are kept whatever the page order.
    const day = (i: number) => new Date(Date.UTC(2025, 11, 17) - i * 86_400_000).toISOString().slice(0, 10);
    const entries = Array.from({ length: 250 }, (_, i) =>
      entry(`Item ${i}`, `https://press.example/${i}`, day(249 - i)),
    );
    const capped = result(entries, { maxItems: 200, window: { from: "2000-01-01", to: "2025-12-17" } });
    expect(capped.report).toMatchObject({ parsed: 250, dated: 250, capped: 50, in_window: 200, new: 200 });
    const kept = new Set(capped.written.map((i) => i.published_at));
    expect(kept.has(day(0))).toBe(true);
    expect(kept.has(day(199))).toBe(true);
    expect(kept.has(day(200))).toBe(false);
    // Undated entries are not items: they are neither capped nor kept.
    const mixed = result([...entries.slice(0, 3), entry("No date", "https://press.example/nd")], {
      maxItems: 2,
    });
    expect(mixed.report).toMatchObject({ undated: 1, capped: 1 });
    expect(result(entries.slice(0, 5)).report.capped).toBe(0); // no cap given
  });

  it("drops URLs over 2,048 characters and counts them", () => {
    const long = `https://press.example/${"a".repeat(2100)}`;
    const out = result([
      entry("Long link", long, "2025-12-10"),
      entry("Short", "https://press.example/s", "2025-12-10"),
    ]);
    expect(out.report).toMatchObject({ in_window: 2, url_too_long: 1, new: 1 });
    expect(out.report.warnings).toEqual([
      expect.stringMatching(/^"Long link": URL of 2122 characters dropped \(over 2048\)$/),
    ]);
    expect(out.written.map((i) => i.title)).toEqual(["Short"]);
  });

  it("strips control characters and escape sequences from titles, text and extras, and cuts long titles", () => {
    const title = `\u001b[31mFDA\u001b[0m approves\u0000 ${"long-acting injectable ".repeat(40)}`;
    const out = result([
      {
        title,
        url: "https://press.example/esc\u0007",
        published_at: "2025-12-10",
        content: "Body\u001b]0;pwned\u0007 text\u0008",
        extra: { categories: ["LAI\u001b[1m"], author: "A\u0000B" },
      },
    ]);
    const [item] = out.written;
    expect(item!.title.startsWith("FDA approves long-acting injectable")).toBe(true);
    expect(item!.title.length).toBeLessThanOrEqual(300);
    expect(item!.title.endsWith("injectable…")).toBe(true);
    expect(item!.content).toBe("Body text");
    expect(item!.url).toBe("https://press.example/esc");
    expect(item!.extra).toEqual({ categories: ["LAI"], author: "AB" });
    expect(JSON.stringify(item)).not.toMatch(/\\u00(0|1)[0-9a-f]/);
  });

  it("names at most 50 undated entries per source, and counts them all", () => {
    const entries = Array.from({ length: 80 }, (_, i) =>
      entry(`Undated ${i}`, `https://press.example/u${i}`),
    );
    const out = result(entries);
    expect(out.report.undated).toBe(80);
    expect(out.report.undated_entries).toHaveLength(50);
    // Named in the typed field only: no `undated: "<title>" <url>` warning line any more.
    expect(out.report.warnings.filter((w) => w.startsWith("undated: "))).toEqual([]);
  });
});
