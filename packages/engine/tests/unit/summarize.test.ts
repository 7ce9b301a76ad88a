/**
 * The summarize action always answers with a subject and a message — even when its event is refused — because the
 * state machine's Notify reads `$.summary.subject` and `$.summary.message`, and a missing path there is a
 * States.Runtime error that no Catch catches. It needs no config and no S3 call.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { createHandler } from "../../src/create-handler.js";
import { engineEnv } from "../support/engine-env.js";

const handler = createHandler({
  env: engineEnv("prod", "error"),
  // Never called by summarize: an endpoint nothing listens on would fail the test if it were.
  s3Client: new S3Client({ region: "eu-west-3", endpoint: "http://127.0.0.1:9", maxAttempts: 1 }),
  log: () => {},
});

describe("engine summarize action", () => {
  it("a refused event (400) still carries ok=false, an ASCII subject and a message naming the field", async () => {
    const reply = (await handler({
      action: "summarize",
      run: { input: { client_id: "lai_weekly" } },
      execution: "x".repeat(3000),
    })) as unknown as Record<string, unknown>;
    expect(reply["statusCode"]).toBe(400);
    expect(reply["ok"]).toBe(false);
    expect(reply["notify"]).toBe(true);
    expect(reply["subject"]).toMatch(/^\[vectora prod\] lai_weekly FAILED/);
    expect(String(reply["subject"]).length).toBeLessThanOrEqual(100);
    expect(reply["subject"]).toMatch(/^[\x20-\x7e]+$/);
    expect(reply["message"]).toContain("execution");
  });

  it("a refused event without a run object still has a subject and message", async () => {
    const reply = (await handler({ action: "summarize" })) as unknown as Record<string, unknown>;
    expect(reply).toMatchObject({ statusCode: 400, ok: false, notify: true });
    expect(typeof reply["subject"]).toBe("string");
    expect(typeof reply["message"]).toBe("string");
  });

  it("an e2e client's summary is not published (notify=false); a real client's is", async () => {
    const run = (client_id: string) => ({
      action: "summarize",
      run: { input: { client_id }, plan: { Error: "Lambda.Unknown", Cause: "boom" } },
    });
    expect(await handler(run("e2e_smoke"))).toMatchObject({ statusCode: 200, ok: false, notify: false });
    expect(await handler(run("lai_weekly"))).toMatchObject({ statusCode: 200, ok: false, notify: true });
  });
});
