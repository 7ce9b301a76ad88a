import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { layout } from "@vectora/core";
import { FsBlobStore } from "@vectora/core/adapters";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lambdaInvoker } from "../../src/e2e/lambda-invoker.js";
import { runE2e } from "../../src/e2e/run-e2e.js";

const lambda = mockClient(LambdaClient);
let dir: string;
let newsletters: FsBlobStore;

/**
 * A small fake of the deployed account: the engine "writes" the newsletter into the store when invoked, the way
 * the real engine Lambda does, and each function can be told to fail the way Lambda reports failures.
 */
function fakeFunctions(behaviour: { ingest?: "ok" | "400" | "crash"; engine?: "ok" | "crash" | "writes-nothing" }) {
  lambda.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: Uint8Array }) => {
    const event = JSON.parse(new TextDecoder().decode(input.Payload));
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    if (input.FunctionName === "vectora-inbox-ingest-normalize-dev") {
      if (behaviour.ingest === "400") return { StatusCode: 200, Payload: encode({ statusCode: 400, error: "client_id: unknown client" }) };
      if (behaviour.ingest === "crash")
        return {
          StatusCode: 200,
          FunctionError: "Unhandled",
          Payload: encode({ errorType: "Runtime.ImportModuleError", errorMessage: "Error: Cannot find package 'yaml'" }),
        };
      return { StatusCode: 200, Payload: encode({ client_id: event.client_id, new_items: 12 }) };
    }
    if (input.FunctionName === "vectora-inbox-engine-dev") {
      if (behaviour.engine === "crash")
        return { StatusCode: 200, FunctionError: "Unhandled", Payload: encode({ errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 300.00 seconds" }) };
      if (behaviour.engine !== "writes-nothing")
        for (const ext of ["md", "html", "json"] as const)
          await newsletters.put(layout.newsletter(event.client_id, event.target_date, ext), ext === "json" ? '{"sections":[]}' : `newsletter ${ext}`);
      return { StatusCode: 200, Payload: encode({ items: 7 }) };
    }
    throw Object.assign(new Error(`Function not found: arn:aws:lambda:eu-west-3:123456789012:function:${input.FunctionName}`), {
      name: "ResourceNotFoundException",
    });
  });
}

beforeEach(() => {
  lambda.reset();
  dir = mkdtempSync(join(tmpdir(), "vectora-e2e-"));
  newsletters = new FsBlobStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = () =>
  runE2e({ env: "dev", clientId: "lai_weekly", targetDate: "2025-12-17", invoker: lambdaInvoker(new LambdaClient({ region: "eu-west-3" })), newsletters });

describe("runE2e", () => {
  it("passes when both functions succeed and the three files land", async () => {
    fakeFunctions({});
    const result = await run();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.step)).toEqual([
      "invoke vectora-inbox-ingest-normalize-dev",
      "invoke vectora-inbox-engine-dev",
      "newsletter files in the newsletters bucket",
    ]);
    expect(result.steps[2]?.detail).toContain("lai_weekly/2025/12/17/newsletter.html");
  });

  it("stops at ingest when it replies 400, naming the error", async () => {
    fakeFunctions({ ingest: "400" });
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]?.detail).toBe("replied 400: client_id: unknown client");
  });

  it("surfaces a function error with its type and message", async () => {
    fakeFunctions({ ingest: "crash" });
    const result = await run();
    expect(result.steps[0]?.detail).toBe(
      "vectora-inbox-ingest-normalize-dev failed (Unhandled): Runtime.ImportModuleError: Error: Cannot find package 'yaml'",
    );
  });

  it("fails when the engine succeeds but writes no newsletter", async () => {
    fakeFunctions({ engine: "writes-nothing" });
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.steps[2]?.detail).toMatch(/^missing dir:.*lai_weekly\/2025\/12\/17\/newsletter\.md$/);
  });

  it("reports an engine timeout", async () => {
    fakeFunctions({ engine: "crash" });
    const result = await run();
    expect(result.steps[1]?.ok).toBe(false);
    expect(result.steps[1]?.detail).toContain("Sandbox.Timedout: Task timed out after 300.00 seconds");
  });
});
