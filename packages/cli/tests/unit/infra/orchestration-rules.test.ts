/**
 * The weekly run's infra rules, each failing on a broken copy of the real s1-runtime.yaml (or params file): the
 * definition validated by asl-validator, Lambda tasks' Retry, alarms' actions, the prod schedule enabled, the
 * state machine's concurrency against the declared account, the live alias for what the schedules invoke.
 */

import { DEFAULT_SHARD_SIZE } from "@vectora/core";
import { describe, expect, it } from "vitest";
import { parseTemplate } from "../../../src/infra/index.js";
import { stateMachineDemand } from "../../../src/infra/state-machine.js";
import {
  edit,
  findingsOf,
  infraTexts,
  infraWith,
  paramsEdited,
  ruleNamed,
  ruleTable,
  s1Runtime,
  type TextEdit,
} from "./helpers.js";

const WIDE_MAP: TextEdit = ['"MapMaxConcurrency": "2"', '"MapMaxConcurrency": "8"'];
const TWO_CLIENTS: TextEdit = [
  '"ScheduledClient1": "lai_weekly",',
  '"ScheduledClient1": "lai_weekly", "ScheduledClient2": "lai_monthly",',
];

describe("the weekly run's rules on the real infra/", () => {
  it("pass, and the plan's default shard size is the stack's ShardSize default", () => {
    const files = infraWith({});
    for (const id of [
      "state-machine-valid",
      "lambda-task-retry",
      "alarm-has-action",
      "prod-schedule-enabled",
      "state-machine-concurrency-fits-account",
    ])
      expect(findingsOf(ruleNamed(id), files), id).toEqual([]);
    const template = parseTemplate(infraTexts().templates.get("s1-runtime.yaml")!, "s1-runtime.yaml");
    expect(String(template.body.Parameters?.["ShardSize"]?.Default)).toBe(String(DEFAULT_SHARD_SIZE));
  });
});

ruleTable("state-machine-valid", [
  {
    name: "fails a definition asl-validator rejects (a Next to a state that does not exist)",
    files: () => s1Runtime(["            Next: PlanAccepted\n", "            Next: PlanAcepted\n"]),
    expected: [
      {
        resource: "WeeklyStateMachine",
        message: "not valid ASL: MISSING_TRANSITION_TARGET: State PlanAccepted is not reachable",
      },
      { resource: "WeeklyStateMachine", mentions: "PlanAcepted" },
    ],
  },
  {
    name: "fails a placeholder without a DefinitionSubstitutions entry",
    files: () => s1Runtime(["        AlertTopicArn: !Ref AlertTopic\n", ""]),
    expected: [
      {
        resource: "WeeklyStateMachine",
        message: `\${AlertTopicArn} has no DefinitionSubstitutions entry: Step Functions would reject the definition`,
      },
    ],
  },
]);

ruleTable("lambda-task-retry", [
  {
    name: "fails a Lambda task without Retry",
    files: () =>
      s1Runtime([
        "                  ResultPath: $.reply\n                  TimeoutSeconds: 960\n                  Retry:",
        "                  ResultPath: $.reply\n                  TimeoutSeconds: 960\n                  NoRetry:",
      ]),
    expected: [
      { message: "Lambda task Ingest > IngestShard has no Retry: one throttled invocation fails the step" },
    ],
  },
  {
    name: "fails a Lambda task that does not retry Lambda's throttling",
    files: () =>
      infraWith({
        template: {
          file: "s1-runtime.yaml",
          change: (t) =>
            edit(t, "              action: engine\n", "              action: engine\n").replace(
              /( {12}ResultPath: \$\.engine\n {12}TimeoutSeconds: 960\n {12}Retry:\n {14}- ErrorEquals: )\[Lambda\.TooManyRequestsException, /,
              "$1[",
            ),
        },
      }),
    expected: [{ message: "Lambda task Engine does not retry Lambda.TooManyRequestsException" }],
  },
]);

ruleTable("alarm-has-action", [
  {
    name: "fails an alarm without AlarmActions",
    files: () =>
      s1Runtime([
        "      TreatMissingData: notBreaching\n      AlarmActions: [!Ref AlertTopic]\n\n  IngestErrorsAlarm:",
        "      TreatMissingData: notBreaching\n\n  IngestErrorsAlarm:",
      ]),
    expected: [
      {
        resource: "WeeklyRunFailedAlarm",
        message: "no AlarmActions: nobody would be told (add the alert topic)",
      },
    ],
  },
  {
    name: "fails an alarm with its actions disabled",
    files: () =>
      s1Runtime([
        '      AlarmName: !Sub "$' + "{ProjectName}-$" + '{Env}-engine-errors"\n',
        '      AlarmName: !Sub "$' +
          "{ProjectName}-$" +
          '{Env}-engine-errors"\n      ActionsEnabled: false\n',
      ]),
    expected: [{ resource: "EngineErrorsAlarm" }],
  },
]);

ruleTable("prod-schedule-enabled", [
  {
    name: "fails when prod.json leaves the schedules disabled",
    files: () => paramsEdited("prod.json", ['"ScheduleState": "ENABLED"', '"ScheduleState": "DISABLED"']),
    expected: [
      {
        resource: "WeeklyScheduleClient1",
        message: "prod.json leaves it DISABLED: the weekly run would never happen",
      },
      { resource: "FreshnessWatchSchedule" },
    ],
  },
  {
    name: "fails when dev.json enables them (dev shares the account with prod)",
    files: () => paramsEdited("dev.json", ['"ScheduleState": "DISABLED"', '"ScheduleState": "ENABLED"']),
    expected: [
      { message: "dev.json leaves it ENABLED: dev would run every week too, on the account prod shares" },
      { message: "dev.json leaves it ENABLED: dev would run every week too, on the account prod shares" },
    ],
  },
]);

ruleTable(
  "state-machine-concurrency-fits-account",
  [
    {
      name: "fails a Map too wide for the seed's 10-limit account",
      files: () => paramsEdited("dev.json", WIDE_MAP),
      expected: [
        {
          message:
            "WeeklyStateMachine with dev.json: 1 scheduled execution(s) × (Map 8 + engine 1 + plan/deliver 1) + 1 freshness watch = 11 concurrent executions at most > the unreserved floor 10 (min(100, account limit 10)): executions would be throttled (Lambda.TooManyRequestsException); lower MapMaxConcurrency or raise the quota",
        },
      ],
    },
    {
      name: "passes two scheduled clients on the default Map (2 × 4 + 1 = 9 executions at most)",
      files: () => paramsEdited("prod.json", TWO_CLIENTS),
      expected: [],
    },
    {
      name: "fails a Map whose concurrency cannot be told",
      files: () =>
        s1Runtime([
          "MaxConcurrencyPath: $.settings.max_concurrency",
          "MaxConcurrencyPath: $.plan.max_concurrency",
        ]),
      // Once per params file.
      expected: ["dev", "prod"].map((env) => ({
        message: `WeeklyStateMachine with ${env}.json: cannot tell how many shards run at once (MaxConcurrencyPath must point at a number set by a Pass state)`,
      })),
    },
  ],
  () => {
    const demand = (files: ReturnType<typeof infraWith>, env: string) =>
      stateMachineDemand(
        files.templates.find((t) => t.stem === "s1-runtime")!,
        files.paramsFiles.find((p) => p.env === env)!.values,
      );

    it("counts the default's demand on the seed's 10-limit account", () => {
      expect(demand(infraWith({}), "dev")).toEqual([
        { stateMachine: "WeeklyStateMachine", map: 2, schedules: 1, watches: 1, total: 5 },
      ]);
    });

    it("counts each scheduled client (their executions start at the same minute)", () => {
      expect(demand(paramsEdited("prod.json", TWO_CLIENTS), "prod")).toEqual([
        { stateMachine: "WeeklyStateMachine", map: 2, schedules: 2, watches: 1, total: 9 },
      ]);
    });
  },
);

ruleTable("invoke-through-alias", [
  {
    name: "fails a state machine substitution and a schedule target that name the function ($LATEST)",
    files: () =>
      s1Runtime(
        [
          "        EngineAliasArn: !Ref EngineLiveAlias\n",
          "        EngineAliasArn: !GetAtt EngineFunction.Arn\n",
        ],
        [
          "        Arn: !Ref EngineLiveAlias\n        RoleArn: !Ref WatchSchedulerRoleArn",
          "        Arn: !GetAtt EngineFunction.Arn\n        RoleArn: !Ref WatchSchedulerRoleArn",
        ],
      ),
    expected: [{ resource: "WeeklyStateMachine" }, { resource: "FreshnessWatchSchedule" }],
  },
]);
