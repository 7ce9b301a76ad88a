/**
 * Loading CloudFormation templates and params files from `infra/`, validated with zod, plus the stack order that
 * decides which stack's outputs feed which stack's parameters.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { z } from "zod";
import { parseCfnYaml, TemplateError } from "./cfn-yaml.js";

/** A declared template parameter (the subset of CloudFormation's fields the checks and the deploy tool use). */
const ParameterSchema = z.looseObject({
  Type: z.string(),
  Default: z
    .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])
    .optional(),
  AllowedValues: z.array(z.union([z.string(), z.number()])).optional(),
  AllowedPattern: z.string().optional(),
  MinValue: z.union([z.number(), z.string()]).optional(),
  MaxValue: z.union([z.number(), z.string()]).optional(),
  MinLength: z.union([z.number(), z.string()]).optional(),
  MaxLength: z.union([z.number(), z.string()]).optional(),
  Description: z.string().optional(),
  NoEcho: z.union([z.boolean(), z.string()]).optional(),
});

const ResourceSchema = z.looseObject({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).optional(),
  Condition: z.string().optional(),
  DependsOn: z.union([z.string(), z.array(z.string())]).optional(),
  DeletionPolicy: z.unknown().optional(),
  UpdateReplacePolicy: z.unknown().optional(),
  Metadata: z.unknown().optional(),
});

const OutputSchema = z.looseObject({
  Value: z.unknown(),
  Description: z.unknown().optional(),
  Condition: z.string().optional(),
  Export: z.unknown().optional(),
});

/** The shape of a template body this tool relies on; unknown top-level sections are kept. */
export const TemplateBodySchema = z.looseObject({
  AWSTemplateFormatVersion: z.string().optional(),
  Description: z.string().optional(),
  Parameters: z.record(z.string(), ParameterSchema).optional(),
  Mappings: z.record(z.string(), z.unknown()).optional(),
  Conditions: z.record(z.string(), z.unknown()).optional(),
  Resources: z.record(z.string(), ResourceSchema),
  Outputs: z.record(z.string(), OutputSchema).optional(),
});

export type TemplateBody = z.infer<typeof TemplateBodySchema>;

/** A parsed template with where it came from. */
export interface Template {
  /** Path as given (relative paths stay relative, for messages). */
  file: string;
  /** File name without extension: `s1-runtime`. The stack is `<ProjectName>-<stem>-<env>`. */
  stem: string;
  body: TemplateBody;
  /** 1-based line of each key per top-level section: `lines.Resources.EngineFunction`. */
  lines: Record<string, Record<string, number>>;
}

/**
 * Facts about the AWS account an environment deploys to, declared in its params file because no template can
 * know them and `vectora infra check` must judge the templates against them before any deploy (no AWS call).
 */
export interface DeclaredAccount {
  /**
   * Lambda's `AccountLimit.ConcurrentExecutions` (`aws lambda get-account-settings`): the account's concurrency
   * limit. The seed's dev account has 10, so any reservation fails there.
   */
  concurrentExecutions: number;
  /** Where the figure was read, and when (free text, shown in messages). */
  source?: string;
}

/**
 * A params file: `{ "Parameters": { "Env": "dev", … }, "Account": { "ConcurrentExecutions": 10 } }`, values
 * already in CloudFormation's string form. `Account` is optional and never sent to CloudFormation.
 */
export interface ParamsFile {
  file: string;
  /** File name without extension: `dev`. */
  env: string;
  values: Record<string, string>;
  account?: DeclaredAccount;
}

/**
 * Deploy order of the stacks; a stack's parameters may come from the outputs of the stacks before it.
 * s0-bootstrap (the deploy identity) is deployed once by an administrator, before everything else.
 */
export const STACK_ORDER: readonly string[] = ["s0-bootstrap", "s0-iam", "s0-core", "s1-runtime"];

function zodIssues(file: string, error: z.ZodError): TemplateError {
  const issue = error.issues[0];
  const path = issue?.path.join(".") || "(root)";
  return new TemplateError(file, `${path}: ${issue?.message ?? "invalid"}`);
}

/**
 * Parses template text (YAML with short tags, or JSON) into a {@link Template}.
 * Throws {@link TemplateError} naming the file (and line or field) when it cannot be read as a template.
 */
export function parseTemplate(text: string, file = "<inline>"): Template {
  const { data, lines } = parseCfnYaml(text, file);
  const parsed = TemplateBodySchema.safeParse(data);
  if (!parsed.success) throw zodIssues(file, parsed.error);
  return { file, stem: basename(file, extname(file)), body: parsed.data, lines };
}

/** The text of an infra file; a {@link TemplateError} naming it when it is missing or unreadable. */
function readInfraFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new TemplateError(path, `cannot read: ${(error as Error).message}`);
  }
}

/** Reads and parses a template file. Throws {@link TemplateError} on a missing, unreadable or malformed file. */
export function loadTemplate(path: string): Template {
  return parseTemplate(readInfraFile(path), path);
}

/** One parameter of a template, flattened for callers (the deploy tool, the checks). */
export interface ParameterInfo {
  name: string;
  type: string;
  /** True when there is no Default, so a value must be passed. */
  required: boolean;
  /** CloudFormation string form of the Default (lists joined with commas); undefined when there is none. */
  default: string | undefined;
  allowedValues: string[] | undefined;
  allowedPattern: string | undefined;
  minValue: number | undefined;
  maxValue: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
}

/** Turns a Default / params value into the string CloudFormation receives (lists are comma-joined). */
export function cfnParameterString(value: string | number | boolean | (string | number)[]): string {
  return Array.isArray(value) ? value.map(String).join(",") : String(value);
}

/** The parameters a template declares, in declaration order. */
export function templateParameters(template: Template): ParameterInfo[] {
  return Object.entries(template.body.Parameters ?? {}).map(([name, p]) => ({
    name,
    type: p.Type,
    required: p.Default === undefined,
    default: p.Default === undefined ? undefined : cfnParameterString(p.Default),
    allowedValues: p.AllowedValues?.map(String),
    allowedPattern: p.AllowedPattern,
    minValue: p.MinValue === undefined ? undefined : Number(p.MinValue),
    maxValue: p.MaxValue === undefined ? undefined : Number(p.MaxValue),
    minLength: p.MinLength === undefined ? undefined : Number(p.MinLength),
    maxLength: p.MaxLength === undefined ? undefined : Number(p.MaxLength),
  }));
}

/**
 * Why a value does not fit a parameter's constraints (AllowedValues, AllowedPattern, Min/MaxValue, Number type,
 * Min/MaxLength), or undefined when it fits — what CloudFormation would refuse at CreateChangeSet. For list
 * types each element is checked against AllowedValues/AllowedPattern.
 */
export function parameterValueProblem(param: ParameterInfo, value: string): string | undefined {
  const isList = param.type === "CommaDelimitedList" || param.type.startsWith("List<");
  const elements = isList ? value.split(",") : [value];
  for (const element of elements) {
    if (param.allowedValues && !param.allowedValues.includes(element))
      return `"${element}" is not one of ${param.allowedValues.join(", ")}`;
    // CloudFormation anchors AllowedPattern to the whole value.
    if (param.allowedPattern && !new RegExp(`^(?:${param.allowedPattern})$`).test(element))
      return `"${element}" does not match AllowedPattern ${param.allowedPattern}`;
  }
  if (param.type === "Number") {
    const n = Number(value);
    if (value.trim() === "" || Number.isNaN(n)) return `"${value}" is not a number`;
    if (param.minValue !== undefined && n < param.minValue) return `${n} is below MinValue ${param.minValue}`;
    if (param.maxValue !== undefined && n > param.maxValue) return `${n} is above MaxValue ${param.maxValue}`;
  }
  // CloudFormation counts characters (a String's MinLength/MaxLength); lists are checked as the joined string.
  const length = [...value].length;
  if (param.minLength !== undefined && length < param.minLength)
    return `"${value}" is ${length} characters, below MinLength ${param.minLength}`;
  if (param.maxLength !== undefined && length > param.maxLength)
    return `"${value.slice(0, 40)}${length > 40 ? "…" : ""}" is ${length} characters, above MaxLength ${param.maxLength}`;
  return undefined;
}

const ParamsFileSchema = z.strictObject({
  Parameters: z.record(
    z.string(),
    z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
  ),
  Account: z
    .strictObject({
      ConcurrentExecutions: z.number().int().positive(),
      Source: z.string().optional(),
    })
    .optional(),
});

/**
 * Parses params-file text. Format: `{ "Parameters": { "<Name>": <value> }, "Account": {…}? }` where a value is a
 * string, number, boolean, or (for CommaDelimitedList parameters) an array that is joined with commas, and
 * `Account` declares the target account's limits ({@link DeclaredAccount}).
 */
export function parseParamsFile(text: string, file = "<inline>"): ParamsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TemplateError(file, `not JSON: ${(error as Error).message}`);
  }
  const parsed = ParamsFileSchema.safeParse(json);
  if (!parsed.success) throw zodIssues(file, parsed.error);
  const values = Object.fromEntries(
    Object.entries(parsed.data.Parameters).map(([k, v]) => [k, cfnParameterString(v)]),
  );
  const account = parsed.data.Account;
  return {
    file,
    env: basename(file, extname(file)),
    values,
    ...(account
      ? {
          account: {
            concurrentExecutions: account.ConcurrentExecutions,
            ...(account.Source ? { source: account.Source } : {}),
          },
        }
      : {}),
  };
}

/** Reads a params file (`infra/params/dev.json`). Throws {@link TemplateError} naming the file when malformed. */
export function loadParamsFile(path: string): ParamsFile {
  return parseParamsFile(readInfraFile(path), path);
}

/** Sorts templates in {@link STACK_ORDER}; unknown stems come after, by name. */
export function inStackOrder<T extends { stem: string }>(templates: T[]): T[] {
  const rank = (t: T) => {
    const i = STACK_ORDER.indexOf(t.stem);
    return i < 0 ? STACK_ORDER.length : i;
  };
  return [...templates].sort((a, b) => rank(a) - rank(b) || a.stem.localeCompare(b.stem));
}

/** The output names of every template deployed before `template` (the parameters they can supply). */
export function upstreamOutputs(template: Template, all: Template[]): Map<string, string> {
  const ordered = inStackOrder(all);
  const outputs = new Map<string, string>();
  for (const t of ordered) {
    if (t.stem === template.stem) break;
    for (const name of Object.keys(t.body.Outputs ?? {})) outputs.set(name, t.file);
  }
  return outputs;
}

/** Template files (`*.yaml`, `*.yml`) directly in `dir`, and params files in `dir/params/*.json`. */
export function listInfraFiles(dir: string): { templates: string[]; params: string[] } {
  const list = (d: string, exts: string[]) => {
    try {
      return readdirSync(d)
        .filter((f) => exts.includes(extname(f)))
        .sort()
        .map((f) => join(d, f));
    } catch {
      return [];
    }
  };
  return { templates: list(dir, [".yaml", ".yml"]), params: list(join(dir, "params"), [".json"]) };
}

/**
 * The parameter values to deploy `template` with: for each parameter it declares, the upstream stack output of the
 * same name (the deployed truth wins over a hand-written value), else the params file value; parameters left out
 * take their Default. Keys of the params file the template does not declare are dropped, because CloudFormation
 * rejects undeclared parameters. Throws {@link TemplateError} naming every required parameter with no value.
 */
export function stackParameters(
  template: Template,
  params: ParamsFile | undefined,
  upstream: Record<string, string> = {},
): Record<string, string> {
  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of templateParameters(template)) {
    const value = upstream[p.name] ?? params?.values[p.name];
    if (value !== undefined) values[p.name] = value;
    else if (p.default === undefined) missing.push(p.name);
  }
  if (missing.length > 0)
    throw new TemplateError(
      template.file,
      `no value for ${missing.join(", ")} (not in ${params?.file ?? "any params file"}, not an upstream output, no Default)`,
    );
  return values;
}
