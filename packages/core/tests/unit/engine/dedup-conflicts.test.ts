/**
 * Issue 14b: de-duplication blocks a merge only on a POSITIVE conflict (both items state a facet and disagree);
 * missing, less specific or background entities never block, and company and journalist wording may type one event
 * differently. The readers of dedup-text.ts are pinned one by one, then the rule on candidates.
 */
import { describe, expect, it } from "vitest";
import {
  actionsOf,
  brandTokens,
  namesCompany,
  primaryActions,
  productCodes,
  trialNames,
} from "../../../src/engine/dedup-text.js";
import { type DedupCandidate, findDuplicates, sameEventMismatch } from "../../../src/engine/index.js";
import { undatedCandidate } from "../../support/engine-fixtures.js";

describe("what an item says happened", () => {
  it.each([
    { title: "Prism wins US approval for its depot", actions: ["regulatory:approval"] },
    { title: "Prism's depot gets the EU green light", actions: ["regulatory:approval"] },
    { title: "Prism scores FDA nod", actions: ["regulatory:approval"] },
    { title: "FDA clears Prism's depot", actions: ["regulatory:approval"] },
    { title: "FDA OKs Prism's depot", actions: ["regulatory:approval"] },
    { title: "Halcyon receives complete response letter", actions: ["regulatory:rejection"] },
    { title: "FDA turns down Halcyon's implant", actions: ["regulatory:rejection"] },
    { title: "EyePoint has begun a second registrational study", actions: ["trial:trial_start"] },
    { title: "MPP signs sublicence agreements", actions: ["deal:sublicence"] },
    { title: "MPP and ViiV sign voluntary licence", actions: ["deal:licence"] },
    { title: "Biologics License Application accepted", actions: ["regulatory:acceptance"] },
  ])(
    "reads approvals in trade-press words, CRLs, acceptances and trial stages: $title",
    ({ title, actions }) => {
      expect(actionsOf(title)).toEqual(new Set(actions));
    },
  );

  it.each([
    { title: "FDA accepts Gilead's filing for priority review", actions: ["regulatory:acceptance"] },
    // A CRL story speaks of the approval it missed; an approval story of the rejection before it.
    {
      title: "FDA rejection over plant issues costs Braeburn another shot at approval",
      actions: ["regulatory:rejection"],
    },
    {
      title: "Braeburn finally wins FDA nod years after an earlier rejection",
      actions: ["regulatory:approval"],
    },
    { title: "Teva plans to submit the NDA next year", actions: [] },
    { title: "CHMP recommends approval of Yeytuo", actions: ["regulatory:opinion"] },
  ])(
    "keeps the most advanced regulatory step, and leaves background and intentions out: $title",
    ({ title, actions }) => {
      expect(actionsOf(title)).toEqual(new Set(actions));
    },
  );

  it("reads the title first, the lead sentence only when the title says nothing", () => {
    expect(primaryActions("FDA approves HB-601", "It was submitted in 2024.")).toEqual(
      new Set(["regulatory:approval"]),
    );
    expect(
      primaryActions(
        "Manufacturing site issues stall Halcyon's implant",
        "The FDA turned it down. Approval later.",
      ),
    ).toEqual(new Set(["regulatory:rejection"]));
  });
});

describe("names the texts give", () => {
  it("trial names next to any-case trial words, and where a trial is entered", () => {
    expect(trialNames("First Patient Dosed in LUGANO Phase 3 Pivotal Trial of DURAVYU")).toEqual(
      new Set(["LUGANO"]),
    );
    expect(trialNames("Doses First Patient in LUCIA, the Second Phase 3 Trial")).toEqual(new Set(["LUCIA"]));
    expect(trialNames("the COVID-19 pandemic")).toEqual(new Set());
  });

  it("product codes, and brands written in capitals (not acronyms or the item's companies)", () => {
    expect(productCodes("NPM-115 and BICX104, not HIV-1 or COVID-19")).toEqual(
      new Set(["code:npm115", "code:bicx104"]),
    );
    expect(brandTokens("ROVI Announces FDA Approval of ENCELTO for MacTel", ["Rovi"])).toEqual(
      new Set(["encelto"]),
    );
  });

  it("a company by its whole name or a distinctive word of it", () => {
    const text = " taiwan s foresee wins us approval dr reddy s laboratories signs ";
    expect(namesCompany(text, "Foresee Pharmaceuticals")).toBe(true);
    expect(namesCompany(text, "dr reddys")).toBe(true);
    expect(namesCompany(text, "Novartis")).toBe(false);
    expect(namesCompany(" the medicines agency said ", "Medicines Patent Pool")).toBe(false);
  });
});

/** An undated regulatory candidate about Halcyon Bio's risperidone unless `fields` say otherwise. */
const candidate = (id: string, fields: Partial<DedupCandidate> & { title: string }): DedupCandidate =>
  undatedCandidate(id, { companies: ["Halcyon Bio"], products: ["risperidone"], ...fields });

describe("one event in company and journalist words is merged", () => {
  it("despite different event types when the action and the subject product agree", () => {
    const release = candidate("a", {
      title: "Halcyon Bio receives complete response letter from FDA for its risperidone implant",
      summary: "The FDA issued a complete response letter citing a third-party manufacturing facility.",
      subject: { title: { molecules: ["risperidone"] } },
    });
    const story = candidate("b", {
      title: "Manufacturing site issues stall Halcyon's risperidone implant",
      summary: "The FDA turned down the risperidone implant over a contract manufacturer's plant.",
      eventType: "manufacturing_supply",
      subject: { title: { molecules: ["risperidone"] } },
    });
    expect(sameEventMismatch(release, story)).toBeUndefined();
    // …but not when the actions differ (an approval and a plant expansion of one product).
    const plant = {
      ...story,
      title: "Halcyon expands its risperidone implant plant",
      summary: "More capacity.",
    };
    expect(sameEventMismatch(release, plant)).toBe("event_type");
  });

  it("despite a missing or less specific indication, and a shareholder or competitor in the lead", () => {
    const release = candidate("a", {
      title: "FDA approves Halcyon's Rispero for HIV prevention",
      summary: "Halcyon Bio is owned by Orbit Pharma and Prism Health.",
      companies: ["Halcyon Bio", "Orbit Pharma", "Prism Health"],
      subject: {
        title: { trademarks: ["Rispero"], indications: ["HIV prevention"] },
        companies: ["Halcyon Bio", "Orbit Pharma", "Prism Health"],
      },
    });
    const story = candidate("b", {
      title: "FDA clears Halcyon's Rispero, a long-acting HIV shot",
      summary: "Halcyon's shot takes on Visiona's rival product.",
      companies: ["Halcyon Bio", "Visiona"],
      subject: { title: { trademarks: ["Rispero"], indications: ["HIV"] }, companies: ["Halcyon Bio"] },
    });
    expect(sameEventMismatch(release, story)).toBeUndefined();
    expect(sameEventMismatch(release, { ...story, subject: { title: { trademarks: ["Rispero"] } } })).toBe(
      undefined,
    );
  });

  it("an unlisted brand in capitals on one side, in title case on the other", () => {
    const release = candidate("a", {
      title: "Visiona Announces FDA Approval of OCULARIS Intravitreal Implant",
      companies: ["visiona"],
      publisher: "visiona",
      products: [],
    });
    const story = candidate("b", {
      title: "FDA clears Visiona's Ocularis eye implant",
      companies: [],
      products: [],
    });
    expect(sameEventMismatch(release, story)).toBeUndefined();
    expect(findDuplicates([release, story]).matchedBy.get("b")).toBe("same_event");
  });
});

describe("distinct events are kept apart by a positive conflict", () => {
  it.each([
    {
      name: "an approval and a CRL",
      a: { title: "Halcyon receives complete response letter for Rispero" },
      b: { title: "FDA approves Halcyon's Rispero after an earlier rejection" },
      conflict: "regulatory_actions_differ",
    },
    {
      name: "an acceptance and an approval",
      a: { title: "FDA accepts Halcyon's filing for Rispero" },
      b: { title: "FDA approves Halcyon's Rispero after an earlier rejection" },
      conflict: "regulatory_actions_differ",
    },
    {
      name: "the trials the titles name, even when one text names both",
      a: {
        title: "Visiona doses first patient in LUCIA, its second Phase 3 trial",
        summary: "Together with LUGANO, LUCIA will support an NDA.",
        eventType: "clinical_update",
      },
      b: {
        title: "Visiona doses first patient in LUGANO Phase 3 trial",
        summary: "LUGANO compares the insert with aflibercept.",
        eventType: "clinical_update",
      },
      conflict: "trials_differ",
    },
    {
      name: "regulators the titles name, though a text mentions the other market in passing",
      a: { title: "European Commission approves Rispero", summary: "The FDA approved it last year." },
      b: { title: "FDA approves Rispero", summary: "It is already approved in the EU." },
      conflict: "regulators_differ",
    },
    {
      name: "a licence and the sublicences signed under it",
      a: {
        title: "MPP and Halcyon sign voluntary licence for long-acting cabotegravir",
        eventType: "partnership",
        products: ["cabotegravir"],
      },
      b: {
        title: "MPP signs sublicence agreements with three manufacturers for cabotegravir",
        eventType: "partnership",
        products: ["cabotegravir"],
      },
      conflict: "deal_actions_differ",
    },
  ])("$name", ({ a, b, conflict }) => {
    expect(sameEventMismatch(candidate("a", a), candidate("b", b))).toBe(conflict);
  });

  it("deals whose titles name different partners", () => {
    const deal = (id: string, title: string, parties: string[]) =>
      candidate(id, { title, eventType: "partnership", companies: parties, subject: { companies: parties } });
    expect(
      sameEventMismatch(
        deal("c", "Orbit Pharma licenses Halcyon's depot", ["Orbit Pharma", "Halcyon Bio"]),
        deal("d", "Prism Health licenses Halcyon's depot", ["Prism Health", "Halcyon Bio"]),
      ),
    ).toBe("parties_differ");
    // A story that names no line-up of its own is less specific, not different.
    expect(
      sameEventMismatch(
        deal("e", "Orbit Pharma signs licence with Halcyon for its depot", ["Orbit Pharma", "Halcyon Bio"]),
        deal("f", "Halcyon hands a generic maker rights to its depot", ["Halcyon Bio"]),
      ),
    ).not.toBe("parties_differ");
  });
});
