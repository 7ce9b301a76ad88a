/**
 * The built bundle (scripts/build.mjs → dist/handler.mjs) loads on its own in a fresh Node process: no missing
 * module after deploy, and a missing variable fails the cold start with its name.
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const PKG = resolve(import.meta.dirname, "../..");
const BUNDLE = join(PKG, "dist/handler.mjs");
const ENV = {
  ENV: "test",
  PROJECT_NAME: "vectora-inbox",
  CONFIG_BUCKET: "c-bucket",
  DATA_BUCKET: "d-bucket",
  LOG_LEVEL: "error",
};
const PROBE = `import(${JSON.stringify(BUNDLE)}).then(async (m) => console.log(JSON.stringify(await m.handler({ client_id: "lai_weekly", period_days: 0 }))), (e) => { console.log("INIT " + e.message); process.exitCode = 3; })`;

beforeAll(async () => {
  await run(process.execPath, [join(PKG, "scripts/build.mjs")], { cwd: PKG });
}, 120_000);

/** Runs the probe in a fresh process with only PATH and the given variables (no AWS credentials needed). */
async function probe(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, ["--no-warnings", "-e", PROBE], {
      env: { PATH: process.env["PATH"] ?? "", ...env },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe("dist/handler.mjs", () => {
  it("loads without node_modules resolution issues and answers a bad event with 400", async () => {
    const { code, stdout } = await probe(ENV);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim().split("\n").pop()!)).toEqual({
      statusCode: 400,
      error: "period_days: must be an integer from 1 to 366 (days), got 0",
    });
  });

  it("fails at init naming the missing variable", async () => {
    const { CONFIG_BUCKET: _gone, ...rest } = ENV;
    const { code, stdout } = await probe(rest);
    expect(code).toBe(3);
    expect(stdout).toMatch(/^INIT invalid Lambda environment: CONFIG_BUCKET is required but not set/);
  });

  it("refuses the local-e2e replay switch inside the Lambda runtime (AWS_LAMBDA_RUNTIME_API set)", async () => {
    const replay = { ...ENV, VECTORA_LOCAL_E2E_REPLAY_DIR: "/recordings" };
    const { code, stdout } = await probe({ ...replay, AWS_LAMBDA_RUNTIME_API: "127.0.0.1:9001" });
    expect(code).toBe(3);
    expect(stdout).toMatch(/^INIT VECTORA_LOCAL_E2E_REPLAY_DIR is set inside the Lambda runtime/);
    // Outside the runtime (the local invoker), the same bundle starts.
    expect((await probe(replay)).code).toBe(0);
  });
});
