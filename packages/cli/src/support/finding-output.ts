/**
 * Printing what `vectora sources discover|check|activate|add` found: one block per source (status, listing,
 * method, entries, % dated, newest date, what was tried, robots.txt, the catalog entry as YAML to paste), and a
 * summary table when there are several; with the progress of a verb that reads several sites.
 */
import { mapLimited } from "@vectora/core";
import type { SourceFinding } from "@vectora/core/sources";
import { Document } from "yaml";
import type { CliIO } from "../cli-kit.js";

/** The catalog entry as a YAML list item, indented to sit under `sources:` in canonical/sources.yaml. */
export function entryYaml(entry: Record<string, unknown>): string {
  const text = new Document([entry]).toString({ lineWidth: 0, flowCollectionPadding: false });
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

const status = (s: number | undefined) => (s === undefined ? "---" : String(s));

/** One source's report, for people. */
export function findingBlock(f: SourceFinding): string {
  const lines = [`${f.input}${f.input === f.key ? "" : ` → ${f.key}`}: ${f.verdict}`];
  if (f.homepage)
    lines.push(
      `  homepage  ${status(f.homepage.status)}  ${f.homepage.url}${f.homepage.final_url ? ` → ${f.homepage.final_url}` : ""}`,
    );
  if (f.listing_url) {
    const chosen = f.tried.find((t) => t.url === f.listing_url);
    lines.push(
      `  listing   ${status(f.status)}  ${f.listing_url}  (${f.method ?? "api"}${chosen ? `, ${chosen.why}` : ""})`,
    );
    lines.push(
      `  entries   ${f.entries}, ${f.dated_pct}% dated${f.newest ? `, newest ${f.newest}` : ""}`,
      ...f.sample.map((e) => `            ${e.published_at ?? "undated   "}  ${e.title}`),
    );
  }
  if (f.reason) lines.push(`  reason    ${f.reason}`);
  for (const feed of f.feeds) lines.push(`  feed      ${feed} (also offered)`);
  for (const note of f.robots) lines.push(`  robots    ${note}`);
  if (f.tried.length > 1 || f.verdict !== "ok")
    for (const t of f.tried)
      lines.push(
        `  tried     ${t.outcome.padEnd(13)} ${status(t.status)}  ${t.url}  (${t.why}${t.detail && t.outcome !== "listing" ? `: ${t.detail}` : ""})`,
      );
  if (f.config_entry)
    lines.push(
      "  config entry (paste under `sources:` in config/canonical/sources.yaml, or run `vectora sources activate`):",
      entryYaml(f.config_entry),
    );
  return lines.join("\n");
}

/** One line per source: key, verdict, status, method, entries, % dated, newest date, listing URL. */
export function findingsTable(findings: readonly SourceFinding[]): string {
  const header = ["source", "verdict", "http", "method", "entries", "dated", "newest", "listing"];
  const rows = findings.map((f) => [
    f.key,
    f.verdict,
    status(f.status),
    f.method ?? "-",
    String(f.entries),
    `${f.dated_pct}%`,
    f.newest ?? "-",
    f.listing_url ?? f.reason ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i < 7 ? r[i]!.length : 0))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === cells.length - 1 ? c : i >= 2 && i <= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!),
      )
      .join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

/**
 * Runs `find` on each of `items`, four sites at a time, printing each verdict on stderr as it comes
 * (`  ok          <input>`) unless `json`.
 */
export function findEach<T>(
  items: readonly T[],
  io: Pick<CliIO, "err">,
  json: boolean,
  find: (item: T) => Promise<SourceFinding>,
): Promise<SourceFinding[]> {
  return mapLimited(items, 4, async (item) => {
    const finding = await find(item);
    if (!json) io.err(`  ${finding.verdict.padEnd(11)} ${finding.input}\n`);
    return finding;
  });
}

/**
 * Prints findings on stdout: a JSON array with `json`, else one block per source and, when there are several,
 * the summary table.
 */
export function printFindings(
  findings: readonly SourceFinding[],
  io: Pick<CliIO, "out">,
  json: boolean,
): void {
  if (json) {
    io.out(`${JSON.stringify(findings, null, 2)}\n`);
    return;
  }
  io.out(`${findings.map(findingBlock).join("\n\n")}\n`);
  if (findings.length > 1) io.out(`\n${findingsTable(findings)}\n`);
}
