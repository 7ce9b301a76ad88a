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
  it("reads approvals in trade-press words, CRLs, acceptances and trial stages", () => {
    for (const title of [
      "Prism wins US approval for its depot",
      "Prism's depot gets the EU green light",
      "Prism scores FDA nod",
      "FDA clears Prism's depot",
      "FDA OKs Prism's depot",
    ])
      expect(actionsOf(title), title).toEqual(new Set(["regulatory:approval"]));
    expect(actionsOf("Halcyon receives complete response letter")).toEqual(new Set(["regulatory:rejection"]));
    expect(actionsOf("FDA turns down Halcyon's implant")).toEqual(new Set(["regulatory:rejection"]));
    expect(actionsOf("EyePoint has begun a second registrational study")).toEqual(
      new Set(["trial:trial_start"]),
    );
    expect(actionsOf("MPP signs sublicence agreements")).toEqual(new Set(["deal:sublicence"]));
    expect(actionsOf("MPP and ViiV sign voluntary licence")).toEqual(new Set(["deal:licence"]));
    expect(actionsOf("Biologics License Application accepted")).toEqual(new Set(["regulatory:acceptance"]));
  });

  it("keeps the most advanced regulatory step, and leaves background and intentions out", () => {
    expect(actionsOf("FDA accepts Gilead's filing for priority review")).toEqual(
      new Set(["regulatory:acceptance"]),
    );
    // A CRL story speaks of the approval it missed; an approval story of the rejection before it.
    expect(actionsOf("FDA rejection over plant issues costs Braeburn another shot at approval")).toEqual(
      new Set(["regulatory:rejection"]),
    );
    expect(actionsOf("Braeburn finally wins FDA nod years after an earlier rejection")).toEqual(
      new Set(["regulatory:approval"]),
    );
    expect(actionsOf("Teva plans to submit the NDA next year")).toEqual(new Set());
    expect(actionsOf("CHMP recommends approval of Yeytuo")).toEqual(new Set(["regulatory:opinion"]));
  });

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
  it("an approval and a CRL, an acceptance and an approval", () => {
    const crl = candidate("a", { title: "Halcyon receives complete response letter for Rispero" });
    const approval = candidate("b", { title: "FDA approves Halcyon's Rispero after an earlier rejection" });
    expect(sameEventMismatch(crl, approval)).toBe("regulatory_actions_differ");
    const accepted = candidate("c", { title: "FDA accepts Halcyon's filing for Rispero" });
    expect(sameEventMismatch(accepted, approval)).toBe("regulatory_actions_differ");
  });

  it("the trials the titles name, even when one text names both", () => {
    const lucia = candidate("a", {
      title: "Visiona doses first patient in LUCIA, its second Phase 3 trial",
      summary: "Together with LUGANO, LUCIA will support an NDA.",
      eventType: "clinical_update",
    });
    const lugano = candidate("b", {
      title: "Visiona doses first patient in LUGANO Phase 3 trial",
      summary: "LUGANO compares the insert with aflibercept.",
      eventType: "clinical_update",
    });
    expect(sameEventMismatch(lucia, lugano)).toBe("trials_differ");
  });

  it("regulators the titles name, though a text mentions the other market in passing", () => {
    const eu = candidate("a", {
      title: "European Commission approves Rispero",
      summary: "The FDA approved it last year.",
    });
    const us = candidate("b", {
      title: "FDA approves Rispero",
      summary: "It is already approved in the EU.",
    });
    expect(sameEventMismatch(eu, us)).toBe("regulators_differ");
  });

  it("a licence and the sublicences signed under it; deals whose titles name different partners", () => {
    const licence = candidate("a", {
      title: "MPP and Halcyon sign voluntary licence for long-acting cabotegravir",
      eventType: "partnership",
      products: ["cabotegravir"],
    });
    const sublicences = candidate("b", {
      title: "MPP signs sublicence agreements with three manufacturers for cabotegravir",
      eventType: "partnership",
      products: ["cabotegravir"],
    });
    expect(sameEventMismatch(licence, sublicences)).toBe("deal_actions_differ");
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
