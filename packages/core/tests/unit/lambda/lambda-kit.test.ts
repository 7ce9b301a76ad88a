import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../../src/config/issues.js";
import {
  badRequest,
  bucketVariable,
  DEADLINE_MARGIN_MS,
  deadlineFromContext,
  EnvError,
  jsonLogger,
  LogLevelVariable,
  lazyHandler,
  loadLambdaConfig,
  parseEvent,
  readEnv,
} from "../../../src/lambda/index.js";
import { tempStore } from "../../support/ingest-fixtures.js";

const Env = z.object({
  ENV: z.string({ error: "ENV is not set" }),
  DATA_BUCKET: bucketVariable("DATA_BUCKET"),
  LOG_LEVEL: LogLevelVariable,
});

describe("readEnv", () => {
  it("validates, treating an empty string as missing", () => {
    expect(readEnv(Env, { ENV: "dev", DATA_BUCKET: "vectora-data-dev", LOG_LEVEL: "WARN" })).toEqual({
      ENV: "dev",
      DATA_BUCKET: "vectora-data-dev",
      LOG_LEVEL: "warn",
    });
    expect(readEnv(Env, { ENV: "dev", DATA_BUCKET: "vectora-data-dev", LOG_LEVEL: "" }).LOG_LEVEL).toBe(
      "info",
    );
  });

  it("throws one EnvError naming every bad variable, in the schema's words where it names the variable", () => {
    let error: unknown;
    try {
      readEnv(Env, { ENV: "", DATA_BUCKET: "Not_A_Bucket", LOG_LEVEL: "loud" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variables).toEqual(["ENV", "DATA_BUCKET", "LOG_LEVEL"]);
    expect((error as Error).message).toMatch(
      /^invalid Lambda environment: ENV is not set; DATA_BUCKET must be an S3 bucket name .*; LOG_LEVEL: /,
    );
    expect(() => readEnv(Env, { ENV: "dev" })).toThrow("DATA_BUCKET is required but not set");
  });

  it("accepts bucket names S3 accepts and nothing else", () => {
    const schema = bucketVariable("B");
    for (const ok of ["abc", "vectora-inbox-data-dev", "a.b-c"])
      expect(schema.safeParse(ok).success).toBe(true);
    for (const bad of ["ab", "Upper", "-dash", "dash-", "under_score", "x".repeat(64)])
      expect(schema.safeParse(bad).success, bad).toBe(false);
  });
});

describe("parseEvent", () => {
  const Event = z
    .object({ client_id: z.string({ error: "required (the client)" }), period_days: z.number().optional() })
    .strict();

  it("returns the event", () => {
    expect(parseEvent(Event, { client_id: "lai_weekly" })).toEqual({
      ok: true,
      event: { client_id: "lai_weekly" },
    });
  });

  it("names every bad field, showing a wrongly typed value, and keeps the schema's own words", () => {
    expect(parseEvent(Event, { client_id: "x", period_days: "7", clientId: "y" })).toEqual({
      ok: false,
      error: 'period_days: expected number, got "7"; unknown field clientId',
    });
    expect(parseEvent(Event, {})).toEqual({ ok: false, error: "client_id: required (the client)" });
    expect(parseEvent(z.object({ a: z.number() }), {})).toEqual({
      ok: false,
      error: "a: expected number, got nothing (field is missing)",
    });
    expect(parseEvent(Event, null)).toEqual({ ok: false, error: "event: expected object, got null" });
  });

  it("answers the 400 shape", () => {
    expect(badRequest("client_id: unknown")).toEqual({ statusCode: 400, error: "client_id: unknown" });
  });
});

describe("jsonLogger", () => {
  it("writes one JSON object per line at or above the level, with the common fields", () => {
    const lines: Array<[string, string]> = [];
    const log = jsonLogger({
      level: "warn",
      fields: { env: "dev" },
      write: (line, level) => lines.push([level, line]),
    });
    log("info", "quiet");
    log("warn", "loud", { source_key: "s" });
    log("error", "louder");
    expect(lines.map(([level]) => level)).toEqual(["warn", "error"]);
    expect(JSON.parse(lines[0]![1])).toEqual({ level: "warn", message: "loud", env: "dev", source_key: "s" });
  });
});

describe("lazyHandler", () => {
  it("builds the handler on the first event only", async () => {
    const build = vi.fn(() => async (event: number) => event * 2);
    const handler = lazyHandler(build);
    expect(build).not.toHaveBeenCalled();
    expect(await handler(1)).toBe(2);
    expect(await handler(2)).toBe(4);
    expect(build).toHaveBeenCalledTimes(1);
  });
});

describe("lazyHandler passes the Lambda context through; deadlineFromContext", () => {
  it("hands the context to the built handler", async () => {
    const handler = lazyHandler(
      () => async (event: number, context?: { getRemainingTimeInMillis(): number }) =>
        event + (context?.getRemainingTimeInMillis() ?? 0),
    );
    expect(await handler(1, { getRemainingTimeInMillis: () => 41 })).toBe(42);
  });

  it("keeps a margin before Lambda's timeout, a quarter of a short remaining time, and honours a shorter budget", () => {
    const now = 1_000_000;
    const left = (ms: number) => ({ getRemainingTimeInMillis: () => ms });
    expect(deadlineFromContext(left(600_000), now)).toBe(now + 600_000 - DEADLINE_MARGIN_MS);
    expect(DEADLINE_MARGIN_MS).toBe(15_000);
    expect(deadlineFromContext(left(8_000), now)).toBe(now + 6_000);
    expect(deadlineFromContext(left(600_000), now, 60_000)).toBe(now + 60_000);
    expect(deadlineFromContext(left(20_000), now, 60_000)).toBe(now + 15_000);
    expect(deadlineFromContext(undefined, now)).toBeUndefined();
    expect(deadlineFromContext(undefined, now, 5_000)).toBe(now + 5_000);
  });
});

describe("loadLambdaConfig", () => {
  it("logs a missing or malformed snapshot's issues, naming the file under the store, and rethrows", async () => {
    const store = await tempStore("lambda-config");
    const lines: unknown[][] = [];
    const log = (...line: unknown[]) => lines.push(line);
    const missing = await loadLambdaConfig(store, log).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ConfigError);
    const file = `${store.location}/config.snapshot.json`;
    expect(lines).toEqual([
      ["error", "invalid config", { issues: [expect.objectContaining({ file, path: "" })] }],
    ]);
    expect((missing as ConfigError).issues[0]!.message).toMatch(/file is missing: .*vectora config sync/);

    await store.put("config.snapshot.json", "{ not json");
    lines.length = 0;
    await expect(loadLambdaConfig(store, log)).rejects.toBeInstanceOf(ConfigError);
    expect(lines).toEqual([["error", "invalid config", { issues: [expect.objectContaining({ file })] }]]);
  });
});
