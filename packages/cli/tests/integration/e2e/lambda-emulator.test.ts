/**
 * The local Lambda emulator runs a zip's handler as the Node.js runtime would: a fresh process in the unzipped
 * task directory, the function's environment plus the runtime's variables (never AWS_LAMBDA_RUNTIME_API), a
 * context counting down to the deadline, a thrown error reported as Lambda reports it, a timeout enforced.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { strToU8 } from "fflate";
import { afterEach, describe, expect, it } from "vitest";
import { type EmulatedFunction, lambdaEmulator } from "../../../src/e2e/local/lambda-emulator.js";
import { deterministicZip } from "../../../src/package/deterministic-zip.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

function zipOf(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), "vectora-emu-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "fn.zip");
  writeFileSync(path, deterministicZip({ "handler.mjs": strToU8(source) }));
  return path;
}

function emulate(source: string, overrides: Partial<EmulatedFunction> = {}) {
  const fn: EmulatedFunction = {
    name: "probe-local",
    zipPath: zipOf(source),
    handler: "handler.handler",
    environment: { CONFIG_BUCKET: "cfg" },
    timeoutSeconds: 30,
    memoryMb: 1024,
    runtime: "nodejs22.x",
    ...overrides,
  };
  const emulator = lambdaEmulator([fn], { region: "eu-west-3", environment: { SHARED: "yes" } });
  cleanup.push(() => emulator.dispose());
  return emulator;
}

describe("lambdaEmulator", () => {
  it("calls handler.handler with the event, a counting-down context and the function's environment", async () => {
    const emulator = emulate(`
      export const handler = async (event, context) => {
        const before = context.getRemainingTimeInMillis();
        await new Promise((r) => setTimeout(r, 50));
        return {
          event,
          functionName: context.functionName,
          memory: context.memoryLimitInMB,
          requestId: context.awsRequestId,
          countsDown: before > context.getRemainingTimeInMillis() && before <= 30000,
          env: { cfg: process.env.CONFIG_BUCKET, shared: process.env.SHARED, tz: process.env.TZ,
                 runtimeApi: process.env.AWS_LAMBDA_RUNTIME_API ?? null, taskRoot: process.env.LAMBDA_TASK_ROOT,
                 cwd: process.cwd() === process.env.LAMBDA_TASK_ROOT },
        };
      };`);
    const reply = (await emulator.invoke("probe-local", { client_id: "e2e_smoke" })) as Record<
      string,
      unknown
    >;
    expect(reply).toMatchObject({
      event: { client_id: "e2e_smoke" },
      functionName: "probe-local",
      memory: "1024",
      countsDown: true,
      env: { cfg: "cfg", shared: "yes", tz: ":UTC", runtimeApi: null, cwd: true },
    });
    expect(reply["requestId"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("reports a thrown error as Lambda does (Unhandled, errorType: errorMessage)", async () => {
    const emulator = emulate(`export const handler = async () => { throw new TypeError("no bucket"); };`);
    await expect(emulator.invoke("probe-local", {})).rejects.toThrow(
      "probe-local failed (Unhandled): TypeError: no bucket",
    );
  });

  it("fails an import error at init, naming it, and a zip without the handler export", async () => {
    await expect(
      emulate(`import "yaml"; export const handler = () => 1;`).invoke("probe-local", {}),
    ).rejects.toThrow(/Cannot find package 'yaml'/);
    await expect(emulate(`export const other = () => 1;`).invoke("probe-local", {})).rejects.toThrow(
      "Runtime.HandlerNotFound: handler.mjs does not export handler",
    );
  });

  it("kills the function at its deadline with Lambda's timeout message", async () => {
    const emulator = emulate(`export const handler = () => new Promise(() => setInterval(() => {}, 1000));`, {
      timeoutSeconds: 1,
    });
    const started = Date.now();
    await expect(emulator.invoke("probe-local", {})).rejects.toThrow(
      "probe-local failed (Unhandled): Sandbox.Timedout: Task timed out after 1.00 seconds",
    );
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
