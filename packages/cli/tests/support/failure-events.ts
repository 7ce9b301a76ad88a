/**
 * Realistic event sequences of a failed stack operation, built around one real AWS reason: an older successful
 * operation, then the failing one — the failed resource, its siblings cancelled ("Resource creation|update
 * cancelled"), the stack's own summary and rollback — as DescribeStackEvents returns them (newest first) and
 * as the JSON of `aws cloudformation describe-events` (operation ids and types; this shape of the rollback as
 * its own operation is our model, see fake-aws-account.ts).
 */
export const STACK = "vectora-inbox-s1-runtime-dev";
export const STACK_ID =
  "arn:aws:cloudformation:eu-west-3:786469175371:stack/vectora-inbox-s1-runtime-dev/6f1c2b30-c7a4-11f0-8de9-0a8f3c9b1e27";
const SELF = "AWS::CloudFormation::Stack";

/** Where a reason shows: on a resource (with the operation that failed), or on the stack's own event. */
export type FailureSite =
  | { resourceType: string; logicalId: string; operation: "create" | "update" | "delete" }
  | { stackOperation: "create" | "update" };

interface Row {
  logicalId: string;
  type: string;
  status: string;
  reason?: string;
  operation: { id: string; type: string };
}

/**
 * The rows of one failed operation on `site` with `reason`, oldest first, preceded by a successful create.
 * A sibling resource runs in parallel and is cancelled when the resource fails.
 */
function rows(site: FailureSite, reason: string): Row[] {
  const created = { id: "op-0001-create", type: "CREATE_STACK" };
  const out: Row[] = [];
  const add = (logicalId: string, type: string, status: string, op: Row["operation"], why?: string) =>
    out.push({ logicalId, type, status, operation: op, ...(why !== undefined ? { reason: why } : {}) });
  // An older, successful operation: not part of the diagnosis.
  add(STACK, SELF, "CREATE_IN_PROGRESS", created, "User Initiated");
  add("SiblingFunction", "AWS::Lambda::Function", "CREATE_COMPLETE", created);
  add(STACK, SELF, "CREATE_COMPLETE", created);

  const rollback = { id: "op-0003-rollback", type: "ROLLBACK" };
  if ("stackOperation" in site) {
    // Reported on the stack itself (an export in use, an import that resolves to nothing).
    const update = { id: "op-0002-update", type: "UPDATE_STACK" };
    add(STACK, SELF, "UPDATE_IN_PROGRESS", update, "User Initiated");
    add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_IN_PROGRESS", update);
    add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_COMPLETE", update);
    add(STACK, SELF, "UPDATE_ROLLBACK_IN_PROGRESS", rollback, reason);
    add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_COMPLETE", rollback);
    add(STACK, SELF, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", rollback);
    add(STACK, SELF, "UPDATE_ROLLBACK_COMPLETE", rollback);
    return out;
  }
  const { resourceType, logicalId, operation } = site;
  if (operation === "delete") {
    const del = { id: "op-0002-delete", type: "DELETE_STACK" };
    add(STACK, SELF, "DELETE_IN_PROGRESS", del, "User Initiated");
    add("SiblingFunction", "AWS::Lambda::Function", "DELETE_COMPLETE", del);
    add(logicalId, resourceType, "DELETE_IN_PROGRESS", del);
    add(logicalId, resourceType, "DELETE_FAILED", del, reason);
    add(STACK, SELF, "DELETE_FAILED", del, `The following resource(s) failed to delete: [${logicalId}]. `);
    return out;
  }
  const verb = operation === "create" ? "CREATE" : "UPDATE";
  const op = { id: "op-0002-update", type: "UPDATE_STACK" };
  add(STACK, SELF, "UPDATE_IN_PROGRESS", op, "User Initiated");
  add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_IN_PROGRESS", op);
  add(logicalId, resourceType, `${verb}_IN_PROGRESS`, op);
  if (verb === "CREATE")
    add(logicalId, resourceType, "CREATE_IN_PROGRESS", op, "Resource creation Initiated");
  add(logicalId, resourceType, `${verb}_FAILED`, op, reason);
  add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_FAILED", op, "Resource update cancelled");
  add(
    STACK,
    SELF,
    "UPDATE_ROLLBACK_IN_PROGRESS",
    rollback,
    `The following resource(s) failed to ${operation}: [${logicalId}, SiblingFunction]. `,
  );
  add("SiblingFunction", "AWS::Lambda::Function", "UPDATE_COMPLETE", rollback);
  add(logicalId, resourceType, verb === "CREATE" ? "DELETE_COMPLETE" : "UPDATE_COMPLETE", rollback);
  add(STACK, SELF, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", rollback);
  add(STACK, SELF, "UPDATE_ROLLBACK_COMPLETE", rollback);
  return out;
}

const START = Date.parse("2025-12-08T14:21:00.000Z");
const at = (i: number) => new Date(START + i * 1500).toISOString();

/** The fields of the `i`-th row that both dump formats write alike: the resource, its status and reason, the time. */
function resourceFields(r: Row, i: number) {
  return {
    LogicalResourceId: r.logicalId,
    PhysicalResourceId: r.type === SELF ? STACK_ID : `${r.logicalId.toLowerCase()}-dev`,
    ResourceType: r.type,
    Timestamp: at(i),
    ResourceStatus: r.status,
    ...(r.reason !== undefined ? { ResourceStatusReason: r.reason } : {}),
  };
}

/** The sequence as `aws cloudformation describe-stack-events` prints it. */
export function describeStackEventsJson(site: FailureSite, reason: string) {
  return {
    StackEvents: rows(site, reason)
      .map((r, i) => ({
        StackId: STACK_ID,
        EventId: `${r.logicalId}-${r.status}-${i}`,
        StackName: STACK,
        ...resourceFields(r, i),
      }))
      .reverse(),
  };
}

/** The same sequence as `aws cloudformation describe-events --stack-name …` prints it. */
export function describeEventsJson(site: FailureSite, reason: string) {
  return {
    OperationEvents: rows(site, reason)
      .map((r, i) => ({
        EventId: `${r.operation.id}-${i}`,
        StackId: STACK_ID,
        OperationId: r.operation.id,
        OperationType: r.operation.type,
        EventType:
          r.type === SELF
            ? "STACK_EVENT"
            : r.status.endsWith("_FAILED")
              ? "PROVISIONING_ERROR"
              : "PROGRESS_EVENT",
        ...resourceFields(r, i),
      }))
      .reverse(),
  };
}

/** The stack's final status in the sequence. */
export function finalStatus(site: FailureSite): string {
  return "operation" in site && site.operation === "delete" ? "DELETE_FAILED" : "UPDATE_ROLLBACK_COMPLETE";
}
