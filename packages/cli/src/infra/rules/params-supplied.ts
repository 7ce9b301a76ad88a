/**
 * params-supplied: every parameter without a Default gets a value from each params file or from an output of a
 * stack deployed before this one, and every value a params file gives fits the parameter's constraints.
 */
import { basename } from "node:path";
import { parameterValueProblem, type Template, templateParameters, upstreamOutputs } from "../template.js";
import type { CheckContext, Finding, Rule } from "./types.js";

const RULE = "params-supplied";

function checkParams(template: Template, ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const outputs = upstreamOutputs(template, ctx.templates);
  const line = (name: string) => template.lines["Parameters"]?.[name];
  const tfile = basename(template.file);
  for (const param of templateParameters(template)) {
    if (param.default === undefined && !outputs.has(param.name) && ctx.paramsFiles.length === 0) {
      const l = line(param.name);
      findings.push({
        file: template.file,
        resource: param.name,
        rule: RULE,
        message: `parameter ${param.name} has no Default, no params file supplies it and no upstream stack outputs it`,
        ...(l ? { line: l } : {}),
      });
    }
    for (const params of ctx.paramsFiles) {
      const value = params.values[param.name];
      if (value === undefined) {
        if (param.default === undefined && !outputs.has(param.name))
          findings.push({
            file: params.file,
            resource: param.name,
            rule: RULE,
            message:
              `parameter ${param.name} of ${tfile} has no Default and is supplied neither by ${basename(params.file)} ` +
              `nor by an output of an earlier stack`,
          });
        continue;
      }
      const problem = parameterValueProblem(param, value);
      if (problem)
        findings.push({
          file: params.file,
          resource: param.name,
          rule: RULE,
          message: `parameter ${param.name} of ${tfile}: ${problem}`,
        });
    }
  }
  return findings;
}

export const paramsSupplied: Rule = {
  id: RULE,
  summary: "each parameter without Default comes from every params file or an upstream output; values fit",
  check: checkParams,
};
