/** Source health over runs: failing twice, silent after yielding, and runs that did not try a source. */
import { describe, expect, it } from "vitest";
import { sourceFlags, sourceHealth } from "../../../src/ingest/health.js";
import { emptySourceReport, type IngestReport, type SourceReport } from "../../../src/ingest/report.js";

type Outcome = { status: string; entries?: number; new?: number; reason?: string };

/** A run report of `asOf` whose sources had these outcomes (the status cast: stored reports may carry newer ones). */
function run(asOf: string, outcomes: Record<string, Outcome>): IngestReport {
  const sources = Object.entries(outcomes).map(([key, o]) => {
    const source = {
      ...emptySourceReport(key, "rss"),
      status: o.status,
      parsed: o.entries ?? 0,
      new: o.new ?? 0,
    };
    return (o.reason ? { ...source, reason: o.reason } : source) as SourceReport;
  });
  return {
    run_id: `ing_${asOf.replaceAll("-", "")}`,
    client_id: "lai_weekly",
    status: "partial",
    config_version: "cfg-test",
    as_of: asOf,
    period_days: 7,
    window: { from: asOf, to: asOf },
    started_at: `${asOf}T06:00:00.000Z`,
    finished_at: `${asOf}T06:01:00.000Z`,
    duration_ms: 60_000,
    items_key: "x",
    report_key: "y",
    sources,
    totals: {} as IngestReport["totals"],
    warnings: [],
  };
}

const ok = (entries: number, n = 0): Outcome => ({ status: "ok", entries, new: n });
const failed = (reason: string): Outcome => ({ status: "failed", reason });

describe("sourceHealth", () => {
  it("flags a source that failed in its last two runs, and one silent after yielding entries", () => {
    const reports = [
      run("2025-11-26", { a: ok(9, 9), b: ok(12, 12), c: ok(5, 5) }),
      run("2025-12-03", { a: failed("HTTP 503 from https://a.example/"), b: ok(12, 2), c: ok(0) }),
      run("2025-12-10", {
        a: failed("tls for GET https://a.example/: unable to verify the first certificate"),
        b: ok(0),
        c: ok(4, 1),
      }),
    ];
    const health = sourceHealth([reports[2]!, reports[0]!, reports[1]!]); // any order
    expect(sourceFlags(health)).toEqual([
      {
        source_key: "a",
        flag: "failing",
        message:
          "failed in its last 2 runs (2025-12-03, 2025-12-10): tls for GET https://a.example/: unable to verify the first certificate",
      },
      {
        source_key: "b",
        flag: "silent",
        message: "0 entries in its last run (2025-12-10) after 12 on 2025-12-03: its page may have changed",
      },
    ]);
    // c was silent once, then recovered: not flagged. Its runs are listed newest first.
    expect(health.find((h) => h.source_key === "c")!.runs.map((r) => [r.as_of, r.entries, r.new])).toEqual([
      ["2025-12-10", 4, 1],
      ["2025-12-03", 0, 0],
      ["2025-11-26", 5, 5],
    ]);
  });

  it("looks back four runs for entries, no further", () => {
    const silentSince = (runs: number) =>
      sourceFlags(
        sourceHealth([
          run("2025-11-01", { s: ok(7) }),
          ...Array.from({ length: runs }, (_, i) =>
            run(`2025-11-${String(2 + i).padStart(2, "0")}`, { s: ok(0) }),
          ),
        ]),
      ).map((f) => f.flag);
    expect(silentSince(1)).toEqual(["silent"]);
    expect(silentSince(3)).toEqual(["silent"]);
    expect(silentSince(4)).toEqual([]);
  });

  it("does not count a deferred or abandoned run as a try", () => {
    const health = sourceHealth([
      run("2025-12-01", { d: ok(6), e: failed("timeout") }),
      run("2025-12-02", {
        d: { status: "deferred", reason: "deferred: the run's deadline came first" },
        e: { status: "abandoned" },
      }),
      run("2025-12-03", { d: ok(0), e: failed("timeout") }),
    ]);
    expect(sourceFlags(health).map((f) => [f.source_key, f.flag])).toEqual([
      ["d", "silent"],
      ["e", "failing"],
    ]);
    // A source only deferred since its one failure is not failing; one that was never read is not silent.
    expect(
      sourceFlags(
        sourceHealth([
          run("2025-12-01", { f: failed("x"), g: ok(0) }),
          run("2025-12-02", { f: { status: "deferred" }, g: ok(0) }),
        ]),
      ),
    ).toEqual([]);
  });

  it("counts one run per issue date (a re-run replaces it), and sees no later issue date with upTo", () => {
    const first = run("2025-12-10", { p: failed("tls") });
    const second = run("2025-12-17", { p: failed("tls"), q: ok(8) });
    const rerun = {
      ...run("2025-12-17", { p: failed("tls"), q: ok(0) }),
      started_at: "2025-12-17T09:00:00.000Z",
    };
    const health = sourceHealth([first, second, rerun]);
    expect(health.find((h) => h.source_key === "p")!.runs.map((r) => r.as_of)).toEqual([
      "2025-12-17",
      "2025-12-10",
    ]);
    expect(sourceFlags(health)).toEqual([
      {
        source_key: "p",
        flag: "failing",
        message: "failed in its last 2 runs (2025-12-10, 2025-12-17): tls",
      },
    ]);
    // Rebuilding the issue of 10 December after the 17th: only its own date's runs, one failure, no flag.
    const rebuild = { ...run("2025-12-10", { p: failed("tls") }), started_at: "2025-12-18T06:00:00.000Z" };
    expect(sourceFlags(sourceHealth([first, second, rerun, rebuild], { upTo: "2025-12-10" }))).toEqual([]);
  });

  it("judges nothing from no reports", () => {
    expect(sourceHealth([])).toEqual([]);
  });
});
