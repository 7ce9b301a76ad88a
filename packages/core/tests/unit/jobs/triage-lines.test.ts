import { describe, expect, it } from "vitest";
import { triageDate, triageJsonLines } from "../../../src/jobs/triage-lines.js";
import { testWatch } from "../../support/engine-fixtures.js";

/** The same Nanexa licence release, once per line, with `published_at` as the real pages write it. */
function line(n: number, publishedAt: string | undefined): string {
  return JSON.stringify({
    source_key: "press_corporate__nanexa",
    source_type: "press_corporate",
    title: `Nanexa and Moderna enter into license and option agreement number ${n} for PharmaShell-based products`,
    url: `https://nanexa.com/mfn_news/licence-${n}/`,
    content: `Nanexa will receive an upfront payment of USD ${n} million.`,
    ...(publishedAt === undefined ? {} : { published_at: publishedAt }),
  });
}

describe("triage dates (the ingest date formats, never a skipped line)", () => {
  it("reads ISO and every format of the real pages, and flags what it cannot read", () => {
    expect(triageDate("2025-12-09")).toEqual({ date: "2025-12-09" });
    expect(triageDate("2025-12-09T10:00:00Z")).toEqual({ date: "2025-12-09T10:00:00Z" });
    expect(triageDate("December 9, 2025")).toEqual({ date: "2025-12-09" });
    expect(triageDate("9 December, 2025")).toEqual({ date: "2025-12-09" });
    expect(triageDate("2025.12.09")).toEqual({ date: "2025-12-09" });
    expect(triageDate("sometime in December")).toEqual({ unparsed: "sometime in December" });
    expect(triageDate(undefined)).toEqual({});
    expect(triageDate("  ")).toEqual({});
  });

  it("triages lines with non-ISO dates (with recency) and an unreadable date (without, and says so)", () => {
    const text = [
      line(1, "December 9, 2025"),
      line(2, "9 December, 2025"),
      line(3, "2025.12.09"),
      line(4, "sometime in December"),
      line(5, undefined),
    ].join("\n");
    const result = triageJsonLines(text, testWatch(), { asOf: "2025-12-23" });
    expect(result.problems).toEqual([]);
    expect(result.outputs.map((o) => o.line)).toEqual([1, 2, 3, 4, 5]);
    const [dec9, nineDec, dotted, unreadable, undated] = result.outputs.map((o) => o.output);
    // The three spellings of 9 December are the same date: same recency, same score.
    expect(nineDec!.score).toBe(dec9!.score);
    expect(dotted!.score).toBe(dec9!.score);
    // Two weeks old: scored with recency, below the items scored without it.
    expect(dec9!.score).toBeLessThan(undated!.score);
    expect(unreadable!.score).toBe(undated!.score);
    expect(unreadable!.reasons.at(-1)).toBe("unparsed_date:sometime in December");
    expect(unreadable!.reasons[0]).toBe("keep");
    for (const o of [dec9, nineDec, dotted, undated])
      expect(o!.reasons.some((r) => r.startsWith("unparsed_date:"))).toBe(false);
  });

  it("takes the default as-of date from the newest date it could read, whatever its format", () => {
    const result = triageJsonLines(
      [line(1, "2025.12.09"), line(2, "December 12, 2025")].join("\n"),
      testWatch(),
    );
    expect(result.as_of).toBe("2025-12-12");
  });
});
