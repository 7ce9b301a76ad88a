import { describe, expect, it } from "vitest";
import { addDays, findDate, parseDate } from "../../../src/ingest/dates.js";
import { issueWindow } from "../../../src/ledger/issue-window.js";

describe("parseDate", () => {
  it.each([
    ["iso", "2025-12-09", "2025-12-09"],
    ["iso", "2025-08-15T11:33:54+02:00", "2025-08-15"],
    ["iso", "2025-12-09T23:30:00Z", "2025-12-09"],
    ["rfc822", "Tue, 09 Dec 2025 14:30:00 GMT", "2025-12-09"],
    ["rfc822", "Wed, 17 Dec 2025 22:30:00 -0500", "2025-12-17"],
    ["rfc822", "9 Dec 2025 08:00:00 +0000", "2025-12-09"],
    ["MMMM d, yyyy", "December 9, 2025", "2025-12-09"],
    ["MMMM d, yyyy", "December 9th, 2025", "2025-12-09"],
    ["MMMM d, yyyy", "August 1st, 2025", "2025-08-01"],
    ["MMMM d, yyyy", "May 22nd, 2025", "2025-05-22"],
    ["MMMM d, yyyy", "June 3rd 2025", "2025-06-03"],
    ["MMM d, yyyy", "Dec 9, 2025", "2025-12-09"],
    ["MMM d, yyyy", "Sept. 30, 2025", "2025-09-30"],
    ["d MMMM, yyyy", "10 December, 2025", "2025-12-10"],
    ["d MMMM yyyy", "9 December 2025", "2025-12-09"],
    ["yyyy.MM.dd", "2025.12.09", "2025-12-09"],
    ["dd.MM.yyyy", "09.12.2025", "2025-12-09"],
  ] as const)("%s reads %j as %s", (format, text, expected) => {
    expect(parseDate(text, [format])).toBe(expected);
  });

  it.each([
    ["31 February 2025", "d MMMM yyyy"],
    ["2025-13-01", "iso"],
    ["2025.02.30", "yyyy.MM.dd"],
    ["Smarch 3, 2025", "MMMM d, yyyy"],
    ["", "iso"],
    ["soon", "iso"],
    ["December 9, 2025", "yyyy.MM.dd"],
  ] as const)("rejects %j with %s", (text, format) => {
    expect(parseDate(text, [format])).toBeUndefined();
  });

  it("does not read dd.MM.yyyy as yyyy.MM.dd or the other way round", () => {
    expect(parseDate("09.12.2025", ["yyyy.MM.dd"])).toBeUndefined();
    expect(parseDate("2025.12.09", ["dd.MM.yyyy"])).toBeUndefined();
  });
});

describe("findDate", () => {
  it("finds the first date inside glued text (the MedinCell and DelSiTech quirks)", () => {
    expect(findDate("Half-Year ResultsDecember 9, 2025December 9, 2025", ["MMMM d, yyyy"])).toBe(
      "2025-12-09",
    );
    expect(findDate("PRESSRELEASES 10 December, 2025 Nanexa and Moderna", ["d MMMM, yyyy"])).toBe(
      "2025-12-10",
    );
    expect(
      findDate("Essi Nevo 2025-08-15T11:33:54+02:00 August 15th, 2025 | Read More", ["iso", "MMMM d, yyyy"]),
    ).toBe("2025-08-15");
  });

  it("prefers the earliest position across formats", () => {
    expect(findDate("published 2025.12.01, updated December 9, 2025", ["MMMM d, yyyy", "yyyy.MM.dd"])).toBe(
      "2025-12-01",
    );
  });

  it("ignores digits that only look like dates and answers undefined when there is no date", () => {
    expect(findDate("Version 12025.12.091 of the report", ["yyyy.MM.dd"])).toBeUndefined();
    expect(findDate("Medincell at a glance: our pipeline", ["MMMM d, yyyy", "iso"])).toBeUndefined();
  });
});

describe("windows", () => {
  // What ingest reads for a client's first issue (no earlier issue in the ledger): period_days ending on as_of.
  const firstIssue = (asOf: string, periodDays: number) => {
    const w = issueWindow({
      asOf,
      previousAsOf: undefined,
      periodDays,
      settings: { cadence_days: 7, max_days: 35, late_days: 1 },
    });
    return { from: w.read.from, to: w.read.to };
  };
  it("covers [as_of - period + 1, as_of], across month and year ends", () => {
    expect(firstIssue("2025-12-17", 14)).toEqual({ from: "2025-12-04", to: "2025-12-17" });
    expect(firstIssue("2026-01-03", 7)).toEqual({ from: "2025-12-28", to: "2026-01-03" });
    expect(firstIssue("2025-12-17", 1)).toEqual({ from: "2025-12-17", to: "2025-12-17" });
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(() => firstIssue("2025-12-17", 0)).toThrow(/period_days/);
    expect(() => addDays("17/12/2025", 1)).toThrow(/YYYY-MM-DD/);
  });
});
