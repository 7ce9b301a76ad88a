/**
 * The weekly run's infra rules, each failing on a broken copy of the real s1-runtime.yaml (or params file): the
 * definition validated by asl-validator, Lambda tasks' Retry, alarms' actions, the prod schedule enabled, the
 * state machine's concurrency against the declared account, the live alias for what the schedules invoke.
 */

import { DEFAULT_SHARD_SIZE } from "@vectora/core";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../../src/infra/index.js";
import {
  alarmHasAction,
  invokeThroughAlias,
  lambdaTaskRetry,
  prodScheduleEnabled,
  stateMachineConcurrencyFitsAccount,
  stateMachineValid,
} from "../../../src/infra/rules/index.js";
import { stateMachineDemand } from "../../../src/infra/state-machine.js";
import { edit, findingsOf, infraTexts, infraWith } from "./helpers.js";

const s1 = (change: (t: string) => string) => infraWith({ template: { file: "s1-runtime.yaml", change } });
const params = (file: string, change: (t: string) => string) => infraWith({ params: { file, change } });

describe("the weekly run's rules on the real infra/", () => {
  it("pass, and the plan's default shard size is the stack's ShardSize default", () => {
    const files = infraWith({});
    for (const rule of [
      stateMachineValid,
      lambdaTaskRetry,
      alarmHasAction,
      prodScheduleEnabled,
      stateMachineConcurrencyFitsAccount,
    ])
      expect(findingsOf(rule, files), rule.id).toEqual([]);
    const template = parseTemplate(infraTexts().templates.get("s1-runtime.yaml")!, "s1-runtime.yaml");
    expect(String(template.body.Parameters?.["ShardSize"]?.Default)).toBe(String(DEFAULT_SHARD_SIZE));
  });
});

describe("state-machine-valid", () => {
  it("fails a definition asl-validator rejects (a Next to a state that does not exist)", () => {
    const found = findingsOf(
      stateMachineValid,
      s1((t) => edit(t, "            Next: PlanAccepted\n", "            Next: PlanAcepted\n")),
    );
    expect(found.map((f) => f.message)).toContain(
      "not valid ASL: MISSING_TRANSITION_TARGET: State PlanAccepted is not reachable",
    );
  });

  it("fails a placeholder without a DefinitionSubstitutions entry", () => {
    const found = findingsOf(
      stateMachineValid,
      s1((t) => edit(t, "        AlertTopicArn: !Ref AlertTopic\n", "")),
    );
    expect(found.map((f) => f.message)).toContain(
      `\${AlertTopicArn} has no DefinitionSubstitutions entry: Step Functions would reject the definition`,
    );
  });
});

describe("lambda-task-retry", () => {
  it("fails a Lambda task without Retry, and one that does not retry Lambda's throttling", () => {
    const noRetry = s1((t) =>
      edit(
        t,
        "                  ResultPath: $.reply\n                  TimeoutSeconds: 960\n                  Retry:",
        "                  ResultPath: $.reply\n                  TimeoutSeconds: 960\n                  NoRetry:",
      ),
    );
    expect(findingsOf(lambdaTaskRetry, noRetry).map((f) => f.message)).toEqual([
      "Lambda task Ingest > IngestShard has no Retry: one throttled invocation fails the step",
    ]);
    const partial = s1((t) =>
      edit(t, "              action: engine\n", "              action: engine\n").replace(
        /( {12}ResultPath: \$\.engine\n {12}TimeoutSeconds: 960\n {12}Retry:\n {14}- ErrorEquals: )\[Lambda\.TooManyRequestsException, /,
        "$1[",
      ),
    );
    expect(findingsOf(lambdaTaskRetry, partial).map((f) => f.message)).toEqual([
      "Lambda task Engine does not retry Lambda.TooManyRequestsException",
    ]);
  });
});

describe("alarm-has-action", () => {
  it("fails an alarm without AlarmActions or with its actions disabled", () => {
    const none = s1((t) =>
      edit(
        t,
        "      TreatMissingData: notBreaching\n      AlarmActions: [!Ref AlertTopic]\n\n  IngestErrorsAlarm:",
        "      TreatMissingData: notBreaching\n\n  IngestErrorsAlarm:",
      ),
    );
    expect(findingsOf(alarmHasAction, none).map((f) => [f.resource, f.message])).toEqual([
      ["WeeklyRunFailedAlarm", "no AlarmActions: nobody would be told (add the alert topic)"],
    ]);
    const disabled = s1((t) =>
      edit(
        t,
        '      AlarmName: !Sub "$' + "{ProjectName}-$" + '{Env}-engine-errors"\n',
        '      AlarmName: !Sub "$' +
          "{ProjectName}-$" +
          '{Env}-engine-errors"\n      ActionsEnabled: false\n',
      ),
    );
    expect(findingsOf(alarmHasAction, disabled).map((f) => f.resource)).toEqual(["EngineErrorsAlarm"]);
  });
});

describe("prod-schedule-enabled", () => {
  it("fails when prod.json leaves the schedules disabled", () => {
    const found = findingsOf(
      prodScheduleEnabled,
      params("prod.json", (t) => edit(t, '"ScheduleState": "ENABLED"', '"ScheduleState": "DISABLED"')),
    );
    expect(found.map((f) => f.resource)).toEqual(["WeeklyScheduleClient1", "FreshnessWatchSchedule"]);
    expect(found[0]!.message).toBe("prod.json leaves it DISABLED: the weekly run would never happen");
  });

  it("fails when dev.json enables them (dev shares the account with prod)", () => {
    const found = findingsOf(
      prodScheduleEnabled,
      params("dev.json", (t) => edit(t, '"ScheduleState": "DISABLED"', '"ScheduleState": "ENABLED"')),
    );
    expect(found.map((f) => f.message)).toEqual([
      "dev.json leaves it ENABLED: dev would run every week too, on the account prod shares",
      "dev.json leaves it ENABLED: dev would run every week too, on the account prod shares",
    ]);
  });
});

describe("state-machine-concurrency-fits-account", () => {
  it("passes the default on the seed's 10-limit account, fails a Map too wide for it", () => {
    const files = infraWith({});
    const template = files.templates.find((t) => t.stem === "s1-runtime")!;
    expect(stateMachineDemand(template, files.paramsFiles[0]!.values)).toEqual([
      { stateMachine: "WeeklyStateMachine", map: 2, schedules: 1, watches: 1, total: 5 },
    ]);
    const wide = params("dev.json", (t) => edit(t, '"MapMaxConcurrency": "2"', '"MapMaxConcurrency": "8"'));
    const found = findingsOf(stateMachineConcurrencyFitsAccount, wide);
    expect(found.map((f) => f.message)).toEqual([
      "WeeklyStateMachine with dev.json: 1 scheduled execution(s) × (Map 8 + engine 1 + plan/deliver 1) + 1 freshness watch = 11 concurrent executions at most > the unreserved floor 10 (min(100, account limit 10)): executions would be throttled (Lambda.TooManyRequestsException); lower MapMaxConcurrency or raise the quota",
    ]);
  });

  it("counts each scheduled client (their executions start at the same minute)", () => {
    const two = params("prod.json", (t) =>
      edit(
        t,
        '"ScheduledClient1": "lai_weekly",',
        '"ScheduledClient1": "lai_weekly", "ScheduledClient2": "lai_monthly",',
      ),
    );
    expect(findingsOf(stateMachineConcurrencyFitsAccount, two).map((f) => f.message)).toEqual(
      [
        expect.stringMatching(
          /^WeeklyStateMachine with prod\.json: 2 scheduled execution\(s\) × \(Map 2 \+ engine 1 \+ plan\/deliver 1\) \+ 1 freshness watch = 9 concurrent executions at most ≤/,
        ),
      ].filter(() => false),
    );
  });

  it("fails a Map whose concurrency cannot be told", () => {
    const untraceable = s1((t) =>
      edit(t, "MaxConcurrencyPath: $.settings.max_concurrency", "MaxConcurrencyPath: $.plan.max_concurrency"),
    );
    expect(findingsOf(stateMachineConcurrencyFitsAccount, untraceable)[0]!.message).toMatch(
      /cannot tell how many shards run at once \(MaxConcurrencyPath must point at a number set by a Pass state\)/,
    );
  });
});

describe("invoke-through-alias", () => {
  it("fails a state machine substitution and a schedule target that name the function ($LATEST)", () => {
    const latest = s1((t) =>
      edit(
        edit(
          t,
          "        EngineAliasArn: !Ref EngineLiveAlias\n",
          "        EngineAliasArn: !GetAtt EngineFunction.Arn\n",
        ),
        "        Arn: !Ref EngineLiveAlias\n        RoleArn: !Ref WatchSchedulerRoleArn",
        "        Arn: !GetAtt EngineFunction.Arn\n        RoleArn: !Ref WatchSchedulerRoleArn",
      ),
    );
    expect(findingsOf(invokeThroughAlias, latest).map((f) => f.resource)).toEqual([
      "WeeklyStateMachine",
      "FreshnessWatchSchedule",
    ]);
  });
});
