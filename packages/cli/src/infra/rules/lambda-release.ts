/**
 * The release rules: every function is published as a version that CloudFormation keeps, behind a `live` alias,
 * and whatever invokes a function invokes that alias — so `vectora rollback` (which moves the alias) takes back
 * everything that runs, and no schedule or state machine keeps calling `$LATEST`.
 */
import { getAttTarget, intrinsicOf, refName, subVariables } from "../intrinsics.js";
import type { Template } from "../template.js";
import { type Finding, type Rule, resourceFinding, resourcesOfType } from "./types.js";

const FUNCTION = "AWS::Lambda::Function";
const VERSION = "AWS::Lambda::Version";
const ALIAS = "AWS::Lambda::Alias";
/** The alias every invoker targets (`vectora rollback` moves it). */
export const LIVE_ALIAS_NAME = "live";

/** Resource types that invoke (or grant invoking) a function named in their properties. */
export const INVOKER_TYPES: readonly string[] = [
  "AWS::Events::Rule",
  "AWS::Scheduler::Schedule",
  "AWS::Lambda::Permission",
  "AWS::Lambda::EventSourceMapping",
  "AWS::StepFunctions::StateMachine",
  "AWS::SNS::Subscription",
  "AWS::SNS::Topic",
];

/** Where in `node` a function of `functions` is referenced unqualified (Ref, GetAtt Arn, `${Fn.Arn}` not followed by `:`). */
function unqualifiedReferences(node: unknown, functions: ReadonlySet<string>, path = ""): string[] {
  const found: string[] = [];
  const i = intrinsicOf(node);
  if (i?.fn === "Ref") {
    const name = refName(node);
    if (name && functions.has(name)) found.push(`${path || "(value)"}: !Ref ${name}`);
    return found;
  }
  if (i?.fn === "Fn::GetAtt") {
    const target = getAttTarget(i.arg);
    if (target && functions.has(target.resource))
      found.push(`${path || "(value)"}: !GetAtt ${target.resource}.${target.attribute}`);
    return found;
  }
  if (i?.fn === "Fn::Sub") {
    const [text, vars] = Array.isArray(i.arg) ? i.arg : [i.arg, {}];
    if (typeof text === "string")
      for (const name of subVariables(text)) {
        const resource = name.split(".")[0]!;
        if (!functions.has(resource)) continue;
        // `${Fn.Arn}:live` is qualified; a bare `${Fn.Arn}` or `${Fn}` is $LATEST.
        const at = text.indexOf(`\${${name}}`);
        if (text[at + name.length + 3] !== ":") found.push(`${path || "(value)"}: \${${name}} in Fn::Sub`);
      }
    found.push(...unqualifiedReferences(vars, functions, path));
    return found;
  }
  if (Array.isArray(node))
    for (const [n, item] of node.entries())
      found.push(...unqualifiedReferences(item, functions, `${path}[${n}]`));
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node))
      found.push(...unqualifiedReferences(value, functions, path ? `${path}.${key}` : key));
  return found;
}

export const invokeThroughAlias: Rule = {
  id: "invoke-through-alias",
  resourceTypes: INVOKER_TYPES,
  summary:
    "schedules, permissions, state machines… name a function's live alias, never the function ($LATEST)",
  check(template) {
    const functions = new Set(resourcesOfType(template, FUNCTION).map(([id]) => id));
    const findings: Finding[] = [];
    for (const [id, resource] of Object.entries(template.body.Resources)) {
      if (!INVOKER_TYPES.includes(resource.Type)) continue;
      for (const where of unqualifiedReferences(resource.Properties ?? {}, functions))
        findings.push(
          resourceFinding(
            this.id,
            template,
            id,
            `invokes the unqualified function (${where}), i.e. $LATEST: a rollback would not take it back. ` +
              "Target the function's live alias instead (!Ref <Function>LiveAlias)",
          ),
        );
    }
    return findings;
  },
};

/** The versions and `live` aliases of each function of a template (by the function's logical id). */
function releaseResourcesOf(template: Template) {
  const byFunction = new Map<string, { versions: string[]; liveAliases: string[] }>();
  for (const [id] of resourcesOfType(template, FUNCTION))
    byFunction.set(id, { versions: [], liveAliases: [] });
  for (const [id, version] of resourcesOfType(template, VERSION)) {
    const fn = refName(version.Properties?.["FunctionName"]);
    if (fn) byFunction.get(fn)?.versions.push(id);
  }
  for (const [id, alias] of resourcesOfType(template, ALIAS)) {
    const fn = refName(alias.Properties?.["FunctionName"]);
    if (fn && alias.Properties?.["Name"] === LIVE_ALIAS_NAME) byFunction.get(fn)?.liveAliases.push(id);
  }
  return byFunction;
}

export const functionVersioned: Rule = {
  id: "function-versioned",
  resourceTypes: [FUNCTION],
  summary: "each function has a version (Retain on replace and delete) and a live alias pointing at it",
  check(template) {
    const findings: Finding[] = [];
    const report = (id: string, message: string) =>
      findings.push(resourceFinding(this.id, template, id, message));
    for (const [fn, { versions, liveAliases }] of releaseResourcesOf(template)) {
      if (versions.length !== 1) {
        report(
          fn,
          `${versions.length} AWS::Lambda::Version resources name this function (expected one, published per deploy)`,
        );
        continue;
      }
      const versionId = versions[0]!;
      const version = template.body.Resources[versionId]!;
      for (const policy of ["UpdateReplacePolicy", "DeletionPolicy"] as const)
        if (version[policy] !== "Retain")
          report(
            versionId,
            `${policy} is ${JSON.stringify(version[policy] ?? "Delete")}, not Retain: ` +
              (policy === "UpdateReplacePolicy"
                ? "each deploy replaces the version, and CloudFormation would delete the previous one at cleanup — the rollback target"
                : "deleting or renaming the resource would delete the live version"),
          );
      if (liveAliases.length !== 1) {
        report(
          fn,
          `no AWS::Lambda::Alias named "${LIVE_ALIAS_NAME}" for this function: invokers have nothing to target`,
        );
        continue;
      }
      const aliasId = liveAliases[0]!;
      const target = intrinsicOf(template.body.Resources[aliasId]?.Properties?.["FunctionVersion"]);
      const points = target?.fn === "Fn::GetAtt" ? getAttTarget(target.arg) : undefined;
      if (points?.resource !== versionId || points.attribute !== "Version")
        report(
          aliasId,
          `FunctionVersion must be !GetAtt ${versionId}.Version (the version this deploy published)`,
        );
    }
    return findings;
  },
};
