import { describe, expect, it } from "vitest";
import {
  type DedupCandidate,
  findDuplicates,
  runEngine,
  sameEventMismatch,
  trialPhases,
} from "../../../src/engine/index.js";
import { olanzapineNda, testWatch, undatedCandidate } from "../../support/engine-fixtures.js";

const AS_OF = "2025-12-17";

/** The two tellings of Teva's olanzapine NDA in the recorded fortnight (titles and teasers as published). */
const medincellNda: DedupCandidate = {
  id: "mdc",
  title:
    "Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension (TEV-‘749 / mdc-TJK) for the Once-Monthly Treatment of Schizophrenia in Adults",
  summary:
    "Teva has submitted a New Drug Application to the U.S. FDA for olanzapine extended-release injectable suspension (TEV-'749 / mdc-TJK), a once-monthly subcutaneous long-acting injectable for schizophrenia. The product uses Medincell's technology and showed no post-injection delirium/sedation syndrome in the Phase 3 SOLARIS trial.",
  url: "https://www.medincell.com/nda.pdf",
  canonicalUrl: "https://www.medincell.com/nda.pdf",
  publishedAt: "2025-12-09",
  companies: ["MedinCell", "Teva Pharmaceutical"],
  eventType: "regulatory",
  products: ["olanzapine"],
};
const fiercePharmaNda: DedupCandidate = {
  id: "fierce",
  title: "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
  summary:
    "Teva has filed its once-monthly olanzapine extended-release injectable suspension, TEV-'749, with the FDA. Partnered with Medincell, the subcutaneous long-acting injectable avoided the post-injection delirium/sedation syndrome seen with Zyprexa Relprevv in the phase 3 SOLARIS study.",
  url: "https://www.fiercepharma.com/pharma/teva-submits-olanzapine",
  canonicalUrl: "https://www.fiercepharma.com/pharma/teva-submits-olanzapine",
  publishedAt: "2025-12-17",
  companies: ["Teva Pharmaceutical", "MedinCell"],
  eventType: "regulatory",
  products: ["olanzapine", "Zyprexa Relprevv"],
};
/** Camurus's two Oclaiz regulatory releases: an EU opinion and a US NDA acceptance, eight days apart. */
const chmpOpinion: DedupCandidate = {
  id: "chmp",
  title:
    "Camurus receives positive CHMP opinion for Oclaiz® (CAM2029, octreotide subcutaneous depot) in acromegaly",
  summary:
    "The CHMP has adopted a positive opinion recommending marketing authorisation of Oclaiz® (CAM2029), a once-monthly octreotide subcutaneous depot based on the FluidCrystal® technology, for maintenance treatment of adults with acromegaly.",
  url: "https://www.camurus.com/chmp",
  canonicalUrl: "https://www.camurus.com/chmp",
  publishedAt: "2025-12-16",
  companies: ["Camurus"],
  eventType: "regulatory",
  products: ["Oclaiz", "octreotide"],
};
const ndaAccepted: DedupCandidate = {
  id: "accepted",
  title: "Oclaiz® (CAM2029) NDA for acromegaly accepted for review by the US FDA",
  summary:
    "The US FDA has accepted for review the resubmitted New Drug Application for Oclaiz® (CAM2029, octreotide subcutaneous depot) for acromegaly.",
  url: "https://www.camurus.com/nda",
  canonicalUrl: "https://www.camurus.com/nda",
  publishedAt: "2025-12-08",
  companies: ["Camurus"],
  eventType: "regulatory",
  products: ["Oclaiz", "octreotide"],
};

describe("same-event rule: the same news from two sources, in other words", () => {
  it("merges the MedinCell release and the FiercePharma story of Teva's olanzapine NDA, eight days apart", () => {
    expect(sameEventMismatch(medincellNda, fiercePharmaNda)).toBeUndefined();
    const result = findDuplicates([medincellNda, fiercePharmaNda]);
    expect(result.duplicateOf.get("fierce")).toBe("mdc");
    expect(result.mergedUrls.get("mdc")).toEqual([fiercePharmaNda.url]);
    expect(result.matchedBy.get("fierce")).toBe("same_event");
  });

  it("keeps an EU CHMP opinion and a US NDA acceptance of the same product apart (regulators differ)", () => {
    expect(sameEventMismatch(chmpOpinion, ndaAccepted)).toBe("regulators_differ");
    expect(findDuplicates([chmpOpinion, ndaAccepted]).duplicateOf.size).toBe(0);
  });

  it("keeps an NDA submission and that NDA's approval apart (regulatory actions differ)", () => {
    const approval: DedupCandidate = {
      ...fiercePharmaNda,
      id: "approval",
      title: "FDA approves Teva's olanzapine long-acting injectable for schizophrenia",
      summary:
        "The FDA approved the once-monthly olanzapine extended-release injectable suspension TEV-'749.",
      url: "https://news.example/approval",
      canonicalUrl: "https://news.example/approval",
      publishedAt: "2025-12-12",
    };
    expect(sameEventMismatch(medincellNda, approval)).toBe("regulatory_actions_differ");
  });

  it("keeps trial news of different phases apart", () => {
    const phase1: DedupCandidate = {
      id: "p1",
      title: "MedinCell partner doses first patient in phase 1 study of olanzapine depot",
      summary: "First patient dosed in the phase 1 study.",
      url: "https://a.example/1",
      canonicalUrl: "https://a.example/1",
      publishedAt: "2025-12-10",
      companies: ["MedinCell"],
      eventType: "clinical_update",
      products: ["olanzapine"],
    };
    const phase3 = {
      ...phase1,
      id: "p3",
      title: "MedinCell olanzapine depot phase III results",
      summary: "The Phase III study met its primary endpoint.",
      url: "https://a.example/3",
      canonicalUrl: "https://a.example/3",
    };
    expect(trialPhases("phase 1/2 and Phase III")).toEqual(new Set(["1", "2", "3"]));
    expect(sameEventMismatch(phase1, phase3)).toBe("phases_differ");
  });

  it("needs a shared company, a shared product, the same event type and at most 10 days", () => {
    expect(sameEventMismatch(medincellNda, { ...fiercePharmaNda, companies: ["Pfizer"] })).toBe(
      "no_shared_company",
    );
    expect(sameEventMismatch(medincellNda, { ...fiercePharmaNda, products: ["risperidone"] })).toBe(
      "no_shared_product",
    );
    expect(sameEventMismatch(medincellNda, { ...fiercePharmaNda, eventType: "clinical_update" })).toBe(
      "event_type",
    );
    expect(sameEventMismatch(medincellNda, { ...fiercePharmaNda, publishedAt: "2025-12-22" })).toBe(
      "days_apart",
    );
    expect(sameEventMismatch(medincellNda, { ...fiercePharmaNda, eventType: "other" })).toBe(
      "no_event_facets",
    );
  });

  it("keeps two different stories about one product and one company apart (text differs)", () => {
    const launchPlan: DedupCandidate = {
      ...fiercePharmaNda,
      id: "plan",
      title: "Teva builds psychiatry sales force around olanzapine and Medincell royalties",
      summary: "Teva is hiring representatives across the country ahead of launches next year.",
      url: "https://news.example/plan",
      canonicalUrl: "https://news.example/plan",
    };
    expect(sameEventMismatch(medincellNda, launchPlan)).toBe("text_differs");
  });
});

describe("runEngine keeps the primary source of a merged pair", () => {
  it("keeps MedinCell's release over the richer sector article, records the url and the duplicate_of reason", () => {
    const { release: corporate, story: press } = olanzapineNda();
    const result = runEngine({ items: [press, corporate], watch: testWatch(), asOf: AS_OF });
    const [p, c] = result.decisions;
    expect(c!.kept).toBe(true);
    expect(c!.merged_urls).toEqual([press.url]);
    expect(p!.kept).toBe(false);
    expect(p!.duplicate_of).toBe(corporate.item_id);
    expect(p!.reasons.slice(0, 2)).toEqual([`duplicate_of:${corporate.item_id}`, "merged_by:same_event"]);
  });
});

describe("vetoes: distinct events are never merged, whatever their words (issue 14)", () => {
  /** An undated regulatory candidate of Luye's (undated: the day rule cannot separate them, only the facets can). */
  const approval = (id: string, title: string, summary: string, subject: DedupCandidate["subject"]) =>
    undatedCandidate(id, {
      title,
      summary,
      companies: ["Luye Pharma"],
      products: ["risperidone", "paliperidone"],
      subject,
    });

  it("two approvals of one company's different products (different trademarks in the titles)", () => {
    /** The approval of one product, named by its trademark: two of them differ in nothing else. */
    const approvalOf = (id: string, brand: string) =>
      approval(
        id,
        `FDA approves Luye's ${brand} extended-release injectable suspension`,
        `The FDA approved ${brand} for schizophrenia.`,
        { title: { trademarks: [brand] } },
      );
    const rykindo = approvalOf("a", "Rykindo");
    const erzofri = approvalOf("b", "Erzofri");
    expect(sameEventMismatch(rykindo, erzofri)).toBe("products_differ");
    // The same-title rule is vetoed too: these titles are 80% alike.
    expect(findDuplicates([rykindo, erzofri]).duplicateOf.size).toBe(0);
  });

  it("two approvals of different molecules, a competitor in the lead never vetoes", () => {
    const a = approval("a", "FDA approves monthly risperidone shot", "It joins paliperidone shots.", {
      title: { molecules: ["risperidone"] },
      lead: { molecules: ["paliperidone"] },
    });
    const b = approval("b", "FDA approves monthly paliperidone shot", "Paliperidone shot approved.", {
      title: { molecules: ["paliperidone"] },
    });
    expect(sameEventMismatch(a, b)).toBe("molecules_differ");
    const story = approval("c", "Luye wins FDA nod for monthly shot", "Monthly risperidone approved.", {
      lead: { molecules: ["risperidone"] },
    });
    expect(sameEventMismatch(a, story)).not.toBe("molecules_differ");
  });

  it("a label expansion to a new population and the adult label; one implant's two new indications", () => {
    const adults = approval("a", "FDA approves Cabenuva every two months", "For adults with HIV.", {});
    const teens = approval(
      "b",
      "FDA approves Cabenuva for adolescents",
      "For adolescents aged 12 and older.",
      {},
    );
    expect(sameEventMismatch(adults, teens)).toBe("populations_differ");
    const dme = approval(
      "c",
      "FDA approves Susvimo for diabetic macular edema",
      "Refill every nine months.",
      {
        title: { indications: ["diabetic macular edema"] },
      },
    );
    const dr = approval("d", "FDA approves Susvimo for diabetic retinopathy", "Refill every nine months.", {
      title: { indications: ["diabetic retinopathy"] },
    });
    expect(sameEventMismatch(dme, dr)).toBe("indications_differ");
  });

  it("two trials of one programme, and two deals with different parties", () => {
    const trial = (id: string, name: string) => ({
      ...approval(id, `Lenacapavir prevents HIV in ${name} trial`, `${name} met its endpoint.`, {}),
      eventType: "clinical_update",
    });
    expect(sameEventMismatch(trial("a", "PURPOSE 1"), trial("b", "PURPOSE 2"))).toBe("trials_differ");
    // The parties a deal is about are those its title names (issue 14b: shareholders or partners named in a lead
    // are background).
    const deal = (id: string, parties: string[], title: string) => ({
      ...approval(id, title, "Alimera gains rights to the Yutiq implant.", { companies: parties }),
      eventType: "partnership",
      companies: parties,
    });
    expect(
      sameEventMismatch(
        deal("a", ["ANI", "Alimera"], "ANI to acquire Alimera and its Yutiq implant"),
        deal("b", ["Alimera", "EyePoint"], "Alimera acquires Yutiq implant rights from EyePoint"),
      ),
    ).toBe("parties_differ");
  });

  it("still merges one event told by a company and by the trade press, in other words (corroborated facets)", () => {
    const release = approval(
      "a",
      "U.S. FDA Approves Rykindo (risperidone) Extended-Release Injectable Suspension",
      "Luye Pharma announced that the FDA has approved Rykindo, given every two weeks, for schizophrenia.",
      { title: { trademarks: ["Rykindo"] } },
    );
    const story = approval(
      "b",
      "China's Luye wins FDA nod for biweekly risperidone shot",
      "Luye's Rykindo, injected every two weeks, competes with Risperdal Consta.",
      { lead: { trademarks: ["Rykindo", "Risperdal Consta"] } },
    );
    expect(sameEventMismatch(release, story)).toBeUndefined();
    expect(findDuplicates([release, story]).matchedBy.get("b")).toBe("same_event");
  });
});
