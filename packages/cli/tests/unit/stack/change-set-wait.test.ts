import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployStacks } from "../../../src/stack/deploy.js";
import type { StackApi } from "../../../src/stack/port.js";
import { REPO_ROOT } from "../../support/cli.js";

/** An account where nothing exists yet and every change set stays CREATE_PENDING. */
function pendingChangeSetApi(calls: string[]): StackApi {
  const record =
    <T>(name: string, value: T) =>
    async () => {
      calls.push(name);
      return value;
    };
  return {
    describeStack: record("describeStack", undefined),
    describeStackEvents: record("describeStackEvents", { events: [] }),
    createChangeSet: record("createChangeSet", { changeSetId: "cs-1", stackId: "stack-1" }),
    describeChangeSet: record("describeChangeSet", { status: "CREATE_PENDING", changes: [] }),
    executeChangeSet: record("executeChangeSet", undefined),
    deleteChangeSet: record("deleteChangeSet", undefined),
    getAccountSettings: record("getAccountSettings", {
      concurrentExecutions: 1000,
      unreservedConcurrentExecutions: 1000,
    }),
    bucketOwnership: record("bucketOwnership", "absent"),
  } as unknown as StackApi;
}

describe("deployStacks and a change set that never leaves CREATE_PENDING", () => {
  it("gives up at the wait limit, says so, and executes nothing", async () => {
    const calls: string[] = [];
    const out: string[] = [];
    const { ok, results } = await deployStacks(pendingChangeSetApi(calls), {
      env: "dev",
      stacks: ["s0-iam"],
      infraDir: join(REPO_ROOT, "infra"),
      cwd: REPO_ROOT,
      yes: true,
      forceRecreate: [],
      skip: [],
      pollMs: 0,
      maxWaitMs: 1,
      sleep: () => new Promise((resolve) => setTimeout(resolve, 5)),
      confirm: async () => true,
      out: (text) => out.push(text),
    });
    expect(ok).toBe(false);
    expect(results[0]?.outcome).toBe("failed");
    expect(out.join("")).toMatch(
      /change set vectora-\d+ still CREATE_PENDING after 0 s; nothing was executed/,
    );
    expect(calls).not.toContain("executeChangeSet");
  });
});
