import { describe, expect, it } from "vitest";
import type { VectoraConfig } from "../../../src/config/index.js";
import { emptySourceReport, type IngestReport } from "../../../src/ingest/report.js";
import { sourceScope } from "../../../src/jobs/run-reports.js";

const config = { sources: [] } as unknown as VectoraConfig;

describe("sourceScope", () => {
  it("names the undated entries from the report's structured field, not from its warning lines", () => {
    const source = {
      ...emptySourceReport("press_corporate__medincell", "html"),
      undated: 1,
      undated_entries: [{ title: "Our pipeline", url: "https://www.medincell.com/pipeline/" }],
      warnings: ["a warning an operator reads"],
    };
    const report = { run_id: "ing_1", started_at: "2025-12-17T08:00:00Z", sources: [source] } as IngestReport;
    expect(sourceScope([report], [], config)).toEqual([
      expect.objectContaining({
        source_key: "press_corporate__medincell",
        undated: 1,
        undated_entries: [{ title: "Our pipeline", url: "https://www.medincell.com/pipeline/" }],
      }),
    ]);
  });
});

describe("sourceScope of runs cut short", () => {
  const run = (id: string, startedAt: string, status: "ok" | "failed" | "deferred" | "abandoned") =>
    ({
      run_id: id,
      started_at: startedAt,
      sources: [
        { ...emptySourceReport("press_sector__fiercepharma", "rss"), status, reason: `${status} reason` },
      ],
    }) as IngestReport;

  it("keeps an earlier read of the window when a later run deferred or abandoned the source", () => {
    for (const later of ["deferred", "abandoned"] as const) {
      const [scope] = sourceScope(
        [run("ing_1", "2025-12-16T08:00:00Z", "ok"), run("ing_2", "2025-12-17T08:00:00Z", later)],
        [],
        config,
      );
      expect(scope?.status, later).toBe("ok");
    }
  });

  it("reports deferred or abandoned when no run of the window read the source, and failed over an older read", () => {
    expect(sourceScope([run("ing_2", "2025-12-17T08:00:00Z", "deferred")], [], config)[0]).toMatchObject({
      status: "deferred",
      reason: "deferred reason",
    });
    const [failed] = sourceScope(
      [run("ing_1", "2025-12-16T08:00:00Z", "ok"), run("ing_2", "2025-12-17T08:00:00Z", "failed")],
      [],
      config,
    );
    expect(failed?.status).toBe("failed");
  });
});
