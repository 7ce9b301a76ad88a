/**
 * `vectora stack diagnose --events-file …` on the hand-written dumps in tests/fixtures/stacks: the exact
 * `--json` contract for each scenario, and the human output for the seed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, VERDICT_KEYS, vectora } from "../../support/stack-scenario.js";

const f = (name: string) => join(FIXTURES, name);
/** `vectora stack diagnose <args…>` run from the fixtures directory. */
const diagnose = (...args: string[]) => vectora(FIXTURES, "stack", "diagnose", ...args);
const S1 = "vectora-inbox-s1-runtime-dev";
const CORE = "vectora-inbox-s0-core-dev";

const SEED_REASON =
  'Resource handler returned message: "Specified ReservedConcurrentExecutions for function decreases account\'s UnreservedConcurrentExecution below its minimum value of [10]. (Service: Lambda, Status Code: 400, Request ID: 8e1f4c2a-6b7d-4e39-a0c5-9d2f7b3e1a64)" (RequestToken: c3a9e8d1-2f4b-4a6c-9e7d-5b1f0a2c8d93, HandlerErrorCode: InvalidRequest)';

describe("the hand-written dumps", () => {
  it("list their events newest first, as DescribeStackEvents returns them", () => {
    const dumps = readdirSync(FIXTURES).filter((name) => name.endsWith(".events.json"));
    expect(dumps.length).toBeGreaterThanOrEqual(7);
    for (const name of dumps) {
      const { StackEvents } = JSON.parse(readFileSync(f(name), "utf8")) as {
        StackEvents: { Timestamp: string; EventId: string }[];
      };
      const times = StackEvents.map((e) => Date.parse(e.Timestamp));
      expect(times.every(Number.isFinite), name).toBe(true);
      const outOfOrder = StackEvents.filter((_e, i) => i > 0 && times[i]! > times[i - 1]!).map(
        (e) => e.EventId,
      );
      expect(outOfOrder, name).toEqual([]);
    }
  });
});

/** One `--json` case: the flags after `diagnose`, the exit code, and the verdict without hint and console link. */
interface ContractCase {
  name: string;
  args: string[];
  code: number;
  expected: Record<string, unknown>;
}

/**
 * An s0-core update that rolled back because s1-runtime still imports one of its exports: CloudFormation reports it
 * on the stack itself (no resource failed), with `reason` as it phrased it in `dump`.
 */
const exportInUse = (name: string, dump: string, reason: string): ContractCase => ({
  name,
  args: ["--events-file", f(dump)],
  code: 1,
  expected: {
    stack: CORE,
    status: "UPDATE_ROLLBACK_COMPLETE",
    state: "updatable-after-failure",
    rootCause: {
      logicalId: CORE,
      resourceType: "AWS::CloudFormation::Stack",
      status: "UPDATE_ROLLBACK_IN_PROGRESS",
      reason,
    },
    cause: "export-in-use",
  },
});

describe("offline diagnose --json prints exactly the contract", () => {
  const cases: ContractCase[] = [
    {
      name: "the seed (UPDATE_ROLLBACK_COMPLETE, reserved concurrency)",
      args: [
        "--events-file",
        f("seed-s1-runtime.events.json"),
        "--stack-file",
        f("seed-s1-runtime.stack.json"),
        "--account-settings",
        f("account-settings-limit-10.json"),
      ],
      code: 1,
      expected: {
        stack: S1,
        status: "UPDATE_ROLLBACK_COMPLETE",
        state: "updatable-after-failure",
        rootCause: {
          logicalId: "EngineFunction",
          resourceType: "AWS::Lambda::Function",
          status: "UPDATE_FAILED",
          reason: SEED_REASON,
        },
        cause: "reserved-concurrency-quota",
      },
    },
    {
      name: "a failed first create (ROLLBACK_COMPLETE, cascade, bucket exists)",
      args: [
        "--events-file",
        f("create-failed-s0-core.events.json"),
        "--stack-file",
        f("create-failed-s0-core.stack.json"),
      ],
      code: 1,
      expected: {
        stack: CORE,
        status: "ROLLBACK_COMPLETE",
        state: "needs-recreate",
        rootCause: {
          logicalId: "DataBucket",
          resourceType: "AWS::S3::Bucket",
          status: "CREATE_FAILED",
          reason:
            'Resource handler returned message: "vectora-inbox-data-dev already exists (Service: S3, Status Code: 0, Request ID: null)" (RequestToken: 7f3b2c1d-8e9a-4b5c-a6d7-0e1f2a3b4c5d, HandlerErrorCode: AlreadyExists)',
        },
        cause: "bucket-exists",
      },
    },
    {
      name: "UPDATE_ROLLBACK_FAILED (status from the newest stack event)",
      args: ["--events-file", f("rollback-failed-s1-runtime.events.json")],
      code: 1,
      expected: {
        stack: S1,
        status: "UPDATE_ROLLBACK_FAILED",
        state: "needs-continue-rollback",
        rootCause: {
          logicalId: "EngineFunction",
          resourceType: "AWS::Lambda::Function",
          status: "UPDATE_FAILED",
          reason:
            'Resource handler returned message: "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions. (Service: Lambda, Status Code: 400, Request ID: 2a7c9e41-5d3f-4b8a-91e6-c4d0f7a2b853)" (RequestToken: e8d1c4b7-0a3f-4e29-b6c5-7f9a2d1e3c80, HandlerErrorCode: InvalidRequest)',
        },
        cause: "runtime-deprecated",
      },
    },
    {
      name: "an update in progress",
      args: [
        "--events-file",
        f("in-progress-s1-runtime.events.json"),
        "--stack-file",
        f("in-progress-s1-runtime.stack.json"),
      ],
      code: 1,
      expected: {
        stack: S1,
        status: "UPDATE_IN_PROGRESS",
        state: "in-progress",
        rootCause: null,
        cause: null,
      },
    },
    {
      name: "healthy after the fix",
      args: [
        "--events-file",
        f("healthy-s1-runtime.events.json"),
        "--stack-file",
        f("healthy-s1-runtime.stack.json"),
      ],
      code: 0,
      expected: { stack: S1, status: "UPDATE_COMPLETE", state: "healthy", rootCause: null, cause: null },
    },
    exportInUse(
      "an export in use (reported on the stack itself)",
      "export-in-use-s0-core.events.json",
      "Export vectora-inbox-s0-core-dev-DataBucketName cannot be updated as it is in use by vectora-inbox-s1-runtime-dev",
    ),
    exportInUse(
      'an export in use, in the "Cannot update export" phrasing',
      "export-update-in-use-s0-core.events.json",
      "Cannot update export vectora-inbox-s0-core-dev-DataBucketName as it is in use by vectora-inbox-s1-runtime-dev",
    ),
  ];

  for (const c of cases)
    it(c.name, async () => {
      const run = await diagnose(...c.args, "--json");
      expect(run.code).toBe(c.code);
      expect(run.err).toBe("");
      expect(run.out.endsWith("\n")).toBe(true);
      expect(run.out.trimEnd().split("\n")).toHaveLength(1);
      const printed = JSON.parse(run.out) as Record<string, unknown>;
      expect(Object.keys(printed)).toEqual(VERDICT_KEYS);
      const { hint, consoleUrl, ...rest } = printed;
      // rootCause.causeId repeats the cause where it belongs (issue 15).
      const expected = c.expected.rootCause
        ? { ...c.expected, rootCause: { ...c.expected.rootCause, causeId: c.expected.cause } }
        : c.expected;
      expect(rest).toEqual(expected);
      expect(typeof hint).toBe("string");
      // Every dump here carries the stack ARN: the console link is region-aware.
      expect(consoleUrl).toMatch(
        /^https:\/\/eu-west-3\.console\.aws\.amazon\.com\/cloudformation\/home\?region=eu-west-3#\/stacks\/events\?stackId=arn%3Aaws%3Acloudformation%3Aeu-west-3%3A/,
      );
      expect(run.out).toBe(`${JSON.stringify(printed)}\n`);
    });

  it("takes the same status from a describe-stacks dump as from the newest stack event", async () => {
    for (const name of [
      "rollback-failed-s1-runtime",
      "in-progress-s1-runtime",
      "healthy-s1-runtime",
      "seed-s1-runtime",
    ]) {
      const fromEvents = await diagnose("--events-file", f(`${name}.events.json`), "--json");
      const fromStack = await diagnose(
        "--events-file",
        f(`${name}.events.json`),
        "--stack-file",
        f(`${name}.stack.json`),
        "--json",
      );
      expect(fromStack.out, name).toBe(fromEvents.out);
    }
  });

  it("hints name the action each state needs", async () => {
    const hint = async (...args: string[]) =>
      JSON.parse((await diagnose(...args, "--json")).out).hint as string;
    const rollbackFailed = await hint("--events-file", f("rollback-failed-s1-runtime.events.json"));
    expect(rollbackFailed).toContain(
      "The rollback is blocked by EngineFunction: The role defined for the function cannot be assumed by Lambda.",
    );
    expect(rollbackFailed).toContain(
      "`vectora stack deploy --env dev --stack s1-runtime --skip EngineFunction`",
    );
    expect(await hint("--events-file", f("export-update-in-use-s0-core.events.json"))).toBe(
      "Change vectora-inbox-s1-runtime-dev first so it no longer imports vectora-inbox-s0-core-dev-DataBucketName " +
        "(or keep the export as it is), then deploy this stack. The stack rolled back to its previous template " +
        "and can be updated: fix the cause, then `vectora stack deploy --env dev --stack s0-core`. " +
        // Issue 15: the hint ends with the console page of the stack's events.
        "Events: https://eu-west-3.console.aws.amazon.com/cloudformation/home?region=eu-west-3#/stacks/events?stackId=" +
        encodeURIComponent(
          "arn:aws:cloudformation:eu-west-3:786469175371:stack/vectora-inbox-s0-core-dev/0d9e7a40-c3f1-11f0-9a1b-06e4b2d7c5f1",
        ),
    );
    expect(await hint("--events-file", f("create-failed-s0-core.events.json"))).toContain(
      "--force-recreate s0-core",
    );
    expect(await hint("--events-file", f("create-failed-s0-core.events.json"))).toContain(
      "aws s3 rb s3://vectora-inbox-data-dev",
    );
    expect(await hint("--events-file", f("in-progress-s1-runtime.events.json"))).toContain("wait");
  });
});

describe("offline diagnose, human output", () => {
  /** The seed's events, diagnosed with the account settings saved in `settings`. */
  const diagnoseSeedWith = (settings: string) =>
    diagnose("--events-file", f("seed-s1-runtime.events.json"), "--account-settings", f(settings));

  it("the seed: status, cause naming the function, ReservedConcurrentExecutions and the limit, fix", async () => {
    const run = await diagnoseSeedWith("account-settings-limit-10.json");
    expect(run.code).toBe(1);
    const lines = run.out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe("vectora-inbox-s1-runtime-dev: UPDATE_ROLLBACK_COMPLETE (updatable-after-failure)");
    expect(lines[1]).toMatch(
      /^ {2}cause: EngineFunction \[vectora-inbox-engine-dev\] \(AWS::Lambda::Function\) UPDATE_FAILED: Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of \[10\]\. — /,
    );
    expect(lines[1]).toContain("The account limit is 10 concurrent executions with 10 unreserved");
    expect(lines[2]).toMatch(/^ {2}fix: {3}Deploy without ReservedConcurrentExecutions/);
    // What was read from the settings file is named on stderr.
    expect(run.err).toContain(
      "read AccountLimit.ConcurrentExecutions=10 and AccountLimit.UnreservedConcurrentExecutions=10",
    );
  });

  it("accepts the seed report's simplified settings shape and says so", async () => {
    const run = await diagnoseSeedWith("account-settings-seed-simplified.json");
    expect(run.out).toContain("The account limit is 10 concurrent executions");
    expect(run.err).toContain(
      "read ConcurrentExecutions=10 and UnreservedConcurrentExecutions=10 (simplified shape",
    );
  });

  it("names the file and field of a malformed dump, and rejects mixed flags", async () => {
    const bad = await diagnose("--events-file", f("seed-s1-runtime.stack.json"));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("seed-s1-runtime.stack.json: not describe-stack-events JSON");
    const mixed = await diagnose("--env", "dev", "--events-file", f("seed-s1-runtime.events.json"));
    expect(mixed.code).toBe(2);
  });
});

describe("offline diagnose of `aws cloudformation describe-events` JSON (issue 15)", () => {
  const contract = async (...args: string[]) => {
    const run = await diagnose(...args, "--json");
    expect(run.err).toBe("");
    return { code: run.code, verdict: JSON.parse(run.out) as Record<string, unknown> };
  };

  it("gives the seed's verdict from the operation events as from the stack events", async () => {
    const fromStackEvents = await contract("--events-file", f("seed-s1-runtime.events.json"));
    // The same history, grouped by operation (the update, and the rollback that followed, are two).
    const fromOperations = await contract("--events-file", f("seed-s1-runtime.describe-events.json"));
    expect(fromOperations).toEqual(fromStackEvents);
    expect(fromOperations.verdict).toMatchObject({
      status: "UPDATE_ROLLBACK_COMPLETE",
      rootCause: { logicalId: "EngineFunction", causeId: "reserved-concurrency-quota" },
    });
  });

  it("reads a FailedEvents-only dump of the failed operation, the status from the stack file", async () => {
    const failedOnly = await diagnose("--events-file", f("seed-s1-runtime.failed-events.json"));
    // No stack-level event in it: the status must come from describe-stacks.
    expect(failedOnly.code).toBe(1);
    expect(failedOnly.err).toContain("seed-s1-runtime.failed-events.json: no stack-level event");
    const withStack = await contract(
      "--events-file",
      f("seed-s1-runtime.failed-events.json"),
      "--stack-file",
      f("seed-s1-runtime.stack.json"),
    );
    expect(withStack).toEqual(await contract("--events-file", f("seed-s1-runtime.events.json")));
  });
});
