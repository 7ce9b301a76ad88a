import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { extractListing, type ListingDiagnostics, type ListingEntry } from "@vectora/core/listing";
import { defineCommand, isHttpUrl, JSON_FLAG, UsageError } from "../cli-kit.js";

const USAGE = [
  "Usage: vectora sources extract --html FILE --url URL [--json] [--date-order dmy|mdy] [--skip-title REGEX]…",
  "",
  "Runs the generic listing extractor on a saved newsroom page and prints the news entries it finds: title,",
  "absolute URL (relative links resolved against --url, or the page's <base href>) and publication date.",
  "The page is read as is: nothing is fetched. Save it from a browser when the site renders its list with",
  "JavaScript.",
  "",
  "  --url URL          the address the page was saved from",
  "  --json             print a JSON array of {title, url, published_at, method} (published_at null if undated)",
  "  --date-order       order of slashed dates (03/04/2025) when the page does not settle it (a source's date_order)",
  "  --skip-title       a whole-title regular expression of the site's own furniture (repeatable; skip_titles)",
  "",
  "Human output: a table of the entries, then a line of diagnostics (blocks considered, the chosen group,",
  "undated entries, what was left out and why). Exit 0 with at least one entry; 1 with the reason when the",
  'page yields none ("listing is rendered by JavaScript", "no list of news entries found: …").',
].join("\n");

export default defineCommand({
  usage: USAGE,
  flags: {
    html: { type: "string" },
    url: { type: "string" },
    ...JSON_FLAG,
    "date-order": { type: "string" },
    "skip-title": { type: "string", multiple: true, default: [] },
  },
  async run(values, io) {
    if (!values.html) throw new UsageError("--html FILE is required");
    if (!values.url) throw new UsageError("--url URL is required (relative links resolve against it)");
    if (!isHttpUrl(values.url))
      throw new UsageError(`--url expects an absolute http(s) URL, got "${values.url}"`);
    const dateOrder = values["date-order"];
    if (dateOrder !== undefined && dateOrder !== "dmy" && dateOrder !== "mdy")
      throw new UsageError(`--date-order expects dmy or mdy, got "${dateOrder}"`);
    for (const pattern of values["skip-title"])
      try {
        new RegExp(pattern);
      } catch (error) {
        throw new UsageError(
          `--skip-title "${pattern}" is not a regular expression: ${(error as Error).message}`,
        );
      }

    const path = resolve(io.cwd, values.html);
    let html: string;
    try {
      html = await readFile(path, "utf8");
    } catch (error) {
      io.err(`vectora sources extract: cannot read ${path}: ${(error as Error).message}\n`);
      return 1;
    }

    const { entries, diagnostics } = extractListing(html, values.url, {
      skipTitles: values["skip-title"],
      ...(dateOrder ? { dateOrder } : {}),
    });
    if (diagnostics.failure) {
      io.err(`vectora sources extract: ${values.html}: ${diagnostics.failure.message}\n`);
      if (!values.json) io.err(`${diagnosticsLine(entries, diagnostics)}\n`);
      return 1;
    }
    if (values.json) {
      const rows = entries.map((e) => ({
        title: e.title,
        url: e.url,
        published_at: e.published_at ?? null,
        method: e.method,
      }));
      io.out(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    io.out(`${entryTable(entries)}\n\n${diagnosticsLine(entries, diagnostics)}\n`);
    for (const d of diagnostics.dropped)
      io.out(
        `  left out (${d.reason.replaceAll("_", " ")}): ${d.title ? JSON.stringify(d.title) : "(no title)"}${d.url ? ` ${d.url}` : ""}\n`,
      );
    return 0;
  },
});

const TITLE_WIDTH = 72;

/** Date, title (cut to a column) and URL of each entry. */
function entryTable(entries: readonly ListingEntry[]): string {
  const cut = (t: string) => (t.length > TITLE_WIDTH ? `${t.slice(0, TITLE_WIDTH - 1)}…` : t);
  const titleWidth = Math.max(5, ...entries.map((e) => cut(e.title).length));
  const lines = [`${"date".padEnd(10)}  ${"title".padEnd(titleWidth)}  url`];
  for (const e of entries)
    lines.push(`${(e.published_at ?? "undated").padEnd(10)}  ${cut(e.title).padEnd(titleWidth)}  ${e.url}`);
  return lines.join("\n");
}

/** One line: what was found, how, from how many blocks, and how dates were read. */
function diagnosticsLine(entries: readonly ListingEntry[], d: ListingDiagnostics): string {
  const dated = entries.filter((e) => e.published_at).length;
  const parts = [
    `${entries.length} entr${entries.length === 1 ? "y" : "ies"} (${dated} dated, ${d.undated} undated)`,
    "method generic",
    `${d.blocks_considered} blocks in ${d.groups_considered} groups considered`,
  ];
  if (d.chosen)
    parts.push(
      `chosen ${short(d.chosen.signature)} (${d.chosen.blocks} blocks, score ${d.chosen.score})` +
        (d.joined.length ? ` + ${d.joined.length} joined group${d.joined.length === 1 ? "" : "s"}` : ""),
    );
  if (d.runner_up) parts.push(`runner-up ${short(d.runner_up.signature)} (score ${d.runner_up.score})`);
  parts.push(`slashed dates ${d.date_order.order} (${d.date_order.reason})`);
  if (d.base_url) parts.push(`links resolved against ${d.base_url}`);
  if (d.dropped.length) parts.push(`${d.dropped.length} left out`);
  return parts.join(" · ");
}

/** The last three levels of a structural path: enough to find the group in the page's source. */
function short(signature: string): string {
  const parts = signature.split(">");
  return parts.length > 3 ? `…>${parts.slice(-3).join(">")}` : signature;
}
