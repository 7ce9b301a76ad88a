/**
 * `vectora run --as-of` / `--period-days` are checked by the weekly run's input schema (the one the Lambdas use):
 * as-of from 2000-01-01 to tomorrow UTC, 1–366 days; an error names the flag. Fixed clocks, so any TZ agrees.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { UsageError } from "../../src/cli-kit.js";
import { checkRunWindow } from "../../src/support/run-window.js";
import { captureIO, tempDirsPerTest } from "../support/cli.js";

const temps = tempDirsPerTest();

describe("checkRunWindow", () => {
  // Late on New Year's Eve UTC: already 1 January east of UTC, still 31 December west of it.
  const now = new Date("2025-12-31T23:30:00Z");

  it("accepts 2000-01-01 through tomorrow UTC, and 1 to 366 days", () => {
    for (const asOf of ["2000-01-01", "2025-12-17", "2026-01-01"])
      expect(() => checkRunWindow({ asOf, periodDays: undefined }, now), asOf).not.toThrow();
    for (const periodDays of [1, 366])
      expect(() => checkRunWindow({ asOf: "2025-12-17", periodDays }, now)).not.toThrow();
  });

  it("rejects an as-of before 2000-01-01 or after tomorrow UTC, naming the flag", () => {
    expect(() => checkRunWindow({ asOf: "1999-01-01", periodDays: undefined }, now)).toThrow(
      new UsageError("--as-of: 1999-01-01 is before 2000-01-01"),
    );
    expect(() => checkRunWindow({ asOf: "2026-01-02", periodDays: undefined }, now)).toThrow(
      new UsageError("--as-of: 2026-01-02 is after tomorrow (2026-01-01, UTC)"),
    );
  });

  it("names where an as-of not given by the flag came from", () => {
    expect(() =>
      checkRunWindow(
        { asOf: "1999-12-31", periodDays: undefined, asOfFrom: "as_of of rec/recording.json" },
        now,
      ),
    ).toThrow(/^as_of of rec\/recording\.json: 1999-12-31 is before 2000-01-01$/);
  });

  it("rejects a period outside 1–366 days, naming --period-days", () => {
    expect(() => checkRunWindow({ asOf: "2025-12-17", periodDays: 367 }, now)).toThrow(
      /^--period-days: must be an integer from 1 to 366 \(days\), got 367$/,
    );
  });
});

describe("vectora run with an as-of out of range", () => {
  it("exits 2 before reading anything, for 1999-01-01 and 2099-01-01", async () => {
    const dir = await temps.make("run-window");
    for (const [asOf, why] of [
      ["1999-01-01", "--as-of: 1999-01-01 is before 2000-01-01"],
      ["2099-01-01", "--as-of: 2099-01-01 is after tomorrow ("],
    ] as const) {
      const io = captureIO(dir);
      expect(await main(["run", "--as-of", asOf], io), asOf).toBe(2);
      expect(io.stderr()).toContain(why);
      expect(io.stdout()).toBe("");
    }
  });
});
