import { describe, expect, it } from "vitest";
import { parseStepEvent, stepSchemas, tomorrowUtc } from "../../../src/events/index.js";

const NOW = () => new Date("2026-01-05T06:00:00Z");
const ingest = (input: unknown) => parseStepEvent(input, "ingest", NOW);
const engine = (input: unknown) => parseStepEvent(input, "engine", NOW);

describe("the step event contract", () => {
  it("defaults each Lambda's action and keeps the shared field names", () => {
    expect(ingest({ client_id: "lai_weekly", as_of: "2025-12-17", period_days: 14 })).toEqual({
      ok: true,
      event: { action: "ingest", client_id: "lai_weekly", as_of: "2025-12-17", period_days: 14 },
    });
    expect(engine({ client_id: "lai_weekly" })).toEqual({
      ok: true,
      event: { action: "engine", client_id: "lai_weekly" },
    });
    // Step Functions cannot leave a field out: null is "not given".
    expect(
      engine({ action: "engine", client_id: "lai_weekly", as_of: "2025-12-17", period_days: null }).ok,
    ).toBe(true);
  });

  it("refuses a deliver event for an e2e client that is not a dry run (e2e never emails); real clients may send", () => {
    const deliver = { action: "deliver", client_id: "e2e_smoke", as_of: "2025-12-17" };
    const refusal = {
      ok: false,
      error: "dry_run: must be true for an end-to-end test client (e2e_*, here e2e_smoke): it never emails",
    };
    expect(engine(deliver)).toEqual(refusal);
    expect(engine({ ...deliver, dry_run: false })).toEqual(refusal);
    expect(engine({ ...deliver, dry_run: null, resend: true })).toEqual(refusal);
    expect(engine({ ...deliver, dry_run: true })).toMatchObject({ ok: true, event: { dry_run: true } });
    expect(engine({ ...deliver, client_id: "lai_weekly", dry_run: false }).ok).toBe(true);
  });

  it("answers out-of-range dates and periods with a 400 naming the field and the bound", () => {
    expect(engine({ client_id: "lai_weekly", as_of: "1999-12-31" })).toEqual({
      ok: false,
      error: "as_of: 1999-12-31 is before 2000-01-01",
    });
    expect(tomorrowUtc(NOW())).toBe("2026-01-06");
    expect(ingest({ client_id: "lai_weekly", as_of: "2026-01-06" }).ok).toBe(true);
    expect(ingest({ client_id: "lai_weekly", as_of: "2026-01-07" })).toEqual({
      ok: false,
      error: "as_of: 2026-01-07 is after tomorrow (2026-01-06, UTC)",
    });
    expect(engine({ client_id: "lai_weekly", period_days: 400 })).toEqual({
      ok: false,
      error: "period_days: must be an integer from 1 to 366 (days), got 400",
    });
    expect(engine({ client_id: "lai_weekly", period_days: 0 })).toMatchObject({
      ok: false,
      error: "period_days: must be an integer from 1 to 366 (days), got 0",
    });
    expect(engine({ client_id: "lai_weekly", period_days: "14" })).toEqual({
      ok: false,
      error: 'period_days: expected number, got "14"',
    });
    expect(engine({ client_id: "lai_weekly", as_of: "17/12/2025" })).toEqual({
      ok: false,
      error: "as_of: must be a date as YYYY-MM-DD",
    });
    expect(engine({})).toEqual({
      ok: false,
      error: "client_id: required (the client whose newsletter to write)",
    });
    expect(engine(null)).toMatchObject({ ok: false, error: expect.stringMatching(/^event: /) });
  });

  it("routes actions to their Lambda and names a misrouted or unknown one", () => {
    expect(ingest({ action: "deliver", client_id: "x", as_of: "2025-12-17" })).toEqual({
      ok: false,
      error: 'action: "deliver" is an action of the engine Lambda, not of ingest',
    });
    expect(engine({ action: "fly", client_id: "x" })).toEqual({
      ok: false,
      error: 'action: expected one of engine, deliver, summarize, watch, got "fly"',
    });
    expect(engine({ action: "watch" })).toEqual({ ok: true, event: { action: "watch" } });
  });

  it("validates the plan's run input under `input` and the shard's sources", () => {
    const plan = { action: "plan", shard_size: 5, started_at: "2026-01-05T06:00:00.123Z" };
    expect(ingest({ ...plan, input: { client_id: "lai_weekly", dry_run: true } }).ok).toBe(true);
    expect(ingest({ ...plan, input: { client_id: "lai_weekly", as_of: "2099-01-01" } })).toEqual({
      ok: false,
      error: "input.as_of: 2099-01-01 is after tomorrow (2026-01-06, UTC)",
    });
    expect(ingest({ ...plan, shard_size: 0, input: { client_id: "lai_weekly" } })).toMatchObject({
      error: "shard_size: must be an integer from 1 to 100 (sources per shard), got 0",
    });
    expect(ingest({ ...plan, input: { client_id: "lai_weekly", clientId: "x" } })).toEqual({
      ok: false,
      error: "unknown field clientId",
    });
    expect(
      ingest({
        action: "shard",
        client_id: "lai_weekly",
        as_of: "2025-12-17",
        shard: { index: 0, sources: [] },
      }),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/^shard\.sources: /) });
  });

  it("takes the engine's target_date as a deprecated alias of as_of", () => {
    expect(engine({ client_id: "lai_weekly", target_date: "2025-12-17" })).toMatchObject({
      ok: true,
      event: { target_date: "2025-12-17" },
    });
    expect(engine({ client_id: "lai_weekly", target_date: "2025-12-17", as_of: "2025-12-10" })).toEqual({
      ok: false,
      error:
        "target_date: deprecated alias of as_of, and both are given with different values (2025-12-17, 2025-12-10)",
    });
    expect(engine({ client_id: "lai_weekly", target_date: "1990-01-01" })).toEqual({
      ok: false,
      error: "target_date: 1990-01-01 is before 2000-01-01",
    });
  });

  it("is one schema per action for both Lambdas", () => {
    expect(Object.keys(stepSchemas()).sort()).toEqual(
      ["RunInput", "deliver", "engine", "ingest", "plan", "shard", "summarize", "watch"].sort(),
    );
  });
});
