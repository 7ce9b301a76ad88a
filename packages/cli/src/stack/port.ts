/**
 * The AWS calls the stack doctor makes, behind a small port so the logic is tested against a fake account
 * and the adapter (`aws-stack-api.ts`) stays a thin mapping onto the SDK v3 clients.
 */

/**
 * A stack operation (`DescribeStacks` → `LastOperations`): its id groups its events in `DescribeEvents`.
 * Types: CREATE_STACK, UPDATE_STACK, DELETE_STACK, ROLLBACK, CONTINUE_ROLLBACK, CREATE_CHANGESET.
 */
export interface StackOperationRef {
  id: string;
  type: string;
}

/** A stack as `DescribeStacks` returns it, reduced to what we read. */
export interface StackDescription {
  stackName: string;
  stackId: string;
  status: string;
  statusReason?: string;
  creationTime?: Date;
  lastUpdatedTime?: Date;
  outputs: Record<string, string>;
  parameters: Record<string, string>;
  /** The most recent operations; absent where the API does not return them (older endpoints, old stacks). */
  lastOperations?: StackOperationRef[];
}

/**
 * One event of `DescribeStackEvents` (newest first) or `DescribeEvents`. Reasons are AWS's text with terminal
 * escape sequences and control characters removed (see `sanitizeText`).
 */
export interface StackEvent {
  eventId: string;
  stackName: string;
  /** The stack's ARN, when the API gave it: the console link is built from it. */
  stackId?: string;
  logicalResourceId: string;
  physicalResourceId?: string;
  resourceType: string;
  resourceStatus: string;
  resourceStatusReason?: string;
  timestamp: Date;
  /** The operation the event belongs to, when the API gave it. */
  operationId?: string;
  /** Its type (`UPDATE_STACK`, `ROLLBACK`…): given by `DescribeEvents`, or known from `LastOperations`. */
  operationType?: string;
}

/** Lambda's account-wide concurrency (`GetAccountSettings`). */
export interface AccountConcurrency {
  /** `AccountLimit.ConcurrentExecutions`: the account's concurrency limit. */
  concurrentExecutions: number;
  /** `AccountLimit.UnreservedConcurrentExecutions`: what no function has reserved. */
  unreservedConcurrentExecutions: number;
}

export interface StackChange {
  action: string;
  logicalId: string;
  resourceType: string;
  replacement?: string;
}

export interface ChangeSetDescription {
  id: string;
  status: string;
  statusReason?: string;
  executionStatus?: string;
  changes: StackChange[];
}

export interface FunctionState {
  functionName: string;
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  runtime?: string;
  /** `$LATEST`'s CodeSha256 (base64 SHA-256 of the deployed zip). */
  codeSha256?: string;
  environment: Record<string, string>;
}

export interface CodeObjectHead {
  contentLength: number;
  metadata: Record<string, string>;
}

export interface CreateChangeSetInput {
  stackName: string;
  changeSetName: string;
  changeSetType: "CREATE" | "UPDATE";
  templateBody: string;
  parameters: Record<string, string>;
  capabilities: string[];
  /** The CloudFormation service role the stack operation runs as (`RoleARN`). */
  roleArn?: string;
}

/** The calls. Each returns `undefined` where AWS answers "not found" for an absent thing. */
export interface StackApi {
  /** `undefined` when the stack does not exist (or was deleted). */
  describeStack(stackName: string): Promise<StackDescription | undefined>;
  /** One page of events, newest first. */
  describeStackEvents(
    stackName: string,
    nextToken?: string,
  ): Promise<{ events: StackEvent[]; nextToken?: string }>;
  /**
   * One page of one operation's events (`DescribeEvents` with `OperationId`; `failedOnly` adds the
   * `FailedEvents` filter). Throws where the API lacks the call or the caller may not use it.
   */
  describeOperationEvents(
    stackName: string,
    operationId: string,
    options?: { failedOnly?: boolean; nextToken?: string },
  ): Promise<{ events: StackEvent[]; nextToken?: string }>;
  createChangeSet(input: CreateChangeSetInput): Promise<{ changeSetId: string; stackId: string }>;
  describeChangeSet(stackName: string, changeSetName: string): Promise<ChangeSetDescription>;
  executeChangeSet(stackName: string, changeSetName: string): Promise<void>;
  deleteChangeSet(stackName: string, changeSetName: string): Promise<void>;
  /** `roleArn`: the service role the operation runs as (as for change sets). */
  deleteStack(stackName: string, roleArn?: string): Promise<void>;
  continueUpdateRollback(stackName: string, resourcesToSkip: string[], roleArn?: string): Promise<void>;
  getAccountSettings(): Promise<AccountConcurrency>;
  /** Reserved concurrency of a function; `undefined` when none is reserved or the function is absent. */
  getFunctionConcurrency(functionName: string): Promise<number | undefined>;
  getFunctionConfiguration(functionName: string): Promise<FunctionState | undefined>;
  /** Retention in days of a log group; `null` when it never expires; `undefined` when it is absent. */
  getLogGroupRetention(logGroupName: string): Promise<number | null | undefined>;
  /** `undefined` when the object does not exist. */
  headCodeObject(bucket: string, key: string): Promise<CodeObjectHead | undefined>;
  /** `"absent"`, `"owned"` (this account), or `"foreign"` (another account holds the name). */
  bucketOwnership(bucket: string): Promise<"absent" | "owned" | "foreign">;
}

/** Every event of a stack, newest first, paging until `stop` says the oldest needed one was reached. */
export async function listStackEvents(
  api: StackApi,
  stackName: string,
  stop: (events: StackEvent[]) => boolean = () => false,
): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await api.describeStackEvents(stackName, token);
    events.push(...page.events);
    token = page.nextToken;
  } while (token && !stop(events));
  return events;
}
