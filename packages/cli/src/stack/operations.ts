/**
 * Stack events grouped by operation, when they carry operation ids and types (`DescribeEvents`, or events read
 * by operation id from `LastOperations`): the failed operation is then known exactly, not inferred from where
 * its stack-level start event sits among older events.
 */

import { sanitizeText } from "@vectora/core/text";
import type { StackEvent } from "./port.js";
import { stackNameFromArn } from "./stack-arn.js";

/** Operations a user (or `vectora stack deploy`) starts. */
export const PRIMARY_OPERATIONS = new Set(["CREATE_STACK", "UPDATE_STACK", "DELETE_STACK"]);
/** Operations that undo one: the automatic rollback after a failure, and ContinueUpdateRollback. */
export const ROLLBACK_OPERATIONS = new Set(["ROLLBACK", "CONTINUE_ROLLBACK"]);

/** Newest first; events of the same instant keep their order. */
export function newestFirst(events: StackEvent[]): StackEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => b.event.timestamp.getTime() - a.event.timestamp.getTime() || a.index - b.index)
    .map(({ event }) => event);
}

export interface OperationScope {
  /** The latest create/update/delete and the rollbacks that followed it, newest first. */
  events: StackEvent[];
  /** The newest rollback operation's events (what blocks UPDATE_ROLLBACK_FAILED), newest first. */
  lastRollback: StackEvent[];
}

/**
 * The latest primary operation and its rollbacks, from events that carry operation ids and types;
 * `undefined` when none does (`DescribeStackEvents` output), where the caller groups by stack events instead.
 * With no primary operation among them (only a rollback was read), all of them.
 */
export function scopeByOperation(events: StackEvent[]): OperationScope | undefined {
  const typed = newestFirst(events.filter((e) => e.operationId && e.operationType));
  if (typed.length === 0) return undefined;
  const primary = typed.find((e) => PRIMARY_OPERATIONS.has(e.operationType ?? ""))?.operationId;
  const primaryEvents = typed.filter((e) => e.operationId === primary);
  const since = primaryEvents.at(-1)?.timestamp.getTime() ?? Number.NEGATIVE_INFINITY;
  const rollbacks = typed.filter(
    (e) => ROLLBACK_OPERATIONS.has(e.operationType ?? "") && e.timestamp.getTime() >= since,
  );
  const lastRollbackId = rollbacks[0]?.operationId;
  return {
    events: primary ? typed.filter((e) => e.operationId === primary || rollbacks.includes(e)) : typed,
    lastRollback: rollbacks.filter((e) => e.operationId === lastRollbackId),
  };
}

/** The fields of a `DescribeEvents` operation event we read (the SDK's shape and the AWS CLI's JSON alike). */
export interface OperationEventFields {
  EventId?: string | undefined;
  StackId?: string | undefined;
  OperationId?: string | undefined;
  OperationType?: string | undefined;
  LogicalResourceId?: string | undefined;
  PhysicalResourceId?: string | undefined;
  ResourceType?: string | undefined;
  Timestamp?: Date | undefined;
  ResourceStatus?: string | undefined;
  ResourceStatusReason?: string | undefined;
  ValidationStatus?: string | undefined;
  ValidationStatusReason?: string | undefined;
  HookStatus?: string | undefined;
  HookStatusReason?: string | undefined;
}

/**
 * A `DescribeEvents` event as a {@link StackEvent}: the stack's name from its ARN (operation events carry no
 * name; `stackName` when the ARN is missing); an early-validation or hook failure, which has no resource
 * status, stands in with its own status and reason; the reason made safe to print.
 */
export function fromOperationEvent(e: OperationEventFields, stackName = ""): StackEvent {
  const reason = e.ResourceStatusReason ?? e.ValidationStatusReason ?? e.HookStatusReason;
  return {
    eventId: e.EventId ?? "",
    stackName: stackNameFromArn(e.StackId) ?? stackName,
    ...(e.StackId ? { stackId: e.StackId } : {}),
    logicalResourceId: e.LogicalResourceId ?? "",
    ...(e.PhysicalResourceId ? { physicalResourceId: e.PhysicalResourceId } : {}),
    resourceType: e.ResourceType ?? "",
    resourceStatus:
      e.ResourceStatus ?? (e.ValidationStatus ? `VALIDATION_${e.ValidationStatus}` : (e.HookStatus ?? "")),
    ...(reason ? { resourceStatusReason: sanitizeText(reason) } : {}),
    timestamp: e.Timestamp ?? new Date(0),
    ...(e.OperationId ? { operationId: e.OperationId } : {}),
    ...(e.OperationType ? { operationType: e.OperationType } : {}),
  };
}
