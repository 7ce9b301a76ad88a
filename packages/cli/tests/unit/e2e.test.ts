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
import { newsletterJson } from "../support/newsletter-document.js";

const lambda = mockClient(LambdaClient);

let dir: string;
let newsletters: FsBlobStore;
let data: FsBlobStore;

/**
 * A small fake of the deployed account: the engine "writes" the newsletter into the store when invoked, the way
 * the real engine Lambda does, and each function can be told to fail the way Lambda reports failures.
 */
function fakeFunctions(behaviour: {
  ingest?: "ok" | "400" | "crash";
  engine?: "ok" | "crash" | "writes-nothing" | "writes-other-json";
}) {
  lambda.on(InvokeCommand).callsFake(async (input: { FunctionName: string; Payload: Uint8Array }) => {
    const event = JSON.parse(new TextDecoder().decode(input.Payload));
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    /** How Lambda answers an invocation whose function threw: status 200, FunctionError, the error as payload. */
    const unhandled = (errorType: string, errorMessage: string) => ({
      StatusCode: 200,
      FunctionError: "Unhandled",
      Payload: encode({ errorType, errorMessage }),
    });
    if (input.FunctionName === "vectora-inbox-ingest-normalize-dev") {
      if (behaviour.ingest === "400")
        return { StatusCode: 200, Payload: encode({ statusCode: 400, error: "client_id: unknown client" }) };
      if (behaviour.ingest === "crash")
        return unhandled("Runtime.ImportModuleError", "Error: Cannot find package 'yaml'");
      // Ingest writes its run under the client's prefix, as the real one does.
      await data.put(layout.ingestedRun(event.client_id, event.as_of, "ing_1"), "{}\n");
      await data.put(layout.seenIndex(event.client_id), "{}");
      await data.put(layout.ledgerEntry(event.client_id, event.as_of), "{}");
      return { StatusCode: 200, Payload: encode({ client_id: event.client_id, new_items: 12 }) };
    }
    if (input.FunctionName === "vectora-inbox-engine-dev") {
      if (behaviour.engine === "crash")
        return unhandled("Sandbox.Timedout", "Task timed out after 300.00 seconds");
      if (behaviour.engine !== "writes-nothing")
        for (const ext of ["md", "html", "json"] as const)
          await newsletters.put(
            layout.newsletter(event.client_id, event.target_date, ext),
            ext !== "json"
              ? `newsletter ${ext}`
              : behaviour.engine === "writes-other-json"
                ? '{"sections":[]}'
                : JSON.stringify(newsletterJson(event.client_id, event.target_date)),
          );
      return { StatusCode: 200, Payload: encode({ items: 7 }) };
    }
    throw Object.assign(
      new Error(`Function not found: arn:aws:lambda:eu-west-3:123456789012:function:${input.FunctionName}`),
      {
        name: "ResourceNotFoundException",
      },
    );
  });
}

beforeEach(() => {
  lambda.reset();
  dir = mkdtempSync(join(tmpdir(), "vectora-e2e-"));
  newsletters = new FsBlobStore(join(dir, "newsletters"));
  data = new FsBlobStore(join(dir, "data"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const run = (clientId = "e2e_smoke") =>
  runE2e({
    env: "dev",
    clientId,
    targetDate: "2025-12-17",
    invoker: lambdaInvoker(new LambdaClient({ region: "eu-west-3" })),
    newsletters,
    data,
  });

describe("runE2e", () => {
  it("passes when both functions succeed and the three files land", async () => {
    fakeFunctions({});
    const result = await run();
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.step)).toEqual([
      "invoke vectora-inbox-ingest-normalize-dev",
      "invoke vectora-inbox-engine-dev",
      "newsletter files in the newsletters bucket",
      "clean up what the test wrote",
    ]);
    expect(result.steps[2]?.detail).toContain("e2e_smoke/2025/12/17/newsletter.html");
    // It deleted all it wrote: the three files, the ingest run and the seen index.
    expect(result.steps[3]?.detail).toMatch(
      /^deleted 3 under .*newsletters\/e2e_smoke\/, 1 under .*ingested\/e2e_smoke\/, 1 under .*index\/e2e_smoke\/, 1 under .*ledger\/e2e_smoke\/$/,
    );
    expect(await newsletters.list("")).toEqual([]);
    expect(await data.list("")).toEqual([]);
  });

  it("runs its own client only: a real newsletter's client is refused before anything is invoked", async () => {
    fakeFunctions({});
    await expect(run("lai_weekly")).rejects.toThrow(/runs only e2e clients \(e2e_\*\), not "lai_weekly"/);
    expect(lambda.commandCalls(InvokeCommand)).toEqual([]);
  });

  it("cleans up after a failure too", async () => {
    fakeFunctions({ engine: "writes-other-json" });
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.ok)).toEqual([true, true, false, true]);
    expect(await data.list("")).toEqual([]);
  });

  it("stops at ingest when it replies 400, naming the error", async () => {
    fakeFunctions({ ingest: "400" });
    const result = await run();
    expect(result.ok).toBe(false);
    // The failing step, then the clean-up.
    expect(result.steps.map((s) => s.step)).toEqual([
      "invoke vectora-inbox-ingest-normalize-dev",
      "clean up what the test wrote",
    ]);
    expect(result.steps[0]?.detail).toBe("replied 400: client_id: unknown client");
  });

  it("surfaces a function error with its type and message", async () => {
    fakeFunctions({ ingest: "crash" });
    const result = await run();
    // The live alias is what is invoked (what the schedules run), and the message says so.
    expect(result.steps[0]?.detail).toBe(
      "vectora-inbox-ingest-normalize-dev:live failed (Unhandled): Runtime.ImportModuleError: Error: Cannot find package 'yaml'",
    );
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Qualifier).toBe("live");
  });

  it("fails when the engine succeeds but writes no newsletter", async () => {
    fakeFunctions({ engine: "writes-nothing" });
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.steps[2]?.detail).toMatch(/^missing dir:.*e2e_smoke\/2025\/12\/17\/newsletter\.md$/);
  });

  it("fails when the newsletter JSON is not a newsletter document, naming the key and field", async () => {
    fakeFunctions({ engine: "writes-other-json" });
    const result = await run();
    expect(result.ok).toBe(false);
    expect(result.steps[2]?.detail).toMatch(
      /^e2e_smoke\/2025\/12\/17\/newsletter\.json is not a newsletter document: schema_version: /,
    );
  });

  it("reports an engine timeout", async () => {
    fakeFunctions({ engine: "crash" });
    const result = await run();
    expect(result.steps[1]?.ok).toBe(false);
    expect(result.steps[1]?.detail).toContain("Sandbox.Timedout: Task timed out after 300.00 seconds");
  });
});

describe("resolveE2eTargets", () => {
  it("takes the deployed names from the outputs file, else the naming convention", async () => {
    const { resolveE2eTargets } = await import("../../src/e2e/targets.js");
    const { writeOutputsFile } = await import("../../src/stack/outputs-file.js");
    const path = join(dir, "outputs-dev.json");
    const fallback = await resolveE2eTargets("dev", path);
    expect(fallback).toMatchObject({
      ingestFunction: "vectora-inbox-ingest-normalize-dev",
      engineFunction: "vectora-inbox-engine-dev",
      newslettersBucket: "vectora-inbox-newsletters-dev",
    });
    expect(fallback.source).toContain("naming convention");
    await writeOutputsFile(path, {
      env: "dev",
      savedAt: "2026-11-25T10:00:00.000Z",
      stacks: {},
      outputs: {
        IngestFunctionName: "ingest-blue-dev",
        EngineFunctionName: "engine-blue-dev",
        NewslettersBucketName: "nl-blue-dev",
        DataBucketName: "data-blue-dev",
      },
    });
    expect(await resolveE2eTargets("dev", path)).toEqual({
      ingestFunction: "ingest-blue-dev",
      engineFunction: "engine-blue-dev",
      newslettersBucket: "nl-blue-dev",
      dataBucket: "data-blue-dev",
      source: path,
    });
  });
});
