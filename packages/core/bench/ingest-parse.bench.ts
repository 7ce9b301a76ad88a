/**
 * Parse throughput of the ingest readers on the project's recordings: entries/s for the RSS reader (3 sector
 * feeds) and the HTML listing reader (5 corporate pages, with the catalog's selectors), plus one whole replayed
 * run. Each figure is the median of 5 rounds of ≥ 300 ms. Prints; asserts nothing.
 *
 * Run alone: `pnpm exec tsx bench/ingest-parse.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FsBlobStore } from "../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../src/adapters/replay-http.js";
import { NoSecrets, runIngest } from "../src/index.js";
import { parseFeed, parseListing } from "../src/ingest/index.js";
import { catalogConfig, loadCatalog, RECORDINGS } from "../tests/support/ingest-fixtures.js";
import { throughput } from "./measure.js";

export default async function benchIngestParse(): Promise<void> {
  const catalog = await loadCatalog();
  const feeds = await Promise.all(
    ["fiercebiotech-rss.xml", "fiercepharma-rss.xml", "endpoints-feed.xml"].map((f) =>
      readFile(join(RECORDINGS, f), "utf8"),
    ),
  );
  type SelectorSource = Parameters<typeof parseListing>[1];
  const pages: { html: string; source: SelectorSource & { url: string } }[] = [];
  for (const [key, file] of [
    ["press_corporate__medincell", "medincell-news.html"],
    ["press_corporate__camurus", "camurus-press-releases.html"],
    ["press_corporate__delsitech", "delsitech-news.html"],
    ["press_corporate__nanexa", "nanexa-press.html"],
    ["press_corporate__peptron", "peptron-news.html"],
  ] as const) {
    const source = catalog.sources.find((s) => s.key === key);
    if (source?.kind === "html" && source.selectors)
      pages.push({
        source: { ...source, selectors: source.selectors },
        html: await readFile(join(RECORDINGS, file), "utf8"),
      });
  }

  const rss = throughput(() =>
    feeds.reduce((n, xml) => n + parseFeed(xml, "bench", "https://feed.test/").entries.length, 0),
  );
  const html = throughput(() =>
    pages.reduce((n, p) => n + parseListing(p.html, p.source, p.source.url).entries.length, 0),
  );
  const rssBytes = feeds.reduce((n, f) => n + f.length, 0);
  const htmlBytes = pages.reduce((n, p) => n + p.html.length, 0);

  // A whole replayed run (9 sources, directory store): wall time per run, seen-index and writes included.
  const config = await catalogConfig({ client_id: "bench", name: "Bench", max_items: 5 }, "bench");
  const runs: number[] = [];
  let written = 0;
  for (let i = 0; i < 7; i++) {
    const dir = await mkdtemp(join(tmpdir(), "vectora-bench-ingest-"));
    const start = performance.now();
    const report = await runIngest({
      config,
      clientId: "bench",
      store: new FsBlobStore(dir),
      transport: new ReplayHttpTransport(RECORDINGS),
      secrets: new NoSecrets(),
      asOf: "2025-12-17",
    });
    runs.push(performance.now() - start);
    written = report.totals.new;
    await rm(dir, { recursive: true, force: true });
  }
  const runMedian = [...runs].sort((a, b) => a - b)[3]!;

  console.log("ingest parse throughput (median of 5 rounds ≥ 300 ms)");
  console.log(
    `  RSS reader   ${rss.perSecond.toFixed(0).padStart(8)} entries/s  (3 feeds, ${(rssBytes / 1024).toFixed(1)} KiB, ${rss.perCallMs.toFixed(2)} ms per pass)`,
  );
  console.log(
    `  HTML reader  ${html.perSecond.toFixed(0).padStart(8)} entries/s  (5 pages, ${(htmlBytes / 1024).toFixed(1)} KiB, ${html.perCallMs.toFixed(2)} ms per pass)`,
  );
  console.log(
    `  whole replayed run (9 sources, ${written} items written): median ${runMedian.toFixed(0)} ms of 7`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchIngestParse();
