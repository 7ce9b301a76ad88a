import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { parseTemplate } from "../../../src/infra/index.js";
import { checkReservation, unreservedFloor } from "../../../src/stack/concurrency.js";
import { readAccountSettings } from "../../../src/stack/dumps.js";
import {
  checkBucketName,
  checkCodeObject,
  checkConcurrency,
  checkDeclaredAccount,
  checkParameters,
  checkTemplateSize,
  UNZIPPED_LIMIT,
} from "../../../src/stack/preflight.js";
import { bucketNamesOf, codeObjectsOf, reservationsOf } from "../../../src/stack/template-refs.js";
import { FIXTURES, vectora } from "../../support/stack-scenario.js";
import { INFRA_DIR } from "../infra/helpers.js";

const LIMIT_10 = { concurrentExecutions: 10, unreservedConcurrentExecutions: 10 };
const LIMIT_1000 = { concurrentExecutions: 1000, unreservedConcurrentExecutions: 1000 };

const runtime = parseTemplate(
  `
Parameters:
  Env: { Type: String }
  LambdaCodeBucketName: { Type: String }
  EngineCodeKey: { Type: String, Default: engine/latest.zip }
  ReservedConcurrency: { Type: Number, Default: 0 }
Conditions:
  HasReservedConcurrency: !Not [!Equals [!Ref ReservedConcurrency, "0"]]
Resources:
  DataBucket:
    Type: AWS::S3::Bucket
    Properties: { BucketName: !Sub "vectora-inbox-data-\${Env}" }
  EngineFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "vectora-inbox-engine-\${Env}"
      Role: arn:aws:iam::786469175371:role/engine
      Code: { S3Bucket: !Ref LambdaCodeBucketName, S3Key: !Ref EngineCodeKey }
      ReservedConcurrentExecutions: !If [HasReservedConcurrency, !Ref ReservedConcurrency, !Ref AWS::NoValue]
`,
  "inline-s1.yaml",
);

describe("the unreserved floor", () => {
  it("is min(100, limit): 100 on standard accounts, the whole limit on a 10-limit account", () => {
    expect(unreservedFloor(LIMIT_1000)).toBe(100);
    expect(unreservedFloor(LIMIT_10)).toBe(10);
    expect(unreservedFloor({ concurrentExecutions: 50, unreservedConcurrentExecutions: 50 })).toBe(50);
  });

  it("lets no reservation through on a 10-limit account, and up to limit − 100 on a 1000 one", () => {
    expect(checkReservation(LIMIT_10, 1).ok).toBe(false);
    expect(checkReservation(LIMIT_10, 0).ok).toBe(true);
    expect(checkReservation(LIMIT_1000, 900).ok).toBe(true);
    expect(checkReservation(LIMIT_1000, 901)).toMatchObject({ ok: false, floor: 100, unreservedAfter: 99 });
  });

  it("counts what the same functions already reserve back into the pool", () => {
    const account = { concurrentExecutions: 1000, unreservedConcurrentExecutions: 150 };
    expect(checkReservation(account, 100).ok).toBe(false);
    expect(checkReservation(account, 100, 50).ok).toBe(true);
  });
});

describe("checkConcurrency on a template", () => {
  it("fails a reservation on the seed's account and names the AWS error it prevents", () => {
    const check = checkConcurrency(runtime, { Env: "dev", ReservedConcurrency: "5" }, LIMIT_10);
    expect(check.level).toBe("fail");
    expect(check.message).toContain("vectora-inbox-engine-dev 5");
    expect(check.message).toContain("ANY reservation fails");
    expect(check.message).toContain("below its minimum value of [10].");
    expect(check.fix).toContain("ReservedConcurrency to 0");
  });

  it("passes when the condition drops the reservation, or the account is large enough", () => {
    expect(checkConcurrency(runtime, { Env: "dev", ReservedConcurrency: "0" }, LIMIT_10).level).toBe("pass");
    expect(checkConcurrency(runtime, { Env: "dev", ReservedConcurrency: "5" }, LIMIT_1000).level).toBe(
      "pass",
    );
    expect(reservationsOf(runtime, { Env: "dev", ReservedConcurrency: "5" })).toEqual([
      { logicalId: "EngineFunction", reserved: 5, functionName: "vectora-inbox-engine-dev" },
    ]);
  });
});

describe("code objects, buckets, parameters, size", () => {
  const ref = codeObjectsOf(runtime, {
    Env: "dev",
    LambdaCodeBucketName: "vectora-inbox-lambda-code-dev",
  })[0]!;

  it("resolves the code location and bucket names from the parameters", () => {
    expect(ref).toEqual({
      logicalId: "EngineFunction",
      functionName: "vectora-inbox-engine-dev",
      bucket: "vectora-inbox-lambda-code-dev",
      key: "engine/latest.zip",
    });
    expect(bucketNamesOf(runtime, { Env: "dev" })).toEqual([
      { logicalId: "DataBucket", name: "vectora-inbox-data-dev" },
    ]);
    expect(codeObjectsOf(runtime, { Env: "dev" })[0]?.bucket).toBeUndefined();
  });

  it("fails a missing zip, warns over 50 MB, fails over 250 MB", () => {
    expect(checkCodeObject(ref, undefined)).toMatchObject({ level: "fail" });
    expect(checkCodeObject(ref, undefined).message).toContain(
      "s3://vectora-inbox-lambda-code-dev/engine/latest.zip does not exist",
    );
    expect(checkCodeObject(ref, { contentLength: 1_402_918, metadata: {} }).level).toBe("pass");
    expect(checkCodeObject(ref, { contentLength: 60 * 1024 * 1024, metadata: {} }).level).toBe("warn");
    expect(checkCodeObject(ref, { contentLength: UNZIPPED_LIMIT + 1, metadata: {} }).level).toBe("fail");
    expect(
      checkCodeObject(ref, {
        contentLength: 40 * 1024 * 1024,
        metadata: { "unzipped-size": String(300 * 1024 * 1024) },
      }).level,
    ).toBe("fail");
    expect(checkCodeObject({ logicalId: "X" }, undefined).level).toBe("skip");
  });

  it("fails a required parameter without a value unless an earlier stack provides it", () => {
    expect(checkParameters(runtime, { Env: "dev" })).toMatchObject({
      level: "fail",
      message: expect.stringContaining("LambdaCodeBucketName"),
    });
    expect(checkParameters(runtime, { Env: "dev" }, ["LambdaCodeBucketName"]).level).toBe("pass");
  });

  it("fails a value CloudFormation would refuse, naming the parameter and the constraint", () => {
    const bounded = parseTemplate(
      `
Parameters:
  MemorySize: { Type: Number, Default: 1024, MinValue: 128, MaxValue: 10240 }
  Stage: { Type: String, Default: dev, AllowedValues: [dev, prod] }
  Prefix: { Type: String, Default: vi, MinLength: 2, MaxLength: 8, AllowedPattern: "[a-z-]+" }
Resources:
  Topic: { Type: AWS::SNS::Topic }
`,
      "bounded.yaml",
    );
    expect(checkParameters(bounded, { MemorySize: "1024", Stage: "prod", Prefix: "vi" }).level).toBe("pass");
    const check = checkParameters(bounded, { MemorySize: "99999", Stage: "qa", Prefix: "vectora-inbox" });
    expect(check.level).toBe("fail");
    expect(check.message).toContain("MemorySize: 99999 is above MaxValue 10240");
    expect(check.message).toContain('Stage: "qa" is not one of dev, prod');
    expect(check.message).toContain('Prefix: "vectora-inbox" is 13 characters, above MaxLength 8');
    expect(checkParameters(bounded, { Prefix: "v" }).message).toContain("below MinLength 2");
    expect(checkParameters(bounded, { Prefix: "V1" }).message).toContain("does not match AllowedPattern");
  });

  it("warns when the params file's declared account limit is not the account's", () => {
    expect(checkDeclaredAccount({ concurrentExecutions: 10 }, LIMIT_10).level).toBe("pass");
    const stale = checkDeclaredAccount({ concurrentExecutions: 10 }, LIMIT_1000);
    expect(stale.level).toBe("warn");
    expect(stale.fix).toContain('"ConcurrentExecutions": 1000');
  });

  it("fails bucket names already taken, and templates over the TemplateBody limit", () => {
    expect(checkBucketName("DataBucket", "vectora-inbox-data-dev", "absent").level).toBe("pass");
    expect(checkBucketName("DataBucket", "vectora-inbox-data-dev", "owned").message).toContain(
      "already exists in this account",
    );
    expect(checkBucketName("DataBucket", "vectora-inbox-data-dev", "foreign").fix).toContain(
      "another bucket name",
    );
    expect(checkTemplateSize("x".repeat(51_201)).level).toBe("fail");
  });
});

describe("offline `vectora stack preflight`", () => {
  const template = join(FIXTURES, "infra", "s1-runtime.yaml");
  it("fails the reserving params on the seed's account, passes the fixed ones", async () => {
    const args = (params: string, settings: string) => [
      "stack",
      "preflight",
      "--template",
      template,
      "--params",
      join(FIXTURES, "infra", "params", params),
      "--account-settings",
      join(FIXTURES, settings),
      "--json",
    ];
    const bad = await vectora(FIXTURES, ...args("dev-reserved.json", "account-settings-limit-10.json"));
    expect(bad.code).toBe(1);
    const verdict = JSON.parse(bad.out);
    expect(verdict.ok).toBe(false);
    expect(verdict.checks.find((c: { id: string }) => c.id === "concurrency").level).toBe("fail");
    expect((await vectora(FIXTURES, ...args("dev.json", "account-settings-limit-10.json"))).code).toBe(0);
    expect(
      (await vectora(FIXTURES, ...args("dev-reserved.json", "account-settings-limit-1000.json"))).code,
    ).toBe(0);
  });

  it("refuses IngestMemorySize=99999 in the real s1-runtime, and judges concurrency by the declared account", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vectora-preflight-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const real = JSON.parse(readFileSync(join(INFRA_DIR, "params", "dev.json"), "utf8"));
    const write = (name: string, parameters: Record<string, string>, account?: object) => {
      const path = join(dir, name);
      const { Account: _declared, ...rest } = real;
      const body = { ...rest, Parameters: { ...real.Parameters, ...parameters } };
      writeFileSync(path, JSON.stringify(account === undefined ? body : { ...body, Account: account }));
      return path;
    };
    const run = (params: string) =>
      vectora(
        dir,
        "stack",
        "preflight",
        "--template",
        join(INFRA_DIR, "s1-runtime.yaml"),
        "--params",
        params,
      );
    const tooBig = await run(write("big.json", { IngestMemorySize: "99999" }, { ConcurrentExecutions: 10 }));
    expect(tooBig.code).toBe(1);
    expect(tooBig.out).toContain("IngestMemorySize: 99999 is above MaxValue 10240");
    const reserving = await run(
      write("res.json", { ReservedConcurrency: "1" }, { ConcurrentExecutions: 10 }),
    );
    expect(reserving.code).toBe(1);
    expect(reserving.err).toContain("declared Account.ConcurrentExecutions=10");
    expect(reserving.out).toContain("below its minimum value of [10].");
    const ok = await run(write("ok.json", {}, { ConcurrentExecutions: 10 }));
    expect(ok.code).toBe(0);
    // What the state machine can run at once is counted and said, and fits the seed's 10 with the defaults.
    expect(ok.out).toContain(
      "WeeklyStateMachine: 1 scheduled execution(s) × (Map 2 + engine 1 + plan/deliver 1) + 1 freshness watch = 5 ≤ unreserved floor 10 (account limit 10)",
    );
    const wide = await run(write("wide.json", { MapMaxConcurrency: "9" }, { ConcurrentExecutions: 10 }));
    expect(wide.code).toBe(1);
    expect(wide.out).toContain("= 12 > unreserved floor 10 (account limit 10): shards would be throttled");
    // Neither --account-settings nor a declared account: the usage says what is missing.
    const neither = await run(write("none.json", {}));
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('"Account": {"ConcurrentExecutions": N}');
  });

  it("reads both account-settings shapes and names the one it read", async () => {
    const real = await readAccountSettings(join(FIXTURES, "account-settings-limit-10.json"));
    expect(real.account).toEqual(LIMIT_10);
    expect(real.source).toContain("AccountLimit.ConcurrentExecutions=10");
    const simple = await readAccountSettings(join(FIXTURES, "account-settings-seed-simplified.json"));
    expect(simple.account).toEqual(LIMIT_10);
    expect(simple.source).toContain("simplified shape");
    await expect(readAccountSettings(join(FIXTURES, "seed-s1-runtime.events.json"))).rejects.toThrow(
      /seed-s1-runtime\.events\.json: not lambda get-account-settings JSON/,
    );
  });
});
