/** What every infra rule returns and receives. */
import type { ParamsFile, Template } from "../template.js";

/** One problem found in a template or params file. */
export interface Finding {
  /** The file concerned (a template, or a params file for params-supplied). */
  file: string;
  /** Logical id of the resource (or parameter/output) concerned, when there is one. */
  resource?: string;
  rule: string;
  message: string;
  /** 1-based line in `file`, when known. */
  line?: number;
}

/** Everything a rule may look at besides the template it checks. */
export interface CheckContext {
  /** Every template of the infra directory (params-supplied needs the upstream stacks' outputs). */
  templates: Template[];
  paramsFiles: ParamsFile[];
  /** "Today", for runtime deprecation dates; injected so tests do not depend on the clock. */
  now: Date;
}

/** A check run on each template. */
export interface Rule {
  id: string;
  /** One line: what passing means. */
  summary: string;
  /** When set, the rule only applies to templates with a resource of one of these types ("n/a" otherwise). */
  resourceTypes?: readonly string[];
  check(template: Template, ctx: CheckContext): Finding[];
}

/** A finding on a template's resource, with the resource's line when known. */
export function resourceFinding(
  rule: string,
  template: Template,
  resource: string,
  message: string,
): Finding {
  const line = template.lines["Resources"]?.[resource];
  return { file: template.file, resource, rule, message, ...(line ? { line } : {}) };
}

/** The resources of a given type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: Template, type: string) {
  return Object.entries(template.body.Resources).filter(([, r]) => r.Type === type);
}
