/**
 * Waiting for a stack to settle while streaming its new events as progress lines. The poll interval is a
 * parameter (0 in tests, where the fake account advances one step per call).
 */

import { sanitizeText } from "@vectora/core/text";
import type { StackApi, StackDescription, StackEvent } from "./port.js";

/** How long `waitForStack` waits when no `maxWaitMs` is given: one hour (a stack operation rarely takes longer). */
export const DEFAULT_MAX_WAIT_MS = 60 * 60 * 1000;

export interface WaitOptions {
  pollMs: number;
  /** Give up after this long (wall clock); `DEFAULT_MAX_WAIT_MS` when absent. */
  maxWaitMs?: number;
  /** Called with each new event, oldest first. */
  onEvent?: (event: StackEvent) => void;
  sleep?: (ms: number) => Promise<void>;
  /**
   * After starting an operation: settle only once one of its events was seen (`isStart`), so a status
   * read before CloudFormation switched to *_IN_PROGRESS is not mistaken for the outcome.
   */
  isStart?: (event: StackEvent) => boolean;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Tracks which events were already shown. */
export class EventStream {
  private readonly seen = new Set<string>();
  constructor(
    private readonly api: StackApi,
    private readonly stackName: string,
  ) {}

  /** Marks the events existing now as seen, so only later ones are streamed. */
  async prime(): Promise<void> {
    try {
      for (const e of (await this.api.describeStackEvents(this.stackName)).events) this.seen.add(e.eventId);
    } catch {
      // The stack may not exist yet: nothing to skip.
    }
  }

  /** New events since the last call, oldest first. One page suffices between polls. */
  async next(): Promise<StackEvent[]> {
    let events: StackEvent[];
    try {
      events = (await this.api.describeStackEvents(this.stackName)).events;
    } catch {
      return [];
    }
    const fresh = events.filter((e) => !this.seen.has(e.eventId));
    for (const e of fresh) this.seen.add(e.eventId);
    return fresh.reverse();
  }
}

/**
 * Polls until the stack leaves every *_IN_PROGRESS status (REVIEW_IN_PROGRESS counts as settled) or
 * disappears (deleted). Resolves the settled stack, `undefined` when it no longer exists.
 */
export async function waitForStack(
  api: StackApi,
  stackName: string,
  options: WaitOptions,
  stream: EventStream = new EventStream(api, stackName),
): Promise<StackDescription | undefined> {
  const sleep = options.sleep ?? defaultSleep;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const deadline = Date.now() + maxWaitMs;
  let started = options.isStart === undefined;
  for (;;) {
    const stack = await api.describeStack(stackName);
    for (const event of await stream.next()) {
      if (options.isStart?.(event)) started = true;
      options.onEvent?.(event);
    }
    if (!stack) return undefined;
    const settled = !stack.status.endsWith("_IN_PROGRESS") || stack.status === "REVIEW_IN_PROGRESS";
    if (settled && started) return stack;
    if (Date.now() > deadline)
      throw new Error(`${stackName}: still ${stack.status} after ${Math.round(maxWaitMs / 1000)} s`);
    await sleep(options.pollMs);
  }
}

/**
 * An `isStart` for {@link waitForStack}: the operation has begun once the stack itself reports `status`. Until
 * then a read of the status from before the call (ROLLBACK_COMPLETE before a delete, UPDATE_ROLLBACK_FAILED before
 * a continued rollback) is not taken as the operation's outcome.
 */
export function startedBy(status: string): (event: StackEvent) => boolean {
  return (event) => event.resourceType === "AWS::CloudFormation::Stack" && event.resourceStatus === status;
}

/** A progress line for an event. */
export function formatEvent(event: StackEvent): string {
  const time = event.timestamp.toISOString().replace(/\.\d+Z$/, "Z");
  const reason = event.resourceStatusReason ? `  ${sanitizeText(event.resourceStatusReason)}` : "";
  return `  ${time}  ${event.resourceStatus.padEnd(28)} ${event.logicalResourceId} (${event.resourceType})${reason}`;
}
