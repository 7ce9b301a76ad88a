/**
 * Step 4's first half: what earlier issues printed (from the ledger) is never printed again — neither the same
 * item nor a near-duplicate of it — while a new event about the same product stays a new item. And step 1's late
 * arrivals: judged as if inside the window, marked late.
 */
import { describe, expect, it } from "vitest";
import type { PublishedItem } from "../../../src/engine/published.js";
import { dedupCandidate, publisherCompany, runEngine } from "../../../src/engine/run-engine.js";
import { recencyFactor } from "../../../src/engine/score.js";
import type { NormalizedItem } from "../../../src/index.js";
import {
  buildItem,
  COMPANY,
  olanzapineItem,
  olanzapineNda,
  testWatch,
} from "../../support/engine-fixtures.js";

const WINDOW = { from: "2025-12-11", to: "2025-12-17" };
const AS_OF = "2025-12-17";
const watch = testWatch();

const oleNda = olanzapineItem;

/**
 * MedinCell's release of Teva's olanzapine NDA (9 Dec), as printed by the issue of 10 December, and FiercePharma's
 * retelling of it (17 Dec).
 */
const { release, story: retelling } = olanzapineNda();

function printed(
  item: NormalizedItem,
  asOf = "2025-12-10",
  merged: PublishedItem["merged"] = [],
): PublishedItem {
  return {
    as_of: asOf,
    candidate: dedupCandidate(item, item.published_at, publisherCompany(item, watch)),
    merged,
  };
}

const run = (
  items: NormalizedItem[],
  options: { published?: PublishedItem[]; late?: Set<string>; window?: typeof WINDOW } = {},
) => runEngine({ items, watch, asOf: AS_OF, window: options.window ?? WINDOW, ...options });

describe("what an earlier issue printed", () => {
  it("sets aside a later retelling of a printed item (same event), naming the issue and the item", () => {
    const alone = run([retelling]);
    expect(alone.decisions[0]!.kept).toBe(true);

    const result = run([retelling], { published: [printed(release)] });
    const d = result.decisions[0]!;
    expect(d.kept).toBe(false);
    expect(d.reasons.slice(0, 3)).toEqual([
      "published_in:2025-12-10",
      `published_as:${release.item_id}`,
      "merged_by:same_event",
    ]);
    expect(d.duplicate_of).toBeNull();
    expect(result.counts).toMatchObject({ already_published: 1, duplicates: 0, kept: 0 });
    expect(result.sections).toEqual([]);
  });

  it("sets aside the very item (id or canonical URL), and the items merged into a printed one", () => {
    const same = { ...release, published_at: "2025-12-12" };
    const wide = { from: "2025-12-01", to: AS_OF };
    const byId = run([same], { published: [printed(release)], window: wide });
    expect(byId.decisions[0]!.reasons.slice(0, 2)).toEqual([
      "published_in:2025-12-10",
      `published_as:${release.item_id}`,
    ]);

    // A deal, not the filing: since issue 14b one event typed differently by two sources still merges when they
    // state the same action ("files") on the same product, so this item states none.
    const mergedThen = buildItem({
      title: "Teva signs olanzapine LAI deal",
      source_key: "press_sector__fiercepharma",
      published_at: "2025-12-12",
      event_type: "partnership",
      companies: [COMPANY.teva],
      molecules: ["olanzapine"],
      technologies: ["PharmaShell"],
      content: "PharmaShell olanzapine",
    });
    const result = run([mergedThen], {
      published: [
        printed(release, "2025-12-10", [
          { item_id: "itm_ffffffffffffffff", canonical_url: mergedThen.canonical_url },
        ]),
      ],
    });
    expect(result.decisions[0]!.reasons[0]).toBe("published_in:2025-12-10");
    expect(result.counts.already_published).toBe(1);
    // Not a near-duplicate of the printed release by itself: only its identity in `merged` sets it aside.
    expect(run([mergedThen], { published: [printed(release)] }).decisions[0]!.kept).toBe(true);
  });

  it("keeps a NEW event about the same product: the approval after the printed submission", () => {
    const approval = oleNda(
      "press_corporate__medincell",
      "FDA approves Teva and Medincell's olanzapine extended-release injectable suspension for schizophrenia",
      "The FDA approved the once-monthly olanzapine long-acting injectable after the New Drug Application review.",
      "2025-12-16",
    );
    const result = run([approval], { published: [printed(release)] });
    expect(result.decisions[0]!.kept, result.decisions[0]!.reasons.join()).toBe(true);
    expect(result.counts.already_published).toBe(0);
  });

  it("changes nothing when no earlier issue printed anything", () => {
    const items = [
      release,
      oleNda("press_sector__fiercepharma", "Teva olanzapine NDA", "Teva olanzapine Medincell", "2025-12-12"),
    ];
    expect(JSON.stringify(run(items, { published: [] }))).toBe(JSON.stringify(run(items)));
  });
});

describe("late arrivals", () => {
  const lateDeal = () =>
    buildItem({
      title: "Nanexa signs PharmaShell evaluation agreement with a global pharmaceutical company",
      source_key: "press_corporate__nanexa",
      published_at: "2025-12-09",
      event_type: "partnership",
      companies: [COMPANY.nanexa],
      technologies: ["PharmaShell"],
    });

  it("judges a late arrival as if in the window and marks it late", () => {
    const item = lateDeal();
    const result = run([item], { late: new Set([item.item_id]) });
    const d = result.decisions[0]!;
    expect(d).toMatchObject({ kept: true, late: true, section: "deals" });
    expect(d.reasons).toContain("late_arrival");
    expect(result.sections[0]!.items[0]!.decision.late).toBe(true);
  });

  it("does not penalise lateness: its age runs to the previous issue's as-of, the end of the window it belonged to", () => {
    const item = lateDeal();
    const late = run([item], { late: new Set([item.item_id]) }).decisions[0]!;
    // What the issue of 2025-12-10 would have scored, had the item been read in time.
    const onTime = runEngine({
      items: [item],
      watch,
      asOf: "2025-12-10",
      window: { from: "2025-11-27", to: "2025-12-10" },
    }).decisions[0]!;
    expect(late.score_breakdown.age_days).toBe(1);
    expect(late.score).toBe(onTime.score);
    // Not what this as-of would make of it (eight days old).
    expect(late.score_breakdown.recency).toBe(Math.round(recencyFactor(1) * 1e4) / 1e4);
    expect(late.score_breakdown.recency).toBeGreaterThan(recencyFactor(8));
  });

  it("leaves an item dated before the window outside it unless the caller names it late", () => {
    const item = lateDeal();
    const d = run([item]).decisions[0]!;
    expect(d).toMatchObject({ kept: false, late: false });
    expect(d.reasons[0]).toBe("outside_window");
  });

  it("never marks late an item inside the window, even if named", () => {
    const item = { ...lateDeal(), published_at: "2025-12-12" };
    expect(run([item], { late: new Set([item.item_id]) }).decisions[0]).toMatchObject({
      kept: true,
      late: false,
    });
  });
});
