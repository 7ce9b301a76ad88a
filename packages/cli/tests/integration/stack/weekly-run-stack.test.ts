/**
 * The weekly run's resources through `vectora stack deploy` on the fake account: what a deploy of the new
 * s1-runtime creates (the state machine with its substitutions resolved, the schedules, the topic, the alarms,
 * retained log groups, X-Ray), and a definition Step Functions refuses, diagnosed by the stack doctor.
 */
import { describe, expect, it } from "vitest";
import {
  deployDev,
  diagnoseDev,
  fakeAccountScenarios,
  healthyAccount,
  NAMES,
  Workspace,
} from "../../support/stack-scenario.js";

const scenario = fakeAccountScenarios();
const MACHINE = "arn:aws:states:eu-west-3:786469175371:stateMachine:vectora-inbox-weekly-dev";

describe("s1-runtime's weekly run on the fake account", () => {
  it("creates the state machine on the live aliases, one schedule per scheduled client, the topic and the alarms", () => {
    const ws = new Workspace();
    const fake = healthyAccount(ws);
    const stack = fake.stacks.get(NAMES.runtime)!;
    expect(stack.status).toBe("CREATE_COMPLETE");
    expect(stack.outputs["WeeklyStateMachineArn"]).toBe(MACHINE);
    expect(stack.outputs["AlertTopicArn"]).toBe(
      "arn:aws:sns:eu-west-3:786469175371:vectora-inbox-alerts-dev",
    );
    const machine = fake.stateMachines.get(MACHINE)!;
    expect(machine.roleArn).toBe(fake.stacks.get(NAMES.iam)!.outputs["StateMachineRoleArn"]);
    const definition = JSON.parse(machine.definition);
    expect(definition.States.Plan.Resource).toBe(stack.outputs["IngestAliasArn"]);
    expect(definition.States.Ingest.ItemProcessor.States.IngestShard.Resource).toBe(
      stack.outputs["IngestAliasArn"],
    );
    expect(definition.States.Notify.Parameters.TopicArn).toBe(stack.outputs["AlertTopicArn"]);
    expect(definition.States.Start.Parameters.settings).toEqual({
      "shard_size.$": "States.StringToJson('8')",
      "max_concurrency.$": "States.StringToJson('2')",
    });
    // dev: the schedules exist, disabled; no freshness alarm without a schedule running.
    expect([...fake.schedules.keys()].sort()).toEqual([
      "vectora-inbox-freshness-dev",
      "vectora-inbox-weekly-dev-lai_weekly",
    ]);
    const weekly = fake.schedules.get("vectora-inbox-weekly-dev-lai_weekly")!;
    expect(weekly).toMatchObject({
      State: "DISABLED",
      ScheduleExpression: "cron(0 7 ? * MON *)",
      ScheduleExpressionTimezone: "Europe/Paris",
      Target: { Arn: MACHINE, Input: '{"client_id":"lai_weekly"}' },
    });
    expect([...fake.alarms.keys()].sort()).toEqual([
      "vectora-inbox-dev-engine-errors",
      "vectora-inbox-dev-engine-throttles",
      "vectora-inbox-dev-ingest-errors",
      "vectora-inbox-dev-ingest-throttles",
      "vectora-inbox-dev-weekly-run-failed",
    ]);
    for (const alarm of fake.alarms.values())
      expect(alarm["AlarmActions"]).toEqual([stack.outputs["AlertTopicArn"]]);
    expect(fake.logGroups.get("/aws/vendedlogs/states/vectora-inbox-weekly-dev")).toBe(14);
  });

  it("adds the freshness alarm when the schedules are enabled, and a client by a params change", async () => {
    const { ws, fake } = scenario();
    ws.setParams({ ScheduleState: "ENABLED", ScheduledClient2: "lai_monthly" });
    const deploy = await deployDev(ws, "--stack", "s1-runtime");
    expect(deploy.code, deploy.out + deploy.err).toBe(0);
    expect(deploy.out).toMatch(/Add\s+WeeklyScheduleClient2 \(AWS::Scheduler::Schedule\)/);
    expect(fake.schedules.get("vectora-inbox-weekly-dev-lai_monthly")).toMatchObject({
      State: "ENABLED",
      Target: { Input: '{"client_id":"lai_monthly"}' },
    });
    expect(fake.alarms.get("vectora-inbox-dev-no-newsletter-8-days-lai_weekly")).toMatchObject({
      MetricName: "DaysSinceLastIssue",
      TreatMissingData: "breaching",
      Threshold: 8,
    });
    expect(fake.alarms.has("vectora-inbox-dev-no-newsletter-8-days-lai_monthly")).toBe(true);
  });

  it("rolls back a definition Step Functions refuses, and the stack doctor names the state machine and the fix", async () => {
    const { ws, fake } = scenario();
    const broken = ws
      .template("s1-runtime")
      .replace("            Next: PlanAccepted\n", "            Next: PlanAcepted\n");
    fake.deployNow(NAMES.runtime, broken, fake.stacks.get(NAMES.runtime)!.parameters);
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_COMPLETE");
    const diagnose = await diagnoseDev(ws, "s1-runtime", "--json");
    const verdict = JSON.parse(diagnose.out);
    expect(verdict.rootCause).toMatchObject({
      logicalId: "WeeklyStateMachine",
      resourceType: "AWS::StepFunctions::StateMachine",
      causeId: "states-definition-invalid",
    });
    expect(verdict.rootCause.reason).toMatch(
      /Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: /,
    );
  });
});
