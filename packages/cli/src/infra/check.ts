/**
 * Runs every infra rule on every template of an infra directory and gathers the results: per rule and template
 * pass/fail, the findings, and the concurrency each params file would reserve.
 */
import { join } from "node:path";
import { TemplateError } from "./cfn-yaml.js";
import { reservedConcurrencyByFunction } from "./concurrency.js";
import { UnresolvedValueError } from "./intrinsics.js";
import { ALL_RULES } from "./rules/index.js";
import { stateMachineConcurrencyLines } from "./rules/orchestration.js";
import { loadClientSenders, operatorWarnings } from "./rules/ses-identity.js";
import type { CheckContext, Finding, Rule } from "./rules/types.js";
import {
  inStackOrder,
  listInfraFiles,
  loadParamsFile,
  loadTemplate,
  type ParamsFile,
  type Template,
} from "./template.js";

/** Outcome of one rule on one template. */
export interface RuleFileResult {
  rule: string;
  template: string;
  /** False when the template has none of the resource types the rule looks at (shown as n/a). */
  applicable: boolean;
  passed: boolean;
  findings: Finding[];
}

/** Reserved concurrency a template sets with one params file (see reservedConcurrencyOf). */
export interface ReservationSummary {
  template: string;
  paramsFile: string;
  total: number | undefined;
  byFunction: Record<string, number>;
  /** The account limit the params file declares (`Account.ConcurrentExecutions`), when it does. */
  accountLimit?: number;
  /** Why it could not be computed. */
  problem?: string;
}

export interface InfraReport {
  dir: string;
  /** Templates that parsed, in stack order. */
  templates: string[];
  /** Template and params files that could not be read or parsed (see the "parse" findings). */
  unreadable: string[];
  paramsFiles: string[];
  rules: { id: string; summary: string }[];
  results: RuleFileResult[];
  /** Every finding, including files that could not be parsed (rule "parse"). */
  findings: Finding[];
  reservations: ReservationSummary[];
  /** What each state machine can run at once with each params file, against the account's floor (one line each). */
  stateMachines: Array<{ template: string; paramsFile: string; ok: boolean; line: string }>;
  /** What only the operator can set (prod AlertEmail, a placeholder sender): printed, never failing the check. */
  warnings: Finding[];
  ok: boolean;
}

/** Runs `rules` (default: all) over already loaded templates and params files. */
export function checkTemplates(
  templates: Template[],
  paramsFiles: ParamsFile[],
  options: { now?: Date; rules?: readonly Rule[]; clientSenders?: Record<string, string> } = {},
): Pick<InfraReport, "results" | "findings" | "reservations" | "stateMachines" | "warnings" | "ok"> {
  const ordered = inStackOrder(templates);
  const ctx: CheckContext = {
    templates: ordered,
    paramsFiles,
    now: options.now ?? new Date(),
    ...(options.clientSenders ? { clientSenders: options.clientSenders } : {}),
  };
  const results: RuleFileResult[] = [];
  for (const rule of options.rules ?? ALL_RULES) {
    for (const template of ordered) {
      const types = new Set(Object.values(template.body.Resources).map((r) => r.Type));
      const applicable = !rule.resourceTypes || rule.resourceTypes.some((t) => types.has(t));
      let findings: Finding[];
      try {
        findings = rule.check(template, ctx);
      } catch (error) {
        // A template shaped in a way a rule did not expect is a finding, not a crash of the whole check.
        findings = [
          { file: template.file, rule: rule.id, message: `rule failed: ${(error as Error).message}` },
        ];
      }
      results.push({
        rule: rule.id,
        template: template.file,
        applicable,
        passed: findings.length === 0,
        findings,
      });
    }
  }
  const reservations: ReservationSummary[] = [];
  for (const template of ordered) {
    const hasFunctions = Object.values(template.body.Resources).some(
      (r) => r.Type === "AWS::Lambda::Function",
    );
    if (!hasFunctions) continue;
    for (const params of paramsFiles) {
      try {
        const byFunction = reservedConcurrencyByFunction(template, params.values);
        const total = Object.values(byFunction).reduce((a, b) => a + b, 0);
        reservations.push({
          template: template.file,
          paramsFile: params.file,
          total,
          byFunction,
          ...(params.account ? { accountLimit: params.account.concurrentExecutions } : {}),
        });
      } catch (error) {
        if (!(error instanceof UnresolvedValueError)) throw error;
        reservations.push({
          template: template.file,
          paramsFile: params.file,
          total: undefined,
          byFunction: {},
          problem: error.message,
        });
      }
    }
  }
  const stateMachines: InfraReport["stateMachines"] = [];
  for (const template of ordered)
    for (const params of paramsFiles)
      try {
        for (const { ok, line } of stateMachineConcurrencyLines(template, params))
          stateMachines.push({ template: template.file, paramsFile: params.file, ok, line });
      } catch {
        // A definition the rules could not read: state-machine-valid reports it.
      }
  const findings = results.flatMap((r) => r.findings);
  const warnings = operatorWarnings(paramsFiles, options.clientSenders);
  return { results, findings, reservations, stateMachines, warnings, ok: findings.length === 0 };
}

/**
 * Loads `dir/*.yaml` templates and `dir/params/*.json` and runs every rule, with the clients' senders read from
 * `configDir` (default `dir/../config`, the repo layout). A file that cannot be read or parsed
 * becomes a finding of rule "parse" (the other files are still checked).
 */
export function checkInfraDir(
  dir: string,
  options: { now?: Date; rules?: readonly Rule[]; configDir?: string } = {},
): InfraReport {
  const files = listInfraFiles(dir);
  const parseFindings: Finding[] = [];
  const load = <T>(file: string, loader: (f: string) => T): T[] => {
    try {
      return [loader(file)];
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      parseFindings.push({
        file,
        rule: "parse",
        message: error.detail,
        ...(error.line ? { line: error.line } : {}),
      });
      return [];
    }
  };
  const templates = files.templates.flatMap((f) => load(f, loadTemplate));
  const paramsFiles = files.params.flatMap((f) => load(f, loadParamsFile));
  if (files.templates.length === 0)
    parseFindings.push({ file: dir, rule: "parse", message: "no *.yaml templates in this directory" });
  const clientSenders = loadClientSenders(options.configDir ?? join(dir, "..", "config"));
  const checked = checkTemplates(templates, paramsFiles, { ...options, clientSenders });
  const findings = [...parseFindings, ...checked.findings];
  return {
    dir,
    templates: inStackOrder(templates).map((t) => t.file),
    unreadable: [...new Set(parseFindings.map((f) => f.file).filter((f) => f !== dir))],
    paramsFiles: paramsFiles.map((p) => p.file),
    rules: (options.rules ?? ALL_RULES).map((r) => ({ id: r.id, summary: r.summary })),
    results: checked.results,
    findings,
    reservations: checked.reservations,
    stateMachines: checked.stateMachines,
    warnings: checked.warnings,
    ok: findings.length === 0,
  };
}
