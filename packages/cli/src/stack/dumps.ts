/**
 * Reading the JSON the AWS CLI prints (`describe-stack-events`, `describe-events`, `describe-stacks`,
 * `lambda get-account-settings`), validated with zod. Errors name the file and field. (Params files are read by
 * the infra module's loader, so deploy and `vectora infra check` agree on the format.)
 */
import { readFile } from "node:fs/promises";
import { sanitizeText } from "@vectora/core/text";
import { z } from "zod";
import { fromOperationEvent, newestFirst } from "./operations.js";
import type { AccountConcurrency, StackDescription, StackEvent } from "./port.js";
import { stackNameFromArn } from "./stack-arn.js";

const Timestamp = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a timestamp: ${value}` });
    return z.NEVER;
  }
  return date;
});

/**
 * An AWS CLI list output, parsed to its list: `{"<key>": […]}` as the CLI prints it, or the bare list
 * (`--query <key>`).
 */
function listDump<T extends z.ZodType>(key: string, item: T) {
  const list = z.array(item);
  return z
    .union([z.object({ [key]: list }), list])
    .transform((dump) => (Array.isArray(dump) ? dump : dump[key]!) as z.output<T>[]);
}

const StackEventJson = z.object({
  StackId: z.string().optional(),
  EventId: z.string(),
  StackName: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
  ResourceType: z.string(),
  Timestamp,
  ResourceStatus: z.string(),
  ResourceStatusReason: z.string().optional(),
});
const StackEventsFile = listDump("StackEvents", StackEventJson);

/**
 * One event of `aws cloudformation describe-events` (`OperationEvents`): no StackName, the stack's ARN; what
 * an event is about (operation, resource, validation, hook) is text present only where it applies.
 */
const OperationEventJson = z.object({
  EventId: z.string(),
  StackId: z
    .string()
    .refine(
      (id) => stackNameFromArn(id) !== undefined,
      "not a stack ARN (arn:aws:cloudformation:…:stack/<name>/…)",
    ),
  OperationId: z.string().optional(),
  OperationType: z.string().optional(),
  OperationStatus: z.string().optional(),
  EventType: z.string().optional(),
  LogicalResourceId: z.string().optional(),
  PhysicalResourceId: z.string().optional(),
  ResourceType: z.string().optional(),
  Timestamp,
  ResourceStatus: z.string().optional(),
  ResourceStatusReason: z.string().optional(),
  ValidationStatus: z.string().optional(),
  ValidationStatusReason: z.string().optional(),
  HookStatus: z.string().optional(),
  HookStatusReason: z.string().optional(),
});
const OperationEventsFile = listDump("OperationEvents", OperationEventJson);

const StackJson = z.object({
  StackName: z.string(),
  StackId: z.string().optional(),
  StackStatus: z.string(),
  StackStatusReason: z.string().optional(),
  CreationTime: Timestamp.optional(),
  LastUpdatedTime: Timestamp.optional(),
  Outputs: z.array(z.object({ OutputKey: z.string(), OutputValue: z.string() })).optional(),
  Parameters: z
    .array(z.object({ ParameterKey: z.string(), ParameterValue: z.string().optional() }))
    .optional(),
});
const StacksFile = z.union([z.object({ Stacks: z.array(StackJson).min(1) }), StackJson]);

const Limit = z.object({
  ConcurrentExecutions: z.number().int().nonnegative(),
  UnreservedConcurrentExecutions: z.number().int().nonnegative(),
});
/** The real `aws lambda get-account-settings` shape, or the simplified one some reports show. */
const AccountSettingsFile = z.union([z.object({ AccountLimit: Limit }), Limit]);

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: cannot read: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: not JSON: ${(error as Error).message}`);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new Error(`${path}: not ${what}${where}: ${issue?.message ?? "invalid"}`);
  }
  return result.data;
}

/** Which AWS CLI output a parsed events file is, from its shape; `undefined` when neither. */
function eventsDumpKind(value: unknown): "describe-stack-events" | "describe-events" | undefined {
  const has = (key: string) => typeof value === "object" && value !== null && key in value;
  if (has("StackEvents")) return "describe-stack-events";
  if (has("OperationEvents")) return "describe-events";
  // A bare list (`--query StackEvents`): stack events name their stack, operation events only its ARN.
  if (Array.isArray(value) && typeof value[0] === "object" && value[0] !== null)
    return "StackName" in value[0] ? "describe-stack-events" : "describe-events";
  return undefined;
}

function fromStackEvents(value: unknown, path: string): StackEvent[] {
  const events = parseWith(StackEventsFile, value, path, "describe-stack-events JSON");
  return events.map((e) => ({
    eventId: e.EventId,
    stackName: e.StackName,
    ...(e.StackId ? { stackId: e.StackId } : {}),
    logicalResourceId: e.LogicalResourceId,
    ...(e.PhysicalResourceId ? { physicalResourceId: e.PhysicalResourceId } : {}),
    resourceType: e.ResourceType,
    resourceStatus: e.ResourceStatus,
    ...(e.ResourceStatusReason ? { resourceStatusReason: sanitizeText(e.ResourceStatusReason) } : {}),
    timestamp: e.Timestamp,
  }));
}

function fromOperationEvents(value: unknown, path: string): StackEvent[] {
  const events = parseWith(OperationEventsFile, value, path, "describe-events JSON");
  const mapped = events.map((e) => fromOperationEvent(e));
  // The order of describe-events output is not documented: newest first, as everything downstream reads.
  return newestFirst(mapped);
}

/**
 * Events from a dump, newest first: the JSON of `aws cloudformation describe-stack-events`
 * (`{"StackEvents":[…]}`) or of `aws cloudformation describe-events` (`{"OperationEvents":[…]}`), told apart
 * by shape. Errors name the file, and the field when the shape is known.
 */
export function parseStackEvents(value: unknown, path: string): StackEvent[] {
  const kind = eventsDumpKind(value);
  if (kind === "describe-stack-events") return fromStackEvents(value, path);
  if (kind === "describe-events") return fromOperationEvents(value, path);
  throw new Error(
    `${path}: not describe-stack-events JSON ({"StackEvents":[…]}) nor describe-events JSON ({"OperationEvents":[…]})`,
  );
}

/** Reads a `describe-stack-events` or `describe-events` dump; errors name the file and field. */
export async function readStackEvents(path: string): Promise<StackEvent[]> {
  return parseStackEvents(await readJson(path), path);
}

/** The first stack of a `describe-stacks` dump. */
export async function readStackFile(path: string): Promise<StackDescription> {
  const parsed = parseWith(StacksFile, await readJson(path), path, "describe-stacks JSON");
  const stack = "Stacks" in parsed ? parsed.Stacks[0]! : parsed;
  return {
    stackName: stack.StackName,
    stackId: stack.StackId ?? "",
    status: stack.StackStatus,
    ...(stack.StackStatusReason ? { statusReason: sanitizeText(stack.StackStatusReason) } : {}),
    ...(stack.CreationTime ? { creationTime: stack.CreationTime } : {}),
    ...(stack.LastUpdatedTime ? { lastUpdatedTime: stack.LastUpdatedTime } : {}),
    outputs: Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue])),
    parameters: Object.fromEntries(
      (stack.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue ?? ""]),
    ),
  };
}

/** Account concurrency, and a sentence naming the fields it was read from. */
export async function readAccountSettings(
  path: string,
): Promise<{ account: AccountConcurrency; source: string }> {
  const parsed = parseWith(
    AccountSettingsFile,
    await readJson(path),
    path,
    "lambda get-account-settings JSON",
  );
  const real = "AccountLimit" in parsed;
  const limit = real ? parsed.AccountLimit : parsed;
  const prefix = real ? "AccountLimit." : "";
  return {
    account: {
      concurrentExecutions: limit.ConcurrentExecutions,
      unreservedConcurrentExecutions: limit.UnreservedConcurrentExecutions,
    },
    source:
      `${path}: read ${prefix}ConcurrentExecutions=${limit.ConcurrentExecutions} and ` +
      `${prefix}UnreservedConcurrentExecutions=${limit.UnreservedConcurrentExecutions}` +
      (real ? "" : " (simplified shape, not the get-account-settings output)"),
  };
}

/** The newest stack-level event's status: a stack's status when only its events are known. */
export function statusFromEvents(
  events: StackEvent[],
  stackName?: string,
): { stackName: string; status: string; stackId?: string } | undefined {
  const event = events.find(
    (e) =>
      e.resourceType === "AWS::CloudFormation::Stack" &&
      e.logicalResourceId === e.stackName &&
      (!stackName || e.stackName === stackName),
  );
  return event
    ? {
        stackName: event.stackName,
        status: event.resourceStatus,
        ...(event.stackId ? { stackId: event.stackId } : {}),
      }
    : undefined;
}
