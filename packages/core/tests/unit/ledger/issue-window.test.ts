import { describe, expect, it } from "vitest";
import { describeWindowBasis, issueWindow } from "../../../src/ledger/issue-window.js";

const WEEKLY = { cadence_days: 7, max_days: 35, late_days: 14 };
const plan = (
  asOf: string,
  previousAsOf: string | undefined,
  extra: { explicit?: number; late?: number } = {},
) =>
  issueWindow({
    asOf,
    previousAsOf,
    periodDays: 14,
    settings: { ...WEEKLY, ...(extra.late === undefined ? {} : { late_days: extra.late }) },
    ...(extra.explicit === undefined ? {} : { explicitPeriodDays: extra.explicit }),
  });

describe("issueWindow", () => {
  it("gives a first issue the client's period_days, and nothing can be late yet", () => {
    expect(plan("2025-12-10", undefined)).toEqual({
      from: "2025-11-27",
      to: "2025-12-10",
      basis: { kind: "first_issue", period_days: 14 },
      late: null,
      read: { from: "2025-11-27", to: "2025-12-10" },
      seenFrom: "2025-11-27",
    });
  });

  it("runs from the day after the previous issue, with the late days before it", () => {
    expect(plan("2025-12-17", "2025-12-10")).toEqual({
      from: "2025-12-11",
      to: "2025-12-17",
      basis: { kind: "since_previous", previous_as_of: "2025-12-10" },
      late: { from: "2025-11-27", to: "2025-12-10" },
      read: { from: "2025-11-27", to: "2025-12-17" },
      seenFrom: "2025-11-27",
    });
  });

  it("makes consecutive issues cover consecutive days, across month and year ends", () => {
    const dates = [
      "2025-12-17",
      "2025-12-24",
      "2025-12-31",
      "2026-01-07",
      "2026-02-04",
      "2026-03-04",
      "2026-03-08",
    ];
    for (let i = 1; i < dates.length; i++) {
      const w = plan(dates[i]!, dates[i - 1]);
      const dayAfter = new Date(Date.parse(`${dates[i - 1]}T00:00:00Z`) + 86_400_000)
        .toISOString()
        .slice(0, 10);
      expect(w.from, dates[i]).toBe(dayAfter);
      expect(w.to).toBe(dates[i]);
    }
    expect(plan("2024-03-01", "2024-02-28").from).toBe("2024-02-29");
  });

  it("catches up a missed week: the next issue covers both weeks, and says why", () => {
    const w = plan("2025-12-17", "2025-12-03");
    expect(w).toMatchObject({
      from: "2025-12-04",
      to: "2025-12-17",
      basis: { kind: "catch_up", previous_as_of: "2025-12-03", days_since: 14, capped_at_days: null },
      late: { from: "2025-11-20", to: "2025-12-03" },
    });
    expect(describeWindowBasis(w.basis, (d) => d)).toBe(
      "a catch-up after a gap: 14 days since the issue of 2025-12-03",
    );
  });

  it("caps a catch-up at window.max_days; the late days then stop at the previous issue", () => {
    const w = plan("2026-03-04", "2025-12-17");
    expect(w).toMatchObject({
      from: "2026-01-29",
      to: "2026-03-04",
      basis: { kind: "catch_up", days_since: 77, capped_at_days: 35 },
      late: { from: "2025-12-04", to: "2025-12-17" },
    });
    expect(describeWindowBasis(w.basis, (d) => d)).toMatch(/capped at 35 days \(older news left out\)$/);
    // A cap shorter than the late days' reach leaves no late days at all beyond the previous issue.
    const capped = issueWindow({
      asOf: "2026-03-04",
      previousAsOf: "2025-12-17",
      periodDays: 14,
      settings: { cadence_days: 7, max_days: 35, late_days: 0 },
    });
    expect(capped.late).toBeNull();
    expect(capped.read).toEqual({ from: "2026-01-29", to: "2026-03-04" });
  });

  it("lets an explicit period_days override the window, and still takes late arrivals before it", () => {
    const w = plan("2025-12-17", "2025-12-10", { explicit: 3 });
    expect(w).toMatchObject({
      from: "2025-12-15",
      to: "2025-12-17",
      basis: { kind: "explicit_period", period_days: 3, previous_as_of: "2025-12-10" },
      late: { from: "2025-11-27", to: "2025-12-10" },
    });
    // An explicit window reaching back over the previous issue leaves late only what lies before it.
    expect(plan("2025-12-17", "2025-12-10", { explicit: 10 }).late).toEqual({
      from: "2025-11-27",
      to: "2025-12-07",
    });
    expect(plan("2025-12-17", undefined, { explicit: 1 })).toMatchObject({
      from: "2025-12-17",
      read: { from: "2025-12-17", to: "2025-12-17" },
      basis: { kind: "explicit_period", previous_as_of: null },
    });
  });

  it("records runs as seen at least late_days back, even when its own window is shorter", () => {
    const w = issueWindow({ asOf: "2025-12-10", previousAsOf: undefined, periodDays: 7, settings: WEEKLY });
    expect(w.read).toEqual({ from: "2025-12-04", to: "2025-12-10" });
    expect(w.seenFrom).toBe("2025-11-27");
    // So the next issue's late days lie inside what this one recorded as seen.
    const next = issueWindow({
      asOf: "2025-12-17",
      previousAsOf: "2025-12-10",
      periodDays: 7,
      settings: WEEKLY,
    });
    expect(next.late!.from >= w.seenFrom).toBe(true);
  });

  it("turns late arrivals off with late_days: 0", () => {
    expect(plan("2025-12-17", "2025-12-10", { late: 0 })).toMatchObject({
      late: null,
      read: { from: "2025-12-11", to: "2025-12-17" },
    });
  });

  it("rejects a previous issue that is not before this one, and malformed dates or periods", () => {
    expect(() => plan("2025-12-10", "2025-12-10")).toThrow(/must be before this one/);
    expect(() => plan("2025-12-10", "2025-12-17")).toThrow(/must be before this one/);
    expect(() => plan("17/12/2025", undefined)).toThrow(/ISO date/);
    expect(() => plan("2025-12-17", undefined, { explicit: 0 })).toThrow(
      /period_days must be a positive integer/,
    );
  });

  it("words every basis for the footer", () => {
    const long = (d: string) => `<${d}>`;
    expect(describeWindowBasis({ kind: "first_issue", period_days: 14 }, long)).toBe(
      "the client's first issue (14 days)",
    );
    expect(describeWindowBasis({ kind: "since_previous", previous_as_of: "2025-12-10" }, long)).toBe(
      "since the issue of <2025-12-10>",
    );
    expect(
      describeWindowBasis({ kind: "explicit_period", period_days: 30, previous_as_of: null }, long),
    ).toBe("30 days, set explicitly (period_days)");
  });
});
