import { afterEach, describe, expect, it, vi } from "vitest";
import type { StackApi, StackDescription } from "../../../src/stack/port.js";
import { DEFAULT_MAX_WAIT_MS, startedBy, waitForStack } from "../../../src/stack/waiter.js";

const STACK = "vectora-inbox-s1-runtime-dev";

/** How DescribeStacks describes STACK in `status` (no outputs, no parameters). */
function described(status: StackDescription["status"]): StackDescription {
  return {
    stackName: STACK,
    stackId: `arn:aws:cloudformation:eu-west-3:786469175371:stack/${STACK}/1`,
    status,
    outputs: {},
    parameters: {},
  };
}

/** A stack stuck in UPDATE_IN_PROGRESS with no events: only the wait limit ends the wait. */
function stuckApi(): StackApi {
  const stack = described("UPDATE_IN_PROGRESS");
  return {
    describeStack: async () => stack,
    describeStackEvents: async () => ({ events: [] }),
  } as unknown as StackApi;
}

/** A clock that jumps `stepMs` each time it is read, so the deadline passes after a few polls. */
function steppingClock(stepMs: number) {
  let now = Date.parse("2026-11-25T12:00:00Z");
  return vi.spyOn(Date, "now").mockImplementation(() => {
    now += stepMs;
    return now;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("waitForStack", () => {
  it("names the default limit it gave up after (one hour), not 0 s", async () => {
    steppingClock(20 * 60 * 1000);
    const wait = waitForStack(stuckApi(), STACK, { pollMs: 0, sleep: async () => {} });
    await expect(wait).rejects.toThrow(
      `${STACK}: still UPDATE_IN_PROGRESS after ${DEFAULT_MAX_WAIT_MS / 1000} s`,
    );
    expect(DEFAULT_MAX_WAIT_MS).toBe(3_600_000);
  });

  it("names the limit it was given", async () => {
    steppingClock(1000);
    const wait = waitForStack(stuckApi(), STACK, { pollMs: 0, maxWaitMs: 5000, sleep: async () => {} });
    await expect(wait).rejects.toThrow(`${STACK}: still UPDATE_IN_PROGRESS after 5 s`);
  });
});

describe("waitForStack after DeleteStack", () => {
  /** CloudFormation may answer one read with the status from before the delete, then the delete proceeds. */
  function staleThenDeletedApi(): StackApi {
    let reads = 0;
    const stale = described("ROLLBACK_COMPLETE");
    const deleting = {
      eventId: "e-delete-1",
      stackName: STACK,
      logicalResourceId: STACK,
      resourceType: "AWS::CloudFormation::Stack",
      resourceStatus: "DELETE_IN_PROGRESS",
      resourceStatusReason: "User Initiated",
      timestamp: new Date("2026-11-25T12:00:01Z"),
    };
    return {
      describeStack: async () => (reads++ === 0 ? stale : undefined),
      describeStackEvents: async () => ({ events: reads <= 1 ? [] : [deleting] }),
    } as unknown as StackApi;
  }

  it("does not take the stale pre-delete status as the outcome once told what starts the operation", async () => {
    const settled = await waitForStack(staleThenDeletedApi(), STACK, {
      pollMs: 0,
      sleep: async () => {},
      isStart: startedBy("DELETE_IN_PROGRESS"),
    });
    expect(settled).toBeUndefined();
  });

  it("without it, the stale read would be returned (the reason deploy and fix pass startedBy)", async () => {
    const settled = await waitForStack(staleThenDeletedApi(), STACK, { pollMs: 0, sleep: async () => {} });
    expect(settled?.status).toBe("ROLLBACK_COMPLETE");
  });
});
