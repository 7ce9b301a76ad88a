/**
 * The change set steps of `vectora stack deploy`: create it and wait until it is ready (or find there is
 * nothing to change), then execute it and follow the stack's events until it settles.
 */
import { matchCause } from "./catalogue.js";
import { isStackEvent } from "./diagnose.js";
import { diagnoseLive, StackFailure } from "./failure.js";
import type { StackApi, StackEvent } from "./port.js";
import { DEFAULT_MAX_WAIT_MS, EventStream, waitForStack } from "./waiter.js";

/** The reason CloudFormation gives an empty change set, and the one UpdateStack gives. */
const NO_CHANGES = [
  "The submitted information didn't contain changes. Submit different information to create a change set.",
  "No updates are to be performed.",
];

/** What the change set steps work with. */
export interface ChangeSetStep {
  api: StackApi;
  name: string;
  options: { out: (text: string) => void; roleArn?: string };
  wait: { pollMs: number; maxWaitMs?: number; sleep?: (ms: number) => Promise<void> };
  onEvent: (event: StackEvent) => void;
}

/**
 * Creates the change set and waits (within the deadline) until it is ready; prints its changes. Resolves
 * `"no changes"` when CloudFormation finds nothing to do.
 */
export async function createChangeSet(
  step: ChangeSetStep,
  input: {
    changeSetName: string;
    changeSetType: "CREATE" | "UPDATE";
    templateBody: string;
    params: Record<string, string>;
  },
): Promise<"ready" | "no changes"> {
  const { api, name, options, wait } = step;
  const { changeSetName, changeSetType } = input;
  try {
    await api.createChangeSet({
      stackName: name,
      changeSetName,
      changeSetType,
      templateBody: input.templateBody,
      parameters: input.params,
      capabilities: ["CAPABILITY_NAMED_IAM"],
      // The CloudFormation service role the operation runs as (see service-role.ts).
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    });
  } catch (error) {
    const message = (error as Error).message;
    if (NO_CHANGES.some((text) => message.includes(text))) return "no changes";
    throw new StackFailure(`CreateChangeSet refused: ${message}${causeOf(message, name)}`);
  }
  let changeSet = await api.describeChangeSet(name, changeSetName);
  // The same deadline as every other wait: a change set stuck in CREATE_PENDING must not hang the deploy.
  const maxWaitMs = wait.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const deadline = Date.now() + maxWaitMs;
  while (changeSet.status === "CREATE_PENDING" || changeSet.status === "CREATE_IN_PROGRESS") {
    if (Date.now() > deadline)
      throw new StackFailure(
        `change set ${changeSetName} still ${changeSet.status} after ${Math.round(maxWaitMs / 1000)} s; nothing was executed`,
      );
    await (wait.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))))(wait.pollMs);
    changeSet = await api.describeChangeSet(name, changeSetName);
  }
  if (changeSet.status === "FAILED") {
    const reason = changeSet.statusReason ?? "";
    if (NO_CHANGES.some((text) => reason.includes(text))) {
      options.out(`no changes: ${reason}\n`);
      await api.deleteChangeSet(name, changeSetName).catch(() => undefined);
      return "no changes";
    }
    throw new StackFailure(`change set ${changeSetName} failed: ${reason}${causeOf(reason, name)}`);
  }
  options.out(`change set ${changeSetName} (${changeSetType}), ${changeSet.changes.length} change(s):\n`);
  for (const change of changeSet.changes)
    options.out(
      `  ${change.action.padEnd(7)} ${change.logicalId} (${change.resourceType})${change.replacement && change.action === "Modify" ? ` replacement: ${change.replacement}` : ""}\n`,
    );
  return "ready";
}

/** ` — <explanation> Fix: <fix>` when the catalogue knows the cause of a refusal, else nothing. */
function causeOf(message: string, stack: string): string {
  const cause = matchCause(message, { stackName: stack });
  return cause ? ` — ${cause.explanation} Fix: ${cause.fix}` : "";
}

/** Executes the change set and follows the stack's events until it settles. */
export async function executeChangeSet(
  step: ChangeSetStep,
  changeSetName: string,
  changeSetType: "CREATE" | "UPDATE",
): Promise<"created" | "updated"> {
  const { api, name } = step;
  const stream = new EventStream(api, name);
  await stream.prime();
  await api.executeChangeSet(name, changeSetName);
  const starts = changeSetType === "CREATE" ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
  const isStart = (e: StackEvent) => isStackEvent(e) && e.resourceStatus === starts;
  const settled = await waitForStack(api, name, { ...step.wait, onEvent: step.onEvent, isStart }, stream);
  const status = settled?.status ?? "DELETE_COMPLETE";
  if (status === "CREATE_COMPLETE") return "created";
  if (status === "UPDATE_COMPLETE") return "updated";
  throw new StackFailure(`deploy ended in ${status}`, "failed", await diagnoseLive(api, name));
}
