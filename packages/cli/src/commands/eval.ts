import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import {
  type EvalItemRef,
  type EvalLabel,
  type EvalReport,
  evalJsonLines,
  parseLabelsFile,
} from "@vectora/core/jobs";
import {
  defineCommand,
  ITEMS_FILE_FLAGS,
  JSON_FLAG,
  parseDateFlag,
  readInputFile,
  UsageError,
} from "../cli-kit.js";
import { loadClientConfig } from "../support/client-config.js";

const USAGE = [
  "Usage: vectora eval --in ITEMS.jsonl --labels LABELS.json|FEEDBACK.yaml [--client lai_weekly] [--json]",
  "                    [--no-feedback] [--min-found PCT] [--max-false-keeps PCT] [--config DIR] [--as-of YYYY-MM-DD]",
  "",
  "Checks the engine against an editor's judgement. ITEMS.jsonl is the `vectora triage` input (one item per line,",
  'optionally with an "id"); LABELS.json is a JSON array of labels, or {"labels": [...]}, each',
  '  {"id" or "url", "keep": true|false, "event_key": "...", "kind": "...", "reason": "one line"}',
  "Items sharing an event_key tell the same news (a press release and a trade-press story): the event is found",
  "when any of them is kept, and a duplicate when two are. A client feedback file (config/feedback/<client>.yaml,",
  "url → decision keep|drop + reason) is accepted as labels too. The engine honours the client's feedback file as",
  "rulings; --no-feedback judges by the rules alone.",
  "",
  "Prints: events found (of the events labelled keep), false keeps (of the items labelled drop), events kept",
  "twice, distinct events merged by de-duplication, and each miss and false keep with the engine's decisive",
  "reason. --json prints the whole report as JSON. --min-found / --max-false-keeps make the exit code 1 when a",
  "figure is worse than the threshold (for CI); otherwise exit 0 once the report is printed, 1 when a file",
  "cannot be read or the config is invalid.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  flags: {
    ...ITEMS_FILE_FLAGS,
    labels: { type: "string" },
    ...JSON_FLAG,
    "min-found": { type: "string" },
    "max-false-keeps": { type: "string" },
    "no-feedback": { type: "boolean", default: false },
  },
  async run(values, io) {
    if (!values.in) throw new UsageError("--in ITEMS.jsonl is required");
    if (!values.labels) throw new UsageError("--labels LABELS.json is required");
    const asOf = parseDateFlag("as-of", values["as-of"]);
    const minFound = percentFlag("min-found", values["min-found"]);
    const maxFalseKeeps = percentFlag("max-false-keeps", values["max-false-keeps"]);

    const { watch } = await loadClientConfig(io.cwd, values.config, values.client);
    const labelsPath = resolve(io.cwd, values.labels);
    const itemsText = await readInputFile(io, "eval", values.in);
    if (itemsText === undefined) return 1;
    let labels: EvalLabel[];
    try {
      labels = parseLabelsFile(await readFile(labelsPath, "utf8"), values.labels);
    } catch (error) {
      io.err(`vectora eval: ${(error as Error).message}\n`);
      return 1;
    }

    let run: ReturnType<typeof evalJsonLines>;
    try {
      run = evalJsonLines(itemsText, labels, watch, {
        ...(asOf === undefined ? {} : { asOf }),
        ignoreFeedback: values["no-feedback"],
      });
    } catch (error) {
      io.err(`vectora eval: ${values.labels}: ${(error as Error).message}\n`);
      return 1;
    }
    for (const p of run.triage.problems) io.err(`${values.in}:${p.line}: skipped: ${p.message}\n`);
    const { report } = run;
    if (values.json) io.out(`${JSON.stringify({ client: values.client, ...report })}\n`);
    else
      io.out(renderReport(report, relative(io.cwd, resolve(io.cwd, values.in)) || values.in, values.client));

    const failures: string[] = [];
    if (minFound !== undefined && report.figures.events_found_pct < minFound)
      failures.push(`events found ${report.figures.events_found_pct}% < ${minFound}%`);
    if (maxFalseKeeps !== undefined && report.figures.false_keep_pct > maxFalseKeeps)
      failures.push(`false keeps ${report.figures.false_keep_pct}% > ${maxFalseKeeps}%`);
    for (const f of failures) io.err(`vectora eval: ${f}\n`);
    return failures.length > 0 ? 1 : 0;
  },
});

function percentFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const digits = value.replace(/%$/, "");
  const n = Number(digits);
  // Number("") is 0: an empty value (or a bare "%") is refused, not read as 0%.
  if (digits.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100)
    throw new UsageError(`--${flag} expects a percentage from 0 to 100 (inclusive), got "${value}"`);
  return n;
}

function itemLine(item: EvalItemRef): string {
  const who = item.id ?? item.url;
  const lines = [`    ${who}  ${item.decisive}  — ${item.title ?? item.url}`];
  if (item.label_reason) lines.push(`      label: ${item.label_reason}`);
  return lines.join("\n");
}

/** The human report: figures first, then every mistake with its decisive reason. */
export function renderReport(report: EvalReport, input: string, client: string): string {
  const out: string[] = [];
  out.push(
    `vectora eval ${input} (client ${client}): ${report.items} item(s), ${report.labelled} labelled`,
    `  events found:          ${report.events_found} of ${report.keep_events} (${report.figures.events_found_pct}%)`,
    `  false keeps:           ${report.false_keeps.length} of ${report.drop_items} items labelled drop (${report.figures.false_keep_pct}%)`,
    `  events kept twice:     ${report.duplicates_kept_twice.length}`,
    `  distinct events merged: ${report.merged_distinct_events.length}`,
  );
  if (report.unlabelled.length > 0) out.push(`  unlabelled items:      ${report.unlabelled.length}`);
  if (report.labels_without_item.length > 0)
    out.push(`  labels naming no item: ${report.labels_without_item.length}`);
  if (report.missed_events.length > 0) {
    out.push("", `Missed events (${report.missed_events.length}):`);
    for (const miss of report.missed_events) {
      out.push(`  ${miss.event_key}${miss.kind ? ` [${miss.kind}]` : ""}`);
      for (const item of miss.items) out.push(itemLine(item));
    }
  }
  if (report.false_keeps.length > 0) {
    out.push("", `False keeps (${report.false_keeps.length}):`);
    for (const item of report.false_keeps) out.push(`  [${item.kind ?? "drop"}]`, itemLine(item));
  }
  if (report.duplicates_kept_twice.length > 0) {
    out.push("", `Events kept twice (${report.duplicates_kept_twice.length}):`);
    for (const dup of report.duplicates_kept_twice) {
      out.push(`  ${dup.event_key}`);
      for (const item of dup.items) out.push(itemLine(item));
    }
  }
  if (report.merged_distinct_events.length > 0) {
    out.push("", `Distinct events merged (${report.merged_distinct_events.length}):`);
    for (const m of report.merged_distinct_events)
      out.push(`  ${m.event_key} merged into ${m.into_event_key}`, itemLine(m.item));
  }
  for (const u of report.unlabelled) out.push(`unlabelled: ${u.id ?? u.url}`);
  for (const l of report.labels_without_item) out.push(`label names no item: ${l.id ?? l.url}`);
  return `${out.join("\n")}\n`;
}
