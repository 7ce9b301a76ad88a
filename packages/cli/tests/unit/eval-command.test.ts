/**
 * `vectora eval` through the CLI's `main`: items and labels written by the test, judged with the repository's
 * config, printed as the editor reads them (figures, then each mistake with its decisive reason) or as JSON.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureIO, tempDirsPerTest } from "../support/cli.js";

const dirs = tempDirsPerTest();

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const ITEMS = [
  line({
    id: "pr",
    source_key: "press_corporate__halcyon",
    source_type: "press_corporate",
    title: "Halcyon Bio announces FDA approval of its twice-yearly risperidone implant",
    url: "https://halcyon.example/news/approval",
    content: "The subdermal implant releases risperidone for six months after one procedure.",
  }),
  line({
    id: "story",
    source_key: "press_sector__fiercepharma",
    source_type: "press_sector",
    title: "Halcyon wins FDA nod for six-month risperidone implant",
    url: "https://www.fiercepharma.com/pharma/halcyon-implant",
    content: "The FDA approved Halcyon's subdermal risperidone implant, replaced every six months.",
  }),
  line({
    id: "insulin",
    source_key: "press_sector__endpoints",
    source_type: "press_sector",
    title: "Once-weekly basal insulin wins approval",
    url: "https://endpts.com/weekly-insulin",
    content: "The weekly insulin replaces daily injections.",
  }),
  line({
    id: "pill",
    source_key: "press_sector__endpoints",
    source_type: "press_sector",
    title: "Once-monthly oral PrEP pill enters phase 3 against twice-yearly injections",
    url: "https://endpts.com/monthly-pill",
    content: "The pill is taken by mouth once a month.",
  }),
].join("\n");

const LABELS = {
  labels: [
    { id: "pr", keep: true, event_key: "implant-approval", kind: "approval", reason: "LAI implant approval" },
    { id: "story", keep: true, event_key: "implant-approval", kind: "approval", reason: "same, trade press" },
    {
      id: "insulin",
      keep: true,
      kind: "approval",
      reason: "(a deliberately wrong label: weekly insulin is out)",
    },
    { id: "pill", keep: false, kind: "oral_long_acting", reason: "monthly ORAL pill" },
  ],
};

async function setUp(labels: unknown = LABELS): Promise<string> {
  const dir = await dirs.make("eval");
  await writeFile(join(dir, "items.jsonl"), `${ITEMS}\n`);
  await writeFile(join(dir, "labels.json"), JSON.stringify(labels));
  return dir;
}

describe("vectora eval", () => {
  it("prints events found, false keeps, duplicates and each miss with the engine's decisive reason", async () => {
    const dir = await setUp();
    const io = captureIO(dir);
    expect(await main(["eval", "--in", "items.jsonl", "--labels", "labels.json"], io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain("vectora eval items.jsonl (client lai_weekly): 4 item(s), 4 labelled");
    expect(out).toContain("events found:          1 of 2 (50%)");
    expect(out).toContain("false keeps:           0 of 1 items labelled drop (0%)");
    expect(out).toContain("events kept twice:     0");
    expect(out).toMatch(
      /Missed events \(1\):\n {2}insulin \[approval\]\n {4}insulin {2}hle_biologic {2}— Once-weekly basal insulin wins approval\n {6}label: \(a deliberately wrong label/,
    );
  });

  it("prints the whole report as JSON, and fails a threshold with exit 1", async () => {
    const dir = await setUp();
    const io = captureIO(dir);
    const code = await main(
      [
        "eval",
        "--in",
        "items.jsonl",
        "--labels",
        "labels.json",
        "--json",
        "--min-found",
        "90",
        "--max-false-keeps",
        "5",
      ],
      io,
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.stdout());
    expect(report).toMatchObject({ client: "lai_weekly", keep_events: 2, events_found: 1, drop_items: 1 });
    expect(report.missed_events[0].items[0].decisive).toBe("hle_biologic");
    expect(io.stderr()).toContain("vectora eval: events found 50% < 90%");
    expect(io.stderr()).not.toContain("false keeps");
  });

  it("accepts a client feedback file as labels", async () => {
    const dir = await setUp();
    await writeFile(
      join(dir, "feedback.yaml"),
      [
        "client_id: lai_weekly",
        "feedback:",
        "  - url: https://endpts.com/monthly-pill",
        "    decision: drop",
        "    reason: monthly oral pill",
      ].join("\n"),
    );
    const io = captureIO(dir);
    expect(await main(["eval", "--in", "items.jsonl", "--labels", "feedback.yaml", "--json"], io)).toBe(0);
    expect(JSON.parse(io.stdout())).toMatchObject({ labelled: 1, drop_items: 1, false_keeps: [] });
  });

  it("names the file and field of a bad label, and rejects a missing flag with a usage error", async () => {
    const dir = await setUp({ labels: [{ id: "pr", keep: "yes" }] });
    const io = captureIO(dir);
    expect(await main(["eval", "--in", "items.jsonl", "--labels", "labels.json"], io)).toBe(1);
    expect(io.stderr()).toContain('labels.json: labels[0].keep: expected boolean, got "yes"');
    const usage = captureIO(dir);
    expect(await main(["eval", "--in", "items.jsonl"], usage)).toBe(2);
    expect(usage.stderr()).toContain("--labels LABELS.json is required");
    const bad = captureIO(dir);
    expect(
      await main(["eval", "--in", "items.jsonl", "--labels", "labels.json", "--min-found", "lots"], bad),
    ).toBe(2);
  });
});
