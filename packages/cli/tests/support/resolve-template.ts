/**
 * Resolves template values the way CloudFormation does AT DEPLOY, with the physical ids and attributes of
 * resources already created (`Ref Bucket`, `!GetAtt Role.Arn`): what the fake account needs to know which
 * environment a function gets or what a stack outputs. Lenient: what cannot be known comes back undefined.
 * (The production evaluator in src/infra resolves only what is known before deploy, and throws otherwise.)
 */

/** A template body as JSON, short tags already in long form (as src/infra's parser returns it). */
export interface CfnTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<
    string,
    {
      Type: string;
      Condition?: string;
      DeletionPolicy?: string;
      UpdateReplacePolicy?: string;
      Properties?: Record<string, unknown>;
    }
  >;
  Outputs?: Record<string, { Value?: unknown }>;
}

/** Parameter values by name, as strings (how CloudFormation passes them). */
export type ParameterValues = Record<string, string>;

function splitOnce(value: string, separator: string): string[] {
  const at = value.indexOf(separator);
  return at < 0 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}

/** Parameter values with the template's defaults filled in for those not given. */
export function effectiveParameters(template: CfnTemplate, given: ParameterValues): ParameterValues {
  const values: ParameterValues = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    const value =
      given[name] ??
      (p.Default === undefined
        ? undefined
        : Array.isArray(p.Default)
          ? p.Default.join(",")
          : String(p.Default));
    if (value !== undefined) values[name] = value;
  }
  return values;
}

/** Marker for `!Ref AWS::NoValue`: the property is removed. */
const NO_VALUE = Symbol("AWS::NoValue");
/** Marker for a value that depends on something unknown before deployment (a GetAtt, an import…). */
const UNKNOWN = Symbol("unknown");
type Evaluated = unknown;

interface EvalContext {
  template: CfnTemplate;
  params: ParameterValues;
  pseudo: Record<string, string>;
  conditionCache: Map<string, boolean | undefined>;
}

function context(
  template: CfnTemplate,
  params: ParameterValues,
  pseudo: Record<string, string> = {},
): EvalContext {
  return {
    template,
    params: effectiveParameters(template, params),
    pseudo,
    conditionCache: new Map(),
  };
}

/** Evaluates a condition by name; undefined when it depends on something unknown. */
function condition(name: string, ctx: EvalContext): boolean | undefined {
  if (ctx.conditionCache.has(name)) return ctx.conditionCache.get(name);
  ctx.conditionCache.set(name, undefined); // guards against cycles
  const value = evaluate(ctx.template.Conditions?.[name], ctx);
  const result = typeof value === "boolean" ? value : undefined;
  ctx.conditionCache.set(name, result);
  return result;
}

function evaluate(node: unknown, ctx: EvalContext): Evaluated {
  if (Array.isArray(node)) {
    const items = node.map((n) => evaluate(n, ctx)).filter((v) => v !== NO_VALUE);
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (!node || typeof node !== "object") return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const [key, arg] = entries.length === 1 ? (entries[0] as [string, unknown]) : ["", undefined];
  switch (key) {
    case "Ref": {
      const name = String(arg);
      if (name === "AWS::NoValue") return NO_VALUE;
      if (name in ctx.params) return ctx.params[name];
      if (name in ctx.pseudo) return ctx.pseudo[name];
      return UNKNOWN; // a resource's physical id, or an unset parameter
    }
    case "Condition":
      return condition(String(arg), ctx) ?? UNKNOWN;
    case "Fn::If": {
      const [name, whenTrue, whenFalse] = Array.isArray(arg) ? arg : [];
      const holds = condition(String(name), ctx);
      if (holds === undefined) return UNKNOWN;
      return evaluate(holds ? whenTrue : whenFalse, ctx);
    }
    case "Fn::Equals": {
      const [a, b] = Array.isArray(arg) ? arg.map((n) => evaluate(n, ctx)) : [];
      if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
      return String(a) === String(b);
    }
    case "Fn::Not": {
      const [a] = Array.isArray(arg) ? arg.map((n) => evaluate(n, ctx)) : [];
      return typeof a === "boolean" ? !a : UNKNOWN;
    }
    case "Fn::And":
    case "Fn::Or": {
      const values = Array.isArray(arg) ? arg.map((n) => evaluate(n, ctx)) : [];
      if (values.some((v) => typeof v !== "boolean")) return UNKNOWN;
      return key === "Fn::And" ? values.every(Boolean) : values.some(Boolean);
    }
    case "Fn::Sub": {
      const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
      const local = Object.fromEntries(
        Object.entries((vars ?? {}) as Record<string, unknown>).map(([k, v]) => [k, evaluate(v, ctx)]),
      );
      let unknown = false;
      const out = String(text).replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
        const value = name in local ? local[name] : evaluate({ Ref: name }, ctx);
        if (typeof value !== "string" && typeof value !== "number") {
          unknown = true;
          return "";
        }
        return String(value);
      });
      return unknown ? UNKNOWN : out;
    }
    case "Fn::Join": {
      const [separator, list] = Array.isArray(arg) ? arg : [];
      const values = evaluate(list, ctx);
      return Array.isArray(values) ? values.join(String(separator)) : UNKNOWN;
    }
    case "Fn::Select": {
      const [index, list] = Array.isArray(arg) ? arg : [];
      const values = evaluate(list, ctx);
      return Array.isArray(values) ? values[Number(index)] : UNKNOWN;
    }
    case "Fn::GetAtt": {
      // Known only once deployed: resolvable when the caller passes "Logical.Attribute" values.
      const [resource, attribute] = Array.isArray(arg) ? arg : splitOnce(String(arg), ".");
      return ctx.pseudo[`${resource}.${attribute}`] ?? UNKNOWN;
    }
    default:
      if (key.startsWith("Fn::")) return UNKNOWN; // GetAtt, ImportValue, FindInMap…: known only at deploy
      return Object.fromEntries(
        entries.map(([k, v]) => [k, evaluate(v, ctx)] as const).filter(([, v]) => v !== NO_VALUE),
      );
  }
}

/** Whether a resource exists under these parameters (its `Condition`, when it has one, holds). */
function resourceExists(resource: { Condition?: string }, ctx: EvalContext): boolean {
  return resource.Condition === undefined || condition(resource.Condition, ctx) !== false;
}

/**
 * Evaluates any template node with parameters, pseudo parameters and known `Ref`/`GetAtt` values (keys
 * `Logical` and `Logical.Attribute`), as CloudFormation would at deploy. Unknown parts come back `undefined`.
 */
export function resolveNode(
  template: CfnTemplate,
  node: unknown,
  params: ParameterValues,
  pseudo: Record<string, string> = {},
  refs: Record<string, string> = {},
): unknown {
  const ctx = context(template, params, { ...pseudo, ...refs });
  const strip = (value: unknown): unknown => {
    if (value === UNKNOWN || value === NO_VALUE) return undefined;
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)]));
    return value;
  };
  return strip(evaluate(node, ctx));
}

/** Whether a resource exists under these parameters (exported for the same test account). */
export function resourceEnabled(template: CfnTemplate, logicalId: string, params: ParameterValues): boolean {
  const resource = template.Resources?.[logicalId];
  return resource !== undefined && resourceExists(resource, context(template, params));
}
