/**
 * The stack doctor reading the failed operation (issue 15), end to end through `vectora stack …` on the real SDK
 * clients and a fake account: by operation (LastOperations, DescribeEvents with FailedEvents) where the API has
 * it, falling back to DescribeStackEvents where it does not or refuses; the same verdict offline from either
 * events-file format; API refusals named by their cause; reasons made safe to print.
 */
import { CloudFormationServiceException, DescribeEventsCommand } from "@aws-sdk/client-cloudformation";
import { describe, expect, it } from "vitest";
import { stackEventsUrl } from "../../../src/stack/stack-arn.js";
import type { FakeAwsAccount } from "../../support/fake-aws-account.js";
import {
  deployDev,
  diagnoseDev,
  fakeAccountScenarios,
  healthyAccount,
  NAMES,
  stackParams,
  vectora,
  Workspace,
} from "../../support/stack-scenario.js";
import { SAMPLES } from "../../unit/stack/causes.samples.js";

const scenario = fakeAccountScenarios();

/** A real log-group collision text (https://github.com/aws-solutions/amazon-marketing-cloud-uploader-from-aws/issues/167). */
const LOG_GROUP_EXISTS = `Resource handler returned message: "Resource of type 'AWS::Logs::LogGroup' with identifier '{"/properties/LogGroupName":"/aws/lambda/${NAMES.engine}"}' already exists." (RequestToken: 258db5a1-23c6-5e4b-4d23-7a469fc2de96, HandlerErrorCode: AlreadyExists)`;

/** s1-runtime created again from scratch, its engine log group colliding with one Lambda made. */
function failedCreate(ws: Workspace): FakeAwsAccount {
  const fake = healthyAccount(ws);
  fake.stacks.delete(NAMES.runtime);
  fake.resourceFailures.set("EngineLogGroup", LOG_GROUP_EXISTS);
  fake.deployNow(NAMES.runtime, ws.template("s1-runtime"), stackParams(fake, ws));
  expect(fake.stacks.get(NAMES.runtime)?.status).toBe("ROLLBACK_COMPLETE");
  return fake;
}

const diagnoseJson = async (ws: Workspace) => JSON.parse((await diagnoseDev(ws, "s1-runtime", "--json")).out);

describe("live, by operation", () => {
  it("reads LastOperations and the failed events of those operations, not the stack's whole history", async () => {
    const { ws, fake, mocks } = scenario(failedCreate);
    const verdict = await diagnoseJson(ws);
    expect(verdict).toMatchObject({
      status: "ROLLBACK_COMPLETE",
      state: "needs-recreate",
      rootCause: {
        logicalId: "EngineLogGroup",
        resourceType: "AWS::Logs::LogGroup",
        status: "CREATE_FAILED",
        reason: LOG_GROUP_EXISTS,
        causeId: "log-group-exists",
      },
      cause: "log-group-exists",
    });
    const stackId = fake.stacks.get(NAMES.runtime)!.id;
    expect(verdict.consoleUrl).toBe(
      `https://eu-west-3.console.aws.amazon.com/cloudformation/home?region=eu-west-3#/stacks/events?stackId=${encodeURIComponent(stackId)}`,
    );
    expect(verdict.hint.endsWith(`Events: ${verdict.consoleUrl}`)).toBe(true);
    expect(fake.calls).toContain("CloudFormation.DescribeEvents");
    expect(fake.calls).not.toContain("CloudFormation.DescribeStackEvents");
    const reads = mocks.cfn.commandCalls(DescribeEventsCommand).map((c) => c.args[0].input);
    const operations = fake.stacks.get(NAMES.runtime)!.operations;
    // The create and the rollback that followed it, each with the FailedEvents filter.
    expect(reads).toEqual([
      { StackName: NAMES.runtime, OperationId: operations[0]!.id, Filters: { FailedEvents: true } },
      { StackName: NAMES.runtime, OperationId: operations[1]!.id, Filters: { FailedEvents: true } },
    ]);
    expect(operations.slice(0, 2).map((o) => o.type)).toEqual(["ROLLBACK", "CREATE_STACK"]);
  });

  /**
   * The failed create diagnosed by operation, then again once `degrade` took part of the operations API away:
   * the two verdicts, and the calls the second diagnosis made.
   */
  async function diagnosedAgainAfter(degrade: (fake: FakeAwsAccount) => void) {
    const { ws, fake } = scenario(failedCreate);
    const byOperation = await diagnoseJson(ws);
    fake.calls.length = 0;
    degrade(fake);
    return { byOperation, fallback: await diagnoseJson(ws), calls: fake.calls };
  }

  it("falls back to DescribeStackEvents where the API has no LastOperations nor DescribeEvents", async () => {
    const { byOperation, fallback, calls } = await diagnosedAgainAfter((fake) => {
      fake.operationsApi = false;
    });
    expect(fallback).toEqual(byOperation);
    expect(calls).toContain("CloudFormation.DescribeStackEvents");
    expect(calls).not.toContain("CloudFormation.DescribeEvents");
  });

  it("falls back to DescribeStackEvents when DescribeEvents is refused (a role without the permission)", async () => {
    const { byOperation, fallback, calls } = await diagnosedAgainAfter((fake) => {
      fake.describeEventsError = new CloudFormationServiceException({
        name: "AccessDenied",
        message: `User: arn:aws:sts::786469175371:assumed-role/vectora-deploy-dev/gh is not authorized to perform: cloudformation:DescribeEvents`,
        $fault: "client",
        $metadata: { httpStatusCode: 403 },
      });
    });
    expect(fallback).toEqual(byOperation);
    expect(calls).toEqual(
      expect.arrayContaining(["CloudFormation.DescribeEvents", "CloudFormation.DescribeStackEvents"]),
    );
  });

  it("reads all the operation's events when no event failed (an export in use fails the update on the stack)", async () => {
    const { ws, fake, mocks } = scenario();
    const core = fake.stacks.get(NAMES.core)!;
    const reason = `Export ${NAMES.core}-DataBucketName cannot be updated as it is in use by ${NAMES.runtime}`;
    const self = "AWS::CloudFormation::Stack";
    fake.event(core, NAMES.core, self, "UPDATE_IN_PROGRESS", "User Initiated");
    fake.event(
      core,
      "DataBucket",
      "AWS::S3::Bucket",
      "UPDATE_IN_PROGRESS",
      undefined,
      "vectora-inbox-data-dev",
    );
    fake.event(core, "DataBucket", "AWS::S3::Bucket", "UPDATE_COMPLETE", undefined, "vectora-inbox-data-dev");
    fake.event(core, NAMES.core, self, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
    fake.event(core, "DataBucket", "AWS::S3::Bucket", "UPDATE_COMPLETE", undefined, "vectora-inbox-data-dev");
    fake.event(core, NAMES.core, self, "UPDATE_ROLLBACK_COMPLETE");
    core.status = "UPDATE_ROLLBACK_COMPLETE";
    const verdict = JSON.parse((await diagnoseDev(ws, "s0-core", "--json")).out);
    expect(verdict).toMatchObject({
      rootCause: {
        logicalId: NAMES.core,
        status: "UPDATE_ROLLBACK_IN_PROGRESS",
        reason,
        causeId: "export-in-use",
      },
    });
    const filters = mocks.cfn.commandCalls(DescribeEventsCommand).map((c) => c.args[0].input.Filters);
    expect(filters).toEqual([{ FailedEvents: true }, { FailedEvents: true }, undefined, undefined]);
    expect(fake.calls).not.toContain("CloudFormation.DescribeStackEvents");
  });

  it("names the rollback's blockers from the rollback operation", async () => {
    const { stuckRollbackAccount } = await import("../../support/stack-scenario.js");
    const { ws, fake } = scenario(stuckRollbackAccount);
    const verdict = await diagnoseJson(ws);
    expect(verdict).toMatchObject({ state: "needs-continue-rollback", cause: "runtime-deprecated" });
    expect(verdict.hint).toContain("--skip EngineFunction");
    expect(fake.calls).not.toContain("CloudFormation.DescribeStackEvents");
  });
});

describe("offline, either events-file format", () => {
  it("gives the live verdict from describe-stack-events and from describe-events JSON", async () => {
    const { ws, fake } = scenario(failedCreate);
    const live = await diagnoseJson(ws);
    const stack = fake.stacks.get(NAMES.runtime)!;
    const stackEvents = ws.write("stack-events.json", { StackEvents: stack.events });
    const operationEvents = ws.write("operation-events.json", {
      // What `aws cloudformation describe-events --operation-id …` prints, for each LastOperation.
      OperationEvents: stack.operations.flatMap(
        (o) => fake.describeEvents({ StackName: NAMES.runtime, OperationId: o.id }).OperationEvents,
      ),
    });
    for (const file of [stackEvents, operationEvents]) {
      const run = await vectora(ws.dir, "stack", "diagnose", "--events-file", file, "--json");
      expect(run.err).toBe("");
      expect(JSON.parse(run.out), file).toEqual(live);
    }
  });

  it("names the file when it is neither format", async () => {
    const ws = new Workspace();
    const file = ws.write("stacks.json", { Stacks: [] });
    const run = await vectora(ws.dir, "stack", "diagnose", "--events-file", file);
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `${file}: not describe-stack-events JSON ({"StackEvents":[…]}) nor describe-events JSON ({"OperationEvents":[…]})`,
    );
    const noArn = ws.write("bad.json", {
      OperationEvents: [
        { EventId: "e1", StackId: "vectora-inbox-s1-runtime-dev", Timestamp: "2025-12-10T10:00:00Z" },
      ],
    });
    const bad = await vectora(ws.dir, "stack", "diagnose", "--events-file", noArn);
    expect(bad.err).toContain(
      `${noArn}: not describe-events JSON at OperationEvents.0.StackId: not a stack ARN`,
    );
  });
});

describe("API refusals of a deploy name their cause", () => {
  const refusals = SAMPLES.filter((s) => s.site === "api" && s.cause !== "no-updates");
  for (const sample of refusals)
    it(`${sample.cause} — ${sample.source}`, async () => {
      const { ws, fake } = scenario();
      fake.changeSetRefusals.push(
        new CloudFormationServiceException({
          name:
            sample.cause === "missing-capabilities" ? "InsufficientCapabilitiesException" : "ValidationError",
          message: sample.text,
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
        }),
      );
      const run = await deployDev(ws, "--stack", "s1-runtime");
      expect(run.code).toBe(1);
      expect(run.out).toContain(`CreateChangeSet refused: ${sample.text} — `);
      const { matchCause } = await import("../../../src/stack/catalogue.js");
      const cause = matchCause(sample.text, { stackName: NAMES.runtime })!;
      expect(cause.id).toBe(sample.cause);
      expect(run.out).toContain(`${cause.explanation} Fix: ${cause.fix}`);
      expect(fake.mutatingCalls()).toEqual(["CloudFormation.CreateChangeSet"]);
    });

  it("an update refused for having no changes is no failure", async () => {
    const { ws, fake } = scenario();
    const text = SAMPLES.find((s) => s.cause === "no-updates" && s.text.includes("UpdateStack"))!.text;
    fake.changeSetRefusals.push(
      new CloudFormationServiceException({
        name: "ValidationError",
        message: text,
        $fault: "client",
        $metadata: {},
      }),
    );
    const run = await deployDev(ws, "--stack", "s1-runtime");
    expect(run.code).toBe(0);
    expect(run.out).toContain("vectora-inbox-s1-runtime-dev: no changes");
  });
});

describe("reasons are made safe to print", () => {
  it("strips an escape sequence a resource handler put in its reason, in the streamed events and the diagnosis", async () => {
    const { ws, fake } = scenario();
    fake.resourceFailures.set("EngineFunction", "boom \u001b[2J\u001b[31mred\u001b[0m\nsecond line");
    ws.setParams({ LogLevel: "DEBUG" });
    const run = await deployDev(ws, "--stack", "s1-runtime");
    expect(run.code).toBe(1);
    expect(run.out).not.toContain("\u001b");
    expect(run.out).toContain("boom red second line — Not a known cause");
    const human = await diagnoseDev(ws, "s1-runtime");
    expect(human.out).not.toContain("\u001b");
    expect(human.out.trimEnd().split("\n")).toHaveLength(3);
  });
});

describe("the console link", () => {
  it("follows the stack's region and partition", () => {
    expect(
      stackEventsUrl(
        "arn:aws:cloudformation:us-east-1:123456789012:stack/vectora-inbox-s0-iam-prod/0d9e7a40-c3f1",
      ),
    ).toBe(
      "https://us-east-1.console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks/events?stackId=arn%3Aaws%3Acloudformation%3Aus-east-1%3A123456789012%3Astack%2Fvectora-inbox-s0-iam-prod%2F0d9e7a40-c3f1",
    );
    expect(stackEventsUrl("arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/s/1")).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\/cloudformation\/home\?region=cn-north-1#/,
    );
    expect(stackEventsUrl("vectora-inbox-s0-iam-prod")).toBeUndefined();
    expect(stackEventsUrl(undefined)).toBeUndefined();
  });
});
