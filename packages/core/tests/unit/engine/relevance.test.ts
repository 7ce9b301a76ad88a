import { describe, expect, it } from "vitest";
import {
  decideRelevance,
  jaccard,
  publisherRole,
  recencyFactor,
  SCORE_BONUSES,
  scoreItem,
  titleTokens,
  windowFor,
} from "../../../src/engine/index.js";
import { buildItem, COMPANY, companyRelease, testWatch } from "../../support/engine-fixtures.js";

const watch = testWatch();

describe("decideRelevance: the asymmetry", () => {
  it("keeps a core pure player's grant without any LAI word (publisher role from the source)", () => {
    const grant = buildItem({
      title: "Awarded New Grant to Fight Malaria",
      source_key: "press_corporate__medincell",
      event_type: "funding",
    });
    expect(publisherRole("press_corporate__medincell", watch)).toBe("core_pure_player");
    expect(decideRelevance(grant, watch)).toEqual({
      relevant: true,
      role: "core_pure_player",
      reasons: ["role:core_pure_player"],
    });
  });

  it("drops a pure player's noise however LAI-rich it is", () => {
    const report = buildItem({
      title: "Nanexa interim report: PharmaShell progress",
      source_key: "press_corporate__nanexa",
      event_type: "financial_results",
      technologies: ["PharmaShell"],
      signals: { noise: ["interim_report"] },
    });
    const d = decideRelevance(report, watch);
    expect(d.relevant).toBe(false);
    expect(d.reasons).toEqual(["noise:interim_report", "noise:financial_results"]);
  });

  it("needs an explicit LAI signal from a hybrid", () => {
    const plain = companyRelease("teva", { title: "Teva reports cost savings" });
    expect(decideRelevance(plain, watch)).toMatchObject({
      relevant: false,
      reasons: ["no_lai_signal", "role:hybrid"],
    });
    const uzedy = companyRelease("teva", { title: "Teva: UZEDY label update", trademarks: ["UZEDY"] });
    expect(decideRelevance(uzedy, watch)).toMatchObject({
      relevant: true,
      reasons: ["role:hybrid", "signal:trademark"],
    });
  });

  it("keeps sector press only with a strong signal, and lets oral/tablet outweigh a molecule mention", () => {
    const noSignal = buildItem({
      title: "Pfizer restructures its sales force",
      companies: [COMPANY.pfizer],
    });
    expect(decideRelevance(noSignal, watch).reasons).toEqual(["no_lai_signal", "source:press_sector"]);
    const oral = buildItem({
      title: "Risperidone oral tablet generic approved",
      molecules: ["risperidone"],
      signals: { molecule_in_context: true, counter_signals: ["oral", "Tablet"] },
    });
    expect(decideRelevance(oral, watch)).toMatchObject({
      relevant: false,
      reasons: ["counter_signal:oral", "counter_signal:tablet", "source:press_sector"],
    });
    const trademark = buildItem({
      title: "UZEDY outsells oral risperidone",
      trademarks: ["UZEDY"],
      signals: { counter_signals: ["oral"] },
    });
    expect(decideRelevance(trademark, watch).relevant).toBe(true);
  });

  it("always reports the counter-signals present: on a no-signal drop, a noise drop and a kept item", () => {
    const pill = buildItem({
      title: "Once-daily pill posts 12% weight loss in mid-stage obesity trial",
      signals: { counter_signals: ["pill", "Oral"] },
    });
    // No LAI signal decides, the counter-signals say what the item is instead.
    expect(decideRelevance(pill, watch).reasons).toEqual([
      "no_lai_signal",
      "source:press_sector",
      "counter_signal:pill",
      "counter_signal:oral",
    ]);
    const kept = buildItem({
      title: "UZEDY outsells oral risperidone",
      trademarks: ["UZEDY"],
      signals: { counter_signals: ["oral"] },
    });
    const decision = decideRelevance(kept, watch);
    expect(decision.relevant).toBe(true);
    expect(decision.reasons.at(-1)).toBe("counter_signal:oral");
    const noise = buildItem({
      title: "DelSiTech is hiring an oral solid dose engineer",
      source_key: "press_corporate__delsitech",
      signals: { noise: ["hiring"], counter_signals: ["oral"] },
    });
    expect(decideRelevance(noise, watch).reasons).toEqual(["noise:hiring", "counter_signal:oral"]);
  });

  it("counts a pure player named in a sector-press title as a strong signal, but not one named only in the body", () => {
    const inTitle = buildItem({
      title: "Camurus raises SEK 1bn",
      companies: [COMPANY.camurus],
    });
    expect(decideRelevance(inTitle, watch)).toMatchObject({
      relevant: true,
      reasons: ["source:press_sector", "title_names:core_pure_player"],
    });
    const inBody = buildItem({
      title: "Biotech funding roundup",
      content: "Camurus, among others, raised money.",
      companies: [COMPANY.camurus],
    });
    // The text's strongest role is a pure player, but sector press needs the signal in the title.
    expect(
      decideRelevance({ ...inBody, signals: { ...inBody.signals, company_role: "other" } }, watch).relevant,
    ).toBe(false);
  });
});

describe("scoreItem", () => {
  it("adds the documented bonuses to the event type weight and decays with the real age", () => {
    const item = companyRelease("medincell", {
      title: "Medincell partner Teva: UZEDY approved",
      published_at: "2025-12-03",
      event_type: "regulatory",
      companies: [COMPANY.teva],
      trademarks: ["UZEDY"],
    });
    const s = scoreItem(item, watch, { role: "core_pure_player", asOf: "2025-12-17" });
    expect(s.base).toBe(7);
    expect(s.bonuses).toEqual({
      pure_player: SCORE_BONUSES.pure_player,
      trademark: SCORE_BONUSES.trademark,
      hybrid: SCORE_BONUSES.hybrid,
    });
    expect(s.age_days).toBe(14);
    expect(s.recency).toBe(0.75);
    expect(s.total).toBe(Math.round((7 + 5 + 4 + 1.5) * 0.75 * 100) / 100);
    const undated = scoreItem(item, watch, { role: "core_pure_player" });
    expect(undated).toMatchObject({ age_days: null, recency: 1, intrinsic: 17.5, total: 17.5 });
  });

  it("decays monotonically but never below half", () => {
    expect(recencyFactor(0)).toBe(1);
    expect(recencyFactor(7)).toBeGreaterThan(recencyFactor(30));
    expect(recencyFactor(365)).toBeGreaterThan(0.5);
  });
});

describe("helpers", () => {
  it("computes the window on calendar days", () => {
    expect(windowFor("2025-12-17", 7)).toEqual({ from: "2025-12-11", to: "2025-12-17" });
    expect(windowFor("2024-03-01", 2)).toEqual({ from: "2024-02-29", to: "2024-03-01" });
    expect(() => windowFor("17/12/2025", 7)).toThrow(/17\/12\/2025/);
  });

  it("normalizes title words for similarity", () => {
    expect([...titleTokens("UZEDY® Approved — for the Bipolar-I!")]).toEqual([
      "uzedy",
      "approved",
      "bipolar",
      "i",
    ]);
    expect(jaccard(new Set(["a", "b"]), new Set(["b", "c"]))).toBeCloseTo(1 / 3);
  });
});
