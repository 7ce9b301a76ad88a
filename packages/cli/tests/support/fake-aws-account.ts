/**
 * A stateful fake AWS account behind aws-sdk-client-mock: CloudFormation stacks that move through real
 * statuses one step per DescribeStacks call, append realistic events (newest first), fail with the exact
 * AWS texts, and act on Lambda functions, log groups and S3 buckets/objects held in memory.
 *
 * Templates are read with the production parser and resolved by the test-only resolver; every decision
 * about success or failure (concurrency floor, existing buckets, missing code…) is made here.
 */

import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import {
  AlreadyExistsException,
  ChangeSetNotFoundException,
  CloudFormationClient,
  CloudFormationServiceException,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeEventsCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  InsufficientCapabilitiesException,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateAliasCommand,
  DeleteFunctionCommand,
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListAliasesCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  ResourceNotFoundException,
  UpdateAliasCommand,
} from "@aws-sdk/client-lambda";
import { HeadBucketCommand, HeadObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { parseTemplate as parseInfraTemplate } from "../../src/infra/index.js";
import { FakeLambdaVersions } from "./fake-lambda-versions.js";
import { type CfnTemplate, effectiveParameters, resolveNode, resourceEnabled } from "./resolve-template.js";

/** A template body as the production parser reads it (short tags → long form). */
function parseTemplate(text: string, source: string): CfnTemplate {
  return parseInfraTemplate(text, source).body as CfnTemplate;
}

export const REGION = "eu-west-3";
export const ACCOUNT_ID = "786469175371";
const CLIENT_ERROR = { $fault: "client" as const, $metadata: { httpStatusCode: 400 } };
const DEPRECATED_RUNTIMES = ["nodejs12.x", "nodejs14.x", "nodejs16.x", "python3.7", "python3.8"];

/** The exact texts. */
export const TEXTS = {
  reservedConcurrency: (floor: number) =>
    `Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [${floor}].`,
  bucketExists: (name: string) => `${name} already exists`,
  noSuchKey:
    "Error occurred while GetObject. S3 Error Code: NoSuchKey. S3 Error Message: The specified key does not exist.",
  roleNotAssumable: "The role defined for the function cannot be assumed by Lambda.",
  runtime: (runtime: string) =>
    `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions.`,
  statesRoleNotAssumable:
    "Neither the global service principal states.amazonaws.com, nor the regional one is authorized to assume the provided role.",
  schedulerRoleNotAssumable:
    "The execution role you provide must allow AWS EventBridge Scheduler to assume the role.",
  emptyChangeSet:
    "The submitted information didn't contain changes. Submit different information to create a change set.",
};

export interface FakeResource {
  logicalId: string;
  type: string;
  physicalId: string;
  /** Properties as resolved at the last successful deploy. */
  properties: unknown;
  attributes: Record<string, string>;
}

export interface FakeStack {
  name: string;
  id: string;
  status: string;
  statusReason?: string;
  creationTime: Date;
  lastUpdatedTime?: Date;
  /** Newest first, as DescribeStackEvents returns them. */
  events: StackEvent[];
  template?: CfnTemplate;
  parameters: Record<string, string>;
  outputs: Record<string, string>;
  resources: Map<string, FakeResource>;
  /** For UPDATE_ROLLBACK_FAILED: resources whose rollback fails, and why. */
  rollbackBlockers: Map<string, { type: string; physicalId: string; reason: string }>;
  /** Operations, newest first; each event carries the id of the one running when it happened. */
  operations: FakeOperation[];
}

/**
 * A stack operation as this fake models it (not verified against AWS): a create, update or delete is one
 * operation; the automatic rollback after a failure is another (type ROLLBACK), starting at the stack's
 * ROLLBACK_IN_PROGRESS / UPDATE_ROLLBACK_IN_PROGRESS event; ContinueUpdateRollback is CONTINUE_ROLLBACK.
 */
export interface FakeOperation {
  id: string;
  type:
    | "CREATE_STACK"
    | "UPDATE_STACK"
    | "DELETE_STACK"
    | "ROLLBACK"
    | "CONTINUE_ROLLBACK"
    | "CREATE_CHANGESET";
}

/** The operation a stack-level status starts (with the reason CloudFormation gives it). */
function operationStartedBy(status: string, reason?: string): FakeOperation["type"] | undefined {
  if (status === "REVIEW_IN_PROGRESS") return "CREATE_CHANGESET";
  if (status === "CREATE_IN_PROGRESS") return "CREATE_STACK";
  if (status === "UPDATE_IN_PROGRESS") return "UPDATE_STACK";
  if (status === "DELETE_IN_PROGRESS") return "DELETE_STACK";
  if (status === "ROLLBACK_IN_PROGRESS" || status === "UPDATE_ROLLBACK_IN_PROGRESS")
    return reason === "User Initiated" ? "CONTINUE_ROLLBACK" : "ROLLBACK";
  return undefined;
}

interface FakeChangeSet {
  id: string;
  name: string;
  stackName: string;
  type: "CREATE" | "UPDATE";
  template: CfnTemplate;
  parameters: Record<string, string>;
  status: string;
  statusReason?: string;
  changes: { Action: string; LogicalResourceId: string; ResourceType: string; Replacement?: string }[];
  describes: number;
}

export interface FakeFunction {
  name: string;
  runtime: string;
  role: string;
  state: string;
  lastUpdateStatus: string;
  environment: Record<string, string>;
  reserved?: number;
  codeLocation: string;
  /** `$LATEST`'s CodeSha256: base64 SHA-256 of the zip (from the object's `sha256` metadata when it has one). */
  codeSha256: string;
  /** Changes with every code or configuration update of `$LATEST`. */
  revisionId: string;
  /** Published versions, oldest first. */
  versions: FakeVersion[];
  /** Lambda never reuses a version number, even after a delete. */
  lastVersion: number;
  aliases: Map<string, { version: string; description?: string; revisionId: string }>;
}

/** A published version: an immutable snapshot of `$LATEST`'s code and configuration. */
export interface FakeVersion {
  version: string;
  codeSha256: string;
  description: string;
  /** The code and configuration it was published from (an unchanged `$LATEST` publishes nothing new). */
  snapshot: string;
  lastModified: string;
}

type Step = () => void;

/** Resource types CloudFormation replaces whatever property changes. */
const REPLACED_ON_ANY_CHANGE = ["AWS::Lambda::Version"];

/**
 * Resources in the order CloudFormation can create them: each after those it refers to (template order
 * otherwise), so a reference to a resource declared later in the template resolves.
 */
function dependencyOrder<T extends { logicalId: string }>(
  resources: readonly T[],
  template: CfnTemplate,
): T[] {
  const byId = new Map(resources.map((r) => [r.logicalId, r]));
  const ordered: T[] = [];
  const visiting = new Set<string>();
  const visit = (r: T) => {
    if (ordered.includes(r) || visiting.has(r.logicalId)) return;
    visiting.add(r.logicalId);
    for (const id of referencedIds(template.Resources?.[r.logicalId]?.Properties)) {
      const dep = byId.get(id);
      if (dep) visit(dep);
    }
    ordered.push(r);
  };
  for (const r of resources) visit(r);
  return ordered;
}

/** Logical ids a template node refers to with Ref or Fn::GetAtt. */
function referencedIds(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) referencedIds(item, found);
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) {
      if (key === "Ref" && typeof value === "string") found.add(value);
      else if (key === "Fn::GetAtt")
        found.add(Array.isArray(value) ? String(value[0]) : String(value).split(".")[0]!);
      else referencedIds(value, found);
    }
  return found;
}

/** A state machine's definition (object or string) with its DefinitionSubstitutions applied, as JSON text. */
function substitutedDefinition(props: Record<string, unknown>): string {
  const raw =
    props["Definition"] === undefined
      ? String(props["DefinitionString"] ?? "")
      : JSON.stringify(props["Definition"]);
  const subs = (props["DefinitionSubstitutions"] ?? {}) as Record<string, unknown>;
  return raw.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    name in subs ? String(subs[name]) : whole,
  );
}

/**
 * Why Step Functions would refuse the definition (asl-validator's verdict in its words: `SCHEMA_VALIDATION_FAILED:
 * …`, `MISSING_TRANSITION_TARGET: …`), or undefined. A placeholder left without a substitution is refused too.
 */
function invalidDefinition(props: Record<string, unknown>): string | undefined {
  const text = substitutedDefinition(props);
  const left = /\$\{([A-Za-z0-9_]+)\}/.exec(text);
  if (left)
    return `SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN at /States (\${${left[1]}} was not substituted)`;
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch (error) {
    return `INVALID_JSON_DESCRIPTION: ${(error as Error).message}`;
  }
  const result = validateAsl(definition, { checkPaths: true, checkArn: true });
  if (result.isValid) return undefined;
  const first = result.errors[0] ?? {};
  return `${first["Error code"] ?? "SCHEMA_VALIDATION_FAILED"}: ${first.Message ?? "invalid"}`;
}

type AslValidator = (
  definition: unknown,
  options: { checkPaths: boolean; checkArn: boolean },
) => { isValid: boolean; errors: Array<{ Message?: string; "Error code"?: string }> };
const validateAsl = createRequire(import.meta.url)("asl-validator") as AslValidator;

/** Deterministic ids: hex from a counter. */
function hex(n: number, length: number): string {
  return n.toString(16).padStart(length, "0").slice(-length);
}

export class FakeAwsAccount {
  concurrencyLimit = 10;
  readonly stacks = new Map<string, FakeStack>();
  readonly changeSets = new Map<string, FakeChangeSet>();
  readonly functions = new Map<string, FakeFunction>();
  readonly logGroups = new Map<string, number | null>();
  /** State machines by ARN, their definition with the substitutions applied (what Step Functions stores). */
  readonly stateMachines = new Map<string, { arn: string; roleArn: string; definition: string }>();
  readonly topics = new Set<string>();
  /** Schedules and alarms by name, with their resolved properties. */
  readonly schedules = new Map<string, Record<string, unknown>>();
  readonly alarms = new Map<string, Record<string, unknown>>();
  /** "bucket/key" → object. */
  readonly objects = new Map<string, { size: number; metadata: Record<string, string> }>();
  readonly buckets = new Set<string>();
  readonly foreignBuckets = new Set<string>();
  /** Role ARNs whose trust policy does not name lambda.amazonaws.com. */
  readonly untrustedRoles = new Set<string>();
  /** Reasons some resources fail with, by logical id (any AWS text a scenario needs). */
  readonly resourceFailures = new Map<string, string>();
  /** Errors the next CreateChangeSet calls throw, in order (an API refusing the request). */
  readonly changeSetRefusals: Error[] = [];
  /**
   * Whether DescribeStacks returns LastOperations and DescribeEvents exists. `false` models an endpoint
   * without them: DescribeEvents then answers AWS's common InvalidAction error.
   */
  operationsApi = true;
  /** When set, DescribeEvents throws it (a role without cloudformation:DescribeEvents, say). */
  describeEventsError: Error | undefined;
  /** Every AWS call made, as "Service.Command" (to assert what was and was not touched). */
  readonly calls: string[] = [];
  eventsPageSize = 100;
  private readonly pending = new Map<string, Step[]>();
  private clock: Date;
  private counter = 0;
  /** Versions and aliases of the functions (PublishVersion, UpdateAlias, … and CloudFormation's resources). */
  readonly lambda: FakeLambdaVersions;

  constructor(start = "2025-12-10T16:50:00.000Z") {
    this.clock = new Date(start);
    this.lambda = new FakeLambdaVersions(
      this.functions,
      (name, qualifier) =>
        `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}${qualifier ? `:${qualifier}` : ""}`,
      () => this.now(),
      () => this.uuid(),
    );
  }

  /**
   * Lambda's CodeSha256 of the zip at bucket/key: from the `sha256` metadata the packager stores (hex) when the
   * object has it — the fake keeps sizes, not bytes — else a stable hash standing for the object's content.
   */
  codeSha256Of(bucket: string, key: string): string {
    const hexDigest = this.objects.get(`${bucket}/${key}`)?.metadata["sha256"];
    return hexDigest && /^[0-9a-f]{64}$/.test(hexDigest)
      ? Buffer.from(hexDigest, "hex").toString("base64")
      : createHash("sha256").update(`${bucket}/${key}`).digest("base64");
  }

  // ---- account state ---------------------------------------------------------------------------------

  get unreserved(): number {
    let reserved = 0;
    for (const fn of this.functions.values()) reserved += fn.reserved ?? 0;
    return this.concurrencyLimit - reserved;
  }

  /** `get-account-settings` as the API returns it. */
  accountSettings() {
    return {
      AccountLimit: {
        TotalCodeSize: 80530636800,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: this.concurrencyLimit,
        UnreservedConcurrentExecutions: this.unreserved,
      },
      AccountUsage: { TotalCodeSize: 38123456, FunctionCount: this.functions.size },
    };
  }

  putObject(bucket: string, key: string, size: number, metadata: Record<string, string> = {}): void {
    this.objects.set(`${bucket}/${key}`, { size, metadata });
  }

  private uuid(): string {
    this.counter += 1;
    const n = this.counter;
    return `${hex(n * 2654435761, 8)}-${hex(n * 40503, 4)}-11f0-${hex(n * 7919, 4)}-0a${hex(n * 104729, 10)}`;
  }

  private tick(seconds = 1): Date {
    this.clock = new Date(this.clock.getTime() + seconds * 1000 + 137);
    return new Date(this.clock);
  }

  now(): Date {
    return new Date(this.clock);
  }

  // ---- stacks and events -------------------------------------------------------------------------------

  /** Adds a stack directly (for scenarios that start from an existing state). */
  seedStack(
    name: string,
    init: {
      status: string;
      templateText?: string;
      parameters?: Record<string, string>;
      events?: StackEvent[];
      rollbackBlockers?: FakeStack["rollbackBlockers"];
    },
  ): FakeStack {
    const stack: FakeStack = {
      name,
      id: `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:stack/${name}/${this.uuid()}`,
      status: init.status,
      creationTime: this.tick(),
      events: init.events ?? [],
      parameters: init.parameters ?? {},
      outputs: {},
      resources: new Map(),
      rollbackBlockers: init.rollbackBlockers ?? new Map(),
      operations: [],
    };
    if (init.templateText) stack.template = parseTemplate(init.templateText, name);
    this.stacks.set(name, stack);
    return stack;
  }

  /** Deploys a template immediately (all steps run): the starting point of a scenario. */
  deployNow(name: string, templateText: string, parameters: Record<string, string>): FakeStack {
    const template = parseTemplate(templateText, name);
    const existing = this.stacks.get(name);
    const stack = existing ?? this.seedStack(name, { status: "REVIEW_IN_PROGRESS" });
    const steps = this.planDeploy(
      stack,
      template,
      effectiveParameters(template, parameters),
      existing ? "UPDATE" : "CREATE",
    );
    for (const step of steps) step();
    return stack;
  }

  event(
    stack: FakeStack,
    logicalId: string,
    type: string,
    status: string,
    reason?: string,
    physicalId?: string,
  ): void {
    const isStack = type === "AWS::CloudFormation::Stack";
    if (isStack) {
      const started = operationStartedBy(status, reason);
      if (started) this.beginOperation(stack, started);
    }
    const operationId = stack.operations[0]?.id;
    stack.events.unshift({
      ...(operationId ? { OperationId: operationId } : {}),
      StackId: stack.id,
      EventId: isStack ? this.uuid() : `${logicalId}-${status}-${this.clock.toISOString()}`,
      StackName: stack.name,
      LogicalResourceId: logicalId,
      PhysicalResourceId: isStack ? stack.id : (physicalId ?? ""),
      ResourceType: type,
      Timestamp: this.tick(),
      ResourceStatus: status as never,
      ...(reason ? { ResourceStatusReason: reason } : {}),
    });
  }

  /** Starts an operation: the events that follow carry its id. Stack-level start events call it. */
  beginOperation(stack: FakeStack, type: FakeOperation["type"]): FakeOperation {
    const operation = { id: this.uuid(), type };
    stack.operations.unshift(operation);
    return operation;
  }

  /** A resource operation that completes at once: its `<operation>_IN_PROGRESS` event, then `outcome`. */
  private resourceOperation(
    stack: FakeStack,
    resource: Pick<FakeResource, "logicalId" | "type" | "physicalId">,
    operation: "UPDATE" | "DELETE",
    outcome: string,
  ): void {
    this.event(
      stack,
      resource.logicalId,
      resource.type,
      `${operation}_IN_PROGRESS`,
      undefined,
      resource.physicalId,
    );
    this.event(stack, resource.logicalId, resource.type, outcome, undefined, resource.physicalId);
  }

  private stackEvent(stack: FakeStack, status: string, reason?: string): void {
    this.event(stack, stack.name, "AWS::CloudFormation::Stack", status, reason);
    stack.status = status;
    if (reason === undefined || reason === "User Initiated") delete stack.statusReason;
    else stack.statusReason = reason;
  }

  /** Pending steps of a stack operation, one applied per DescribeStacks call. */
  private schedule(name: string, steps: Step[]): void {
    this.pending.set(name, [...(this.pending.get(name) ?? []), ...steps]);
  }

  /** Applies every pending step (an operation seen to its end). */
  settle(): void {
    for (const [name, steps] of this.pending) {
      for (const step of steps) step();
      this.pending.delete(name);
    }
  }

  /** Starts an operation that runs as DescribeStacks is polled (scenario: a stack found in progress). */
  startUpdate(name: string, templateText: string, parameters: Record<string, string>): void {
    const stack = this.stacks.get(name)!;
    const template = parseTemplate(templateText, name);
    const steps = this.planDeploy(stack, template, effectiveParameters(template, parameters), "UPDATE");
    // The first step (UPDATE_IN_PROGRESS) happens now: the stack is found in progress.
    steps.shift()?.();
    this.schedule(name, steps);
  }

  private handlerError(message: string, service: string, code = "InvalidRequest"): string {
    return `Resource handler returned message: "${message} (Service: ${service}, Status Code: ${service === "S3" ? 0 : 400}, Request ID: ${service === "S3" ? "null" : this.uuid()})" (RequestToken: ${this.uuid()}, HandlerErrorCode: ${code})`;
  }

  /** Why creating/updating this resource would fail on this account, or undefined. */
  private failureOf(
    stack: FakeStack,
    logicalId: string,
    type: string,
    props: Record<string, unknown>,
    pending: ReadonlyMap<string, Record<string, unknown>> = new Map(),
    template?: CfnTemplate,
    planned: ReadonlyMap<string, string> = new Map(),
  ): string | undefined {
    const injected = this.resourceFailures.get(logicalId);
    if (injected !== undefined) return injected;
    if (type === "AWS::Lambda::Version" && props["CodeSha256"] !== undefined) {
      // The precondition is checked against $LATEST as this same operation leaves it.
      const raw = template?.Resources?.[logicalId]?.Properties?.["FunctionName"] as
        | { Ref?: string }
        | undefined;
      const fnProps = raw?.Ref ? pending.get(raw.Ref) : undefined;
      const code = (fnProps?.["Code"] ?? {}) as Record<string, string>;
      const latest = fnProps
        ? this.codeSha256Of(String(code["S3Bucket"]), String(code["S3Key"]))
        : this.functions.get(String(props["FunctionName"]))?.codeSha256;
      if (latest !== undefined && latest !== props["CodeSha256"])
        return this.handlerError(
          `CodeSHA256 (${props["CodeSha256"]}) is different from current CodeSHA256 in $LATEST (${latest}). Please try again with the CodeSHA256 in $LATEST.`,
          "Lambda",
        );
    }
    if (type === "AWS::StepFunctions::StateMachine") {
      if (this.untrustedRoles.has(String(props["RoleArn"])))
        return this.handlerError(TEXTS.statesRoleNotAssumable, "Sfn", "InvalidRequest");
      const raw = (template?.Resources?.[logicalId]?.Properties?.["DefinitionSubstitutions"] ?? {}) as Record<
        string,
        unknown
      >;
      // A substitution referring to a resource this same operation creates resolves to that resource's id, as
      // CloudFormation resolves it once the dependency is created.
      const subs = { ...((props["DefinitionSubstitutions"] ?? {}) as Record<string, unknown>) };
      for (const [name, node] of Object.entries(raw)) {
        const ref = (node as { Ref?: unknown } | null)?.Ref;
        if (subs[name] === undefined && typeof ref === "string" && planned.has(ref))
          subs[name] = planned.get(ref);
      }
      const invalid = invalidDefinition({ ...props, DefinitionSubstitutions: subs });
      if (invalid)
        return this.handlerError(`Invalid State Machine Definition: '${invalid}'`, "Sfn", "InvalidRequest");
    }
    if (type === "AWS::Scheduler::Schedule") {
      const target = (props["Target"] ?? {}) as Record<string, unknown>;
      if (this.untrustedRoles.has(String(target["RoleArn"])))
        return this.handlerError(TEXTS.schedulerRoleNotAssumable, "Scheduler", "InvalidRequest");
    }
    if (type === "AWS::S3::Bucket") {
      const name = String(props["BucketName"] ?? "");
      const ownedByStack = stack.resources.get(logicalId)?.physicalId === name;
      if (!ownedByStack && (this.buckets.has(name) || this.foreignBuckets.has(name)))
        return this.handlerError(TEXTS.bucketExists(name), "S3", "AlreadyExists");
    }
    if (type === "AWS::Lambda::Function") {
      const runtime = String(props["Runtime"] ?? "");
      if (DEPRECATED_RUNTIMES.includes(runtime)) return this.handlerError(TEXTS.runtime(runtime), "Lambda");
      if (this.untrustedRoles.has(String(props["Role"])))
        return this.handlerError(TEXTS.roleNotAssumable, "Lambda");
      const code = (props["Code"] ?? {}) as Record<string, string>;
      if (!this.objects.has(`${code["S3Bucket"]}/${code["S3Key"]}`))
        return this.handlerError(TEXTS.noSuchKey, "Lambda");
      const requested = props["ReservedConcurrentExecutions"];
      if (requested !== undefined) {
        const current = this.functions.get(String(props["FunctionName"]))?.reserved ?? 0;
        const floor = Math.min(100, this.concurrencyLimit);
        if (this.unreserved + current - Number(requested) < floor)
          return this.handlerError(TEXTS.reservedConcurrency(floor), "Lambda");
      }
    }
    return undefined;
  }

  /**
   * What `Ref` of each resource this operation touches will be once it exists: its physical id, or for an alias
   * (whose Ref is its ARN) the ARN built from its function's name and its own.
   */
  private plannedRefs(
    stack: FakeStack,
    template: CfnTemplate,
    pending: ReadonlyMap<string, Record<string, unknown>>,
    ids: ReadonlyMap<string, string>,
  ): Map<string, string> {
    const planned = new Map(ids);
    for (const [logicalId, props] of pending) {
      if (template.Resources?.[logicalId]?.Type !== "AWS::Lambda::Alias") continue;
      const fnRef = (
        template.Resources[logicalId]?.Properties?.["FunctionName"] as { Ref?: string } | undefined
      )?.Ref;
      const fn =
        props["FunctionName"] ??
        (fnRef
          ? (pending.get(fnRef)?.["FunctionName"] ?? stack.resources.get(fnRef)?.physicalId)
          : undefined);
      planned.set(
        logicalId,
        `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${String(fn)}:${String(props["Name"])}`,
      );
    }
    return planned;
  }

  private physicalIdOf(
    stack: FakeStack,
    logicalId: string,
    type: string,
    props: Record<string, unknown>,
  ): string {
    switch (type) {
      case "AWS::S3::Bucket":
        return String(props["BucketName"]);
      case "AWS::Lambda::Function":
        return String(props["FunctionName"]);
      case "AWS::Logs::LogGroup":
        return String(props["LogGroupName"]);
      // Ref of a state machine and of a topic is its ARN; of a schedule and an alarm, its name.
      case "AWS::StepFunctions::StateMachine":
        return `arn:aws:states:${REGION}:${ACCOUNT_ID}:stateMachine:${String(props["StateMachineName"] ?? logicalId)}`;
      case "AWS::SNS::Topic":
        return `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${String(props["TopicName"] ?? logicalId)}`;
      case "AWS::Scheduler::Schedule":
        return String(props["Name"] ?? logicalId);
      case "AWS::CloudWatch::Alarm":
        return String(props["AlarmName"] ?? logicalId);
      default:
        return `${stack.name}-${logicalId}-${hex(this.counter++ * 2654435761, 12).toUpperCase()}`.slice(
          0,
          64,
        );
    }
  }

  /** What a successful create/update of a resource does to the account. */
  private apply(resource: FakeResource): void {
    const props = resource.properties as Record<string, unknown>;
    switch (resource.type) {
      case "AWS::S3::Bucket":
        this.buckets.add(resource.physicalId);
        break;
      case "AWS::Logs::LogGroup":
        this.logGroups.set(
          resource.physicalId,
          props["RetentionInDays"] === undefined ? null : Number(props["RetentionInDays"]),
        );
        break;
      case "AWS::Lambda::Function": {
        const code = (props["Code"] ?? {}) as Record<string, string>;
        const env = ((props["Environment"] as { Variables?: Record<string, unknown> } | undefined)
          ?.Variables ?? {}) as Record<string, unknown>;
        // An update changes $LATEST; the function's versions and aliases stay.
        const existing = this.functions.get(resource.physicalId);
        this.functions.set(resource.physicalId, {
          name: resource.physicalId,
          runtime: String(props["Runtime"]),
          role: String(props["Role"]),
          state: "Active",
          lastUpdateStatus: "Successful",
          environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
          ...(props["ReservedConcurrentExecutions"] === undefined
            ? {}
            : { reserved: Number(props["ReservedConcurrentExecutions"]) }),
          codeLocation: `s3://${code["S3Bucket"]}/${code["S3Key"]}`,
          codeSha256: this.codeSha256Of(String(code["S3Bucket"]), String(code["S3Key"])),
          revisionId: this.uuid(),
          versions: existing?.versions ?? [],
          lastVersion: existing?.lastVersion ?? 0,
          aliases: existing?.aliases ?? new Map(),
        });
        break;
      }
      case "AWS::Lambda::Version": {
        // Create (and replacement) = PublishVersion; Ref is the qualified ARN, GetAtt Version the number.
        const published = this.lambda.publish({
          FunctionName: String(props["FunctionName"]),
          ...(props["Description"] === undefined ? {} : { Description: String(props["Description"]) }),
        });
        const fnName = String(props["FunctionName"]);
        resource.physicalId = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${fnName}:${published.version}`;
        resource.attributes["Version"] = published.version;
        resource.attributes["Arn"] = resource.physicalId;
        break;
      }
      case "AWS::Lambda::Alias": {
        const fnName = String(props["FunctionName"]);
        const name = String(props["Name"]);
        const input = {
          FunctionName: fnName,
          Name: name,
          FunctionVersion: String(props["FunctionVersion"]),
          ...(props["Description"] === undefined ? {} : { Description: String(props["Description"]) }),
        };
        if (this.functions.get(fnName)?.aliases.has(name)) this.lambda.updateAlias(input);
        else this.lambda.createAlias(input);
        resource.physicalId = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${fnName}:${name}`;
        resource.attributes["AliasArn"] = resource.physicalId;
        break;
      }
      case "AWS::IAM::Role":
        resource.attributes["Arn"] = `arn:aws:iam::${ACCOUNT_ID}:role/${resource.physicalId}`;
        break;
      case "AWS::StepFunctions::StateMachine":
        resource.attributes["Arn"] = resource.physicalId;
        resource.attributes["Name"] = resource.physicalId.split(":").pop()!;
        this.stateMachines.set(resource.physicalId, {
          arn: resource.physicalId,
          roleArn: String(props["RoleArn"]),
          definition: substitutedDefinition(props),
        });
        break;
      case "AWS::SNS::Topic":
        resource.attributes["TopicArn"] = resource.physicalId;
        resource.attributes["TopicName"] = resource.physicalId.split(":").pop()!;
        this.topics.add(resource.physicalId);
        break;
      case "AWS::Scheduler::Schedule":
        resource.attributes["Arn"] =
          `arn:aws:scheduler:${REGION}:${ACCOUNT_ID}:schedule/default/${resource.physicalId}`;
        this.schedules.set(resource.physicalId, props);
        break;
      case "AWS::CloudWatch::Alarm":
        resource.attributes["Arn"] =
          `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${resource.physicalId}`;
        this.alarms.set(resource.physicalId, props);
        break;
    }
    if (resource.type === "AWS::Logs::LogGroup")
      resource.attributes["Arn"] = `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${resource.physicalId}:*`;
    if (resource.type === "AWS::Lambda::Function")
      resource.attributes["Arn"] = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${resource.physicalId}`;
    if (resource.type === "AWS::Events::Rule")
      resource.attributes["Arn"] = `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${resource.physicalId}`;
    resource.attributes["Arn"] ??=
      `arn:aws:${resource.type.split("::")[1]?.toLowerCase()}:${REGION}:${ACCOUNT_ID}:${resource.physicalId}`;
  }

  private remove(resource: FakeResource, retain: boolean): void {
    if (retain) return;
    if (resource.type === "AWS::S3::Bucket") this.buckets.delete(resource.physicalId);
    if (resource.type === "AWS::Lambda::Function") this.functions.delete(resource.physicalId);
    if (resource.type === "AWS::Lambda::Alias") {
      const [fnName, name] = resource.physicalId.split(":").slice(6);
      this.functions.get(fnName ?? "")?.aliases.delete(name ?? "");
    }
    if (resource.type === "AWS::Logs::LogGroup") this.logGroups.delete(resource.physicalId);
    if (resource.type === "AWS::StepFunctions::StateMachine") this.stateMachines.delete(resource.physicalId);
    if (resource.type === "AWS::SNS::Topic") this.topics.delete(resource.physicalId);
    if (resource.type === "AWS::Scheduler::Schedule") this.schedules.delete(resource.physicalId);
    if (resource.type === "AWS::CloudWatch::Alarm") this.alarms.delete(resource.physicalId);
  }

  /** Resolved properties of every enabled resource, in template order, Refs to earlier ones filled in. */
  private resolveResources(stack: FakeStack, template: CfnTemplate, params: Record<string, string>) {
    const pseudo = { "AWS::StackName": stack.name, "AWS::Region": REGION, "AWS::AccountId": ACCOUNT_ID };
    const refs: Record<string, string> = {};
    for (const r of stack.resources.values()) {
      refs[r.logicalId] = r.physicalId;
      for (const [attr, value] of Object.entries(r.attributes)) refs[`${r.logicalId}.${attr}`] = value;
    }
    const resolved: { logicalId: string; type: string; props: Record<string, unknown>; retain: boolean }[] =
      [];
    for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
      if (!resourceEnabled(template, logicalId, params)) continue;
      const props = (resolveNode(template, resource.Properties ?? {}, params, pseudo, refs) ?? {}) as Record<
        string,
        unknown
      >;
      resolved.push({ logicalId, type: resource.Type, props, retain: resource.DeletionPolicy === "Retain" });
    }
    return { resolved, pseudo, refs };
  }

  /** One resource's properties resolved with the physical ids and attributes known at this moment. */
  private resolveNow(
    stack: FakeStack,
    template: CfnTemplate,
    params: Record<string, string>,
    pseudo: Record<string, string>,
    logicalId: string,
  ): unknown {
    const refs: Record<string, string> = {};
    for (const r of stack.resources.values()) {
      refs[r.logicalId] = r.physicalId;
      for (const [attr, value] of Object.entries(r.attributes)) refs[`${r.logicalId}.${attr}`] = value;
    }
    return (
      resolveNode(template, template.Resources?.[logicalId]?.Properties ?? {}, params, pseudo, refs) ?? {}
    );
  }

  private diff(
    stack: FakeStack,
    template: CfnTemplate,
    params: Record<string, string>,
  ): FakeChangeSet["changes"] {
    const { resolved } = this.resolveResources(stack, template, params);
    // The deployed template is resolved with the same (current) Refs, so only real edits show as Modify.
    const deployed = stack.template
      ? this.resolveResources(stack, stack.template, stack.parameters).resolved
      : [];
    const changes: FakeChangeSet["changes"] = [];
    for (const r of resolved) {
      const before = stack.resources.get(r.logicalId);
      const beforeProps = deployed.find((d) => d.logicalId === r.logicalId)?.props ?? before?.properties;
      if (!before) changes.push({ Action: "Add", LogicalResourceId: r.logicalId, ResourceType: r.type });
      else if (JSON.stringify(beforeProps) !== JSON.stringify(r.props))
        changes.push({
          Action: "Modify",
          LogicalResourceId: r.logicalId,
          ResourceType: r.type,
          // Every property of a version but its provisioned concurrency requires replacement: a new version.
          Replacement: REPLACED_ON_ANY_CHANGE.includes(r.type) ? "True" : "False",
        });
    }
    // A replaced resource gets a new physical id and attributes: whatever refers to it is updated too.
    const replaced = new Set(changes.filter((c) => c.Replacement === "True").map((c) => c.LogicalResourceId));
    for (const r of resolved) {
      if (changes.some((c) => c.LogicalResourceId === r.logicalId)) continue;
      const refs = referencedIds(template.Resources?.[r.logicalId]?.Properties);
      if ([...refs].some((id) => replaced.has(id)))
        changes.push({
          Action: "Modify",
          LogicalResourceId: r.logicalId,
          ResourceType: r.type,
          Replacement: "False",
        });
    }
    for (const before of stack.resources.values())
      if (!resolved.some((r) => r.logicalId === before.logicalId))
        changes.push({ Action: "Remove", LogicalResourceId: before.logicalId, ResourceType: before.type });
    return changes;
  }

  /**
   * The steps of a create or update: start every resource, finish them one by one; on the first failure
   * the others are cancelled, the stack rolls back and nothing of the new template is applied.
   */
  private planDeploy(
    stack: FakeStack,
    template: CfnTemplate,
    params: Record<string, string>,
    type: "CREATE" | "UPDATE",
  ): Step[] {
    const steps: Step[] = [];
    const verb = type === "CREATE" ? "CREATE" : "UPDATE";
    const changes = this.diff(stack, template, params);
    const { resolved, pseudo } = this.resolveResources(stack, template, params);
    const touched = resolved.filter((r) =>
      changes.some((c) => c.LogicalResourceId === r.logicalId && c.Action !== "Remove"),
    );
    const removed = changes
      .filter((c) => c.Action === "Remove")
      .map((c) => stack.resources.get(c.LogicalResourceId)!);
    // Physical ids are chosen once per operation, as CloudFormation names a resource when it starts it.
    const ids = new Map(
      touched.map((r) => [
        r.logicalId,
        stack.resources.get(r.logicalId)?.physicalId ??
          this.physicalIdOf(stack, r.logicalId, r.type, r.props),
      ]),
    );
    const idOf = (logicalId: string) => ids.get(logicalId) ?? "";

    steps.push(() => {
      this.stackEvent(stack, `${verb}_IN_PROGRESS`, "User Initiated");
      if (type === "UPDATE") stack.lastUpdatedTime = this.now();
    });
    // Every touched resource starts in the same step: they run in parallel, like CloudFormation does.
    steps.push(() => {
      for (const r of touched) {
        const isNew = !stack.resources.has(r.logicalId);
        this.event(
          stack,
          r.logicalId,
          r.type,
          isNew ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS",
          undefined,
          isNew ? "" : idOf(r.logicalId),
        );
        if (isNew)
          this.event(
            stack,
            r.logicalId,
            r.type,
            "CREATE_IN_PROGRESS",
            "Resource creation Initiated",
            idOf(r.logicalId),
          );
      }
    });
    const done: FakeResource[] = [];
    const replacedToDelete: FakeResource[] = [];
    const pending = new Map(touched.map((r) => [r.logicalId, r.props]));
    const planned = this.plannedRefs(stack, template, pending, ids);
    let failed: string | undefined;
    const failures: string[] = [];
    for (const r of touched) {
      steps.push(() => {
        if (failed) return;
        const isNew = !stack.resources.has(r.logicalId);
        const physicalId = idOf(r.logicalId);
        const reason = this.failureOf(stack, r.logicalId, r.type, r.props, pending, template, planned);
        if (reason) {
          failed = r.logicalId;
          failures.push(r.logicalId);
          this.event(
            stack,
            r.logicalId,
            r.type,
            isNew ? "CREATE_FAILED" : "UPDATE_FAILED",
            reason,
            physicalId,
          );
          // The others still running are cancelled.
          for (const other of touched)
            if (other !== r && !done.some((d) => d.logicalId === other.logicalId)) {
              const otherNew = !stack.resources.has(other.logicalId);
              failures.push(other.logicalId);
              this.event(
                stack,
                other.logicalId,
                other.type,
                otherNew ? "CREATE_FAILED" : "UPDATE_FAILED",
                otherNew ? "Resource creation cancelled" : "Resource update cancelled",
                idOf(other.logicalId),
              );
            }
          return;
        }
        const resource: FakeResource = {
          logicalId: r.logicalId,
          type: r.type,
          physicalId,
          properties: r.props,
          attributes: {},
        };
        done.push(resource);
        this.event(
          stack,
          r.logicalId,
          r.type,
          isNew ? "CREATE_COMPLETE" : "UPDATE_COMPLETE",
          undefined,
          physicalId,
        );
      });
    }
    steps.push(() => {
      if (failed) {
        const summary =
          `The following resource(s) failed to ${type === "CREATE" ? "create" : "update"}: [${[...failures].sort().join(", ")}]. ${type === "CREATE" ? "Rollback requested by user." : ""}`.trim();
        this.stackEvent(
          stack,
          type === "CREATE" ? "ROLLBACK_IN_PROGRESS" : "UPDATE_ROLLBACK_IN_PROGRESS",
          summary,
        );
        return;
      }
      // Success: commit the new resources and outputs, in template order. Properties are resolved again now,
      // so a reference to a resource this operation created or replaced (an alias's version) gets its new value.
      for (const resource of dependencyOrder(done, template)) {
        const previous = stack.resources.get(resource.logicalId);
        if (previous) resource.attributes = { ...previous.attributes };
        resource.properties = this.resolveNow(stack, template, params, pseudo, resource.logicalId);
        stack.resources.set(resource.logicalId, resource);
        this.apply(resource);
        // A replaced version is deleted at cleanup unless the template retains it (UpdateReplacePolicy).
        if (
          previous &&
          REPLACED_ON_ANY_CHANGE.includes(resource.type) &&
          previous.physicalId !== resource.physicalId &&
          template.Resources?.[resource.logicalId]?.UpdateReplacePolicy !== "Retain"
        )
          replacedToDelete.push(previous);
      }
      stack.template = template;
      stack.parameters = params;
      stack.outputs = this.outputsOf(stack, template, params, pseudo);
      this.stackEvent(stack, type === "CREATE" ? "CREATE_COMPLETE" : "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
    });
    steps.push(() => {
      if (failed) {
        // Roll back: what this operation created is deleted (Retain policies keep buckets), updates revert.
        for (const resource of [...done].reverse()) {
          if (type === "CREATE" || !stack.resources.has(resource.logicalId)) {
            const retain = template.Resources?.[resource.logicalId]?.DeletionPolicy === "Retain";
            this.resourceOperation(stack, resource, "DELETE", retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE");
            if (retain && resource.type === "AWS::S3::Bucket") this.buckets.add(resource.physicalId);
          } else {
            this.resourceOperation(stack, resource, "UPDATE", "UPDATE_COMPLETE");
          }
        }
        for (const id of failures) {
          const r = touched.find((t) => t.logicalId === id)!;
          const before = stack.resources.get(id);
          if (before) {
            const reverted = { logicalId: id, type: r.type, physicalId: before.physicalId };
            this.resourceOperation(stack, reverted, "UPDATE", "UPDATE_COMPLETE");
          } else {
            const attempted = { logicalId: id, type: r.type, physicalId: idOf(id) };
            this.resourceOperation(stack, attempted, "DELETE", "DELETE_COMPLETE");
          }
        }
        if (type === "CREATE") this.stackEvent(stack, "ROLLBACK_COMPLETE");
        else {
          this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
        }
        return;
      }
      if (type === "UPDATE") {
        for (const old of replacedToDelete) {
          this.resourceOperation(stack, old, "DELETE", "DELETE_COMPLETE");
          const [fnName, version] = old.physicalId.split(":").slice(6);
          this.lambda.deleteVersion({ FunctionName: fnName, Qualifier: version });
        }
        for (const resource of removed) {
          this.resourceOperation(stack, resource, "DELETE", "DELETE_COMPLETE");
          stack.resources.delete(resource.logicalId);
          this.remove(resource, false);
        }
        this.stackEvent(stack, "UPDATE_COMPLETE");
      }
    });
    steps.push(() => {
      if (failed && type === "UPDATE") this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE");
    });
    return steps;
  }

  private outputsOf(
    stack: FakeStack,
    template: CfnTemplate,
    params: Record<string, string>,
    pseudo: Record<string, string>,
  ) {
    const refs: Record<string, string> = {};
    for (const r of stack.resources.values()) {
      refs[r.logicalId] = r.physicalId;
      for (const [attr, value] of Object.entries(r.attributes)) refs[`${r.logicalId}.${attr}`] = value;
    }
    const outputs: Record<string, string> = {};
    for (const [key, output] of Object.entries(template.Outputs ?? {})) {
      const value = resolveNode(template, output.Value, params, pseudo, refs);
      if (typeof value === "string") outputs[key] = value;
    }
    return outputs;
  }

  private planDelete(stack: FakeStack): Step[] {
    const steps: Step[] = [() => this.stackEvent(stack, "DELETE_IN_PROGRESS", "User Initiated")];
    for (const resource of [...stack.resources.values()].reverse())
      steps.push(() => {
        const retain = stack.template?.Resources?.[resource.logicalId]?.DeletionPolicy === "Retain";
        this.resourceOperation(stack, resource, "DELETE", retain ? "DELETE_SKIPPED" : "DELETE_COMPLETE");
        this.remove(resource, retain);
      });
    steps.push(() => {
      this.stackEvent(stack, "DELETE_COMPLETE");
      this.stacks.delete(stack.name);
    });
    return steps;
  }

  private planContinueRollback(stack: FakeStack, skip: string[]): Step[] {
    const steps: Step[] = [() => this.stackEvent(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated")];
    let stillBlocked = false;
    for (const [logicalId, blocker] of stack.rollbackBlockers)
      steps.push(() => {
        if (skip.includes(logicalId)) {
          this.event(stack, logicalId, blocker.type, "UPDATE_COMPLETE", undefined, blocker.physicalId);
          stack.rollbackBlockers.delete(logicalId);
        } else {
          stillBlocked = true;
          this.event(stack, logicalId, blocker.type, "UPDATE_IN_PROGRESS", undefined, blocker.physicalId);
          this.event(stack, logicalId, blocker.type, "UPDATE_FAILED", blocker.reason, blocker.physicalId);
        }
      });
    steps.push(() => {
      if (stillBlocked) this.stackEvent(stack, "UPDATE_ROLLBACK_FAILED", stack.statusReason);
      else this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
    });
    steps.push(() => {
      if (!stillBlocked) this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE");
    });
    return steps;
  }

  // ---- API handlers ----------------------------------------------------------------------------------

  private validation(message: string): CloudFormationServiceException {
    return new CloudFormationServiceException({ name: "ValidationError", message, ...CLIENT_ERROR });
  }

  private find(stackName: string | undefined): FakeStack {
    const stack = [...this.stacks.values()].find((s) => s.name === stackName || s.id === stackName);
    if (!stack) throw this.validation(`Stack with id ${stackName} does not exist`);
    return stack;
  }

  private busy(stack: FakeStack): void {
    if (stack.status.endsWith("_IN_PROGRESS") && stack.status !== "REVIEW_IN_PROGRESS")
      throw this.validation(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
  }

  describeStacks(input: { StackName?: string }) {
    this.calls.push("CloudFormation.DescribeStacks");
    const name = input.StackName;
    // Time passes: one step of the running operation happens between two polls.
    const steps = this.pending.get(name ?? "");
    if (steps?.length) steps.shift()!();
    if (steps && steps.length === 0) this.pending.delete(name ?? "");
    const stack = this.find(name);
    return {
      Stacks: [
        {
          StackId: stack.id,
          StackName: stack.name,
          StackStatus: stack.status as never,
          ...(stack.statusReason ? { StackStatusReason: stack.statusReason } : {}),
          CreationTime: stack.creationTime,
          ...(stack.lastUpdatedTime ? { LastUpdatedTime: stack.lastUpdatedTime } : {}),
          Parameters: Object.entries(stack.parameters).map(([ParameterKey, ParameterValue]) => ({
            ParameterKey,
            ParameterValue,
          })),
          Outputs: Object.entries(stack.outputs).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
          Capabilities: ["CAPABILITY_NAMED_IAM" as const],
          ...(this.operationsApi ? { LastOperations: this.lastOperations(stack) } : {}),
        },
      ],
    };
  }

  /** The newest operations back to (and including) the newest create, update or delete. */
  private lastOperations(stack: FakeStack) {
    const primary = stack.operations.findIndex((o) => /^(CREATE|UPDATE|DELETE)_STACK$/.test(o.type));
    const latest = primary < 0 ? stack.operations : stack.operations.slice(0, primary + 1);
    return latest.map((o) => ({ OperationType: o.type, OperationId: o.id }));
  }

  /**
   * DescribeEvents by OperationId, optionally only failed events (FailedEvents). The OperationStatus and
   * EventType values are this fake's reading of the API reference, not observed output.
   */
  describeEvents(input: {
    StackName?: string;
    OperationId?: string;
    Filters?: { FailedEvents?: boolean };
    NextToken?: string;
  }) {
    this.calls.push("CloudFormation.DescribeEvents");
    if (!this.operationsApi)
      throw new CloudFormationServiceException({
        // AWS's common error for an action the endpoint does not have (API reference, Common Errors).
        name: "InvalidAction",
        message: "The action or operation requested is invalid. Verify that the action is typed correctly.",
        ...CLIENT_ERROR,
      });
    if (this.describeEventsError) throw this.describeEventsError;
    const stack = this.find(input.StackName);
    const operation = stack.operations.find((o) => o.id === input.OperationId);
    // Not an AWS text: the fake's own refusal of an operation id it never issued.
    if (!operation) throw this.validation(`Operation ${input.OperationId} does not exist (fake account)`);
    let events = stack.events.filter((e) => e.OperationId === operation.id);
    if (input.Filters?.FailedEvents)
      events = events.filter((e) => String(e.ResourceStatus).endsWith("_FAILED"));
    const running = stack.operations[0] === operation && stack.status.endsWith("_IN_PROGRESS");
    const failedOperation =
      events.some((e) => String(e.ResourceStatus).endsWith("_FAILED")) ||
      (stack.operations.indexOf(operation) > 0 &&
        stack.operations[stack.operations.indexOf(operation) - 1]?.type === "ROLLBACK");
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = events.slice(start, start + this.eventsPageSize);
    const next =
      start + this.eventsPageSize < events.length ? String(start + this.eventsPageSize) : undefined;
    return {
      OperationEvents: page.map((e) => {
        const isStack = e.ResourceType === "AWS::CloudFormation::Stack";
        const failed = String(e.ResourceStatus).endsWith("_FAILED");
        return {
          EventId: e.EventId,
          StackId: e.StackId,
          OperationId: operation.id,
          OperationType: operation.type as never,
          OperationStatus: (running ? "IN_PROGRESS" : failedOperation ? "FAILED" : "SUCCEEDED") as never,
          EventType: (isStack ? "STACK_EVENT" : failed ? "PROVISIONING_ERROR" : "PROGRESS_EVENT") as never,
          LogicalResourceId: e.LogicalResourceId,
          PhysicalResourceId: e.PhysicalResourceId,
          ResourceType: e.ResourceType,
          Timestamp: e.Timestamp,
          ResourceStatus: e.ResourceStatus,
          ...(e.ResourceStatusReason ? { ResourceStatusReason: e.ResourceStatusReason } : {}),
        };
      }),
      ...(next ? { NextToken: next } : {}),
    };
  }

  describeStackEvents(input: { StackName?: string; NextToken?: string }) {
    this.calls.push("CloudFormation.DescribeStackEvents");
    const stack = this.find(input.StackName);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = stack.events.slice(start, start + this.eventsPageSize);
    const next =
      start + this.eventsPageSize < stack.events.length ? String(start + this.eventsPageSize) : undefined;
    return { StackEvents: page, ...(next ? { NextToken: next } : {}) };
  }

  createChangeSet(input: {
    StackName?: string;
    ChangeSetName?: string;
    ChangeSetType?: string;
    TemplateBody?: string;
    Parameters?: { ParameterKey?: string; ParameterValue?: string }[];
    Capabilities?: string[];
  }) {
    this.calls.push("CloudFormation.CreateChangeSet");
    const refusal = this.changeSetRefusals.shift();
    if (refusal) throw refusal;
    const name = input.StackName!;
    const template = parseTemplate(input.TemplateBody ?? "", "TemplateBody");
    const given = Object.fromEntries(
      (input.Parameters ?? []).map((p) => [p.ParameterKey!, p.ParameterValue!]),
    );
    const missing = Object.entries(template.Parameters ?? {})
      .filter(([key, p]) => p.Default === undefined && given[key] === undefined)
      .map(([key]) => key);
    if (missing.length) throw this.validation(`Parameters: [${missing.join(", ")}] must have values`);
    const iam = Object.values(template.Resources ?? {}).filter((r) => r.Type === "AWS::IAM::Role");
    const needed = iam.some((r) => r.Properties?.["RoleName"] !== undefined)
      ? "CAPABILITY_NAMED_IAM"
      : iam.length
        ? "CAPABILITY_IAM"
        : undefined;
    const caps = input.Capabilities ?? [];
    if (needed && !caps.includes(needed) && !caps.includes("CAPABILITY_NAMED_IAM"))
      throw new InsufficientCapabilitiesException({
        message: `Requires capabilities : [${needed}]`,
        $metadata: { httpStatusCode: 400 },
      });
    let stack = this.stacks.get(name);
    if (input.ChangeSetType === "CREATE") {
      if (stack && stack.status !== "REVIEW_IN_PROGRESS")
        throw new AlreadyExistsException({
          message: `Stack [${name}] already exists`,
          $metadata: { httpStatusCode: 400 },
        });
      if (!stack) {
        stack = this.seedStack(name, { status: "REVIEW_IN_PROGRESS" });
        this.stackEvent(stack, "REVIEW_IN_PROGRESS", "User Initiated");
      }
    } else {
      if (!stack) throw this.validation(`Stack [${name}] does not exist`);
      this.busy(stack);
      if (
        !["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE"].includes(
          stack.status,
        )
      )
        throw this.validation(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
    }
    const params = effectiveParameters(template, given);
    const changes = this.diff(stack, template, params);
    const sameParams = JSON.stringify(params) === JSON.stringify(stack.parameters);
    const empty = input.ChangeSetType === "UPDATE" && changes.length === 0 && sameParams;
    const id = `arn:aws:cloudformation:${REGION}:${ACCOUNT_ID}:changeSet/${input.ChangeSetName}/${this.uuid()}`;
    this.changeSets.set(`${name}/${input.ChangeSetName}`, {
      id,
      name: input.ChangeSetName!,
      stackName: name,
      type: input.ChangeSetType === "CREATE" ? "CREATE" : "UPDATE",
      template,
      parameters: params,
      status: empty ? "FAILED" : "CREATE_COMPLETE",
      ...(empty ? { statusReason: TEXTS.emptyChangeSet } : {}),
      changes,
      describes: 0,
    });
    return { Id: id, StackId: stack.id };
  }

  private changeSet(stackName?: string, changeSetName?: string): FakeChangeSet {
    const cs =
      this.changeSets.get(`${stackName}/${changeSetName}`) ??
      [...this.changeSets.values()].find((c) => c.id === changeSetName);
    if (!cs)
      throw new ChangeSetNotFoundException({
        message: `ChangeSet [${changeSetName}] does not exist`,
        $metadata: { httpStatusCode: 404 },
      });
    return cs;
  }

  describeChangeSet(input: { StackName?: string; ChangeSetName?: string }) {
    this.calls.push("CloudFormation.DescribeChangeSet");
    const cs = this.changeSet(input.StackName, input.ChangeSetName);
    cs.describes += 1;
    // The first look finds it still being computed, as with the real service.
    const status = cs.describes === 1 ? "CREATE_IN_PROGRESS" : cs.status;
    return {
      ChangeSetId: cs.id,
      ChangeSetName: cs.name,
      StackName: cs.stackName,
      Status: status as never,
      ...(status === "FAILED" ? { StatusReason: cs.statusReason } : {}),
      ExecutionStatus: (status === "CREATE_COMPLETE" ? "AVAILABLE" : "UNAVAILABLE") as never,
      Changes:
        status === "CREATE_COMPLETE"
          ? cs.changes.map((c) => ({
              Type: "Resource" as const,
              ResourceChange: { ...c, Action: c.Action as never, Replacement: c.Replacement as never },
            }))
          : [],
    };
  }

  executeChangeSet(input: { StackName?: string; ChangeSetName?: string }) {
    this.calls.push("CloudFormation.ExecuteChangeSet");
    const cs = this.changeSet(input.StackName, input.ChangeSetName);
    if (cs.status !== "CREATE_COMPLETE")
      throw new CloudFormationServiceException({
        name: "InvalidChangeSetStatus",
        message: `ChangeSet [${cs.id}] cannot be executed in its current status of [${cs.status}]`,
        ...CLIENT_ERROR,
      });
    const stack = this.find(cs.stackName);
    this.schedule(stack.name, this.planDeploy(stack, cs.template, cs.parameters, cs.type));
    this.changeSets.delete(`${cs.stackName}/${cs.name}`);
    return {};
  }

  deleteChangeSet(input: { StackName?: string; ChangeSetName?: string }) {
    this.calls.push("CloudFormation.DeleteChangeSet");
    const cs = this.changeSet(input.StackName, input.ChangeSetName);
    this.changeSets.delete(`${cs.stackName}/${cs.name}`);
    return {};
  }

  deleteStack(input: { StackName?: string }) {
    this.calls.push("CloudFormation.DeleteStack");
    const stack = this.stacks.get(input.StackName ?? "");
    if (!stack) return {}; // deleting an absent stack succeeds silently
    this.busy(stack);
    this.schedule(stack.name, this.planDelete(stack));
    return {};
  }

  continueUpdateRollback(input: { StackName?: string; ResourcesToSkip?: string[] }) {
    this.calls.push("CloudFormation.ContinueUpdateRollback");
    const stack = this.find(input.StackName);
    if (stack.status !== "UPDATE_ROLLBACK_FAILED")
      throw this.validation(
        `Stack ${stack.id} is in ${stack.status} state and cannot continue update rollback.`,
      );
    this.schedule(stack.name, this.planContinueRollback(stack, input.ResourcesToSkip ?? []));
    return {};
  }

  private lambdaNotFound(name?: string): ResourceNotFoundException {
    return new ResourceNotFoundException({
      message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`,
      $metadata: { httpStatusCode: 404 },
      Type: "User",
    });
  }

  getFunctionConfiguration(input: { FunctionName?: string; Qualifier?: string }) {
    this.calls.push("Lambda.GetFunctionConfiguration");
    const fn = this.functions.get(input.FunctionName ?? "");
    if (!fn) throw this.lambdaNotFound(input.FunctionName);
    // A qualifier names a version or an alias: that version's snapshot.
    const qualifier = input.Qualifier === "$LATEST" ? undefined : input.Qualifier;
    const versionNumber =
      qualifier === undefined ? undefined : (fn.aliases.get(qualifier)?.version ?? qualifier);
    const version =
      versionNumber === undefined ? undefined : fn.versions.find((v) => v.version === versionNumber);
    if (qualifier !== undefined && !version) throw this.lambdaNotFound(`${fn.name}:${qualifier}`);
    return {
      ...this.lambda.configuration(fn, version),
      State: fn.state as never,
      LastUpdateStatus: fn.lastUpdateStatus as never,
      Environment: { Variables: fn.environment },
    };
  }

  getFunctionConcurrency(input: { FunctionName?: string }) {
    this.calls.push("Lambda.GetFunctionConcurrency");
    const fn = this.functions.get(input.FunctionName ?? "");
    if (!fn) throw this.lambdaNotFound(input.FunctionName);
    return fn.reserved === undefined ? {} : { ReservedConcurrentExecutions: fn.reserved };
  }

  describeLogGroups(input: { logGroupNamePrefix?: string }) {
    this.calls.push("Logs.DescribeLogGroups");
    const prefix = input.logGroupNamePrefix ?? "";
    return {
      logGroups: [...this.logGroups]
        .filter(([name]) => name.startsWith(prefix))
        .map(([logGroupName, retention]) => ({
          logGroupName,
          arn: `arn:aws:logs:${REGION}:${ACCOUNT_ID}:log-group:${logGroupName}:*`,
          ...(retention === null ? {} : { retentionInDays: retention }),
        })),
    };
  }

  headObject(input: { Bucket?: string; Key?: string }) {
    this.calls.push("S3.HeadObject");
    const object = this.objects.get(`${input.Bucket}/${input.Key}`);
    // HeadObject has no body: the SDK reports a bare 404 as "NotFound".
    if (!object)
      throw new S3ServiceException({
        name: "NotFound",
        message: "UnknownError",
        $fault: "client",
        $metadata: { httpStatusCode: 404 },
      });
    return { ContentLength: object.size, ContentType: "application/zip", Metadata: object.metadata };
  }

  headBucket(input: { Bucket?: string }) {
    this.calls.push("S3.HeadBucket");
    if (this.buckets.has(input.Bucket ?? "")) return { BucketRegion: REGION };
    if (this.foreignBuckets.has(input.Bucket ?? ""))
      throw new S3ServiceException({
        name: "Forbidden",
        message: "UnknownError",
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
      });
    throw new S3ServiceException({
      name: "NotFound",
      message: "UnknownError",
      $fault: "client",
      $metadata: { httpStatusCode: 404 },
    });
  }

  /** Mocks the four clients' `send` with this account. Call `restore()` after the test. */
  install() {
    const cfn = mockClient(CloudFormationClient);
    cfn.on(DescribeStacksCommand).callsFake((i) => this.describeStacks(i));
    cfn.on(DescribeStackEventsCommand).callsFake((i) => this.describeStackEvents(i));
    cfn.on(DescribeEventsCommand).callsFake((i) => this.describeEvents(i));
    cfn.on(CreateChangeSetCommand).callsFake((i) => this.createChangeSet(i));
    cfn.on(DescribeChangeSetCommand).callsFake((i) => this.describeChangeSet(i));
    cfn.on(ExecuteChangeSetCommand).callsFake((i) => this.executeChangeSet(i));
    cfn.on(DeleteChangeSetCommand).callsFake((i) => this.deleteChangeSet(i));
    cfn.on(DeleteStackCommand).callsFake((i) => this.deleteStack(i));
    cfn.on(ContinueUpdateRollbackCommand).callsFake((i) => this.continueUpdateRollback(i));
    const lambda = mockClient(LambdaClient);
    lambda.on(GetAccountSettingsCommand).callsFake(() => {
      this.calls.push("Lambda.GetAccountSettings");
      return this.accountSettings();
    });
    lambda.on(GetFunctionConfigurationCommand).callsFake((i) => this.getFunctionConfiguration(i));
    lambda.on(GetFunctionConcurrencyCommand).callsFake((i) => this.getFunctionConcurrency(i));
    const versions = this.lambda;
    const recorded =
      <I, O>(name: string, handler: (input: I) => O) =>
      (input: I): O => {
        this.calls.push(`Lambda.${name}`);
        return handler(input);
      };
    lambda.on(PublishVersionCommand).callsFake(
      recorded(
        "PublishVersion",
        (i: { FunctionName?: string; Description?: string; CodeSha256?: string }) => {
          const fn = versions.fn(i.FunctionName);
          return versions.configuration(fn, versions.publish(i));
        },
      ),
    );
    lambda
      .on(ListVersionsByFunctionCommand)
      .callsFake(recorded("ListVersionsByFunction", (i) => versions.listVersions(i)));
    lambda.on(GetAliasCommand).callsFake(recorded("GetAlias", (i) => versions.getAlias(i)));
    lambda.on(CreateAliasCommand).callsFake(recorded("CreateAlias", (i) => versions.createAlias(i)));
    lambda.on(UpdateAliasCommand).callsFake(recorded("UpdateAlias", (i) => versions.updateAlias(i)));
    lambda.on(ListAliasesCommand).callsFake(recorded("ListAliases", (i) => versions.listAliases(i)));
    lambda.on(DeleteFunctionCommand).callsFake(
      recorded("DeleteFunction", (i: { FunctionName?: string; Qualifier?: string }) => {
        if (i.Qualifier === undefined || i.Qualifier === "$LATEST") {
          versions.fn(i.FunctionName);
          this.functions.delete(String(i.FunctionName));
          return {};
        }
        return versions.deleteVersion(i);
      }),
    );
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(DescribeLogGroupsCommand).callsFake((i) => this.describeLogGroups(i));
    const s3 = mockClient(S3Client);
    s3.on(HeadObjectCommand).callsFake((i) => this.headObject(i));
    s3.on(HeadBucketCommand).callsFake((i) => this.headBucket(i));
    return {
      cfn,
      lambda,
      logs,
      s3,
      restore() {
        cfn.restore();
        lambda.restore();
        logs.restore();
        s3.restore();
      },
    };
  }

  /** Calls that change something (to assert a refused or failed preflight touched nothing). */
  mutatingCalls(): string[] {
    return this.calls.filter(
      (c) =>
        /CreateChangeSet|ExecuteChangeSet|DeleteStack|ContinueUpdateRollback|DeleteChangeSet|PublishVersion|Alias$|DeleteFunction/.test(
          c,
        ) && !/GetAlias|ListAliases/.test(c),
    );
  }
}
