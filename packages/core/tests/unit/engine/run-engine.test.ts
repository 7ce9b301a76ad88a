import { describe, expect, it } from "vitest";
import { runEngine } from "../../../src/engine/index.js";
import {
  buildItem,
  COMPANY,
  companyRelease,
  laiWeek,
  pharmaShellDeal,
  testClient,
  testWatch,
} from "../../support/engine-fixtures.js";

const AS_OF = "2025-12-17";

describe("runEngine on the LAI week", () => {
  const week = laiWeek();
  const result = runEngine({ items: Object.values(week), watch: testWatch(), asOf: AS_OF });
  const decision = (key: keyof typeof week) => result.decisions.find((d) => d.item_id === week[key].item_id)!;

  it("keeps the licence deal, the FDA approval, the NDA submission and the grant", () => {
    for (const key of ["licence", "approval", "nda", "grant"] as const)
      expect(decision(key).kept, key).toBe(true);
    expect(decision("licence").section).toBe("deals");
    expect(decision("grant").section).toBe("deals");
    expect(decision("approval").section).toBe("regulatory");
    expect(decision("nda").section).toBe("regulatory");
  });

  it("keeps a core player's commercial update in a short issue, in the catch-all section", () => {
    expect(decision("growth")).toMatchObject({ kept: true, section: "other" });
  });

  it("drops hiring, interim reports, conferences, appointments and off-topic press, each with its reason", () => {
    expect(decision("hiring").reasons[0]).toBe("noise:hiring");
    expect(decision("interim").reasons).toEqual(
      expect.arrayContaining(["noise:interim_report", "noise:financial_results"]),
    );
    expect(decision("conference").reasons[0]).toBe("noise:conference");
    expect(decision("appointment").reasons[0]).toBe("noise:appointment");
    expect(decision("offTopic").reasons[0]).toBe("no_lai_signal");
    for (const key of ["hiring", "interim", "conference", "appointment", "offTopic"] as const)
      expect(decision(key).kept, key).toBe(false);
  });

  it("gives every decision a reason, and no section is empty", () => {
    expect(result.decisions).toHaveLength(Object.keys(week).length);
    for (const d of result.decisions) expect(d.reasons.length, d.title).toBeGreaterThan(0);
    expect(result.sections.length).toBeGreaterThan(0);
    for (const s of result.sections) expect(s.items.length, s.id).toBeGreaterThan(0);
    expect(result.counts).toMatchObject({ input: 10, kept: 5, noise: 4, not_lai: 1 });
  });

  it("orders a score-sorted section's must-keep items by weight and a date-sorted section newest first", () => {
    // Both regulatory items are must-keep: the heavier news (intrinsic score, ruling bonuses included) leads,
    // whatever its age — here the older UZEDY approval before the fresher but lighter NDA.
    const regulatory = result.sections.find((s) => s.id === "regulatory")!;
    expect(regulatory.items.every((i) => i.decision.reasons.some((r) => r.startsWith("ruling:")))).toBe(true);
    const weights = regulatory.items.map((i) => i.decision.score_breakdown.intrinsic);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    const scores = regulatory.items.map((i) => i.decision.score);
    expect(scores).not.toEqual([...scores].sort((a, b) => b - a));
    const deals = result.sections.find((s) => s.id === "deals")!;
    expect(deals.items.map((i) => i.item.published_at)).toEqual(["2025-12-10", "2025-11-24"]);
  });

  it("is deterministic: the same input gives the same result", () => {
    const again = runEngine({ items: Object.values(week), watch: testWatch(), asOf: AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
  });
});

describe("runEngine limits and window", () => {
  /** Nanexa's licence release, from its feed but naming no company entity, published on `published_at`. */
  const nanexaLicence = (published_at?: string) =>
    buildItem({
      title: "Nanexa signs licence agreement",
      source_key: "press_corporate__nanexa",
      published_at,
      event_type: "partnership",
    });

  it("drops items published outside the window, by their real date", () => {
    const old = nanexaLicence("2025-10-01");
    const result = runEngine({ items: [old], watch: testWatch(), asOf: AS_OF, periodDays: 30 });
    expect(result.window).toEqual({ from: "2025-11-18", to: "2025-12-17" });
    expect(result.decisions[0]!.reasons[0]).toBe("outside_window");
    expect(result.sections).toEqual([]);
    const wide = runEngine({ items: [old], watch: testWatch(), asOf: AS_OF, periodDays: 90 });
    expect(wide.decisions[0]!.kept).toBe(true);
  });

  it("in a busy week the total limit pushes the commercial update out (total_limit), with section_full for overflow", () => {
    const week = laiWeek();
    const extra = [1, 2, 3, 4].map((n) =>
      buildItem({
        title: `Camurus FluidCrystal regulatory milestone number ${n} for CAM${n}`,
        source_key: "press_corporate__medincell",
        published_at: "2025-12-15",
        event_type: "regulatory",
        companies: [COMPANY.camurus],
      }),
    );
    const deals = [1, 2].map((n) =>
      buildItem({
        title: `Peptron signs SmartDepot licence deal ${n} with partner ${n * 7}`,
        source_key: "press_corporate__medincell",
        published_at: "2025-12-14",
        event_type: "partnership",
        companies: [COMPANY.peptron],
      }),
    );
    const result = runEngine({
      items: [...Object.values(week), ...extra, ...deals],
      watch: testWatch(),
      asOf: AS_OF,
    });
    const total = result.sections.reduce((n, s) => n + s.items.length, 0);
    expect(total).toBe(6);
    const regulatory = result.sections.find((s) => s.id === "regulatory")!;
    expect(regulatory.items).toHaveLength(3);
    const growth = result.decisions.find((d) => d.item_id === week.growth.item_id)!;
    expect(growth.kept).toBe(false);
    expect(growth.reasons[0]).toBe("total_limit");
    const overflow = result.decisions.filter((d) => d.event_type === "regulatory" && !d.kept);
    expect(overflow.length).toBeGreaterThan(0);
    for (const d of overflow) expect(d.reasons[0]).toBe("section_full:regulatory");
  });

  it("drops items below min_score and never prints an empty section", () => {
    const weak = buildItem({
      title: "Acme Bio long-acting injectable update",
      source_key: "press_sector__fiercepharma",
      published_at: "2025-12-16",
      event_type: "other",
      signals: { core_phrase: true },
    });
    const result = runEngine({ items: [weak], watch: testWatch(), asOf: AS_OF });
    // other (2) + core phrase (2) = 4 × recency < min_score 6.
    expect(result.decisions[0]!.reasons[0]).toBe("below_min_score");
    expect(result.sections).toEqual([]);
  });

  it("reports no_section when no section takes the event type and there is no catch-all", () => {
    const client = testClient({
      sections: [{ id: "regulatory", title: "Regulatory", event_types: ["regulatory"], max_items: 3 }],
    });
    const result = runEngine({ items: [nanexaLicence()], watch: testWatch(client), asOf: AS_OF });
    expect(result.decisions[0]!.reasons[0]).toBe("no_section");
  });
});

describe("runEngine near-duplicates", () => {
  it("keeps the best of the same news from two sources and records the merged url", () => {
    const corporate = laiWeek().licence;
    const press = pharmaShellDeal({
      title: "Moderna and Nanexa enter license and option agreement for PharmaShell products",
      source_key: "press_sector__fiercepharma",
      published_at: "2025-12-11",
    });
    const unrelated = companyRelease("camurus", {
      title: "Camurus and Moderna enter into license and option agreement for FluidCrystal products",
      published_at: "2025-12-11",
      event_type: "partnership",
    });
    const result = runEngine({ items: [press, corporate, unrelated], watch: testWatch(), asOf: AS_OF });
    const [p, c, u] = result.decisions;
    expect(c!.kept).toBe(true);
    expect(c!.merged_urls).toEqual([press.url]);
    expect(p!.kept).toBe(false);
    expect(p!.reasons[0]).toBe(`duplicate_of:${corporate.item_id}`);
    expect(p!.duplicate_of).toBe(corporate.item_id);
    expect(u!.kept).toBe(true);
    expect(result.counts.duplicates).toBe(1);
  });

  it("does not merge similar titles published weeks apart", () => {
    const items = ["2025-11-24", "2025-12-15"].map((published_at) =>
      buildItem({
        title: "Medincell Awarded New Grant to Fight Malaria",
        source_key: "press_corporate__medincell",
        published_at,
        event_type: "funding",
      }),
    );
    const result = runEngine({ items, watch: testWatch(), asOf: AS_OF });
    expect(result.decisions.every((d) => d.kept)).toBe(true);
  });
});
