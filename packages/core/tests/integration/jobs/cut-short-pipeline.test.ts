/**
 * What a cut-short run looks like downstream: the pipeline with an ingest deadline on a clock moved by hand
 * writes a newsletter whose footer names the deferred sources as not read, with why; the three newsletter files
 * are one generation (JSON last); a corrupt metadata sidecar is a warning, not a failed run.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import {
  layout,
  NoSecrets,
  readNewsletterFiles,
  runEngineForClient,
  runPipeline,
} from "../../../src/index.js";
import { scopeLines } from "../../../src/newsletter/index.js";
import { AS_OF, RECORDINGS, steppingClock } from "../../support/ingest-fixtures.js";
import { loadRepoConfig } from "../../support/repo.js";
import { testTempDir } from "../temp-dirs.js";

describe("a pipeline whose ingest is cut short by its deadline", () => {
  it("prints the deferred sources as not read in the footer, and writes the three files as one generation", async () => {
    const config = await loadRepoConfig();
    const dir = await testTempDir("cut-short");
    const warnings: string[] = [];
    const data = new FsBlobStore(join(dir.path, "data"), { onWarning: (m) => warnings.push(m) });
    const newsletters = new FsBlobStore(join(dir.path, "newsletters"));
    // 10 s pass at every reading of the clock; the deadline is 45 s after the start; one source at a time.
    const clock = steppingClock("2025-12-17T08:00:00.000Z", 10_000);
    const { ingest, engine } = await runPipeline({
      config,
      clientId: "lai_weekly",
      asOf: AS_OF,
      dataStore: data,
      newslettersStore: newsletters,
      transport: new ReplayHttpTransport(RECORDINGS),
      secrets: new NoSecrets(),
      clock,
      concurrency: 1,
      deadline: Date.parse("2025-12-17T08:00:45.000Z"),
    });
    const deferred = ingest.sources.filter((s) => s.status === "deferred");
    expect(deferred.length).toBeGreaterThan(0);
    expect(ingest.cut_short).toMatchObject({
      deadline: "2025-12-17T08:00:45.000Z",
      deferred: deferred.length,
    });

    const md = (await newsletters.getText(engine.keys.md))!;
    const footer = scopeLines(engine.document).find((l) => l.startsWith("Not read ("))!;
    // The deferred ones, and Peptron's recorded TLS failure if it was read before the deadline.
    expect(md).toContain(`Not read (${ingest.sources.filter((s) => s.status !== "ok").length}): `);
    for (const s of deferred) {
      const name = config.sources.find((c) => c.key === s.source_key)!.name;
      expect(footer).toContain(
        `${name} (${s.source_key}): deferred: the run's deadline (2025-12-17T08:00:45.000Z) came before it started`,
      );
    }
    expect(engine.document.scope.sources.filter((s) => s.status === "deferred")).toHaveLength(
      deferred.length,
    );

    // The three files are one generation, and a reader can tell when they are not.
    const files = await readNewsletterFiles(newsletters, "lai_weekly", AS_OF);
    expect(files).toMatchObject({ complete: true, md });
    if (!files.complete) throw new Error(files.reason);
    expect(files.generation).toMatch(/^[0-9a-f]{16}$/);
    await newsletters.put(engine.keys.md, "# a rewrite in progress\n", {
      metadata: { generation: "0000000000000000" },
    });
    expect(await readNewsletterFiles(newsletters, "lai_weekly", AS_OF)).toEqual({
      complete: false,
      reason: `${layout.newsletter("lai_weekly", AS_OF, "md")} is of generation 0000000000000000, the JSON of ${files.generation}: the issue is being written, or its writer stopped`,
    });
    expect(await readNewsletterFiles(newsletters, "lai_weekly", "2025-12-10")).toMatchObject({
      complete: false,
    });

    // A corrupt metadata sidecar in the data store: a warning naming it, and the engine runs all the same.
    const runFolder = join(dir.path, "data", "ingested", "lai_weekly", "2025", "12", "17", ingest.run_id);
    const sidecar = (await readdir(runFolder)).find((n) => n.endsWith(".meta.json"))!;
    await writeFile(join(runFolder, sidecar), "{ cut by a full disk");
    const again = await runEngineForClient({
      config,
      clientId: "lai_weekly",
      dataStore: data,
      newslettersStore: newsletters,
      targetDate: AS_OF,
    });
    expect(again.counts.raw_items).toBe(engine.counts.raw_items);
    expect(warnings).toEqual([expect.stringContaining(`${sidecar} is not JSON`)]);
    expect((await readNewsletterFiles(newsletters, "lai_weekly", AS_OF)).complete).toBe(true);
  });
});
