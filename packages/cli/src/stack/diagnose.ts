/**
 * Reads a stack's status and events and says what state it is in, what failed first in its latest
 * operation, and how to fix it. Pure: the caller fetches the stack, events and account settings.
 */
import { type CauseId, matchCause } from "./catalogue.js";
import { parseStackName } from "./names.js";
import type { AccountConcurrency, StackDescription, StackEvent } from "./port.js";

export type StackState =
  | "healthy"
  | "updatable-after-failure"
  | "needs-recreate"
  | "needs-continue-rollback"
  | "in-progress"
  | "absent";

/** Status shown for a stack that does not exist. */
export const ABSENT_STATUS = "DOES_NOT_EXIST";

/** What can be done with a stack in a given CloudFormation status. */
export function classifyStatus(status: string | undefined): StackState {
  if (!status || status === ABSENT_STATUS || status === "DELETE_COMPLETE") return "absent";
  // A stack made by a CREATE change set that was never executed: no resources, a new CREATE change set works.
  if (status === "REVIEW_IN_PROGRESS") return "absent";
  if (status.endsWith("_IN_PROGRESS")) return "in-progress";
  switch (status) {
    case "CREATE_COMPLETE":
    case "UPDATE_COMPLETE":
    case "IMPORT_COMPLETE":
      return "healthy";
    case "UPDATE_ROLLBACK_COMPLETE":
    case "IMPORT_ROLLBACK_COMPLETE":
    case "UPDATE_FAILED": // rollback disabled: the stack can still be updated
      return "updatable-after-failure";
    case "UPDATE_ROLLBACK_FAILED":
    case "IMPORT_ROLLBACK_FAILED":
      return "needs-continue-rollback";
    default:
      // ROLLBACK_COMPLETE, ROLLBACK_FAILED, CREATE_FAILED, DELETE_FAILED: only deleting helps.
      return "needs-recreate";
  }
}

/** Stack-level statuses that begin an operation a user (or deploy) started. */
const OPERATION_STARTS = new Set([
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "IMPORT_IN_PROGRESS",
]);
/** Failures that only follow another one. */
const CASCADE = /^Resource (creation|update|deletion) cancelled/;
/** The stack's own summary of its failed resources. */
const SUMMARY = /^The following resource\(s\) failed to (create|update|delete)/;

/** Whether an event is the stack's own (not one of its resources'). */
export function isStackEvent(event: StackEvent): boolean {
  return event.resourceType === "AWS::CloudFormation::Stack" && event.logicalResourceId === event.stackName;
}

/** The events of the latest operation (newest first): up to and including its stack-level start. */
export function latestOperation(events: StackEvent[]): StackEvent[] {
  const start = events.findIndex((e) => isStackEvent(e) && OPERATION_STARTS.has(e.resourceStatus));
  return start < 0 ? events : events.slice(0, start + 1);
}

/** True once `events` (newest first) reach the start of the latest operation: stop paging there. */
export function reachesOperationStart(events: StackEvent[]): boolean {
  return events.some((e) => isStackEvent(e) && OPERATION_STARTS.has(e.resourceStatus));
}

export interface RootCause {
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string;
  physicalId?: string;
}

/**
 * The earliest real failure of the latest operation: a resource *_FAILED that is neither a cascade
 * ("Resource creation cancelled") nor the stack's summary. When no resource failed (an export in use is
 * reported on the stack itself), the earliest stack-level failure reason that is not a summary.
 */
export function findRootCause(events: StackEvent[]): RootCause | undefined {
  const operation = latestOperation(events);
  const real = (e: StackEvent) => {
    const reason = e.resourceStatusReason ?? "";
    return !CASCADE.test(reason) && !SUMMARY.test(reason);
  };
  // Events come newest first: the earliest is the last match.
  const resourceFailure = operation
    .filter((e) => !isStackEvent(e) && e.resourceStatus.endsWith("_FAILED") && real(e))
    .at(-1);
  const event =
    resourceFailure ??
    operation
      .filter(
        (e) =>
          isStackEvent(e) &&
          (e.resourceStatus.endsWith("_FAILED") || e.resourceStatus.includes("ROLLBACK_IN_PROGRESS")) &&
          e.resourceStatusReason !== undefined &&
          e.resourceStatusReason !== "User Initiated" &&
          real(e),
      )
      .at(-1);
  if (!event) return undefined;
  return {
    logicalId: event.logicalResourceId,
    resourceType: event.resourceType,
    status: event.resourceStatus,
    reason: event.resourceStatusReason ?? "",
    ...(event.physicalResourceId ? { physicalId: event.physicalResourceId } : {}),
  };
}

/** A resource whose rollback failed, with the reason it gave (the newest, when it failed several times). */
export interface RollbackBlocker {
  logicalId: string;
  reason: string;
}

/**
 * Resources whose rollback failed (what blocks UPDATE_ROLLBACK_FAILED): *_FAILED resource events after the
 * stack's latest UPDATE_ROLLBACK_IN_PROGRESS, oldest first, each with its reason. Candidates for
 * `ContinueUpdateRollback --resources-to-skip`.
 */
export function rollbackBlockers(events: StackEvent[]): RollbackBlocker[] {
  const operation = latestOperation(events);
  const rollbackStart = operation.findIndex(
    (e) => isStackEvent(e) && e.resourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS",
  );
  if (rollbackStart < 0) return [];
  // Newest first: the first event seen for a resource is its latest failure.
  const byResource = new Map<string, string>();
  for (const e of operation.slice(0, rollbackStart))
    if (!isStackEvent(e) && e.resourceStatus.endsWith("_FAILED") && !byResource.has(e.logicalResourceId))
      byResource.set(e.logicalResourceId, e.resourceStatusReason ?? "");
  return [...byResource].reverse().map(([logicalId, reason]) => ({ logicalId, reason }));
}

export interface Diagnosis {
  stack: string;
  status: string;
  state: StackState;
  rootCause: RootCause | null;
  cause: CauseId | null;
  /** One-line explanation of the cause (or of the state when the cause is unknown). */
  explanation: string;
  /** What to do. */
  hint: string;
  /** For needs-continue-rollback: resources to skip, with why each could not roll back. */
  blockers: RollbackBlocker[];
}

/**
 * `vectora stack deploy --env dev --stack s1-runtime` for one of our stacks (the env is required by every
 * live verb); `--env <env>` when the name is not ours.
 */
export function deployCommand(stack: string): string {
  const parsed = parseStackName(stack);
  return parsed
    ? `vectora stack deploy --env ${parsed.env} --stack ${parsed.key}`
    : "vectora stack deploy --env <env>";
}

function stateAction(state: StackState, stack: string, blockers: RollbackBlocker[]): string {
  const deploy = deployCommand(stack);
  switch (state) {
    case "healthy":
      return "Nothing to do.";
    case "absent":
      return `The stack does not exist: \`${deploy}\` creates it.`;
    case "in-progress":
      return `An operation is running: wait for it (\`${deploy}\` waits before acting).`;
    case "updatable-after-failure":
      return `The stack rolled back to its previous template and can be updated: fix the cause, then \`${deploy}\`.`;
    case "needs-recreate": {
      const force = parseStackName(stack)?.key === "s0-core" ? " --force-recreate s0-core" : "";
      return `The stack cannot be updated: it must be deleted and recreated (\`${deploy} --yes${force}\`${force ? ": s0-core holds the data buckets, so it is never deleted without --force-recreate" : ""}).`;
    }
    case "needs-continue-rollback": {
      if (!blockers.length)
        return `Continue the rollback (ContinueUpdateRollback on ${stack}), then deploy again.`;
      const why = blockers
        // The sentence ends here: drop the reason's own final period.
        .map(
          (b) =>
            `${b.logicalId}: ${unwrapHandlerMessage(b.reason).replace(/\.\s*$/, "") || "no reason given"}`,
        )
        .join("; ");
      return (
        `The rollback is blocked by ${why}. Continue the rollback skipping what cannot roll back: ` +
        `\`${deploy} --skip ${blockers.map((b) => b.logicalId).join(" --skip ")}\` (ContinueUpdateRollback on ${stack}).`
      );
    }
  }
}

/**
 * Classifies `stack` (undefined = absent) and finds the root cause of its latest operation in `events`
 * (newest first, as DescribeStackEvents returns them).
 */
export function diagnoseStack(
  stack: Pick<StackDescription, "stackName" | "status"> | { stackName: string; status?: undefined },
  events: StackEvent[],
  account?: AccountConcurrency,
): Diagnosis {
  const status = stack.status ?? ABSENT_STATUS;
  const state = classifyStatus(status);
  const failed = state !== "healthy" && state !== "absent";
  const rootCause = failed ? (findRootCause(events) ?? null) : null;
  const blockers = state === "needs-continue-rollback" ? rollbackBlockers(events) : [];
  const matched = rootCause
    ? matchCause(rootCause.reason, {
        logicalId: rootCause.logicalId,
        resourceType: rootCause.resourceType,
        stackName: stack.stackName,
        ...(rootCause.physicalId ? { physicalId: rootCause.physicalId } : {}),
        ...(account ? { account } : {}),
      })
    : undefined;
  const action = stateAction(state, stack.stackName, blockers);
  let explanation: string;
  if (matched) explanation = matched.explanation;
  else if (rootCause) explanation = `Not a known cause: read the reason above.`;
  else if (state === "in-progress") explanation = `An operation is in progress.`;
  else if (failed) explanation = `No failed resource event in the latest operation.`;
  else explanation = state === "healthy" ? "The stack is healthy." : "The stack does not exist.";
  return {
    stack: stack.stackName,
    status,
    state,
    rootCause,
    cause: matched?.id ?? null,
    explanation,
    hint: matched && state !== "in-progress" ? `${matched.fix} ${action}` : action,
    blockers,
  };
}

/** The `--json` contract: exactly these keys. */
export function diagnosisJson(d: Diagnosis): string {
  return JSON.stringify({
    stack: d.stack,
    status: d.status,
    state: d.state,
    rootCause: d.rootCause
      ? {
          logicalId: d.rootCause.logicalId,
          resourceType: d.rootCause.resourceType,
          status: d.rootCause.status,
          reason: d.rootCause.reason,
        }
      : null,
    cause: d.cause,
    hint: d.hint,
  });
}

/**
 * The service's own message inside CloudFormation's resource-handler wrapper
 * (`Resource handler returned message: "X (Service: Lambda, …)" (RequestToken: …)` → `X`).
 */
export function unwrapHandlerMessage(reason: string): string {
  const match = reason.match(
    /^Resource handler returned message: "(.*?)(?: \(Service: [^)]*\))?" \(RequestToken: [^)]*\)$/s,
  );
  return match?.[1] ?? reason;
}

/** Human output: status; root cause (resource, type, reason, what it means); fix. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [`${d.stack}: ${d.status} (${d.state})`];
  if (d.rootCause) {
    const rc = d.rootCause;
    const named =
      rc.physicalId && rc.physicalId !== rc.logicalId && !rc.physicalId.startsWith("arn:aws:cloudformation:");
    const resource = named ? `${rc.logicalId} [${rc.physicalId}]` : rc.logicalId;
    lines.push(
      `  cause: ${resource} (${rc.resourceType}) ${rc.status}: ${unwrapHandlerMessage(rc.reason)} — ${d.explanation}`,
    );
  } else if (d.state !== "healthy") lines.push(`  cause: ${d.explanation}`);
  lines.push(`  fix:   ${d.hint}`);
  return `${lines.join("\n")}\n`;
}
