import { describe, expect, it } from "vitest";
import { assessItem, mustKeepRulings, RULING_BONUSES, runEngine } from "../../../src/engine/index.js";
import type { NormalizedItem } from "../../../src/index.js";
import {
  buildItem,
  COMPANY,
  companyRelease,
  laiWeek,
  testClient,
  testWatch,
} from "../../support/engine-fixtures.js";

const AS_OF = "2025-12-17";

/** The item with the event type's evidence span set where `phrase` occurs in its text (as the rule classifier does). */
function withEvidence(item: NormalizedItem, phrase: string): NormalizedItem {
  const start = item.text.indexOf(phrase);
  if (start < 0) throw new Error(`"${phrase}" not in ${item.title}`);
  return { ...item, event_evidence: { start, end: start + phrase.length, matched: phrase } };
}

describe("mustKeepRulings (from entities, evidence and event types)", () => {
  const week = laiWeek();

  it("covers the four rulings of domain.md", () => {
    expect(mustKeepRulings(week.licence, "core_pure_player")).toEqual(["ruling:core_deal"]);
    expect(mustKeepRulings(week.approval, "core_pure_player")).toEqual(["ruling:lai_trademark_regulatory"]);
    expect(
      mustKeepRulings(withEvidence(week.nda, "New Drug Application Submission"), "core_pure_player"),
    ).toEqual(["ruling:lai_nda"]);
    expect(mustKeepRulings(withEvidence(week.grant, "Awarded New Grant"), "core_pure_player")).toEqual([
      "ruling:core_grant",
    ]);
  });

  it("does not cover a commercial update, a share issue, a hybrid's deal or a trademark named only as a comparator", () => {
    const week = laiWeek();
    expect(mustKeepRulings(week.growth, "core_pure_player")).toEqual([]);
    const shareIssue = withEvidence(
      companyRelease("nanexa", {
        title: "Nanexa carries out a directed share issue of approximately SEK 40 million",
        event_type: "funding",
      }),
      "directed share issue",
    );
    expect(mustKeepRulings(shareIssue, "core_pure_player")).toEqual([]);
    const hybridDeal = buildItem({
      title: "Pfizer and Moderna sign a long-acting injectable collaboration",
      event_type: "partnership",
      companies: [COMPANY.pfizer, COMPANY.moderna],
    });
    expect(mustKeepRulings(hybridDeal, "hybrid")).toEqual([]);
    const comparator = buildItem({
      title: "FDA accepts filing for a new schizophrenia shot",
      content: "The drug avoided side effects seen with UZEDY.",
      event_type: "regulatory",
      trademarks: ["UZEDY"],
    });
    expect(mustKeepRulings(comparator, "none")).toEqual([]);
  });
});

describe("runEngine: always-kept items beat section and total limits", () => {
  /** Fresher, higher-scoring regulatory items of a core player (no ruling: no trademark, no application). */
  const fresher = (n: number) =>
    buildItem({
      title: `Camurus regulatory designation number ${n} for CAM${n}`,
      source_key: "press_corporate__medincell",
      published_at: "2025-12-16",
      event_type: "regulatory",
      companies: [COMPANY.camurus],
      technologies: ["PharmaShell"],
      content: "PharmaShell",
    });

  it("an older LAI-trademark approval keeps its regulatory slot; the fresher item gets section_full", () => {
    const week = laiWeek();
    // No catch-all section, so the item that finds no room in "regulatory" is dropped.
    const client = testClient({
      sections: [{ id: "regulatory", title: "Regulatory", event_types: ["regulatory"], max_items: 3 }],
    });
    const items = [fresher(1), fresher(2), fresher(3), week.approval];
    const result = runEngine({ items, watch: testWatch(client), asOf: AS_OF });
    const approval = result.decisions.find((d) => d.item_id === week.approval.item_id)!;
    const fresherScores = result.decisions.filter((d) => d.title.startsWith("Camurus")).map((d) => d.score);
    // Without the ruling (nor its bonus) it would lose: every fresher item outscores it.
    const withoutRuling = assessItem(week.approval, testWatch(client), { asOf: AS_OF }).score.total;
    expect(approval.score).toBeGreaterThan(withoutRuling);
    expect(fresherScores).toHaveLength(3);
    for (const score of fresherScores) expect(score).toBeGreaterThan(withoutRuling);
    expect(approval.kept, approval.reasons.join()).toBe(true);
    expect(approval.reasons.slice(0, 2)).toEqual(["section:regulatory", "ruling:lai_trademark_regulatory"]);
    const regulatory = result.sections.find((s) => s.id === "regulatory")!;
    expect(regulatory.items[0]!.decision.item_id).toBe(week.approval.item_id);
    const dropped = result.decisions.filter((d) => !d.kept);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.reasons[0]).toBe("section_full:regulatory");
  });

  it("a core player's deal in a lower-priority section is kept even when higher sections would use up the total", () => {
    const week = laiWeek();
    const client = testClient({ max_items_total: 3 });
    const items = [fresher(1), fresher(2), fresher(3), week.licence];
    const result = runEngine({ items, watch: testWatch(client), asOf: AS_OF });
    const licence = result.decisions.find((d) => d.item_id === week.licence.item_id)!;
    expect(licence.kept, licence.reasons.join()).toBe(true);
    expect(licence.reasons).toContain("ruling:core_deal");
    expect(result.sections.reduce((n, s) => n + s.items.length, 0)).toBe(3);
    expect(result.decisions.filter((d) => d.reasons[0] === "total_limit")).toHaveLength(1);
  });

  it("an always-kept item is exempt from min_score", () => {
    const week = laiWeek();
    const client = testClient({ min_score: 100 });
    const result = runEngine({ items: [week.licence, week.growth], watch: testWatch(client), asOf: AS_OF });
    const [licence, growth] = result.decisions;
    expect(licence!.kept).toBe(true);
    expect(growth!.reasons[0]).toBe("below_min_score");
  });

  it("weighs the rulings: an NDA and an approval lead their section over a fresher label update", () => {
    const week = laiWeek();
    // The Sublocade case of the recorded week: a sector-press label update, one day old, full of LAI signals.
    const labelUpdate = buildItem({
      title: "FDA approves UZEDY label update letting patients start the monthly shot faster",
      content: "The change removes a lead-in that kept patients from the long-acting injectable.",
      source_key: "press_sector__fiercepharma",
      published_at: "2025-12-16",
      event_type: "regulatory",
      trademarks: ["UZEDY"],
      signals: { core_phrase: true, molecule_in_context: true, broad_technology_in_context: true },
    });
    const nda = week.nda; // 9 December: a week older
    const items = [labelUpdate, nda, week.approval];
    const result = runEngine({ items, watch: testWatch(), asOf: AS_OF });
    const [label, ndaDecision] = result.decisions;
    // Plain scores (weight + signals, × recency) would put the fresh label update first…
    const plain = (item: NormalizedItem) => assessItem(item, testWatch(), { asOf: AS_OF }).score.total;
    expect(plain(labelUpdate)).toBeGreaterThan(plain(nda));
    // …the rulings' bonuses are in the breakdown, and the section leads with the NDA and the approval.
    expect(ndaDecision!.score_breakdown.bonuses).toMatchObject({
      "ruling:lai_nda": RULING_BONUSES["ruling:lai_nda"],
    });
    expect(label!.score_breakdown.bonuses).toMatchObject({
      "ruling:lai_trademark_regulatory": RULING_BONUSES["ruling:lai_trademark_regulatory"],
    });
    const regulatory = result.sections.find((s) => s.id === "regulatory")!;
    expect(regulatory.items.map((i) => i.item.item_id)).toEqual([
      week.approval.item_id,
      nda.item_id,
      labelUpdate.item_id,
    ]);
    expect(RULING_BONUSES["ruling:lai_nda"]).toBeGreaterThan(
      RULING_BONUSES["ruling:lai_trademark_regulatory"],
    );
    expect(RULING_BONUSES["ruling:lai_trademark_regulatory"]).toBeGreaterThan(
      RULING_BONUSES["ruling:core_deal"],
    );
  });

  it("noise is never always-kept, even from a core player's deal release", () => {
    const week = laiWeek();
    const noisyDeal = { ...week.licence, signals: { ...week.licence.signals, noise: ["conference"] } };
    const result = runEngine({ items: [noisyDeal], watch: testWatch(), asOf: AS_OF });
    expect(result.decisions[0]!.reasons).toEqual(["noise:conference"]);
  });
});
