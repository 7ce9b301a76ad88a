/**
 * `vectora stack fix` (phase 2 of a deployment) on the stateful fake account: it recovers what can be recovered,
 * leaves what deploy should update, respects the data-stack guard, and never creates or updates a stack.
 */
import { ContinueUpdateRollbackCommand } from "@aws-sdk/client-cloudformation";
import { describe, expect, it } from "vitest";
import {
  failedCoreCreateAccount,
  fakeAccountScenarios,
  NAMES,
  seedAccount,
  stuckRollbackAccount,
  vectora,
  type Workspace,
} from "../../support/stack-scenario.js";

const scenario = fakeAccountScenarios();
const fix = (ws: Workspace, ...flags: string[]) =>
  vectora(ws.dir, "stack", "fix", "--env", "dev", ...flags, "--poll-seconds", "0");

describe("vectora stack fix", () => {
  it("leaves the seed's UPDATE_ROLLBACK_COMPLETE stack for deploy, explaining why its update failed", async () => {
    const { ws, fake } = scenario(seedAccount);
    const run = await fix(ws);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Specified ReservedConcurrentExecutions for function decreases account's");
    expect(run.out).toContain(
      "vectora-inbox-s1-runtime-dev: updatable-after-failure → updatable-after-failure (none) stable; the last update failed",
    );
    expect(run.out).toContain("vectora-inbox-s0-iam-dev: healthy → healthy (none) ready");
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it("reports absent stacks of a first deploy as deployable", async () => {
    const { ws, fake } = scenario();
    fake.stacks.clear();
    const run = await fix(ws, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.out);
    expect(report.stacks.map((s: { after: string }) => s.after)).toEqual(["absent", "absent", "absent"]);
    expect(fake.mutatingCalls()).toEqual([]);
  });

  it("continues a failed rollback, skipping the blocker, and ends updatable", async () => {
    const { ws, fake, mocks } = scenario(stuckRollbackAccount);
    const run = await fix(ws, "--stack", "s1-runtime", "--skip", "EngineFunction", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out).stacks[0]).toMatchObject({
      before: "needs-continue-rollback",
      action: "rollback-continued",
      after: "updatable-after-failure",
    });
    expect(mocks.cfn.commandCalls(ContinueUpdateRollbackCommand)[0]?.args[0].input).toEqual({
      StackName: NAMES.runtime,
      ResourcesToSkip: ["EngineFunction"],
    });
    expect(fake.mutatingCalls()).toEqual(["CloudFormation.ContinueUpdateRollback"]);
  });

  it("continues the rollback as the CloudFormation service role when given one", async () => {
    const { ws, mocks } = scenario(stuckRollbackAccount);
    const role = "arn:aws:iam::786469175371:role/vectora-inbox-cloudformation-dev";
    const run = await fix(ws, "--stack", "s1-runtime", "--skip", "EngineFunction", "--role-arn", role);
    expect(run.code).toBe(0);
    expect(mocks.cfn.commandCalls(ContinueUpdateRollbackCommand)[0]?.args[0].input.RoleARN).toBe(role);
  });

  it("fails when the rollback cannot complete without skipping the blocker", async () => {
    const { ws } = scenario(stuckRollbackAccount);
    const run = await fix(ws, "--stack", "s1-runtime");
    expect(run.code).toBe(1);
    expect(run.out).toContain("(failed) the rollback ended in UPDATE_ROLLBACK_FAILED");
  });

  it("never deletes s0-core without --force-recreate; with it and --yes, deletes it for deploy to recreate", async () => {
    const { ws, fake } = scenario(failedCoreCreateAccount);
    expect(fake.stacks.get(NAMES.core)?.status).toBe("ROLLBACK_COMPLETE");

    const refused = await fix(ws, "--stack", "s0-core", "--yes");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("Refusing without --force-recreate s0-core");
    expect(refused.out).toContain("needs-recreate → needs-recreate (refused)");
    expect(fake.mutatingCalls()).toEqual([]);

    const deleted = await fix(ws, "--stack", "s0-core", "--force-recreate", "s0-core", "--yes");
    expect(deleted.code).toBe(0);
    expect(deleted.out).toContain("needs-recreate → absent (deleted) absent: the deploy phase creates it");
    expect(fake.mutatingCalls()).toEqual(["CloudFormation.DeleteStack"]);
    expect(fake.stacks.has(NAMES.core)).toBe(false);
  });
});
