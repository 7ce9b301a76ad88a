import { EnvError as EngineEnvError } from "@vectora/core/lambda";
import { describe, expect, it } from "vitest";
import { readEngineEnv } from "../../src/env.js";
import { parseEngineEvent } from "../../src/event.js";

const GOOD = {
  ENV: "dev",
  PROJECT_NAME: "vectora-inbox",
  CONFIG_BUCKET: "vectora-inbox-config-dev",
  DATA_BUCKET: "vectora-inbox-data-dev",
  NEWSLETTERS_BUCKET: "vectora-inbox-newsletters-dev",
  BEDROCK_MODEL_ID: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
  LOG_LEVEL: "INFO",
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

  it("names the bad field", () => {
    expect(parseEngineEvent({})).toEqual({
      ok: false,
      error: "client_id: required (the client whose newsletter to write)",
    });
    expect(parseEngineEvent({ client_id: "lai_weekly", target_date: "17/12/2025" })).toEqual({
      ok: false,
      error: "target_date: must be a date as YYYY-MM-DD",
    });
    expect(parseEngineEvent({ client_id: "lai_weekly", period_days: "7" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^period_days: /),
    });
    expect(parseEngineEvent({ clientId: "lai_weekly", client_id: "x" })).toEqual({
      ok: false,
      error: "unknown field clientId",
    });
    expect(parseEngineEvent(null)).toMatchObject({ ok: false, error: expect.stringMatching(/^event: /) });
  });
});
