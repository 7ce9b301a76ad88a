/** The run summary names the sources that need a person (failing twice, silent after yielding), with why. */
import { describe, expect, it } from "vitest";
import { summarizeRun } from "../../../src/jobs/run-summary.js";

const plan = { statusCode: 200, client_id: "lai_weekly", as_of: "2026-01-05", sources: 2, shards: [] };
const ingest = {
  shards: [
    {
      shard: { index: 0, sources: ["a", "b"] },
      reply: { statusCode: 200, totals: { sources_ok: 1, new: 3 } },
    },
  ],
};
const engine = (sourcesToCheck: unknown[]) => ({
  statusCode: 200,
  counts: { kept: 3, input: 9 },
  sections: [{}],
  llm: { enabled: false },
  files: { html: "dir:/n/newsletter.html" },
  failed_sources: [],
  sources_to_check: sourcesToCheck,
});

describe("summarizeRun: sources to check", () => {
  it("lists each flagged source with its flag and why, after the newsletter's lines", () => {
    const summary = summarizeRun(
      {
        plan,
        ingest,
        engine: engine([
          {
            source_key: "press_corporate__peptron",
            flag: "failing",
            message:
              "failed in its last 2 runs (2025-12-29, 2026-01-05): tls: unable to verify the first certificate",
          },
          {
            source_key: "press_sector__fiercebiotech",
            flag: "silent",
            message:
              "0 entries in its last run (2026-01-05) after 11 on 2025-12-29: its page may have changed",
          },
        ]),
      },
      { env: "prod" },
    );
    expect(summary.ok).toBe(true);
    expect(summary.message.split("\n").slice(-3)).toEqual([
      "Sources to check: 2 (`vectora sources health` shows their last runs)",
      "  press_corporate__peptron (failing): failed in its last 2 runs (2025-12-29, 2026-01-05): tls: unable to verify the first certificate",
      "  press_sector__fiercebiotech (silent): 0 entries in its last run (2026-01-05) after 11 on 2025-12-29: its page may have changed",
    ]);
  });

  it("adds no line when no source needs a person, and strips control characters from a reason", () => {
    const none = summarizeRun({ plan, ingest, engine: engine([]) }, { env: "dev" });
    expect(none.message).not.toContain("Sources to check");
    const escaped = summarizeRun(
      {
        plan,
        ingest,
        engine: engine([{ source_key: "s", flag: "failing", message: "bad \u001b[31mred\u001b[0m" }]),
      },
      { env: "dev" },
    );
    expect(escaped.message.split("\n").at(-1)).toBe("  s (failing): bad red");
  });
});
