/**
 * Reading intrinsic functions in long form: recognising them, listing `Fn::Sub` variables, rendering values to a
 * comparable string, and evaluating conditions and values for given parameter values.
 */
import type { Template } from "./template.js";
import { templateParameters } from "./template.js";

/** Pseudo parameters every template may `Ref`. */
export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The value at `path` inside nested plain objects, or `undefined` where a step is not one:
 * `field(bucket.Properties, "VersioningConfiguration", "Status")`.
 */
export function field(value: unknown, ...path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (!isRecord(at)) return undefined;
    at = at[key];
  }
  return at;
}

/** A property that takes one value or a list of them (a policy's `Action`, `Resource`, `Statement`) as a list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * The intrinsic a value is, if any: an object with exactly one key that is `Ref`, `Condition` or `Fn::…`.
 * (`Condition` only means the intrinsic inside the Conditions section; callers decide.)
 */
export function intrinsicOf(value: unknown): { fn: string; arg: unknown } | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const fn = keys[0]!;
  if (fn === "Ref" || fn === "Condition" || fn.startsWith("Fn::")) return { fn, arg: value[fn] };
  return undefined;
}

/** `{ Ref: name }` → name. */
export function refName(value: unknown): string | undefined {
  const i = intrinsicOf(value);
  return i?.fn === "Ref" && typeof i.arg === "string" ? i.arg : undefined;
}

/** The variables of an `Fn::Sub` template string, `${!Literal}` escapes excluded: `["AWS::Region", "Bucket.Arn"]`. */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((m) => (m[1] ?? "").trim())
    .filter((name) => name !== "" && !name.startsWith("!"));
}

/** The logical id and attribute of an `Fn::GetAtt` argument (`["R", "Arn"]` or `"R.Arn"`). */
export function getAttTarget(arg: unknown): { resource: string; attribute: string } | undefined {
  if (typeof arg === "string") {
    const dot = arg.indexOf(".");
    return dot < 0 ? undefined : { resource: arg.slice(0, dot), attribute: arg.slice(dot + 1) };
  }
  if (Array.isArray(arg) && typeof arg[0] === "string")
    return { resource: arg[0], attribute: typeof arg[1] === "string" ? arg[1] : "?" };
  return undefined;
}

/**
 * Renders a value to a canonical string with `${Name}` placeholders, so `!Sub "/aws/lambda/${Fn}"` and
 * `!Join ["", ["/aws/lambda/", !Ref Fn]]` compare equal. Undefined when the value is not a string expression.
 */
export function renderString(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const i = intrinsicOf(value);
  if (!i) return undefined;
  if (i.fn === "Ref" && typeof i.arg === "string") return `\${${i.arg}}`;
  if (i.fn === "Fn::GetAtt") {
    const t = getAttTarget(i.arg);
    return t ? `\${${t.resource}.${t.attribute}}` : undefined;
  }
  if (i.fn === "Fn::Sub") {
    if (typeof i.arg === "string") return i.arg;
    if (Array.isArray(i.arg) && typeof i.arg[0] === "string") {
      const vars = isRecord(i.arg[1]) ? i.arg[1] : {};
      let out = i.arg[0];
      for (const [name, v] of Object.entries(vars)) {
        const rendered = renderString(v);
        if (rendered !== undefined) out = out.split(`\${${name}}`).join(rendered);
      }
      return out;
    }
    return undefined;
  }
  if (
    i.fn === "Fn::Join" &&
    Array.isArray(i.arg) &&
    typeof i.arg[0] === "string" &&
    Array.isArray(i.arg[1])
  ) {
    const parts = i.arg[1].map(renderString);
    return parts.every((p) => p !== undefined) ? parts.join(i.arg[0]) : undefined;
  }
  return undefined;
}

/** What `{ Ref: "AWS::NoValue" }` evaluates to: the property is removed. */
export const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** A value that cannot be known before deploying (a resource attribute, a parameter with no value, …). */
export class UnresolvedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnresolvedValueError";
  }
}

/** Parameter values (CloudFormation string form) and the memo of evaluated conditions. */
export interface EvaluationScope {
  template: Template;
  parameters: Record<string, string>;
  conditions: Map<string, boolean>;
  /** Conditions being evaluated, to report a cycle instead of overflowing the stack. */
  evaluating: Set<string>;
}

/**
 * A scope where each declared parameter takes the supplied value, else its Default; a parameter with neither stays
 * unset and makes any evaluation that needs it throw {@link UnresolvedValueError}.
 */
export function evaluationScope(template: Template, supplied: Record<string, string> = {}): EvaluationScope {
  const parameters: Record<string, string> = {};
  for (const p of templateParameters(template)) {
    const value = supplied[p.name] ?? p.default;
    if (value !== undefined) parameters[p.name] = value;
  }
  return { template, parameters, conditions: new Map(), evaluating: new Set() };
}

/** Evaluates a named condition of the template in a scope. Throws {@link UnresolvedValueError} when it cannot. */
export function evaluateCondition(name: string, scope: EvaluationScope): boolean {
  const memo = scope.conditions.get(name);
  if (memo !== undefined) return memo;
  const body = scope.template.body.Conditions?.[name];
  if (body === undefined) throw new UnresolvedValueError(`condition "${name}" is not declared`);
  if (scope.evaluating.has(name)) throw new UnresolvedValueError(`condition "${name}" refers to itself`);
  scope.evaluating.add(name);
  try {
    const result = evaluateBoolean(body, scope);
    scope.conditions.set(name, result);
    return result;
  } finally {
    scope.evaluating.delete(name);
  }
}

function evaluateBoolean(value: unknown, scope: EvaluationScope): boolean {
  const i = intrinsicOf(value);
  if (i?.fn === "Condition" && typeof i.arg === "string") return evaluateCondition(i.arg, scope);
  const v = evaluateValue(value, scope);
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  throw new UnresolvedValueError(`expected a condition, got ${JSON.stringify(value)}`);
}

const args = (arg: unknown, fn: string): unknown[] => {
  if (!Array.isArray(arg)) throw new UnresolvedValueError(`${fn} expects a list`);
  return arg;
};

/**
 * Evaluates a value for the scope's parameter values: literals, `Ref` to parameters and `AWS::NoValue`, `Fn::If`,
 * `Fn::Equals`/`Not`/`And`/`Or`, `Condition`, `Fn::Sub` and `Fn::Join` over those. Anything depending on a resource
 * or an unset parameter throws {@link UnresolvedValueError}. `AWS::NoValue` gives {@link NO_VALUE}.
 */
export function evaluateValue(value: unknown, scope: EvaluationScope): unknown {
  const i = intrinsicOf(value);
  if (!i) {
    if (Array.isArray(value)) return value.map((v) => evaluateValue(v, scope)).filter((v) => v !== NO_VALUE);
    if (isRecord(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const e = evaluateValue(v, scope);
        if (e !== NO_VALUE) out[k] = e;
      }
      return out;
    }
    return value;
  }
  switch (i.fn) {
    case "Ref": {
      const name = String(i.arg);
      if (name === "AWS::NoValue") return NO_VALUE;
      const param = scope.parameters[name];
      if (param !== undefined) {
        const type = scope.template.body.Parameters?.[name]?.Type ?? "String";
        return type === "CommaDelimitedList" || type.startsWith("List<") ? param.split(",") : param;
      }
      if (scope.template.body.Parameters?.[name])
        throw new UnresolvedValueError(`parameter ${name} has no Default and no value was supplied`);
      throw new UnresolvedValueError(`Ref ${name} is only known after deployment`);
    }
    case "Condition":
      return evaluateCondition(String(i.arg), scope);
    case "Fn::If": {
      const [cond, whenTrue, whenFalse] = args(i.arg, "Fn::If");
      return evaluateValue(evaluateCondition(String(cond), scope) ? whenTrue : whenFalse, scope);
    }
    case "Fn::Equals": {
      const [a, b] = args(i.arg, "Fn::Equals").map((v) => evaluateValue(v, scope));
      // CloudFormation compares the string forms: `!Equals [!Ref Count, 0]` with Count "0" is true.
      return String(a) === String(b);
    }
    case "Fn::Not":
      return !evaluateBoolean(args(i.arg, "Fn::Not")[0], scope);
    case "Fn::And":
      return args(i.arg, "Fn::And").every((c) => evaluateBoolean(c, scope));
    case "Fn::Or":
      return args(i.arg, "Fn::Or").some((c) => evaluateBoolean(c, scope));
    case "Fn::Sub": {
      const [text, vars] = typeof i.arg === "string" ? [i.arg, {}] : args(i.arg, "Fn::Sub");
      if (typeof text !== "string") throw new UnresolvedValueError("Fn::Sub expects a string");
      const local = isRecord(vars) ? vars : {};
      return text.replace(/\$\{([^}]*)\}/g, (_whole, raw: string) => {
        const name = raw.trim();
        if (name.startsWith("!")) return `\${${name.slice(1)}}`;
        const v = name in local ? evaluateValue(local[name], scope) : evaluateValue({ Ref: name }, scope);
        return String(v);
      });
    }
    case "Fn::Join": {
      const [sep, list] = args(i.arg, "Fn::Join");
      const items = evaluateValue(list, scope);
      if (!Array.isArray(items)) throw new UnresolvedValueError("Fn::Join expects a list");
      return items.map(String).join(String(sep));
    }
    default:
      throw new UnresolvedValueError(`${i.fn} is not evaluated before deployment`);
  }
}
