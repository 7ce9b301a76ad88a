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
  /** Each emailing client's sender (`delivery.email.from`) by client id, when the config directory was found. */
  clientSenders?: Record<string, string>;
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

/** One resource of a template. */
export type TemplateResource = Template["body"]["Resources"][string];

/** A problem of one resource: its message, or a message on another resource (its log group, say). */
export type ResourceProblem = string | { resource: string; message: string };

/**
 * A rule that checks each resource of one type — the loop every resource rule shares: `check` looks at one
 * resource and returns its problems (none, one, or several), each reported as a finding at the resource's line.
 *
 * @example
 * ```ts
 * export const bucketNamed = eachResourceRule({
 *   id: "bucket-named",
 *   summary: "every bucket has a BucketName",
 *   resourceType: "AWS::S3::Bucket",
 *   check: (bucket) => (bucket.Properties?.["BucketName"] ? undefined : "no BucketName"),
 * });
 * ```
 */
export function eachResourceRule(spec: {
  id: string;
  summary: string;
  resourceType: string;
  check(
    resource: TemplateResource,
    id: string,
    template: Template,
    ctx: CheckContext,
  ): ResourceProblem | readonly ResourceProblem[] | undefined;
}): Rule {
  return {
    id: spec.id,
    summary: spec.summary,
    resourceTypes: [spec.resourceType],
    check(template, ctx) {
      return resourcesOfType(template, spec.resourceType).flatMap(([id, resource]) => {
        const found = spec.check(resource, id, template, ctx);
        const problems = found === undefined ? [] : Array.isArray(found) ? found : [found];
        return problems.map((p: ResourceProblem) =>
          typeof p === "string"
            ? resourceFinding(spec.id, template, id, p)
            : resourceFinding(spec.id, template, p.resource, p.message),
        );
      });
    },
  };
}
