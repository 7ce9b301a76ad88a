/**
 * refs-resolve: every `Ref`, `Fn::GetAtt`, `Fn::Sub` variable, `Fn::If` / `Condition` name, `Fn::FindInMap` map and
 * `DependsOn` names something the template declares, the way CloudFormation would resolve it at deploy time.
 */
import { getAttTarget, intrinsicOf, isRecord, PSEUDO_PARAMETERS, subVariables } from "../intrinsics.js";
import type { Template } from "../template.js";
import { type Finding, type Rule, resourceFinding } from "./types.js";

const RULE = "refs-resolve";

/** Where a value sits: in Conditions only parameters can be referenced and `{Condition: X}` is an intrinsic. */
type Section = "Conditions" | "Resources" | "Outputs";

interface Names {
  parameters: Set<string>;
  resources: Set<string>;
  conditions: Set<string>;
  mappings: Set<string>;
}

function checkValue(
  value: unknown,
  section: Section,
  names: Names,
  report: (message: string) => void,
  subLocals: ReadonlySet<string> = new Set(),
): void {
  const i = intrinsicOf(value);
  const walk = (v: unknown, locals: ReadonlySet<string> = subLocals) =>
    checkValue(v, section, names, report, locals);
  const refTarget = (name: string, what: string) => {
    if (PSEUDO_PARAMETERS.has(name) || names.parameters.has(name)) return;
    if (section === "Conditions") {
      report(`${what} "${name}" in a condition must name a parameter or pseudo parameter`);
      return;
    }
    if (!names.resources.has(name))
      report(`${what} "${name}" names no parameter, resource or pseudo parameter`);
  };
  if (i) {
    switch (i.fn) {
      case "Ref":
        if (typeof i.arg === "string") refTarget(i.arg, "Ref");
        else report(`Ref expects a name, got ${JSON.stringify(i.arg)}`);
        return;
      case "Fn::GetAtt": {
        const target = getAttTarget(i.arg);
        if (!target) report(`Fn::GetAtt expects Resource.Attribute, got ${JSON.stringify(i.arg)}`);
        else if (!names.resources.has(target.resource))
          report(`Fn::GetAtt "${target.resource}" names no resource`);
        if (Array.isArray(i.arg)) walk(i.arg[1]);
        return;
      }
      case "Fn::Sub": {
        const [text, vars] =
          typeof i.arg === "string" ? [i.arg, undefined] : Array.isArray(i.arg) ? i.arg : [];
        if (typeof text !== "string") {
          report(`Fn::Sub expects a string or [string, variables], got ${JSON.stringify(i.arg)}`);
          return;
        }
        const locals = new Set(isRecord(vars) ? Object.keys(vars) : []);
        if (isRecord(vars)) for (const v of Object.values(vars)) walk(v);
        for (const variable of subVariables(text)) {
          if (locals.has(variable)) continue;
          const dot = variable.indexOf(".");
          if (dot > 0 && !variable.startsWith("AWS::")) {
            const resource = variable.slice(0, dot);
            if (section === "Conditions" || !names.resources.has(resource))
              report(`Fn::Sub variable \${${variable}} names no resource "${resource}"`);
          } else refTarget(variable, "Fn::Sub variable");
        }
        return;
      }
      case "Fn::If": {
        const [cond, ...branches] = Array.isArray(i.arg) ? i.arg : [];
        if (typeof cond !== "string" || !names.conditions.has(cond))
          report(`Fn::If condition ${JSON.stringify(cond)} is not declared in Conditions`);
        for (const b of branches) walk(b);
        return;
      }
      case "Condition":
        if (section === "Conditions") {
          if (typeof i.arg !== "string" || !names.conditions.has(i.arg))
            report(`Condition ${JSON.stringify(i.arg)} is not declared in Conditions`);
          return;
        }
        break;
      case "Fn::FindInMap": {
        const [map, ...keys] = Array.isArray(i.arg) ? i.arg : [];
        if (typeof map === "string" && !names.mappings.has(map))
          report(`Fn::FindInMap map "${map}" is not declared`);
        else if (typeof map !== "string") walk(map);
        for (const k of keys) walk(k);
        return;
      }
      default:
        walk(i.arg);
        return;
    }
  }
  if (Array.isArray(value)) for (const v of value) walk(v);
  else if (isRecord(value)) for (const v of Object.values(value)) walk(v);
}

function checkRefs(template: Template): Finding[] {
  const { body } = template;
  const names: Names = {
    parameters: new Set(Object.keys(body.Parameters ?? {})),
    resources: new Set(Object.keys(body.Resources)),
    conditions: new Set(Object.keys(body.Conditions ?? {})),
    mappings: new Set(Object.keys(body.Mappings ?? {})),
  };
  const findings: Finding[] = [];
  const inSection = (section: string, key: string) => (message: string) => {
    const line = template.lines[section]?.[key];
    findings.push({ file: template.file, resource: key, rule: RULE, message, ...(line ? { line } : {}) });
  };

  for (const [name, condition] of Object.entries(body.Conditions ?? {}))
    checkValue(condition, "Conditions", names, inSection("Conditions", name));

  for (const [id, resource] of Object.entries(body.Resources)) {
    const report = (message: string) => findings.push(resourceFinding(RULE, template, id, message));
    if (resource.Condition !== undefined && !names.conditions.has(resource.Condition))
      report(`Condition "${resource.Condition}" is not declared in Conditions`);
    const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const dep of dependsOn)
      if (!names.resources.has(dep)) report(`DependsOn "${dep}" names no resource`);
    checkValue(resource.Properties, "Resources", names, report);
  }

  for (const [name, output] of Object.entries(body.Outputs ?? {})) {
    const report = inSection("Outputs", name);
    if (output.Condition !== undefined && !names.conditions.has(output.Condition))
      report(`Condition "${output.Condition}" is not declared in Conditions`);
    checkValue(output.Value, "Outputs", names, report);
    checkValue(output.Export, "Outputs", names, report);
  }
  return findings;
}

export const refsResolve: Rule = {
  id: RULE,
  summary: "every Ref, GetAtt, Sub variable, If/Condition name and DependsOn resolves",
  check: checkRefs,
};
