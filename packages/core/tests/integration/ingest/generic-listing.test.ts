/**
 * HTML sources without selectors, read through the replayed transport by the generic extractor: on the five
 * recorded corporate pages it finds what the catalog's hand-written selectors find; on a new newsroom page it
 * needs no config beyond the URL; a JavaScript shell fails the source with the reason.
 */
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { makeTempDir } from "@vectora/testing";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import type { HtmlSourceDef } from "../../../src/config/index.js";
import { canonicalUrl, NoSecrets, SourceDef } from "../../../src/index.js";
import { type ReaderResult, readSource, SourceReadError } from "../../../src/ingest/index.js";
import { AS_OF, loadCatalog, REPO_ROOT, recordingsCopy } from "../../support/ingest-fixtures.js";

let catalog: SourceDef[];
beforeAll(async () => {
  ({ sources: catalog } = await loadCatalog());
});

function read(source: SourceDef, dir: string): Promise<ReaderResult> {
  return readSource(source, {
    transport: new ReplayHttpTransport(dir),
    secrets: new NoSecrets(),
    window: { from: "2025-12-04", to: AS_OF },
  });
}

/** `[date, title, canonical URL]` of the dated entries. */
function datedRows(result: ReaderResult): [string, string, string][] {
  return result.entries
    .filter((e) => e.published_at)
    .map((e) => [e.published_at!, e.title, canonicalUrl(e.url)]);
}

describe("generic extraction on the recorded corporate pages", () => {
  it.each([
    "press_corporate__medincell",
    "press_corporate__camurus",
    "press_corporate__delsitech",
    "press_corporate__nanexa",
    "press_corporate__peptron",
  ])("%s: the same dated entries as the catalog's selectors", async (key) => {
    const dir = await recordingsCopy("peptron-ok");
    const configured = catalog.find((s) => s.key === key) as HtmlSourceDef;
    expect(configured.selectors).toBeDefined();
    const { selectors: _selectors, ...generic } = configured;

    const bySelectors = await read(configured, dir);
    const byGeneric = await read(SourceDef.parse(generic), dir);
    expect(bySelectors.method).toBe("selectors");
    expect(byGeneric.method).toBe("generic");
    expect(datedRows(byGeneric)).toEqual(datedRows(bySelectors));
    expect(datedRows(byGeneric).length).toBeGreaterThanOrEqual(5);
    // The selectors keep an entry without a date as undated; in a dated list the generic reader leaves it out,
    // and names it.
    for (const undated of bySelectors.entries.filter((e) => !e.published_at))
      expect(byGeneric.warnings).toContain(
        `left out (no date in a dated list): "${undated.title}" ${undated.url}`,
      );
  });
});

describe("an html source without selectors", () => {
  async function recordingOf(fixture: string, url: string): Promise<string> {
    const dir = await makeTempDir("generic-listing");
    onTestFinished(() => dir.remove());
    await copyFile(join(REPO_ROOT, "fixtures/listings", fixture), join(dir.path, fixture));
    const recording = {
      request: { method: "GET", url },
      response: { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, bodyFile: fixture },
    };
    await writeFile(join(dir.path, "page.json"), JSON.stringify(recording));
    return dir.path;
  }

  /** A new corporate source as an operator writes it: key, name, kind, actor type and URL, nothing else. */
  const newSource = (key: string, url: string) =>
    SourceDef.parse({ key, name: key, kind: "html", actor_type: "press_corporate", url });

  it("is read from its URL alone, with the catalog's defaults", async () => {
    const url = "https://www.depotex.ch/en/media/press-releases";
    const source = newSource("press_corporate__depotex", url);
    const result = await read(source, await recordingOf("drupal-views-list.html", url));
    expect(result.method).toBe("generic");
    expect(result.entries.map((e) => [e.published_at, e.title])).toEqual([
      ["2025-12-16", "Depotex receives Swissmedic approval for DPX-12, a monthly octreotide depot"],
      [
        "2025-12-09",
        "Depotex and Aurelis enter co-development agreement for a six-month paliperidone implant",
      ],
      ["2025-12-01", "Invitation to the Depotex Capital Markets Day 2026"],
      ["2025-11-12", "Depotex reports nine-month results 2025"],
      ["2025-11-03", "Depotex completes Phase 1 of DPX-31, a once-monthly semaglutide depot"],
      ["2025-10-21", "Depotex appoints Dr. Lea Brunner as Chief Medical Officer"],
    ]);
    expect(result.entries[0]?.content).toMatch(/^Swissmedic has approved DPX-12/);
  });

  it("fails as a source, naming the reason, when the page is a JavaScript shell", async () => {
    const url = "https://www.vireolongacting.com/newsroom";
    const source = newSource("press_corporate__vireo", url);
    const failure = read(source, await recordingOf("js-shell.html", url));
    await expect(failure).rejects.toBeInstanceOf(SourceReadError);
    await expect(failure).rejects.toThrow(
      /^source press_corporate__vireo: listing is rendered by JavaScript \(/,
    );
  });

  it("still accepts date_order, and rejects a bad one naming the field", () => {
    const base = { key: "k", name: "n", kind: "html", actor_type: "press_corporate", url: "https://a.test/" };
    expect(SourceDef.parse({ ...base, date_order: "dmy" })).toMatchObject({ date_order: "dmy" });
    const bad = SourceDef.safeParse({ ...base, date_order: "ymd" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["date_order"]);
  });
});
