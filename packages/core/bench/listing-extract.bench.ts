/**
 * Generic listing extraction: pages/s on the ten hand-written newsroom pages of fixtures/listings, and the
 * wall time on one generated 2 MB listing page (a WordPress-style archive of a few thousand entries with
 * navigation, a sidebar repeating the latest entries, pagination and a footer). Prints; asserts nothing.
 *
 * Run alone: `pnpm exec tsx bench/listing-extract.bench.ts` (from packages/core), or through `bench/run.ts`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { extractListing } from "../src/ingest/listing/index.js";
import { REPO_ROOT } from "../tests/support/repo.js";
import { median, throughput } from "./measure.js";

const LISTINGS = join(REPO_ROOT, "fixtures/listings");

/** The page URL each fixture names in its header comment ("Page URL for tests: …"). */
function pageUrlOf(html: string, file: string): string {
  const match = /Page URL for tests: (\S+)/.exec(html);
  if (!match) throw new Error(`${file} names no "Page URL for tests"`);
  return match[1]!;
}

const MONTHS = "January February March April May June July August September October November December".split(
  " ",
);

/** A WordPress-style archive of `entries` entries and its page furniture; about 400 bytes per entry. */
export function generatedListing(targetBytes: number): { html: string; entries: number } {
  const head = `<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>News archive</title></head><body>
<header class="site-header"><nav class="main-navigation"><ul>${[
    "Home",
    "About",
    "Pipeline",
    "News",
    "Investors",
    "Contact",
  ]
    .map((n) => `<li class="menu-item"><a href="/${n.toLowerCase()}/">${n}</a></li>`)
    .join("")}</ul></nav></header><div class="site-content"><main class="site-main">`;
  const sidebar = `</main><aside class="widget-area"><section class="widget"><h2>Recent posts</h2><ul>${Array.from(
    { length: 10 },
    (_, i) =>
      `<li><a href="/news/2025/release-${i}/">Release number ${i} about a long-acting injectable</a></li>`,
  ).join("")}</ul></section></aside></div>`;
  const foot = `<nav class="pagination"><a href="/news/page/2/">2</a><a href="/news/page/2/">Next</a></nav>
<footer class="site-footer"><a href="/privacy-policy/">Privacy policy</a><a href="https://www.linkedin.com/company/x">LinkedIn</a></footer></body></html>`;
  const parts: string[] = [head];
  let size = head.length + sidebar.length + foot.length;
  let i = 0;
  while (size < targetBytes) {
    const year = 2025 - Math.floor(i / 365);
    const month = MONTHS[i % 12]!;
    const day = (i % 28) + 1;
    const article = `<article class="post type-post status-publish category-news"><header class="entry-header"><h2 class="entry-title"><a href="/news/${year}/release-${i}/" rel="bookmark">Company announces milestone ${i} for its monthly depot programme in partnership</a></h2></header>
<div class="entry-meta"><span class="posted-on"><time class="entry-date published" datetime="${year}-${String((i % 12) + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}T08:00:00+01:00">${month} ${day}, ${year}</time></span></div>
<div class="entry-summary"><p>Summary of release ${i}: the company reported progress in its long-acting injectable pipeline.</p><a class="more-link" href="/news/${year}/release-${i}/">Read more</a></div></article>\n`;
    parts.push(article);
    size += article.length;
    i++;
  }
  parts.push(sidebar, foot);
  return { html: parts.join(""), entries: i };
}

export default async function benchListingExtract(): Promise<void> {
  const files = (await readdir(LISTINGS)).filter((f) => f.endsWith(".html")).sort();
  const pages = await Promise.all(
    files.map(async (file) => {
      const html = await readFile(join(LISTINGS, file), "utf8");
      return { file, html, url: pageUrlOf(html, file) };
    }),
  );
  const bytes = pages.reduce((n, p) => n + p.html.length, 0);
  const entriesPerPass = pages.reduce((n, p) => n + extractListing(p.html, p.url).entries.length, 0);
  const fixtures = throughput(() => {
    for (const p of pages) extractListing(p.html, p.url);
    return pages.length;
  });

  const big = generatedListing(2 * 1024 * 1024);
  const times: number[] = [];
  let found = 0;
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    found = extractListing(big.html, "https://bench.example/news/").entries.length;
    times.push(performance.now() - start);
  }

  console.log("generic listing extraction");
  console.log(
    `  fixture pages  ${fixtures.perSecond.toFixed(0).padStart(8)} pages/s  (${pages.length} pages, ${(bytes / 1024).toFixed(1)} KiB, ${entriesPerPass} entries, ${fixtures.perCallMs.toFixed(1)} ms per pass)`,
  );
  console.log(
    `  2 MB page      ${median(times).toFixed(0).padStart(8)} ms median of 7  (${(big.html.length / 1024 / 1024).toFixed(2)} MiB, ${found} of ${big.entries} entries found; min ${Math.min(...times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchListingExtract();
