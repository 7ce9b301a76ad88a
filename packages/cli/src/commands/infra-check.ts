/**
 * `vectora infra check [--dir infra] [--json]`: checks the CloudFormation templates and params files without AWS
 * (references, parameters, bucket safety, IAM scope, log retention, reserved concurrency, runtime). Exit 0 when
 * every rule passes on every template, 1 otherwise.
 */
import { basename, relative, resolve } from "node:path";
import { defineCommand, JSON_FLAG } from "../cli-kit.js";
import { checkInfraDir, type Finding, type InfraReport } from "../infra/index.js";

const USAGE = `Usage: vectora infra check [--dir infra] [--json]

Checks infra/*.yaml (CloudFormation) and infra/params/*.json without AWS and prints, per rule, pass/fail for
each template, then every finding with its file, line, resource and rule.

  --dir <path>  infra directory (default: infra, relative to the current directory)
  --json        print the full report as JSON instead of text

Exit status: 0 all rules pass, 1 findings, 2 usage error.`;

function locate(finding: Finding, cwd: string): string {
  const file = relative(cwd, finding.file) || finding.file;
  return finding.line ? `${file}:${finding.line}` : file;
}

/** The human-readable report. */
export function formatInfraReport(report: InfraReport, cwd: string): string {
  const lines: string[] = [];
  const names = report.templates.map((t) => basename(t));
  const unreadable = report.unreadable.map((f) => relative(cwd, f) || f);
  lines.push(
    `infra check: ${relative(cwd, report.dir) || "."} — ${names.length} template(s) in stack order ` +
      `(${names.join(" → ") || "none"}), ${report.paramsFiles.length} params file(s) ` +
      `(${report.paramsFiles.map((p) => basename(p)).join(", ") || "none"})`,
    "",
  );
  if (unreadable.length > 0) lines.push(`parse: FAIL for ${unreadable.join(", ")} (not checked further)`, "");
  const ruleWidth = Math.max(4, ...report.rules.map((r) => r.id.length));
  lines.push(
    ["rule".padEnd(ruleWidth), ...names.map((n) => n.padEnd(Math.max(n.length, 4)))].join("  ").trimEnd(),
  );
  for (const rule of report.rules) {
    const cells = report.templates.map((t, i) => {
      const result = report.results.find((r) => r.rule === rule.id && r.template === t);
      const cell = !result
        ? "-"
        : !result.applicable
          ? "n/a"
          : result.passed
            ? "pass"
            : `FAIL(${result.findings.length})`;
      return cell.padEnd(Math.max(names[i]!.length, 4));
    });
    lines.push([rule.id.padEnd(ruleWidth), ...cells].join("  ").trimEnd());
  }
  if (report.reservations.length > 0) {
    lines.push("", "Reserved concurrency (executions taken from the account's unreserved pool):");
    for (const r of report.reservations) {
      const detail =
        r.total === undefined
          ? `unknown (${r.problem})`
          : `${r.total} (${Object.entries(r.byFunction)
              .map(([fn, n]) => `${fn} ${n}`)
              .join(", ")})`;
      const account =
        r.accountLimit === undefined
          ? "; no account limit declared"
          : `; account limit ${r.accountLimit} (floor ${Math.min(100, r.accountLimit)} unreserved)`;
      lines.push(`  ${basename(r.template)} with ${basename(r.paramsFile)}: ${detail}${account}`);
    }
  }
  if (report.stateMachines.length > 0) {
    lines.push(
      "",
      "State machines (Lambda executions one run can hold at once, against the account's unreserved floor):",
    );
    for (const m of report.stateMachines) lines.push(`  ${basename(m.template)}: ${m.line}`);
  }
  if (report.warnings.length > 0) {
    lines.push("", "Warnings (set by the operator; they do not fail the check):");
    for (const w of report.warnings) lines.push(`  WARN ${locate(w, cwd)} [${w.rule}] ${w.message}`);
  }
  lines.push("");
  if (report.findings.length === 0) {
    lines.push(`OK: ${report.rules.length} rules passed on ${report.templates.length} template(s).`);
  } else {
    lines.push(`${report.findings.length} finding(s):`);
    for (const f of report.findings)
      lines.push(`  ${locate(f, cwd)}${f.resource ? ` ${f.resource}` : ""} [${f.rule}] ${f.message}`);
  }
  return `${lines.join("\n")}\n`;
}

export default defineCommand({
  usage: USAGE,
  flags: {
    dir: { type: "string", default: "infra" },
    ...JSON_FLAG,
  },
  async run(values, io) {
    const dir = resolve(io.cwd, values.dir);
    const report = checkInfraDir(dir);
    if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else io.out(formatInfraReport(report, io.cwd));
    return report.ok ? 0 : 1;
  },
});
