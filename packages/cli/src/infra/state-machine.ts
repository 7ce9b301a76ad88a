/**
 * The weekly state machine as the template declares it, read without AWS: its definition with the
 * `DefinitionSubstitutions` filled in (parameters by their value, resources by a realistic ARN of their type), the
 * states walked recursively (Map item processors, Parallel branches), the Lambda tasks, and what one execution
 * can run at once (the Map's concurrency, read from `MaxConcurrency` or traced through `MaxConcurrencyPath` to the
 * Pass state that sets it from a substitution).
 */
import {
  type EvaluationScope,
  evaluateCondition,
  evaluateValue,
  evaluationScope,
  field,
  getAttTarget,
  intrinsicOf,
  isRecord,
  refName,
} from "./intrinsics.js";
import type { Template } from "./template.js";

export const STATE_MACHINE = "AWS::StepFunctions::StateMachine";
export const SCHEDULE = "AWS::Scheduler::Schedule";

/** Placeholder ARNs for resources referenced from substitutions, by type (what Ref gives for each). */
const PLACEHOLDER_ARN: Record<string, (id: string) => string> = {
  "AWS::Lambda::Alias": (id) => `arn:aws:lambda:eu-west-3:123456789012:function:${id}:live`,
  "AWS::Lambda::Function": (id) => `arn:aws:lambda:eu-west-3:123456789012:function:${id}`,
  "AWS::Lambda::Version": (id) => `arn:aws:lambda:eu-west-3:123456789012:function:${id}:1`,
  "AWS::SNS::Topic": (id) => `arn:aws:sns:eu-west-3:123456789012:${id}`,
  "AWS::SQS::Queue": (id) => `https://sqs.eu-west-3.amazonaws.com/123456789012/${id}`,
};

export interface Substitution {
  value: string;
  /** The resource a `${name}` stands for (Ref or GetAtt), with its type. */
  resource?: { id: string; type: string };
}

/** Each `DefinitionSubstitutions` entry, evaluated with `params` (a resource gives a placeholder ARN). */
export function substitutionsOf(
  template: Template,
  resource: { Properties?: Record<string, unknown> },
  params: Record<string, string>,
): Record<string, Substitution> {
  const scope = evaluationScope(template, params);
  const out: Record<string, Substitution> = {};
  const raw = resource.Properties?.["DefinitionSubstitutions"];
  if (!isRecord(raw)) return out;
  for (const [name, value] of Object.entries(raw)) {
    const ref = refName(value);
    const att = intrinsicOf(value)?.fn === "Fn::GetAtt" ? getAttTarget(intrinsicOf(value)!.arg) : undefined;
    const id = ref && template.body.Resources[ref] ? ref : att?.resource;
    const target = id ? template.body.Resources[id] : undefined;
    if (id && target) {
      const arn = PLACEHOLDER_ARN[target.Type]?.(id) ?? `arn:aws:placeholder:eu-west-3:123456789012:${id}`;
      out[name] = { value: arn, resource: { id, type: target.Type } };
    } else out[name] = { value: String(evaluateValue(value, scope)) };
  }
  return out;
}

/** `${name}` in every string of a definition, replaced from `subs`; names without a substitution are listed. */
function substitute(node: unknown, subs: Record<string, Substitution>, missing: Set<string>): unknown {
  if (typeof node === "string")
    return node.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (whole, name: string) => {
      const sub = subs[name];
      if (!sub) {
        missing.add(name);
        return whole;
      }
      return sub.value;
    });
  if (Array.isArray(node)) return node.map((n) => substitute(n, subs, missing));
  if (isRecord(node))
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, substitute(v, subs, missing)]));
  return node;
}

export interface ResolvedDefinition {
  /** The ASL document as Step Functions would receive it. */
  definition: Record<string, unknown>;
  substitutions: Record<string, Substitution>;
  /** `${name}` placeholders without a substitution (Step Functions would reject the definition). */
  missing: string[];
}

/** The state machine's definition (`Definition` or `DefinitionString`) with its substitutions applied. */
export function resolveDefinition(
  template: Template,
  resource: { Properties?: Record<string, unknown> },
  params: Record<string, string>,
): ResolvedDefinition {
  const substitutions = substitutionsOf(template, resource, params);
  const missing = new Set<string>();
  const props = resource.Properties ?? {};
  let raw: unknown = props["Definition"];
  if (raw === undefined && typeof props["DefinitionString"] === "string") {
    const text = substitute(props["DefinitionString"], substitutions, missing) as string;
    return { definition: JSON.parse(text) as Record<string, unknown>, substitutions, missing: [...missing] };
  }
  if (!isRecord(raw)) throw new Error("no Definition (object) nor DefinitionString (JSON text)");
  raw = substitute(raw, substitutions, missing);
  return { definition: raw as Record<string, unknown>, substitutions, missing: [...missing] };
}

/** Every state of a definition, nested ones included, with the path of names to it. */
export function allStates(
  definition: Record<string, unknown>,
  path: string[] = [],
): Array<{ name: string; path: string[]; state: Record<string, unknown> }> {
  const states = isRecord(definition["States"]) ? definition["States"] : {};
  const out: Array<{ name: string; path: string[]; state: Record<string, unknown> }> = [];
  for (const [name, state] of Object.entries(states)) {
    if (!isRecord(state)) continue;
    out.push({ name, path: [...path, name], state });
    for (const inner of [state["ItemProcessor"], state["Iterator"]])
      if (isRecord(inner)) out.push(...allStates(inner, [...path, name]));
    if (Array.isArray(state["Branches"]))
      for (const branch of state["Branches"])
        if (isRecord(branch)) out.push(...allStates(branch, [...path, name]));
  }
  return out;
}

/** A Task that invokes Lambda: a Lambda ARN (a function or alias) or the `lambda:invoke` integration. */
export function isLambdaTask(state: Record<string, unknown>): boolean {
  if (state["Type"] !== "Task" || typeof state["Resource"] !== "string") return false;
  const resource = state["Resource"];
  return /^arn:aws[a-z-]*:lambda:/.test(resource) || /^arn:aws[a-z-]*:states:::lambda:invoke/.test(resource);
}

/**
 * The most shards a Map runs at once: its `MaxConcurrency`, or the number its `MaxConcurrencyPath` points at when a
 * Pass state sets that path from `States.StringToJson('<number>')` (after substitution). `undefined` when it cannot
 * be told; 0 means unbounded (Step Functions' default).
 */
export function mapConcurrency(
  definition: Record<string, unknown>,
  map: Record<string, unknown>,
): number | undefined {
  if (typeof map["MaxConcurrency"] === "number") return map["MaxConcurrency"];
  const path = map["MaxConcurrencyPath"];
  if (typeof path !== "string") return map["MaxConcurrency"] === undefined ? 0 : undefined;
  const keys = path.replace(/^\$\./, "").split(".");
  for (const { state } of allStates(definition)) {
    if (state["Type"] !== "Pass" || (state["ResultPath"] ?? "$") !== "$" || !isRecord(state["Parameters"]))
      continue;
    let node: unknown = state["Parameters"];
    for (const [i, key] of keys.entries()) {
      if (!isRecord(node)) break;
      const last = i === keys.length - 1;
      if (last && typeof node[key] === "number") return node[key] as number;
      const expr = last ? node[`${key}.$`] : undefined;
      if (typeof expr === "string") {
        const m = /^States\.StringToJson\('(\d+)'\)$/.exec(expr.trim());
        if (m) return Number(m[1]);
      }
      node = node[key];
    }
  }
  return undefined;
}

/** The schedules created with `scope` (their Condition holds), each with the resource its target's `Arn` refers to. */
function createdSchedules(
  template: Template,
  scope: EvaluationScope,
): Array<{ id: string; target: string | undefined }> {
  return Object.entries(template.body.Resources)
    .filter(([, r]) => r.Type === SCHEDULE && (!r.Condition || evaluateCondition(r.Condition, scope)))
    .map(([id, r]) => ({ id, target: refName(field(r.Properties, "Target", "Arn")) }));
}

/** Lambda executions one execution of the state machine can hold at once (see README "Concurrency"). */
export interface StateMachineDemand {
  stateMachine: string;
  /** The ingest Map's concurrency (the largest Map's), undefined when it cannot be told, 0 when unbounded. */
  map: number | undefined;
  /** Schedules starting it with these params (each one an execution that may overlap the others). */
  schedules: number;
  /** Hourly freshness watches (a schedule invoking a function directly): each adds one execution. */
  watches: number;
  /** schedules × (map + 1 engine + 1 plan/deliver) + watches. */
  total: number | undefined;
}

/**
 * How a demand adds up, as `vectora infra check` and `stack preflight` print it:
 * `1 scheduled execution(s) × (Map 5 + engine 1 + plan/deliver 1) + 1 freshness watch = 8`.
 */
export function demandFormula(d: StateMachineDemand): string {
  const watches = d.watches ? ` + ${d.watches} freshness watch` : "";
  return `${d.schedules} scheduled execution(s) × (Map ${d.map} + engine 1 + plan/deliver 1)${watches} = ${d.total}`;
}

/**
 * What the template's state machines can run at once with `params`: per execution, the Map's shards, plus the
 * engine, plus one more for plan/deliver/summarize — sequential steps, but a step Step Functions gave up on
 * (`States.Timeout`) may still be running in Lambda when the next starts — times the schedules that can start
 * executions at the same minute, plus the schedules that invoke a function directly (the freshness watch).
 */
export function stateMachineDemand(template: Template, params: Record<string, string>): StateMachineDemand[] {
  const out: StateMachineDemand[] = [];
  const created = createdSchedules(template, evaluationScope(template, params));
  const watches = created.filter(
    (s) => template.body.Resources[s.target ?? ""]?.Type === "AWS::Lambda::Alias",
  ).length;
  for (const [id, resource] of Object.entries(template.body.Resources)) {
    if (resource.Type !== STATE_MACHINE) continue;
    const { definition } = resolveDefinition(template, resource, params);
    const maps = allStates(definition).filter((s) => s.state["Type"] === "Map");
    const sizes = maps.map((m) => mapConcurrency(definition, m.state));
    const map = sizes.includes(undefined)
      ? undefined
      : sizes.includes(0)
        ? 0
        : Math.max(0, ...(sizes as number[]));
    const schedules = Math.max(1, created.filter((s) => s.target === id).length);
    const total =
      map === undefined || (map === 0 && maps.length > 0) ? undefined : schedules * (map + 2) + watches;
    out.push({ stateMachine: id, map, schedules, watches, total });
  }
  return out;
}
