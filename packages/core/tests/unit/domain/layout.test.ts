import { describe, expect, it } from "vitest";
import { layout, runIdOfItemsFile } from "../../../src/domain/layout.js";
import { runsOfFiles } from "../../../src/jobs/issue-ledger.js";

describe("items files of both layouts", () => {
  it("puts a run's items in its folder, one file per source, next to its report", () => {
    expect(layout.ingestedSource("lai_weekly", "2025-12-17", "ing_1", "press_corporate__nanexa")).toBe(
      "ingested/lai_weekly/2025/12/17/ing_1/press_corporate__nanexa.jsonl",
    );
    expect(layout.ingestedRunFolder("lai_weekly", "2025-12-17", "ing_1")).toBe(
      "ingested/lai_weekly/2025/12/17/ing_1/",
    );
    expect(layout.ingestReport("lai_weekly", "2025-12-17", "ing_1")).toBe(
      "ingested/lai_weekly/2025/12/17/ing_1.report.json",
    );
  });

  it("reads the run id of a per-source file and of a file stored before checkpoints", () => {
    expect(runIdOfItemsFile("ingested/lai_weekly/2025/12/17/ing_1/press_corporate__nanexa.jsonl")).toBe(
      "ing_1",
    );
    expect(runIdOfItemsFile("ingested/lai_weekly/2025/12/17/ing_0.jsonl")).toBe("ing_0");
    expect(runIdOfItemsFile("ingested/lai_weekly/2025/12/17/ing_0.report.json")).toBeUndefined();
    expect(
      runsOfFiles([
        "ingested/lai_weekly/2025/12/17/ing_1/a.jsonl",
        "ingested/lai_weekly/2025/12/17/ing_1/b.jsonl",
        "ingested/lai_weekly/2025/12/10/ing_0.jsonl",
      ]),
    ).toEqual(["ing_0", "ing_1"]);
  });
});
