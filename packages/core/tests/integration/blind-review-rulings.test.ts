/**
 * Issue 14b: the general gaps a blind review found, pinned end to end on items written for this test (not the eval
 * sets) with the shipped `lai_weekly` config. Each rule has a case it must keep (or merge) and a case it must still
 * drop (or keep apart). Companies and programmes are invented (Orbit Bio, Prism, Halcyon…) unless a listed name is
 * the point (lenacapavir and cabotegravir, whose every form is long-acting; leuprolide and octreotide, which also
 * exist as daily injections; Hanmi's LAPSCOVERY platform).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientWatch } from "../../src/index.js";
import { repoWatch } from "../support/repo.js";
import { expectRuling, type RulingGroup } from "./rulings.js";

let watch: ClientWatch;
beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
});

const RULES: RulingGroup[] = [
  {
    title: "rule 1: one event told by the company and the trade press is merged; distinct events are not",
    rulings: [
      {
        kind: "merge",
        case: "merges a CRL release with the journalist's 'manufacturing site' story of it",
        release: {
          title: "Halcyon Bio Receives Complete Response Letter From FDA for HB-601",
          content:
            "The FDA issued a complete response letter for HB-601, a six-month risperidone subdermal implant, citing observations at a third-party manufacturing facility. No new clinical studies were requested.",
          source: "press_corporate__halcyon_bio",
          url: "https://halcyon.example/crl",
        },
        story: {
          title: "Contract manufacturing site problems stall Halcyon's six-month risperidone implant",
          content:
            "The FDA turned down HB-601 because of inspection findings at a contract manufacturer's plant, Halcyon said; the clinical data were not questioned.",
        },
        check: (story) => expect(story.event_type).toBe("manufacturing_supply"),
      },
      {
        kind: "keep",
        case: "keeps the CRL and the later approval of the same product apart",
        lines: [
          {
            title: "Halcyon Bio Receives Complete Response Letter From FDA for HB-601",
            content: "The FDA issued a complete response letter for HB-601, a six-month risperidone implant.",
            source: "press_corporate__halcyon_bio",
          },
          {
            title:
              "FDA approves Halcyon Bio's HB-601, a six-month risperidone implant, after an earlier rejection",
            content: "The FDA approved HB-601 for schizophrenia after Halcyon resubmitted its application.",
            source: "press_corporate__halcyon_bio",
          },
        ],
      },
      {
        kind: "type",
        case: "reads 'wins US approval', 'green light', 'nod', 'clears' and 'OKs' as approvals",
        lines: [
          { title: "Prism wins US approval for its three-month risperidone depot" },
          { title: "Prism's three-month risperidone depot gets the green light in Europe" },
          { title: "Prism scores FDA nod for three-month risperidone depot" },
          { title: "Agency clears Prism's three-month risperidone depot" },
          { title: "FDA OKs Prism's three-month risperidone depot" },
        ],
        event_type: "regulatory",
      },
      {
        kind: "type",
        case: "reads 'has begun registrational trials' and 'started Phase 3 testing' as trial events",
        lines: [
          { title: "Orbit Bio has begun registrational trials of its year-long contraceptive implant" },
          { title: "Orbit Bio started Phase 3 testing of a six-month naltrexone implant" },
        ],
        event_type: "clinical_update",
      },
      {
        kind: "merge",
        case: "merges despite a missing indication, {HIV} vs {HIV prevention}, shareholders and a competitor in the lead",
        release: {
          title: "ViiV Healthcare Announces US FDA Approval of Apretude for HIV Prevention",
          content:
            "The FDA approved Apretude, cabotegravir injected every two months, to reduce the risk of sexually acquired HIV-1. ViiV Healthcare is majority owned by GSK, with Pfizer and Shionogi as shareholders.",
          source: "press_corporate__viiv",
          url: "https://viiv.example/apretude",
        },
        story: {
          title: "FDA clears ViiV's Apretude, the first long-acting HIV shot for prevention",
          content:
            "GSK's ViiV won approval for Apretude, a cabotegravir injection given every two months, which beat Gilead's daily Truvada pill in two studies.",
        },
      },
      {
        kind: "keep",
        case: "keeps two trials of one product apart when the titles name different trials",
        lines: [
          {
            title: "Visiona Doses First Patient in RIVERA Phase 3 Trial of VIS-7 Intravitreal Insert",
            content: "VIS-7 releases a tyrosine kinase inhibitor for six months.",
            source: "press_corporate__visiona",
          },
          {
            title: "Visiona Doses First Patient in MONTANA, the Second Phase 3 Trial of VIS-7",
            content:
              "VIS-7 is a six-month intravitreal insert. Together with RIVERA, MONTANA is designed to support a New Drug Application.",
            source: "press_corporate__visiona",
          },
        ],
      },
      {
        kind: "keep",
        case: "keeps a licence and the sublicences later signed under it apart",
        lines: [
          {
            title: "MPP and Halcyon Bio Sign Voluntary Licence for Long-Acting Cabotegravir",
            content:
              "Generic manufacturers selected by the Medicines Patent Pool may make cabotegravir long-acting.",
            source: "press_corporate__mpp",
          },
          {
            title:
              "MPP signs sublicence agreements with three manufacturers for generic long-acting cabotegravir",
            content:
              "The sublicences were signed under the voluntary licence Halcyon Bio granted the Medicines Patent Pool.",
            source: "press_corporate__mpp",
          },
        ],
      },
      {
        kind: "merge",
        case: "merges a release naming an unlisted brand in capitals with the story naming it in title case",
        release: {
          title: "Visiona Announces FDA Approval of OCULARIS Intravitreal Implant for Uveitis",
          content:
            "OCULARIS is a bioerodible intravitreal implant that releases a corticosteroid for nine months.",
          source: "press_corporate__visiona",
          url: "https://visiona.example/ocularis",
        },
        story: {
          title: "FDA clears Visiona's Ocularis eye implant for uveitis",
          content:
            "Visiona won approval for Ocularis, which releases a steroid inside the eye for nine months.",
        },
      },
    ],
  },

  {
    title: "rule 2: a problem statement's comparator never decides against a months-long implant or depot",
    rulings: [
      {
        kind: "keep",
        case: "keeps an implant 'addressing poor adherence to daily tablets and monthly injections'",
        lines: [
          {
            title: "Orbit Bio starts Phase 1 of OB-12",
            content:
              "OB-12 is a subdermal implant that releases exenatide for up to one year, addressing poor adherence to daily tablets and monthly injections. The study enrols 40 adults.",
            source: "press_corporate__orbit_bio",
          },
        ],
        check: (out) => expect(out.reasons.join()).toMatch(/subject:lai@lead/),
      },
      {
        kind: "keep",
        case: "keeps it when the comparator opens the title or sits in an inserted clause",
        lines: [
          {
            title:
              "An alternative to daily dosing: Prism's subcutaneous risperidone depot lasts three months",
          },
          { title: "Instead of daily pills, Orbit Bio's implant releases naltrexone for six months" },
          {
            title:
              "Replacing monthly injections, Visiona's intravitreal insert released drug for nine months in phase 2",
          },
          {
            title: "Orbit Bio reports Phase 2 data for OB-12",
            content:
              "OB-12, an alternative to daily pills, releases levonorgestrel from an implant for one year.",
          },
          { title: "Poor adherence to daily pills drives a phase 3 start for a twice-yearly HIV implant" },
        ],
      },
      {
        kind: "drop",
        case: "still drops the oral product whose problem statement names injections",
        lines: [
          { title: "Acme's once-daily capsule could end the burden of monthly injections in acromegaly" },
          { title: "Instead of monthly injections, Acme's new acromegaly drug is a once-daily oral capsule" },
        ],
        reason: /^counter_signal:/,
      },
    ],
  },

  {
    title:
      "rule 3: 'long-acting <molecule>' and a molecule whose every form is long-acting, whoever publishes",
    rulings: [
      {
        kind: "keep",
        case: "keeps a licensing body's and a generics maker's deal on long-acting cabotegravir or lenacapavir",
        lines: [
          {
            title: "MPP signs licence with Halcyon Generics for long-acting cabotegravir",
            content: "Halcyon Generics will supply low-income countries.",
            source: "press_corporate__mpp",
          },
          {
            title: "Halcyon Generics signs voluntary licensing agreement for lenacapavir",
            content:
              "The company will make and sell the product in 120 countries under a royalty-free licence.",
            source: "press_corporate__halcyon_generics",
          },
          {
            title: "WHO prequalifies first generic lenacapavir for HIV prevention",
            source: "press_corporate__who",
          },
        ],
        check: (out) => expect(out.reasons.join()).toMatch(/evidence:(long_acting|lai_form):/),
      },
      {
        kind: "drop",
        case: "does not read a molecule with non-LAI forms as LAI",
        lines: [{ title: "Halcyon Generics signs licence for generic leuprolide" }],
        reason: "no_lai_signal",
      },
      {
        kind: "drop",
        case: "does not read a long-acting oral as LAI",
        lines: [
          {
            title: "Merck and Gilead start phase 3 of a long-acting lenacapavir and islatravir pill",
            content: "The combination is taken by mouth once a week.",
          },
        ],
        reason: /^counter_signal:/,
      },
    ],
  },

  {
    title: "rule 4: an explicit months-long interval, injection and LAI molecule clears min_score on its own",
    rulings: [
      {
        kind: "keep",
        case: "keeps a peer-reviewed result (a low-weight event type) stating all three",
        lines: [
          {
            title: "Study in The Lancet: cabotegravir injections every two months protected women from HIV",
            content: "Researchers report the full results in The Lancet.",
          },
        ],
        check: (out) => {
          expect(out.event_type).toBe("scientific_publication");
          expect(out.reasons).toContain("subject:explicit");
        },
      },
      {
        kind: "drop",
        case: "leaves an item with the interval but no known molecule to its score",
        lines: [{ title: "Study in The Lancet: injections every two months protected women from HIV" }],
        reason: "below_min_score",
      },
    ],
  },

  {
    title: "rule 5: a molecule with LAI and non-LAI forms is judged by the subject's own dosing",
    rulings: [
      {
        kind: "drop",
        case: "drops a daily leuprolide or octreotide injection, whatever the depots it is contrasted with",
        lines: [
          {
            title: "Halcyon Generics gets FDA nod for leuprolide acetate injection",
            content:
              "The vial delivers 1 mg as a subcutaneous injection once a day for advanced prostate cancer. Unlike the monthly depot forms, it is injected every day.",
          },
          {
            title: "FDA approves generic octreotide acetate injection from Halcyon Generics",
            content:
              "It is given subcutaneously two to three times a day. Unlike Sandostatin LAR, a monthly depot, it is not long-acting.",
          },
        ],
        reason: "counter_signal:daily",
      },
      {
        kind: "keep",
        case: "keeps the same molecule when its own dosing is months-long (a three-monthly leuprolide depot)",
        lines: [
          {
            title: "Halcyon Generics gets FDA nod for leuprolide acetate injection",
            content:
              "The depot suspension is injected intramuscularly once every three months for prostate cancer.",
          },
        ],
      },
      {
        kind: "keep",
        case: "keeps the same molecule when its own dosing is months-long (a naltrexone implant, contrasted with daily tablets)",
        lines: [
          {
            title: "Orbit Bio doses first patients with its naltrexone implant",
            content:
              "The implant is placed under the skin and releases naltrexone for about three months. Unlike daily naltrexone tablets, it needs no daily pill.",
          },
        ],
      },
    ],
  },

  {
    title: "rule 6: half-life-extension platforms are the half-life-extended class",
    rulings: [
      {
        kind: "drop",
        case: "drops a LAPSCOVERY-based drug named only by its platform, and an XTEN deal",
        lines: [
          { title: "Hanmi's LAPSCOVERY-based obesity drug enters phase 3" },
          {
            title: "Halcyon licenses its XTEN-extended peptides to Orbit Bio",
            content: "XTEN polypeptides extend the half-life of proteins so they can be dosed less often.",
            source: "press_corporate__halcyon",
          },
        ],
        reason: "hle_biologic",
      },
      {
        kind: "keep",
        case: "keeps an LAI platform's deal (class lai)",
        lines: [{ title: "Orbit Bio licenses Camurus' FluidCrystal depot for a monthly peptide" }],
      },
    ],
  },
];

describe.each(RULES)("$title", ({ rulings }) => {
  it.each(rulings)("$case", (ruling) => expectRuling(ruling, watch));
});
