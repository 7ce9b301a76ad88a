/**
 * Reads a stack's status and events and says what state it is in, what failed first in its latest
 * operation, and how to fix it. Pure: the caller fetches the stack, events and account settings.
 */

import { sanitizeText } from "@vectora/core/text";
import { type CauseId, matchCause, type StackOperation } from "./catalogue.js";
import { parseStackName } from "./names.js";
import { scopeByOperation } from "./operations.js";
import type { AccountConcurrency, StackDescription, StackEvent } from "./port.js";
import { stackEventsUrl } from "./stack-arn.js";
import { deployCommand } from "./verbs.js";

export { deployCommand } from "./verbs.js";

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

/**
 * The latest operation's events and its rollbacks', newest first: by operation id when the events carry
 * operation types (`DescribeEvents`), else by the stack-level start event ({@link latestOperation}).
 */
function operationEvents(events: StackEvent[]): StackEvent[] {
  return scopeByOperation(events)?.events ?? latestOperation(events);
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
  const operation = operationEvents(events);
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
  // By operation: the newest rollback operation's events. Else: those after the latest rollback start.
  const scope = scopeByOperation(events);
  let rollback: StackEvent[];
  if (scope) rollback = scope.lastRollback;
  else {
    const operation = latestOperation(events);
    const rollbackStart = operation.findIndex(
      (e) => isStackEvent(e) && e.resourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS",
    );
    if (rollbackStart < 0) return [];
    rollback = operation.slice(0, rollbackStart);
  }
  // Newest first: the first event seen for a resource is its latest failure.
  const byResource = new Map<string, string>();
  for (const e of rollback)
    if (!isStackEvent(e) && e.resourceStatus.endsWith("_FAILED") && !byResource.has(e.logicalResourceId))
      byResource.set(e.logicalResourceId, e.resourceStatusReason ?? "");
  return [...byResource].reverse().map(([logicalId, reason]) => ({ logicalId, reason }));
}

export interface Diagnosis {
  stack: string;
  status: string;
  state: StackState;
  rootCause: RootCause | null;
  /** The known cause of the root cause's reason; `null` when unknown (never the nearest one). */
  cause: CauseId | null;
  /** The console page of the stack's events (region-aware); `null` when the stack's ARN is not known. */
  consoleUrl: string | null;
  /** One-line explanation of the cause (or of the state when the cause is unknown). */
  explanation: string;
  /** What to do. */
  hint: string;
  /** For needs-continue-rollback: resources to skip, with why each could not roll back. */
  blockers: RollbackBlocker[];
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
            `${b.logicalId}: ${sanitizeText(unwrapHandlerMessage(b.reason)).replace(/\.\s*$/, "") || "no reason given"}`,
        )
        .join("; ");
      return (
        `The rollback is blocked by ${why}. Continue the rollback skipping what cannot roll back: ` +
        `\`${deploy} --skip ${blockers.map((b) => b.logicalId).join(" --skip ")}\` (ContinueUpdateRollback on ${stack}).`
      );
    }
  }
}

/** The operation a failure's status belongs to: a resource's own, or the stack operation a rollback undoes. */
function operationOf(status: string): StackOperation | undefined {
  if (status.startsWith("UPDATE_")) return "update";
  if (status.startsWith("CREATE_") || status.startsWith("ROLLBACK_")) return "create";
  if (status.startsWith("DELETE_")) return "delete";
  return undefined;
}

/** How the hint ends: the console page of the stack's events, or why there is none. */
function consoleLine(url: string | undefined): string {
  return url
    ? `Events: ${url}`
    : "(No stack ARN in what was read, so no console link: open the stack's Events tab in its region.)";
}

/** The stack a diagnosis is about: its name and, when known, status and ARN. */
export type DiagnosedStack = Pick<StackDescription, "stackName"> &
  Partial<Pick<StackDescription, "status" | "stackId">>;

/**
 * Classifies `stack` (no status = absent) and finds the root cause of its latest operation in `events`
 * (newest first, as DescribeStackEvents returns them; or carrying operation ids, as DescribeEvents does).
 */
export function diagnoseStack(
  stack: DiagnosedStack,
  events: StackEvent[],
  account?: AccountConcurrency,
): Diagnosis {
  const status = stack.status ?? ABSENT_STATUS;
  const state = classifyStatus(status);
  const failed = state !== "healthy" && state !== "absent";
  const rootCause = failed ? (findRootCause(events) ?? null) : null;
  const blockers = state === "needs-continue-rollback" ? rollbackBlockers(events) : [];
  const operation = rootCause ? operationOf(rootCause.status) : undefined;
  const matched = rootCause
    ? matchCause(rootCause.reason, {
        logicalId: rootCause.logicalId,
        resourceType: rootCause.resourceType,
        stackName: stack.stackName,
        ...(operation ? { operation } : {}),
        ...(rootCause.physicalId ? { physicalId: rootCause.physicalId } : {}),
        ...(account ? { account } : {}),
      })
    : undefined;
  const consoleUrl = stackEventsUrl(stack.stackId || events.find((e) => e.stackId)?.stackId);
  const action = stateAction(state, stack.stackName, blockers);
  let explanation: string;
  if (matched) explanation = matched.explanation;
  else if (rootCause) explanation = `Not a known cause: read the reason above.`;
  else if (state === "in-progress") explanation = `An operation is in progress.`;
  else if (failed) explanation = `No failed resource event in the latest operation.`;
  else explanation = state === "healthy" ? "The stack is healthy." : "The stack does not exist.";
  const hint = matched && state !== "in-progress" ? `${matched.fix} ${action}` : action;
  return {
    stack: stack.stackName,
    status,
    state,
    rootCause,
    cause: matched?.id ?? null,
    consoleUrl: consoleUrl ?? null,
    explanation,
    hint: failed ? `${hint} ${consoleLine(consoleUrl)}` : hint,
    blockers,
  };
}

/**
 * The `--json` contract: exactly these keys, in this order. `rootCause.causeId` repeats `cause` where it belongs
 * (`null` when the reason is not a known cause; the reason is then the raw text); `consoleUrl` is `null` when
 * the stack's ARN is not known.
 */
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
          causeId: d.cause,
        }
      : null,
    cause: d.cause,
    hint: d.hint,
    consoleUrl: d.consoleUrl,
  });
}

/**
 * The service's own message inside CloudFormation's resource-handler wrapper
 * (`Resource handler returned message: "X (Service: Lambda, …)" (RequestToken: …)` → `X`).
 */
export function unwrapHandlerMessage(reason: string): string {
  const match = reason.match(
    /^Resource handler returned message: "(.*?)(?: \(Service: [^)]*\))?(?: \(SDK Attempt Count: \d+\))?" \(RequestToken: [^)]*\)$/s,
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
      `  cause: ${resource} (${rc.resourceType}) ${rc.status}: ${sanitizeText(unwrapHandlerMessage(rc.reason))} — ${d.explanation}`,
    );
  } else if (d.state !== "healthy") lines.push(`  cause: ${d.explanation}`);
  lines.push(`  fix:   ${sanitizeText(d.hint)}`);
  return `${lines.join("\n")}\n`;
}
