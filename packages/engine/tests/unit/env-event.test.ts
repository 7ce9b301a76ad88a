import { EnvError as EngineEnvError } from "@vectora/core/lambda";
import { describe, expect, it } from "vitest";
import { readEngineEnv } from "../../src/env.js";
import { parseEngineEvent } from "../../src/event.js";
import { engineEnv } from "../support/engine-env.js";

const GOOD = {
  ...engineEnv("dev", "INFO"),
  BEDROCK_MODEL_ID: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
};

describe("readEngineEnv", () => {
  it("accepts the operators' variables, any-case LOG_LEVEL, and treats an empty BEDROCK_MODEL_ID as rules-only", () => {
    expect(readEngineEnv(GOOD)).toMatchObject({ LOG_LEVEL: "info", BEDROCK_MODEL_ID: GOOD.BEDROCK_MODEL_ID });
    expect(readEngineEnv({ ...GOOD, BEDROCK_MODEL_ID: "", LOG_LEVEL: undefined })).toMatchObject({
      BEDROCK_MODEL_ID: undefined,
      LOG_LEVEL: "info",
    });
    expect(readEngineEnv({ ...GOOD, BEDROCK_MODEL_ID: "off" }).BEDROCK_MODEL_ID).toBeUndefined();
  });

  it("names every missing or invalid variable", () => {
    const { DATA_BUCKET: _d, ENV: _e, ...rest } = GOOD;
    let error: unknown;
    try {
      readEngineEnv({ ...rest, NEWSLETTERS_BUCKET: "Not_A_Bucket", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineEnvError);
    const message = (error as Error).message;
    expect(message).toContain("ENV is not set");
    expect(message).toContain("DATA_BUCKET is not set");
    expect(message).toContain("NEWSLETTERS_BUCKET must be an S3 bucket name");
    expect(message).toMatch(/LOG_LEVEL: /);
  });
});

describe("parseEngineEvent", () => {
  it("accepts {client_id, period_days?, as_of?} (target_date: deprecated alias) as the default engine action", () => {
    expect(parseEngineEvent({ client_id: "lai_weekly" })).toEqual({
      ok: true,
      event: { action: "engine", client_id: "lai_weekly" },
    });
    expect(parseEngineEvent({ client_id: "lai_weekly", period_days: 14, target_date: "2025-12-17" }).ok).toBe(
      true,
    );
  });

  it.each([
    { name: "no client_id", event: {}, error: "client_id: required (the client whose newsletter to write)" },
    {
      name: "a target_date not as YYYY-MM-DD",
      event: { client_id: "lai_weekly", target_date: "17/12/2025" },
      error: "target_date: must be a date as YYYY-MM-DD",
    },
    {
      name: "period_days as a string",
      event: { client_id: "lai_weekly", period_days: "7" },
      error: /^period_days: /,
    },
    {
      name: "an unknown field",
      event: { clientId: "lai_weekly", client_id: "x" },
      error: "unknown field clientId",
    },
    { name: "an event that is not an object", event: null, error: /^event: / },
  ])("names the bad field: $name", ({ event, error }) => {
    expect(parseEngineEvent(event)).toEqual({
      ok: false,
      error: typeof error === "string" ? error : expect.stringMatching(error),
    });
  });
});
