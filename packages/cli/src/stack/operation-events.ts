/**
 * Reading a stack's latest operation, live: by operation (`DescribeStacks` → `LastOperations`, then
 * `DescribeEvents` with each `OperationId`, failed events first) where the API offers it, else by grouping
 * `DescribeStackEvents` at the operation's stack-level start, as before.
 */
import { classifyStatus, findRootCause, reachesOperationStart } from "./diagnose.js";
import { newestFirst } from "./operations.js";
import {
  listStackEvents,
  type StackApi,
  type StackDescription,
  type StackEvent,
  type StackOperationRef,
} from "./port.js";

/** Pages of one operation's events read at most: an operation has a few hundred events at the very most. */
const MAX_PAGES = 20;

/** Every event of the given operations (only the failed ones when `failedOnly`), newest first. */
async function readOperations(
  api: StackApi,
  stackName: string,
  operations: StackOperationRef[],
  failedOnly: boolean,
): Promise<StackEvent[]> {
  const events: StackEvent[] = [];
  for (const operation of operations) {
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await api.describeOperationEvents(stackName, operation.id, {
        failedOnly,
        ...(nextToken ? { nextToken } : {}),
      });
      // The operation's type is known from LastOperations when an event does not repeat it.
      for (const e of page.events)
        events.push({
          ...e,
          operationId: e.operationId ?? operation.id,
          operationType: e.operationType ?? operation.type,
        });
      nextToken = page.nextToken;
    } while (nextToken && ++pages < MAX_PAGES);
  }
  return newestFirst(events);
}

/**
 * The events a diagnosis of `stack` needs, newest first (none for a healthy stack). By operation when `LastOperations` is there: its
 * failed events (the `FailedEvents` filter), or all its events when those hold no root cause (an export in use
 * fails the update on the stack itself, with no failed resource). Falls back to `DescribeStackEvents` when the
 * API has no `LastOperations` or refuses `DescribeEvents` (an older endpoint, a role without
 * `cloudformation:DescribeEvents`, an operation it no longer knows), or when the operations read still show
 * no root cause of a failed stack.
 */
export async function readLatestOperation(api: StackApi, stack: StackDescription): Promise<StackEvent[]> {
  const state = classifyStatus(stack.status);
  // A healthy stack has no failure to explain: nothing to read.
  if (state === "healthy" || state === "absent") return [];
  const operations = stack.lastOperations ?? [];
  if (operations.length > 0) {
    try {
      const failed = await readOperations(api, stack.stackName, operations, true);
      if (findRootCause(failed)) return failed;
      const all = await readOperations(api, stack.stackName, operations, false);
      if (findRootCause(all)) return all;
    } catch {
      // DescribeEvents unavailable or refused: the stack events say the same, grouped by hand.
    }
  }
  return listStackEvents(api, stack.stackName, reachesOperationStart);
}
