/**
 * The Lambda function rules: log retention, reserved concurrency only behind an off-by-default condition, and a
 * Node.js runtime Lambda still lets us create and update.
 */
import { basename } from "node:path";
import {
  evaluateValue,
  evaluationScope,
  intrinsicOf,
  NO_VALUE,
  refName,
  renderString,
  UnresolvedValueError,
} from "../intrinsics.js";
import { type Template, templateParameters } from "../template.js";
import { type CheckContext, eachResourceRule, resourcesOfType } from "./types.js";

const FUNCTION = "AWS::Lambda::Function";
const LOG_GROUP = "AWS::Logs::LogGroup";

/** The log group resource a function writes to, or why none was found. */
function logGroupOf(template: Template, id: string): { id: string } | { problem: string } {
  const fn = template.body.Resources[id]!;
  const groups = resourcesOfType(template, LOG_GROUP);
  const named = (name: string) =>
    groups.find(([, g]) => renderString(g.Properties?.["LogGroupName"]) === name);
  const loggingConfig = fn.Properties?.["LoggingConfig"];
  const configured =
    typeof loggingConfig === "object" && loggingConfig !== null
      ? (loggingConfig as Record<string, unknown>)["LogGroup"]
      : undefined;
  if (configured !== undefined) {
    // `Ref` of a log group resource is its name.
    const ref = refName(configured);
    const byRef = groups.find(([gid]) => gid === ref);
    const rendered = renderString(configured);
    const found = byRef ?? (rendered === undefined ? undefined : named(rendered));
    return found
      ? { id: found[0] }
      : {
          problem: `LoggingConfig.LogGroup ${JSON.stringify(configured)} is no AWS::Logs::LogGroup of this template`,
        };
  }
  const fnName = renderString(fn.Properties?.["FunctionName"]);
  // Lambda's default group is /aws/lambda/<function name>; `${LogicalId}` covers `!Sub /aws/lambda/${Fn}`.
  const expected = [`/aws/lambda/\${${id}}`, ...(fnName === undefined ? [] : [`/aws/lambda/${fnName}`])];
  const found = groups.find(([, g]) => expected.includes(renderString(g.Properties?.["LogGroupName"]) ?? ""));
  return found
    ? { id: found[0] }
    : {
        problem:
          `no AWS::Logs::LogGroup named ${expected.at(-1)} and no LoggingConfig.LogGroup: Lambda would create the ` +
          "group itself and keep the logs forever",
      };
}

export const functionLogRetention = eachResourceRule({
  id: "function-log-retention",
  resourceType: FUNCTION,
  summary: "every function logs to an AWS::Logs::LogGroup of the template that has RetentionInDays",
  check(_fn, id, template) {
    const group = logGroupOf(template, id);
    if ("problem" in group) return group.problem;
    const retention = template.body.Resources[group.id]?.Properties?.["RetentionInDays"];
    if (retention !== undefined) return undefined;
    return { resource: group.id, message: `log group of ${id} has no RetentionInDays: logs kept forever` };
  },
});

export const reservedConcurrencyConditional = eachResourceRule({
  id: "reserved-concurrency-conditional",
  resourceType: FUNCTION,
  summary: "ReservedConcurrentExecutions only as Fn::If on a condition that is false with the defaults",
  check(fn, _id, template) {
    const raw = fn.Properties?.["ReservedConcurrentExecutions"];
    if (raw === undefined) return undefined;
    const i = intrinsicOf(raw);
    if (i?.fn !== "Fn::If" || !Array.isArray(i.arg))
      return (
        `ReservedConcurrentExecutions is set unconditionally (${JSON.stringify(raw)}): on an account capped at 10 ` +
        "concurrent executions Lambda refuses any reservation and the stack rolls back. Use " +
        "!If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue] with the parameter off by default"
      );
    const [condition, whenTrue, whenFalse] = i.arg;
    if (refName(whenTrue) !== "AWS::NoValue" && refName(whenFalse) !== "AWS::NoValue")
      return `neither branch of Fn::If ${JSON.stringify(condition)} is AWS::NoValue: a reservation is always set`;
    try {
      const value = evaluateValue(raw, evaluationScope(template));
      if (value === NO_VALUE) return undefined;
      return (
        `condition ${JSON.stringify(condition)} holds with the parameters' defaults, so ${String(value)} ` +
        "executions are reserved unless every deploy remembers to turn it off"
      );
    } catch (error) {
      if (!(error instanceof UnresolvedValueError)) throw error;
      return `condition ${JSON.stringify(condition)} cannot be evaluated with the defaults: ${error.message}`;
    }
  },
});

/**
 * Lambda's Node.js runtime deprecation dates (AWS Lambda "Runtimes" page): on `deprecated` Lambda stops patching,
 * from `blockCreate` / `blockUpdate` it refuses to create / update functions on that runtime.
 */
export const NODE_RUNTIME_DEPRECATIONS: Readonly<
  Record<string, { deprecated: string; blockCreate: string; blockUpdate: string }>
> = {
  "nodejs18.x": { deprecated: "2025-09-01", blockCreate: "2026-02-03", blockUpdate: "2026-03-09" },
  "nodejs20.x": { deprecated: "2026-04-30", blockCreate: "2026-08-31", blockUpdate: "2026-09-30" },
  "nodejs22.x": { deprecated: "2027-04-30", blockCreate: "2027-06-01", blockUpdate: "2027-07-01" },
  "nodejs24.x": { deprecated: "2028-04-30", blockCreate: "2028-06-01", blockUpdate: "2028-07-01" },
};

/** Why a runtime is not acceptable on `now`, or undefined: Node.js 20 or newer and not yet deprecated. */
export function runtimeProblem(runtime: string, now: Date): string | undefined {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) return `"${runtime}" is not a Node.js runtime: the functions are Node.js bundles`;
  if (Number(match[1]) < 20) return `${runtime} is deprecated (Node.js 20 or newer is required)`;
  const dates = NODE_RUNTIME_DEPRECATIONS[runtime];
  if (dates && now.getTime() >= Date.parse(`${dates.deprecated}T00:00:00Z`)) {
    const blocked =
      now.getTime() >= Date.parse(`${dates.blockUpdate}T00:00:00Z`)
        ? "Lambda now refuses to create or update functions on it"
        : now.getTime() >= Date.parse(`${dates.blockCreate}T00:00:00Z`)
          ? `Lambda refuses to create functions on it, and to update them from ${dates.blockUpdate}`
          : `Lambda refuses to create functions on it from ${dates.blockCreate}`;
    return `${runtime} is deprecated since ${dates.deprecated}; ${blocked}`;
  }
  return undefined;
}

/** Each runtime value a function can get, with where it comes from. */
function runtimeCandidates(
  template: Template,
  raw: unknown,
  ctx: CheckContext,
): { value: string; from: string }[] {
  const param = refName(raw);
  if (param === undefined) {
    try {
      return [{ value: String(evaluateValue(raw, evaluationScope(template))), from: "Runtime" }];
    } catch {
      return [{ value: JSON.stringify(raw), from: "Runtime" }];
    }
  }
  const info = templateParameters(template).find((p) => p.name === param);
  if (!info) return [];
  return [
    ...(info.default === undefined ? [] : [{ value: info.default, from: `parameter ${param} Default` }]),
    ...(info.allowedValues ?? []).map((value) => ({ value, from: `parameter ${param} AllowedValues` })),
    ...ctx.paramsFiles.flatMap((f) => {
      const value = f.values[param];
      return value === undefined ? [] : [{ value, from: `${basename(f.file)} ${param}` }];
    }),
  ];
}

export const runtimeSupported = eachResourceRule({
  id: "runtime-supported",
  resourceType: FUNCTION,
  summary: "every function runs on Node.js 20+ and no runtime it can get is deprecated",
  check(fn, _id, template, ctx) {
    const raw = fn.Properties?.["Runtime"];
    if (raw === undefined) return "no Runtime (a .zip function needs one)";
    const problems = new Set<string>();
    for (const { value, from } of runtimeCandidates(template, raw, ctx)) {
      const problem = runtimeProblem(value, ctx.now);
      if (problem) problems.add(`${problem} (${from})`);
    }
    return [...problems];
  },
});
