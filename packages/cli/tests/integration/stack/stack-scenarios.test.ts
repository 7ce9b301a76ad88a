/**
 * The stack doctor end to end through `vectora stack …`, on the real SDK clients mocked by a stateful fake
 * account: the seed (reserved concurrency on a 10-limit account), a failed first create, a failed
 * rollback, a stack found in progress, an empty change set.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContinueUpdateRollbackCommand, CreateChangeSetCommand } from "@aws-sdk/client-cloudformation";
import { describe, expect, it } from "vitest";
import type { FakeAwsAccount } from "../../support/fake-aws-account.js";
import {
  deployDev,
  diagnoseDev,
  failedCoreCreateAccount,
  fakeAccountScenarios,
  NAMES,
  runtimeParams,
  seedAccount,
  stuckRollbackAccount,
  VERDICT_KEYS,
  vectora,
} from "../../support/stack-scenario.js";

const scenario = fakeAccountScenarios();

describe("1. the seed: s1-runtime in UPDATE_ROLLBACK_COMPLETE after a reserved-concurrency failure", () => {
  it("diagnoses the cause, preflight blocks the reserving template, the fixed one deploys and validates", async () => {
    const { ws, fake } = scenario(seedAccount);
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_COMPLETE");

    const status = await vectora(ws.dir, "stack", "status", "--env", "dev");
    expect(status.code).toBe(1);
    expect(status.out).toMatch(
      /vectora-inbox-s1-runtime-dev\s+UPDATE_ROLLBACK_COMPLETE\s+updatable-after-failure/,
    );
    expect(status.out).toMatch(/vectora-inbox-s0-core-dev\s+CREATE_COMPLETE\s+healthy/);

    const human = await diagnoseDev(ws, "s1-runtime");
    expect(human.code).toBe(1);
    const [statusLine, causeLine, fixLine] = human.out.trimEnd().split("\n");
    expect(statusLine).toBe(
      "vectora-inbox-s1-runtime-dev: UPDATE_ROLLBACK_COMPLETE (updatable-after-failure)",
    );
    expect(causeLine).toContain(
      `IngestNormalizeFunction [${NAMES.ingest}] (AWS::Lambda::Function) UPDATE_FAILED`,
    );
    expect(causeLine).toContain("Specified ReservedConcurrentExecutions for function decreases account's");
    expect(causeLine).toContain("The account limit is 10 concurrent executions");
    expect(causeLine).toContain("ANY reservation fails");
    expect(fixLine).toContain("ReservedConcurrency=0");

    const json = await diagnoseDev(ws, "s1-runtime", "--json");
    const verdict = JSON.parse(json.out);
    expect(Object.keys(verdict)).toEqual(VERDICT_KEYS);
    expect(verdict).toMatchObject({
      stack: NAMES.runtime,
      status: "UPDATE_ROLLBACK_COMPLETE",
      state: "updatable-after-failure",
      rootCause: {
        logicalId: "IngestNormalizeFunction",
        resourceType: "AWS::Lambda::Function",
        status: "UPDATE_FAILED",
        causeId: "reserved-concurrency-quota",
      },
      cause: "reserved-concurrency-quota",
    });
    expect(verdict.rootCause.reason).toMatch(
      /^Resource handler returned message: "Specified ReservedConcurrentExecutions .* minimum value of \[10\]\./,
    );

    // Offline, from the dumps an operator would save: same verdict.
    const events = ws.write("events.json", { StackEvents: fake.stacks.get(NAMES.runtime)!.events });
    const settings = ws.write("settings.json", fake.accountSettings());
    const offline = await vectora(
      ws.dir,
      "stack",
      "diagnose",
      "--events-file",
      events,
      "--account-settings",
      settings,
      "--json",
    );
    expect(JSON.parse(offline.out)).toEqual(verdict);

    // Preflight blocks the reserving template, offline and in deploy, and the stack is not touched.
    ws.setParams({ ReservedConcurrency: "5" });
    const pre = await vectora(
      ws.dir,
      "stack",
      "preflight",
      "--template",
      join(ws.infra, "s1-runtime.yaml"),
      "--params",
      join(ws.infra, "params/dev.json"),
      "--account-settings",
      settings,
    );
    expect(pre.code).toBe(1);
    expect(pre.out).toMatch(/FAIL concurrency: reserves 10 concurrent executions .*below the minimum of 10/);
    const blocked = await deployDev(ws, "--stack", "s1-runtime");
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain("preflight failed; the stack was not touched");
    expect(fake.mutatingCalls()).toEqual([]);
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_COMPLETE");

    // The fixed template: no reservation, and the new zips of phase 4.
    fake.putObject("vectora-inbox-lambda-code-dev", "ingest/ingest-4c1e9b2.zip", 1_901_554);
    fake.putObject("vectora-inbox-lambda-code-dev", "engine/engine-4c1e9b2.zip", 1_433_020);
    ws.setParams({
      ReservedConcurrency: "0",
      IngestCodeKey: "ingest/ingest-4c1e9b2.zip",
      EngineCodeKey: "engine/engine-4c1e9b2.zip",
    });
    const outputsFile = join(ws.dir, "out", "outputs-dev.json");
    const deploy = await deployDev(ws, "--outputs-file", outputsFile);
    expect(deploy.err).toBe("");
    expect(deploy.code).toBe(0);
    expect(deploy.out).toContain("vectora-inbox-s0-iam-dev: no changes");
    expect(deploy.out).toContain("vectora-inbox-s0-core-dev: no changes");
    expect(deploy.out).toMatch(/Modify\s+IngestNormalizeFunction \(AWS::Lambda::Function\)/);
    expect(deploy.out).toMatch(/UPDATE_COMPLETE\s+EngineFunction \(AWS::Lambda::Function\)/);
    expect(deploy.out).toContain("vectora-inbox-s1-runtime-dev: updated");
    expect(deploy.out).not.toContain("FAIL");
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_COMPLETE");
    expect(fake.functions.get(NAMES.engine)?.reserved).toBeUndefined();
    expect(fake.functions.get(NAMES.ingest)?.codeLocation).toBe(
      "s3://vectora-inbox-lambda-code-dev/ingest/ingest-4c1e9b2.zip",
    );
    const saved = JSON.parse(readFileSync(outputsFile, "utf8"));
    expect(saved.outputs).toMatchObject({
      DataBucketName: "vectora-inbox-data-dev",
      EngineFunctionName: NAMES.engine,
    });
    expect(saved.stacks[NAMES.runtime].status).toBe("UPDATE_COMPLETE");
  });

  it("validation fails when a function's environment or log retention is off", async () => {
    const { ws, fake } = scenario();
    fake.functions.get(NAMES.engine)!.environment["DATA_BUCKET"] = "vectora-inbox-data-prod";
    fake.logGroups.set(`/aws/lambda/${NAMES.ingest}`, null);
    const deploy = await deployDev(ws, "--stack", "s1-runtime");
    expect(deploy.code).toBe(1);
    expect(deploy.out).toContain(
      `FAIL ${NAMES.engine}: environment: DATA_BUCKET=vectora-inbox-data-prod, expected vectora-inbox-data-dev`,
    );
    expect(deploy.out).toContain(`FAIL /aws/lambda/${NAMES.ingest}: retention never expires, expected 14`);
  });

  it("validation fails when LOG_LEVEL or BEDROCK_MODEL_ID differs from the deployed stack parameters", async () => {
    const { ws, fake } = scenario();
    const deployed = fake.stacks.get(NAMES.runtime)!.parameters;
    expect(deployed).toMatchObject({ LogLevel: "INFO" });
    // Changed by hand in the console: present and well-formed, but not what the stack says.
    fake.functions.get(NAMES.ingest)!.environment["LOG_LEVEL"] = "DEBUG";
    fake.functions.get(NAMES.engine)!.environment["BEDROCK_MODEL_ID"] =
      "eu.anthropic.claude-3-7-sonnet-20250219-v1:0";
    const deploy = await deployDev(ws, "--stack", "s1-runtime");
    expect(deploy.code).toBe(1);
    expect(deploy.out).toContain(
      `FAIL ${NAMES.ingest}: environment: LOG_LEVEL=DEBUG, expected INFO (s1-runtime parameter LogLevel)`,
    );
    expect(deploy.out).toContain(
      `FAIL ${NAMES.engine}: environment: BEDROCK_MODEL_ID=eu.anthropic.claude-3-7-sonnet-20250219-v1:0, ` +
        `expected ${deployed["BedrockModelId"]} (s1-runtime parameter BedrockModelId)`,
    );
  });
});

describe("2. a failed first create of s0-core (bucket already exists)", () => {
  it("diagnoses it, refuses to delete s0-core without --force-recreate, then recreates it", async () => {
    // An account with only s0-iam and an orphan data bucket from an earlier stack: creating s0-core failed on it.
    const { ws, fake } = scenario(failedCoreCreateAccount);
    const core = fake.stacks.get(NAMES.core)!;
    expect(core.status).toBe("ROLLBACK_COMPLETE");
    expect(core.events.some((e) => e.ResourceStatusReason === "Resource creation cancelled")).toBe(true);

    const json = await diagnoseDev(ws, "s0-core", "--json");
    const verdict = JSON.parse(json.out);
    expect(verdict).toMatchObject({
      state: "needs-recreate",
      cause: "bucket-exists",
      rootCause: { logicalId: "DataBucket", status: "CREATE_FAILED" },
    });
    expect(verdict.rootCause.reason).toContain("vectora-inbox-data-dev already exists");

    // The config bucket was created before the failure and retained by the rollback: preflight sees both orphans.
    const orphans = await deployDev(ws, "--stack", "s0-core", "--yes", "--force-recreate", "s0-core");
    expect(orphans.code).toBe(1);
    expect(orphans.out).toContain(
      "FAIL bucket-name: ConfigBucket: bucket vectora-inbox-config-dev already exists in this account",
    );
    expect(orphans.out).toContain(
      "FAIL bucket-name: DataBucket: bucket vectora-inbox-data-dev already exists",
    );
    expect(fake.mutatingCalls()).toEqual([]);

    // The operator saves and removes the orphans.
    fake.buckets.delete("vectora-inbox-data-dev");
    fake.buckets.delete("vectora-inbox-config-dev");
    const refused = await deployDev(ws, "--stack", "s0-core", "--yes");
    expect(refused.code).toBe(1);
    expect(refused.out).toContain("refused");
    expect(refused.out).toContain("Refusing without --force-recreate s0-core");
    const noTty = await deployDev(ws, "--stack", "s0-core", "--force-recreate", "s0-core");
    expect(noTty.code).toBe(1);
    expect(noTty.out).toContain("no terminal to confirm, pass --yes");
    expect(fake.mutatingCalls()).toEqual([]);

    const recreated = await deployDev(ws, "--stack", "s0-core", "--force-recreate", "s0-core", "--yes");
    expect(recreated.code).toBe(0);
    expect(recreated.out).toContain("deleting vectora-inbox-s0-core-dev");
    expect(recreated.out).toContain("vectora-inbox-s0-core-dev: created");
    expect(fake.mutatingCalls()).toEqual([
      "CloudFormation.DeleteStack",
      "CloudFormation.CreateChangeSet",
      "CloudFormation.ExecuteChangeSet",
    ]);
    expect(fake.stacks.get(NAMES.core)?.status).toBe("CREATE_COMPLETE");
    expect(fake.buckets.has("vectora-inbox-data-dev")).toBe(true);
  });
});

describe("3. UPDATE_ROLLBACK_FAILED", () => {
  it("names the first failure and the resource to skip; continuing without --skip fails again", async () => {
    const { ws, fake } = scenario(stuckRollbackAccount);
    const json = JSON.parse((await diagnoseDev(ws, "s1-runtime", "--json")).out);
    expect(json).toMatchObject({
      state: "needs-continue-rollback",
      cause: "runtime-deprecated",
      rootCause: { logicalId: "EngineFunction" },
    });
    expect(json.hint).toContain(
      "The rollback is blocked by EngineFunction: The role defined for the function cannot be assumed by Lambda.",
    );
    expect(json.hint).toContain("`vectora stack deploy --env dev --stack s1-runtime --skip EngineFunction`");
    const again = await deployDev(ws, "--stack", "s1-runtime");
    expect(again.code).toBe(1);
    expect(again.out).toContain("the rollback ended in UPDATE_ROLLBACK_FAILED");
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_FAILED");
  });

  it("continues the rollback skipping the resource, then deploys", async () => {
    const { ws, fake, mocks } = scenario(stuckRollbackAccount);
    const run = await deployDev(ws, "--stack", "s1-runtime", "--skip", "EngineFunction");
    expect(run.code).toBe(0);
    expect(mocks.cfn.commandCalls(ContinueUpdateRollbackCommand)[0]?.args[0].input).toEqual({
      StackName: NAMES.runtime,
      ResourcesToSkip: ["EngineFunction"],
    });
    expect(run.out).toContain(
      "continuing the rollback of vectora-inbox-s1-runtime-dev, skipping EngineFunction",
    );
    expect(run.out).toMatch(/UPDATE_ROLLBACK_COMPLETE\s+vectora-inbox-s1-runtime-dev/);
    // Rolled back to the deployed template: nothing left to change.
    expect(run.out).toContain("vectora-inbox-s1-runtime-dev: no changes");
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_COMPLETE");
  });
});

describe("4. a stack found in progress", () => {
  it("waits until it settles, streaming its events, then deploys", async () => {
    const { ws, fake } = scenario();
    // Someone else's update (LOG_LEVEL DEBUG) is running; ours puts INFO back.
    fake.startUpdate(
      NAMES.runtime,
      ws.template("s1-runtime"),
      runtimeParams(fake, ws, { LogLevel: "DEBUG" }),
    );
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_IN_PROGRESS");
    const run = await deployDev(ws, "--stack", "s1-runtime");
    expect(run.code).toBe(0);
    const out = run.out;
    expect(out).toContain("vectora-inbox-s1-runtime-dev is UPDATE_IN_PROGRESS: waiting for it to settle");
    expect(out).toContain("vectora-inbox-s1-runtime-dev settled: UPDATE_COMPLETE");
    // The wait comes before any change: the change set is created after it settled.
    expect(out.indexOf("settled: UPDATE_COMPLETE")).toBeLessThan(out.indexOf("change set vectora-"));
    expect(out).toContain("vectora-inbox-s1-runtime-dev: updated");
    expect(fake.functions.get(NAMES.engine)?.environment["LOG_LEVEL"]).toBe("INFO");
  });
});

describe("5. an empty change set", () => {
  it("reports no changes and succeeds without executing anything", async () => {
    const { ws, fake, mocks } = scenario();
    const run = await deployDev(ws);
    expect(run.code).toBe(0);
    expect(run.out.match(/: no changes\n/g)).toHaveLength(3);
    expect(run.out).toContain(
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    );
    expect(fake.calls).not.toContain("CloudFormation.ExecuteChangeSet");
    expect(mocks.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input.Capabilities)).toEqual([
      ["CAPABILITY_NAMED_IAM"],
      ["CAPABILITY_NAMED_IAM"],
      ["CAPABILITY_NAMED_IAM"],
    ]);
    const saved = JSON.parse(readFileSync(join(ws.dir, ".vectora", "outputs-dev.json"), "utf8"));
    expect(Object.keys(saved.stacks)).toEqual([NAMES.iam, NAMES.core, NAMES.runtime]);
  });
});

describe("a deploy that fails while executing", () => {
  it("streams the events, then prints the diagnosis of the failure", async () => {
    const { ws, fake } = scenario();
    // The engine role lost its trust in lambda.amazonaws.com: no preflight can see that.
    fake.untrustedRoles.add(fake.stacks.get(NAMES.iam)!.outputs["EngineRoleArn"]!);
    ws.setParams({ LogLevel: "DEBUG" });
    const run = await deployDev(ws, "--stack", "s1-runtime");
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/UPDATE_FAILED\s+EngineFunction \(AWS::Lambda::Function\)/);
    expect(run.out).toContain(
      "vectora-inbox-s1-runtime-dev: failed: deploy ended in UPDATE_ROLLBACK_COMPLETE",
    );
    expect(run.out).toContain(
      "vectora-inbox-s1-runtime-dev: UPDATE_ROLLBACK_COMPLETE (updatable-after-failure)",
    );
    expect(run.out).toContain("The role defined for the function cannot be assumed by Lambda.");
    expect(run.out).toContain("lambda.amazonaws.com");
    expect(fake.functions.get(NAMES.engine)?.environment["LOG_LEVEL"]).toBe("INFO");
  });
});

describe("the deploy identity (s0-bootstrap)", () => {
  const SERVICE_ROLE = "arn:aws:iam::786469175371:role/vectora-inbox-cloudformation-dev";

  /** The bootstrap stack an administrator deployed once: its output names the CloudFormation service role. */
  function bootstrapped(fake: FakeAwsAccount) {
    const stack = fake.seedStack("vectora-inbox-s0-bootstrap-dev", { status: "CREATE_COMPLETE" });
    stack.outputs = { CloudFormationServiceRoleArn: SERVICE_ROLE };
  }

  it("runs every change set as the bootstrap's CloudFormation service role (RoleARN)", async () => {
    const { ws, fake, mocks } = scenario();
    bootstrapped(fake);
    ws.setParams({ LogLevel: "DEBUG" });
    const run = await deployDev(ws, "--yes");
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      `change sets run as ${SERVICE_ROLE} (vectora-inbox-s0-bootstrap-dev output CloudFormationServiceRoleArn)`,
    );
    const roles = mocks.cfn.commandCalls(CreateChangeSetCommand).map((c) => c.args[0].input.RoleARN);
    expect(roles).toEqual([SERVICE_ROLE, SERVICE_ROLE, SERVICE_ROLE]);
  });

  it("says when there is no bootstrap stack, and --role-arn wins over it", async () => {
    const { ws, fake, mocks } = scenario();
    ws.setParams({ LogLevel: "DEBUG" });
    const run = await deployDev(ws, "--stack", "s1-runtime", "--yes");
    expect(run.out).toContain(
      "no vectora-inbox-s0-bootstrap-dev stack: change sets run with the caller's own credentials",
    );
    expect(mocks.cfn.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.RoleARN).toBeUndefined();
    bootstrapped(fake);
    ws.setParams({ LogLevel: "WARN" });
    const other = "arn:aws:iam::786469175371:role/admin-cfn";
    await deployDev(ws, "--stack", "s1-runtime", "--yes", "--role-arn", other);
    expect(mocks.cfn.commandCalls(CreateChangeSetCommand)[1]?.args[0].input.RoleARN).toBe(other);
  });
});
