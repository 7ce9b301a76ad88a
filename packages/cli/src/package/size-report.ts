/**
 * The PR size report: per function, the zip and unzipped sizes, their change against main's last build and the
 * share of the budget used — as Markdown for the job summary and one sticky PR comment (found again by
 * {@link SIZE_REPORT_MARKER} and updated, never repeated), the way size-limit-action reports.
 */
import { z } from "zod";
import type { PackageManifest } from "./manifest.js";

/** Hidden first line of the report: how the workflow finds its previous comment to update it. */
export const SIZE_REPORT_MARKER = "<!-- vectora:package-size-report -->";

/** A zip at or above this share of its budget is flagged before it fails. */
const WARN_SHARE = 0.9;

/**
 * What the report reads from a baseline manifest: only names and sizes, leniently — main's last build may have
 * been written by an older packer with other fields.
 */
export const BaselineManifest = z.looseObject({
  commit: z.string().optional(),
  functions: z.array(
    z.looseObject({
      name: z.string(),
      zipBytes: z.number().int().min(0),
      unzippedBytes: z.number().int().min(0),
    }),
  ),
});
export type BaselineManifest = z.output<typeof BaselineManifest>;

/** `212.4 kB`, `1.04 MB`, `980 B` (decimal units, as the budgets are written). */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 1_000_000) return `${(bytes / 1_000_000).toFixed(2)} MB`;
  if (abs >= 1000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** `+1.2 kB (+0.6 %)`, `-252.6 kB (-54.3 %)`, `no change`, or `new` without a baseline figure. */
export function formatChange(current: number, baseline: number | undefined): string {
  if (baseline === undefined) return "new";
  const delta = current - baseline;
  if (delta === 0) return "no change";
  const sign = delta > 0 ? "+" : "-";
  const percent = baseline === 0 ? "" : ` (${sign}${((Math.abs(delta) / baseline) * 100).toFixed(1)} %)`;
  return `${sign}${formatBytes(Math.abs(delta))}${percent}`;
}

function status(share: number, within: boolean): string {
  if (!within) return "❌ over budget";
  return share >= WARN_SHARE ? "⚠️ near budget" : "✅";
}

export interface SizeReportInput {
  current: PackageManifest;
  baseline?: BaselineManifest;
  /** Where the baseline came from, e.g. "main's last build (a1b2c3d)". */
  baselineLabel?: string;
}

/** The report, Markdown, starting with {@link SIZE_REPORT_MARKER}. */
export function sizeReportMarkdown(input: SizeReportInput): string {
  const { current, baseline } = input;
  const lines = [
    SIZE_REPORT_MARKER,
    "### Lambda package sizes",
    "",
    "| Function | Zip | Change | Unzipped | Change | Zip budget used | |",
    "|---|--:|--:|--:|--:|--:|---|",
  ];
  for (const fn of current.functions) {
    const before = baseline?.functions.find((b) => b.name === fn.name);
    const share = fn.zipBytes / fn.budget.maxZipBytes;
    lines.push(
      `| \`${fn.name}\` | ${formatBytes(fn.zipBytes)} | ${baseline ? formatChange(fn.zipBytes, before?.zipBytes) : "–"} ` +
        `| ${formatBytes(fn.unzippedBytes)} | ${baseline ? formatChange(fn.unzippedBytes, before?.unzippedBytes) : "–"} ` +
        `| ${(share * 100).toFixed(0)} % of ${formatBytes(fn.budget.maxZipBytes)} | ${status(share, fn.withinBudget)} |`,
    );
  }
  for (const gone of baseline?.functions.filter((b) => !current.functions.some((f) => f.name === b.name)) ??
    [])
    lines.push(`| \`${gone.name}\` | removed | -${formatBytes(gone.zipBytes)} | | | | |`);
  lines.push("");
  const commit = current.commit ? ` of \`${current.commit.slice(0, 12)}\`` : "";
  lines.push(
    baseline
      ? `Build${commit} compared with ${input.baselineLabel ?? "the baseline build"}${baseline.commit ? ` (\`${baseline.commit.slice(0, 12)}\`)` : ""}.`
      : `Build${commit}; no baseline build to compare with (main has no successful package artifact yet).`,
  );
  lines.push("Budgets: `packages/cli/package-budgets.json`; unzipped budget checked too.");
  const heavy = current.functions.filter((f) => f.topModules?.length);
  if (heavy.length) {
    lines.push("", "<details><summary>Largest modules per bundle</summary>", "");
    for (const fn of heavy) {
      lines.push(`**${fn.name}**`, "", "| Module | Bytes in bundle |", "|---|--:|");
      for (const m of fn.topModules ?? []) lines.push(`| \`${m.path}\` | ${formatBytes(m.bytes)} |`);
      lines.push("");
    }
    lines.push("</details>");
  }
  return `${lines.join("\n")}\n`;
}
