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
