/**
 * Scenario plumbing for the stack tests: an infra folder in a temp dir (the repo's real infra/ templates
 * when all are present, else the small copies in tests/fixtures/stacks/infra; VECTORA_STACK_TEST_TEMPLATES=
 * fixtures forces the copies), a fake account with the stacks deployed, and the CLI run in-process.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, onTestFinished } from "vitest";
import { parseTemplate, templateParameters } from "../../src/infra/index.js";
import { formatReleaseId } from "../../src/release/versions.js";
import { gatherParameters } from "../../src/stack/deploy.js";
import { REPO_ROOT, runVectora } from "./cli.js";
import { FakeAwsAccount } from "./fake-aws-account.js";

const REPO_INFRA = join(REPO_ROOT, "infra/");
const FIXTURE_INFRA = fileURLToPath(new URL("../fixtures/stacks/infra/", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("../fixtures/stacks/", import.meta.url));
export const ENV = "dev";
/** `vectora-inbox-<part>-dev`: how every stack and function of the scenarios' environment is named. */
const devName = (part: string) => `vectora-inbox-${part}-${ENV}`;
export const NAMES = {
  iam: devName("s0-iam"),
  core: devName("s0-core"),
  runtime: devName("s1-runtime"),
  ingest: devName("ingest-normalize"),
  engine: devName("engine"),
};

/** The keys of `vectora stack diagnose --json`'s verdict, in the order its contract fixes. */
export const VERDICT_KEYS = ["stack", "status", "state", "rootCause", "cause", "hint", "consoleUrl"];

function infraSource(): string {
  const real = ["s0-iam.yaml", "s0-core.yaml", "s1-runtime.yaml", "params/dev.json"].every((f) =>
    existsSync(join(REPO_INFRA, f)),
  );
  return real && process.env["VECTORA_STACK_TEST_TEMPLATES"] !== "fixtures" ? REPO_INFRA : FIXTURE_INFRA;
}

/** A working directory holding `infra/` (templates + params/dev.json); made inside a test, removed after it. */
export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), "vectora-stack-"));
  readonly infra = join(this.dir, "infra");
  constructor() {
    onTestFinished(() => rmSync(this.dir, { recursive: true, force: true }));
    cpSync(infraSource(), this.infra, { recursive: true });
  }
  template(key: "s0-iam" | "s0-core" | "s1-runtime"): string {
    return readFileSync(join(this.infra, `${key}.yaml`), "utf8");
  }
  params(): Record<string, string> {
    const raw = JSON.parse(readFileSync(join(this.infra, "params", "dev.json"), "utf8")) as {
      Parameters: Record<string, unknown>;
    };
    return Object.fromEntries(
      Object.entries(raw.Parameters).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : String(v)]),
    );
  }
  /** Rewrites params/dev.json with some values changed. */
  setParams(changes: Record<string, string>): void {
    const path = join(this.infra, "params", "dev.json");
    const raw = JSON.parse(readFileSync(path, "utf8")) as { Parameters: Record<string, unknown> };
    Object.assign(raw.Parameters, changes);
    writeFileSync(path, JSON.stringify(raw, null, 2));
  }
  write(name: string, content: unknown): string {
    const path = join(this.dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
    return path;
  }
  /** The code keys the params (or the template defaults) point at. */
  codeKeys(): { ingest: string; engine: string } {
    const p = this.params();
    return {
      ingest: p["IngestCodeKey"] ?? "ingest/latest.zip",
      engine: p["EngineCodeKey"] ?? "engine/latest.zip",
    };
  }
}

/** Runs `vectora …` in-process; resolves exit code and captured output. */
export function vectora(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runVectora(argv, cwd);
}

/** `vectora stack deploy --env dev <flags…> --poll-seconds 0` in the workspace: how every scenario deploys. */
export function deployDev(ws: Workspace, ...flags: string[]): ReturnType<typeof vectora> {
  return vectora(ws.dir, "stack", "deploy", "--env", "dev", ...flags, "--poll-seconds", "0");
}

/**
 * `vectora stack diagnose --env dev --stack <stack> <flags…>` in the workspace: how the live scenarios ask the
 * doctor about one stack (`--json` among the flags for the verdict as JSON).
 */
export function diagnoseDev(
  ws: Workspace,
  stack: "s0-iam" | "s0-core" | "s1-runtime",
  ...flags: string[]
): ReturnType<typeof vectora> {
  return vectora(ws.dir, "stack", "diagnose", "--env", "dev", "--stack", stack, ...flags);
}

/** Parameters as deploy would gather them: the params file, then upstream outputs. */
export function stackParams(fake: FakeAwsAccount, ws: Workspace, overrides: Record<string, string> = {}) {
  const upstream = { ...fake.stacks.get(NAMES.iam)?.outputs, ...fake.stacks.get(NAMES.core)?.outputs };
  return { ...ws.params(), ...upstream, ...overrides };
}

/**
 * s1-runtime's parameters exactly as `vectora stack deploy` sends them without a package manifest: the declared
 * ones only, and the ReleaseId it computes (so redeploying the same files is an empty change set).
 */
export function runtimeParams(fake: FakeAwsAccount, ws: Workspace, overrides: Record<string, string> = {}) {
  const template = parseTemplate(ws.template("s1-runtime"), "s1-runtime.yaml");
  const upstream = { ...fake.stacks.get(NAMES.iam)?.outputs, ...fake.stacks.get(NAMES.core)?.outputs };
  const declared = templateParameters(template).map((p) => p.name);
  const params = gatherParameters(declared, { ...ws.params(), ...overrides }, upstream);
  return { ...params, ReleaseId: formatReleaseId(undefined, undefined, params) };
}

/** An account where the three stacks were deployed healthy, with the code zips uploaded. */
export function healthyAccount(ws: Workspace): FakeAwsAccount {
  const fake = new FakeAwsAccount();
  fake.deployNow(NAMES.iam, ws.template("s0-iam"), stackParams(fake, ws));
  fake.deployNow(NAMES.core, ws.template("s0-core"), stackParams(fake, ws));
  const codeBucket = fake.stacks.get(NAMES.core)!.outputs["LambdaCodeBucketName"]!;
  const keys = ws.codeKeys();
  fake.putObject(codeBucket, keys.ingest, 1_874_233);
  fake.putObject(codeBucket, keys.engine, 1_402_918);
  fake.deployNow(NAMES.runtime, ws.template("s1-runtime"), runtimeParams(fake, ws));
  return fake;
}

/**
 * The seed (Dec 2025): a healthy account whose s1-runtime was then updated to reserve 5 concurrent executions
 * per function on an account capped at 10; the update failed and rolled back, leaving UPDATE_ROLLBACK_COMPLETE.
 */
export function seedAccount(ws: Workspace): FakeAwsAccount {
  const fake = healthyAccount(ws);
  fake.deployNow(
    NAMES.runtime,
    ws.template("s1-runtime"),
    stackParams(fake, ws, { ReservedConcurrency: "5" }),
  );
  return fake;
}

/**
 * A failed first create of s0-core: an account holding only s0-iam and an orphan data bucket left by an earlier
 * stack, where creating s0-core then failed on that bucket and rolled back (ROLLBACK_COMPLETE).
 */
export function failedCoreCreateAccount(ws: Workspace): FakeAwsAccount {
  const fake = healthyAccount(ws);
  fake.stacks.delete(NAMES.core);
  fake.stacks.delete(NAMES.runtime);
  fake.buckets.clear();
  fake.buckets.add("vectora-inbox-data-dev");
  fake.deployNow(NAMES.core, ws.template("s0-core"), stackParams(fake, ws));
  return fake;
}

/**
 * An account whose s1-runtime is UPDATE_ROLLBACK_FAILED: an update failed (deprecated runtime), then its
 * rollback failed too (the role cannot be assumed), leaving EngineFunction as the blocker to skip.
 */
export function stuckRollbackAccount(ws: Workspace): FakeAwsAccount {
  const fake = healthyAccount(ws);
  const stack = fake.stacks.get(NAMES.runtime)!;
  const role =
    'Resource handler returned message: "The role defined for the function cannot be assumed by Lambda. (Service: Lambda, Status Code: 400, Request ID: 93b1f6d2-4c8e-4a7f-b0d3-6e2a9c5f1b74)" (RequestToken: 1f5e9a3c-7b2d-4c6e-8a0f-d3b7c1e9f245, HandlerErrorCode: InvalidRequest)';
  const runtime =
    'Resource handler returned message: "The runtime parameter of nodejs16.x is no longer supported for creating or updating AWS Lambda functions. We recommend you use a supported runtime while creating or updating functions. (Service: Lambda, Status Code: 400, Request ID: 2a7c9e41-5d3f-4b8a-91e6-c4d0f7a2b853)" (RequestToken: e8d1c4b7-0a3f-4e29-b6c5-7f9a2d1e3c80, HandlerErrorCode: InvalidRequest)';
  const fn = "AWS::Lambda::Function";
  const self = "AWS::CloudFormation::Stack";
  /** EngineFunction's update fails for `reason`, and the stack moves on to `stackStatus` because of it. */
  const engineUpdateFails = (reason: string, stackStatus: string) => {
    fake.event(stack, "EngineFunction", fn, "UPDATE_IN_PROGRESS", undefined, NAMES.engine);
    fake.event(stack, "EngineFunction", fn, "UPDATE_FAILED", reason, NAMES.engine);
    fake.event(
      stack,
      NAMES.runtime,
      self,
      stackStatus,
      "The following resource(s) failed to update: [EngineFunction].",
    );
  };
  fake.event(stack, NAMES.runtime, self, "UPDATE_IN_PROGRESS", "User Initiated");
  engineUpdateFails(runtime, "UPDATE_ROLLBACK_IN_PROGRESS");
  engineUpdateFails(role, "UPDATE_ROLLBACK_FAILED");
  stack.status = "UPDATE_ROLLBACK_FAILED";
  stack.rollbackBlockers.set("EngineFunction", { type: fn, physicalId: NAMES.engine, reason: role });
  return fake;
}

/** A scenario's workspace, its fake account, and the mocks that account installed. */
export interface Scenario {
  ws: Workspace;
  fake: FakeAwsAccount;
  mocks: ReturnType<FakeAwsAccount["install"]>;
}

/**
 * How the scenarios start: call at the top of a test file (it restores the real clients after each test), then
 * `scenario(account)` inside a test makes a workspace, the account `account` builds in it (`healthyAccount` by
 * default, or `seedAccount`, `stuckRollbackAccount`…) and installs that account's mocks. The mocks read the
 * account when called, so a test may still change the account afterwards.
 */
export function fakeAccountScenarios(): (account?: (ws: Workspace) => FakeAwsAccount) => Scenario {
  let installed: Scenario["mocks"] | undefined;
  afterEach(() => {
    installed?.restore();
    installed = undefined;
  });
  return (account = healthyAccount) => {
    const ws = new Workspace();
    const fake = account(ws);
    installed = fake.install();
    return { ws, fake, mocks: installed };
  };
}
