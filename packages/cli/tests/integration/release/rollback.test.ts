/**
 * Versions, the live alias and `vectora rollback`, against the stateful fake account: CloudFormation publishes a
 * version per deploy (AWS::Lambda::Version, retained) and moves `live`; the CLI moves it back through the real
 * Lambda client (UpdateAlias), prunes old versions, and a later deploy neither silently undoes the rollback nor
 * breaks on it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeAwsAccount } from "../../support/fake-aws-account.js";
import {
  deployDev,
  fakeAccountScenarios,
  healthyAccount,
  NAMES,
  runtimeParams,
  vectora,
  Workspace,
} from "../../support/stack-scenario.js";

const scenario = fakeAccountScenarios();
const FUNCTIONS = [NAMES.ingest, NAMES.engine];

/** A zip's hashes: hex (what the packager records in S3 metadata) and Lambda's base64 CodeSha256. */
function zipHashes(label: string) {
  const digest = createHash("sha256").update(label).digest();
  return { hex: digest.toString("hex"), base64: digest.toString("base64") };
}

/** Uploads new zips for both functions (as `vectora package --upload` would) and returns their keys and hashes. */
function uploadRelease(fake: FakeAwsAccount, tag: string) {
  const bucket = fake.stacks.get(NAMES.core)!.outputs["LambdaCodeBucketName"]!;
  const release = {
    ingest: { key: `ingest/${tag}.zip`, ...zipHashes(`ingest ${tag}`) },
    engine: { key: `engine/${tag}.zip`, ...zipHashes(`engine ${tag}`) },
  };
  for (const fn of [release.ingest, release.engine])
    fake.putObject(bucket, fn.key, 212_000, { sha256: fn.hex, "unzipped-size": "800000" });
  return release;
}

/** Deploys new code to s1-runtime directly in the fake (another deploy, done): both functions publish a version. */
function deployRelease(fake: FakeAwsAccount, ws: Workspace, tag: string) {
  const release = uploadRelease(fake, tag);
  fake.deployNow(
    NAMES.runtime,
    ws.template("s1-runtime"),
    runtimeParams(fake, ws, { IngestCodeKey: release.ingest.key, EngineCodeKey: release.engine.key }),
  );
  return release;
}

const live = (fake: FakeAwsAccount, fn: string) => fake.functions.get(fn)?.aliases.get("live")?.version;
const versions = (fake: FakeAwsAccount, fn: string) => fake.functions.get(fn)?.versions.map((v) => v.version);

/** A manifest as `vectora package` writes it, for the zips of a release (the deploy reads keys and hashes). */
function writeManifest(ws: Workspace, release: ReturnType<typeof uploadRelease>, commit: string): void {
  mkdirSync(join(ws.dir, "dist", "lambda"), { recursive: true });
  const entry = (name: "ingest" | "engine") => ({
    name,
    zipPath: `${name}.zip`,
    s3Key: release[name].key,
    sha256: release[name].hex,
    codeSha256: release[name].base64,
    zipBytes: 212_000,
    unzippedBytes: 800_000,
    budget: { maxZipBytes: 300_000, maxUnzippedBytes: 1_200_000 },
    withinBudget: true,
    smokeTest: { ok: true, detail: "handler exported" },
  });
  writeFileSync(
    join(ws.dir, "dist", "lambda", "manifest.json"),
    JSON.stringify({ commit, dirty: false, functions: [entry("ingest"), entry("engine")] }),
  );
}

describe("versions published by the stack", () => {
  it("publishes version 1 on create and points live at it; the schedules target the alias", () => {
    const ws = new Workspace();
    const fake = healthyAccount(ws);
    for (const fn of FUNCTIONS) {
      expect(versions(fake, fn)).toEqual(["1"]);
      expect(live(fake, fn)).toBe("1");
    }
    const outputs = fake.stacks.get(NAMES.runtime)!.outputs;
    expect(outputs["IngestAliasArn"]).toBe(
      "arn:aws:lambda:eu-west-3:786469175371:function:vectora-inbox-ingest-normalize-dev:live",
    );
    expect(outputs["EnginePublishedVersion"]).toBe("1");
    // The state machine invokes both aliases; the freshness watch targets the engine's.
    const runtime = fake.stacks.get(NAMES.runtime)!.resources;
    const machine = runtime.get("WeeklyStateMachine")!.properties as {
      DefinitionSubstitutions: Record<string, string>;
    };
    expect(machine.DefinitionSubstitutions["IngestAliasArn"]).toBe(outputs["IngestAliasArn"]);
    expect(machine.DefinitionSubstitutions["EngineAliasArn"]).toBe(outputs["EngineAliasArn"]);
    const watch = runtime.get("FreshnessWatchSchedule")!.properties as { Target: { Arn: string } };
    expect(watch.Target.Arn).toBe(outputs["EngineAliasArn"]);
  });

  it("publishes nothing new when neither code nor configuration changed (Lambda returns the last version)", () => {
    const ws = new Workspace();
    const fake = healthyAccount(ws);
    fake.deployNow(NAMES.runtime, ws.template("s1-runtime"), {
      ...runtimeParams(fake, ws),
      ReleaseId: "commit=0123456789abcdef0123456789abcdef01234567 params=000000000000",
    });
    expect(versions(fake, NAMES.ingest)).toEqual(["1"]);
    expect(live(fake, NAMES.ingest)).toBe("1");
  });
});

describe("vectora rollback", () => {
  it("publish 2 versions, roll back: live points at the first, and the output says from → to", async () => {
    const { ws, fake } = scenario();
    const second = deployRelease(fake, ws, "v2");
    for (const fn of FUNCTIONS) expect(live(fake, fn)).toBe("2");
    const first = fake.functions.get(NAMES.ingest)!.versions[0]!;

    const run = await vectora(ws.dir, "rollback", "--env", "dev");
    expect(run.code).toBe(0);
    for (const fn of FUNCTIONS) expect(live(fake, fn)).toBe("1");
    expect(run.out).toContain(`${NAMES.ingest}: live 2 → 1`);
    expect(run.out).toContain(`  from 2  CodeSha256 ${second.ingest.base64}  commit=unknown params=`);
    expect(run.out).toContain(`  to   1  CodeSha256 ${first.codeSha256}  ${first.description}`);
    expect(run.out).toContain(`${NAMES.engine}: live 2 → 1`);
    expect(run.out).toContain("rolled back 2 function(s) in dev");
    // The versions are still there: rolling forward again is one command.
    const forward = await vectora(ws.dir, "rollback", "--env", "dev", "--function", "ingest", "--to", "2");
    expect(forward.code).toBe(0);
    expect(live(fake, NAMES.ingest)).toBe("2");
    expect(live(fake, NAMES.engine)).toBe("1");
  });

  it("refuses, moving nothing, when one function has no earlier version", async () => {
    const { ws, fake } = scenario();
    const run = await vectora(ws.dir, "rollback", "--env", "dev");
    expect(run.code).toBe(1);
    expect(run.out).toContain("rollback refused, no alias was moved:");
    expect(run.out).toContain(`${NAMES.ingest}: no published version before 1: nothing to roll back to`);
    expect(fake.calls).not.toContain("Lambda.UpdateAlias");
  });

  it("goes to the version a commit published, and names what it cannot find", async () => {
    const { ws, fake } = scenario();
    for (const [tag, commit] of [
      ["v2", "2222222222222222222222222222222222222222"],
      ["v3", "3333333333333333333333333333333333333333"],
    ] as const) {
      writeManifest(ws, uploadRelease(fake, tag), commit);
      const deployed = await deployDev(ws, "--stack", "s1-runtime", "--yes");
      expect(deployed.code, deployed.out).toBe(0);
    }
    expect(live(fake, NAMES.engine)).toBe("3");
    const back = await vectora(ws.dir, "rollback", "--env", "dev", "--to", "2222222");
    expect(back.code, back.out).toBe(0);
    expect(live(fake, NAMES.ingest)).toBe("2");
    expect(back.out).toContain("commit=2222222222222222222222222222222222222222 params=");
    const unknown = await vectora(ws.dir, "rollback", "--env", "dev", "--to", "abcdef1");
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("no version was published from commit abcdef1");
    const missing = await vectora(ws.dir, "rollback", "--env", "dev", "--to", "9");
    expect(missing.out).toContain("no version 9 (published: 1, 2, 3)");
  });

  it("prunes beyond --keep-versions, never the live version nor the one before it", async () => {
    const { ws, fake } = scenario();
    for (let n = 2; n <= 8; n++) deployRelease(fake, ws, `v${n}`);
    // Live goes back to 2: 1 (before it) and 2 (live) are protected, as are the 3 newest.
    const run = await vectora(
      ws.dir,
      "rollback",
      "--env",
      "dev",
      "--to",
      "2",
      "--function",
      "ingest",
      "--keep-versions",
      "3",
    );
    expect(run.code).toBe(0);
    expect(versions(fake, NAMES.ingest)).toEqual(["1", "2", "6", "7", "8"]);
    expect(run.out).toContain(
      `${NAMES.ingest}: pruned version(s) 3, 4, 5 (kept the newest 3, live (2) and the one before it)`,
    );
    expect((await vectora(ws.dir, "rollback", "--env", "dev", "--keep-versions", "1")).code).toBe(2);
  });

  it("fails UpdateAlias conditionally when the alias moved after it was read", async () => {
    const { ws, fake, mocks } = scenario();
    deployRelease(fake, ws, "v2");
    const { GetAliasCommand } = await import("@aws-sdk/client-lambda");
    // Someone moves the alias between our read and our write: the revision we hold is stale.
    mocks.lambda.on(GetAliasCommand).callsFake((input) => {
      const read = fake.lambda.getAlias(input);
      fake.lambda.updateAlias({ FunctionName: input.FunctionName, Name: "live", FunctionVersion: "2" });
      return read;
    });
    const run = await vectora(ws.dir, "rollback", "--env", "dev", "--function", "engine");
    expect(run.code).toBe(1);
    expect(run.out).toContain("The Revision Id provided does not match the latest Revision Id");
  });
});

describe("a deploy after a rollback", () => {
  it("keeps the rollback when it publishes nothing new, and says live is not the manifest's zip", async () => {
    const { ws, fake } = scenario();
    const bad = uploadRelease(fake, "bad");
    writeManifest(ws, bad, "badbadbadbadbadbadbadbadbadbadbadbadbad0");
    expect((await deployDev(ws, "--stack", "s1-runtime", "--yes")).code).toBe(0);
    expect(live(fake, NAMES.ingest)).toBe("2");
    expect((await vectora(ws.dir, "rollback", "--env", "dev")).code).toBe(0);
    expect(live(fake, NAMES.ingest)).toBe("1");

    // Re-running the same deploy: the change set is empty, the alias stays where the rollback put it …
    const again = await deployDev(ws, "--stack", "s1-runtime", "--yes");
    expect(live(fake, NAMES.ingest)).toBe("1");
    // … and validation says so instead of passing silently.
    expect(again.code).toBe(1);
    expect(again.out).toContain(`FAIL ${NAMES.ingest}:live: → version 1`);
    expect(again.out).toContain(
      `not the manifest's zip (${bad.ingest.base64}). The alias was moved outside CloudFormation (a rollback)`,
    );
    expect(again.out).toContain("`vectora rollback --env dev --function ingest --to 2` moves it forward");
  });

  it("moves live forward to the new version when a fixed release is deployed, without breaking on pruned versions", async () => {
    const { ws, fake } = scenario();
    for (let n = 2; n <= 4; n++) deployRelease(fake, ws, `v${n}`);
    expect((await vectora(ws.dir, "rollback", "--env", "dev", "--keep-versions", "2")).code).toBe(0);
    // Live went back to 3: 3 and the one before it (2) stay, as do the 2 newest (3, 4); 1 goes.
    expect(versions(fake, NAMES.engine)).toEqual(["2", "3", "4"]);
    writeManifest(ws, uploadRelease(fake, "fixed"), "f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1f1");
    const run = await deployDev(ws, "--stack", "s1-runtime", "--yes");
    expect(run.code).toBe(0);
    for (const fn of FUNCTIONS) expect(live(fake, fn)).toBe("5");
    expect(run.out).toMatch(/Modify +IngestVersion \(AWS::Lambda::Version\) replacement: True/);
    expect(run.out).toContain(`ok   ${NAMES.ingest}:live: → version 5`);
    // The replaced version 4 was retained (UpdateReplacePolicy), so the way back is still there.
    expect(versions(fake, NAMES.engine)).toEqual(["2", "3", "4", "5"]);
  });

  it("refuses to publish a version whose code is not the manifest's (CodeSha256 precondition)", async () => {
    const { ws, fake } = scenario();
    const release = uploadRelease(fake, "v2");
    // The manifest claims other bytes than the object holds (a zip swapped after CI tested it).
    writeManifest(
      ws,
      { ...release, ingest: { ...release.ingest, ...zipHashes("tampered") } },
      "0".repeat(40),
    );
    const run = await deployDev(ws, "--stack", "s1-runtime", "--yes");
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      `CodeSHA256 (${zipHashes("tampered").base64}) is different from current CodeSHA256 in $LATEST (${release.ingest.base64}).`,
    );
    expect(fake.stacks.get(NAMES.runtime)?.status).toBe("UPDATE_ROLLBACK_COMPLETE");
    expect(live(fake, NAMES.ingest)).toBe("1");
  });
});
