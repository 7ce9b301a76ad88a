import { describe, expect, it } from "vitest";
import {
  decisiveReason,
  type EvalLabel,
  type EvalVerdict,
  evaluateVerdicts,
  parseEvalLabels,
} from "../../../src/engine/index.js";
import { parseLabelsFile } from "../../../src/jobs/eval-lines.js";

const v = (id: string, keep: boolean, reasons: string[]): EvalVerdict => ({
  id,
  url: `https://news.example/${id}?utm_source=feed`,
  title: `Item ${id}`,
  keep,
  reasons,
});

describe("evaluateVerdicts", () => {
  const labels: EvalLabel[] = [
    { id: "pr", keep: true, event_key: "approval", kind: "approval", reason: "LAI approval" },
    { url: "https://news.example/press", keep: true, event_key: "approval", reason: "the same, trade press" },
    { id: "trial", keep: true, event_key: "trial", kind: "trial_result", reason: "LAI trial" },
    { id: "deal", keep: true, kind: "licence", reason: "LAI licence" },
    { id: "oral", keep: false, kind: "oral", reason: "oral drug" },
    { id: "weekly", keep: false, kind: "hle_biologic", reason: "weekly insulin" },
    { id: "stale", keep: false, reason: "no such item" },
  ];
  const verdicts = [
    v("pr", true, ["keep", "role:hybrid", "signal:trademark", "counter_signal:oral"]),
    // `press` has no id: it is matched by URL, tracking parameters ignored.
    {
      url: "https://news.example/press?utm_medium=rss",
      keep: true,
      reasons: ["keep", "source:press_sector"],
    },
    v("trial", false, ["counter_signal:daily", "source:press_sector"]),
    v("deal", false, ["duplicate_of:https://news.example/pr", "merged_by:same_event"]),
    v("oral", false, ["counter_signal:oral"]),
    v("weekly", true, ["keep", "source:press_sector", "subject:lai@title"]),
    v("extra", false, ["no_lai_signal"]),
  ];
  const report = evaluateVerdicts(verdicts, labels);

  it("counts events found (any item kept), false keeps over drop items, and events kept twice", () => {
    expect(report).toMatchObject({ items: 7, labelled: 6, keep_events: 3, events_found: 1, drop_items: 2 });
    expect(report.figures).toEqual({ events_found_pct: 33.3, false_keep_pct: 50 });
    expect(report.duplicates_kept_twice.map((d) => d.event_key)).toEqual(["approval"]);
  });

  it("lists each miss and false keep with the engine's decisive reason and the label's reason", () => {
    expect(report.missed_events.map((m) => [m.event_key, m.items.map((i) => i.decisive)])).toEqual([
      ["trial", ["counter_signal:daily"]],
      ["deal", ["duplicate_of:https://news.example/pr"]],
    ]);
    expect(report.false_keeps).toMatchObject([
      {
        id: "weekly",
        decisive: "keep (source:press_sector, subject:lai@title)",
        label_reason: "weekly insulin",
      },
    ]);
  });

  it("names distinct events merged by de-duplication, unlabelled items and labels naming no item", () => {
    expect(report.merged_distinct_events).toMatchObject([
      { event_key: "deal", into_event_key: "approval", into_url: "https://news.example/pr" },
    ]);
    expect(report.unlabelled).toEqual([{ id: "extra", url: "https://news.example/extra?utm_source=feed" }]);
    expect(report.labels_without_item).toEqual([{ id: "stale" }]);
  });

  it("refuses an event labelled both keep and drop", () => {
    expect(() =>
      evaluateVerdicts(
        [],
        [
          { id: "a", keep: true, event_key: "e" },
          { id: "b", keep: false, event_key: "e" },
        ],
      ),
    ).toThrow('event "e" is labelled both keep and drop');
  });

  it("gives a kept item's evidence, without the counter-signals it outweighed, as its decisive reason", () => {
    expect(decisiveReason({ keep: true, reasons: ["keep", "role:hybrid", "counter_signal:oral"] })).toBe(
      "keep (role:hybrid)",
    );
    expect(decisiveReason({ keep: false, reasons: ["below_min_score", "x"] })).toBe("below_min_score");
  });
});

describe("labels files", () => {
  it("reads a JSON array or {labels: [...]}, and names the file and field of a bad label", () => {
    expect(parseEvalLabels('[{"id": "a", "keep": true}]', "l.json")).toEqual([{ id: "a", keep: true }]);
    expect(
      parseEvalLabels('{"labels": [{"url": "https://a.example/x", "keep": false}]}', "l.json"),
    ).toHaveLength(1);
    expect(() => parseEvalLabels('{"labels": [{"id": "a", "keep": "yes"}]}', "fixtures/l.json")).toThrow(
      'fixtures/l.json: labels[0].keep: expected boolean, got "yes"',
    );
    expect(() => parseEvalLabels('[{"id": "a"}]', "l.json")).toThrow(
      "l.json: [0].keep: expected boolean, got nothing (field is missing)",
    );
    expect(() =>
      parseEvalLabels('{"labels": [{"id": "a", "keep": true, "url": "ftp://x"}]}', "l.json"),
    ).toThrow('l.json: labels[0].url: expected a URL, got "ftp://x"');
    expect(() => parseEvalLabels('[{"keep": true}]', "l.json")).toThrow(
      "l.json: [0]: a label needs an id or a url",
    );
    expect(() => parseEvalLabels("{", "l.json")).toThrow(/^l\.json: not JSON/);
  });

  it("reads a client feedback file as labels, and reports its bad entries by file and field", () => {
    const yaml = [
      "client_id: lai_weekly",
      "feedback:",
      "  - url: https://news.example/a",
      "    decision: drop",
      "    reason: weekly GLP-1 pen",
      "    event_key: a",
    ].join("\n");
    expect(parseLabelsFile(yaml, "config/feedback/lai_weekly.yaml")).toEqual([
      { url: "https://news.example/a", keep: false, reason: "weekly GLP-1 pen", event_key: "a" },
    ]);
    const bad = yaml.replace("decision: drop", "decision: maybe");
    expect(() => parseLabelsFile(bad, "config/feedback/lai_weekly.yaml")).toThrow(
      /^config\/feedback\/lai_weekly\.yaml: feedback\[0\]\.decision: /,
    );
  });
});
