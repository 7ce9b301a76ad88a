/**
 * The little of a CloudFormation template the stack doctor needs: its parameters, the reserved concurrency
 * it would set, the code objects and bucket names it refers to — with intrinsic functions evaluated as far
 * as parameters allow.
 *
 * Private stand-in for the template parser another engineer is writing in `src/infra/` (same exported
 * names: `loadTemplate`, `templateParameters`, `reservedConcurrencyOf`). Switch the imports once it lands.
 */
import { readFile } from "node:fs/promises";
import { parse, type Tags } from "yaml";

/** A template as plain JSON: short tags (`!Ref x`) are turned into their long form (`{ "Ref": "x" }`). */
export interface CfnTemplate {
  Parameters?: Record<string, CfnParameter>;
  Conditions?: Record<string, unknown>;
  Resources?: Record<string, CfnResource>;
  Outputs?: Record<string, { Value?: unknown; Export?: { Name?: unknown } }>;
  [key: string]: unknown;
}
export interface CfnParameter {
  Type?: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  Description?: string;
}
export interface CfnResource {
  Type: string;
  Condition?: string;
  DeletionPolicy?: string;
  Properties?: Record<string, unknown>;
}

/** Parameter values by name, as strings (how CloudFormation passes them). */
export type ParameterValues = Record<string, string>;

const FUNCTIONS = [
  "Ref",
  "Sub",
  "GetAtt",
  "If",
  "Equals",
  "Not",
  "And",
  "Or",
  "Join",
  "Select",
  "Split",
  "ImportValue",
  "FindInMap",
  "Base64",
  "Cidr",
  "GetAZs",
  "Condition",
] as const;

/** YAML custom tags for every CloudFormation short form; without them `yaml` drops the function names. */
function cfnTags(): Tags {
  const tags: Tags = [];
  for (const name of FUNCTIONS) {
    const key = name === "Ref" || name === "Condition" ? name : `Fn::${name}`;
    tags.push(
      {
        tag: `!${name}`,
        resolve: (value: string) =>
          // `!GetAtt Res.Attr` is the scalar short form of `Fn::GetAtt: [Res, Attr]`.
          name === "GetAtt" ? { [key]: splitOnce(value, ".") } : { [key]: value },
      },
      { tag: `!${name}`, collection: "seq", resolve: (node) => ({ [key]: node.toJSON() }) },
      { tag: `!${name}`, collection: "map", resolve: (node) => ({ [key]: node.toJSON() }) },
    );
  }
  return tags;
}

function splitOnce(value: string, separator: string): string[] {
  const at = value.indexOf(separator);
  return at < 0 ? [value] : [value.slice(0, at), value.slice(at + 1)];
}

/** Parses template text (YAML or JSON). Throws an error naming `source` when it is not a template. */
export function parseTemplate(text: string, source: string): CfnTemplate {
  let parsed: unknown;
  try {
    parsed = parse(text, { customTags: cfnTags() });
  } catch (error) {
    throw new Error(`${source}: not valid YAML/JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new Error(`${source}: a template must be a mapping`);
  const template = parsed as CfnTemplate;
  if (!template.Resources || typeof template.Resources !== "object")
    throw new Error(`${source}: the template has no Resources section`);
  return template;
}

/** Reads and parses a template file. */
export async function loadTemplate(path: string): Promise<CfnTemplate> {
  return parseTemplate(await readFile(path, "utf8"), path);
}

/** One declared parameter. `required` means it has no Default, so a value must be passed. */
export interface TemplateParameter {
  name: string;
  type: string;
  required: boolean;
  default?: string;
}

/** The template's parameters in declaration order. */
export function templateParameters(template: CfnTemplate): TemplateParameter[] {
  return Object.entries(template.Parameters ?? {}).map(([name, p]) => ({
    name,
    type: p.Type ?? "String",
    required: p.Default === undefined,
    ...(p.Default === undefined ? {} : { default: String(p.Default) }),
  }));
}

/** Parameter values with the template's defaults filled in for those not given. */
export function effectiveParameters(template: CfnTemplate, given: ParameterValues): ParameterValues {
  const values: ParameterValues = {};
  for (const p of templateParameters(template)) {
    const value = given[p.name] ?? p.default;
    if (value !== undefined) values[p.name] = value;
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

/** Resolves a value to a string, or undefined when it depends on something unknown before deploy. */
function resolveString(node: unknown, ctx: EvalContext): string | undefined {
  const value = evaluate(node, ctx);
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/** Whether a resource exists under these parameters (its `Condition`, when it has one, holds). */
function resourceExists(resource: CfnResource, ctx: EvalContext): boolean {
  return resource.Condition === undefined || condition(resource.Condition, ctx) !== false;
}

/** A Lambda function's reserved concurrency as the template would set it. */
export interface ReservedConcurrency {
  logicalId: string;
  functionName?: string;
  reserved: number;
}

/**
 * Every `ReservedConcurrentExecutions` the template would set with these parameters: conditions and
 * `!If … AWS::NoValue` are evaluated, so a conditional reservation switched off is not listed.
 */
export function reservedConcurrencyOf(template: CfnTemplate, params: ParameterValues): ReservedConcurrency[] {
  const ctx = context(template, params);
  const found: ReservedConcurrency[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== "AWS::Lambda::Function" || !resourceExists(resource, ctx)) continue;
    const raw = resource.Properties?.["ReservedConcurrentExecutions"];
    if (raw === undefined) continue;
    const value = evaluate(raw, ctx);
    if (value === NO_VALUE || value === undefined) continue;
    const reserved = Number(value);
    if (value === UNKNOWN || !Number.isFinite(reserved))
      throw new Error(`${logicalId}: ReservedConcurrentExecutions cannot be resolved from the parameters`);
    const functionName = resolveString(resource.Properties?.["FunctionName"], ctx);
    found.push({ logicalId, reserved, ...(functionName ? { functionName } : {}) });
  }
  return found;
}

/** The S3 code object a Lambda function is deployed from. */
export interface CodeObjectRef {
  logicalId: string;
  functionName?: string;
  bucket?: string;
  key?: string;
}

/** The `Code: { S3Bucket, S3Key }` of every Lambda function, resolved as far as the parameters allow. */
export function codeObjectsOf(template: CfnTemplate, params: ParameterValues): CodeObjectRef[] {
  const ctx = context(template, params);
  const found: CodeObjectRef[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== "AWS::Lambda::Function" || !resourceExists(resource, ctx)) continue;
    const code = resource.Properties?.["Code"] as Record<string, unknown> | undefined;
    if (!code || code["ZipFile"] !== undefined || code["ImageUri"] !== undefined) continue;
    const bucket = resolveString(code["S3Bucket"], ctx);
    const key = resolveString(code["S3Key"], ctx);
    const functionName = resolveString(resource.Properties?.["FunctionName"], ctx);
    found.push({
      logicalId,
      ...(functionName ? { functionName } : {}),
      ...(bucket ? { bucket } : {}),
      ...(key ? { key } : {}),
    });
  }
  return found;
}

/** Explicit `BucketName`s of the template's S3 buckets (buckets named by CloudFormation are left out). */
export function bucketNamesOf(
  template: CfnTemplate,
  params: ParameterValues,
): { logicalId: string; name: string }[] {
  const ctx = context(template, params, { "AWS::Region": "", "AWS::AccountId": "" });
  const found: { logicalId: string; name: string }[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    if (resource.Type !== "AWS::S3::Bucket" || !resourceExists(resource, ctx)) continue;
    const name = resolveString(resource.Properties?.["BucketName"], ctx);
    if (name) found.push({ logicalId, name });
  }
  return found;
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
