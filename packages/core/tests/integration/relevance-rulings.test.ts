/**
 * Issue 14's rulings, pinned on items written for this test (not the eval sets): each kind of mistake the issue
 * names, judged end to end by the shipped `lai_weekly` config — normalization (subject, language rules, lists)
 * then the engine's triage (relevance, score, de-duplication, min_score).
 *
 * Most companies and products below are invented on purpose (Nuvexa, Orvantis, Pumptide…): the rules must work for
 * names no list holds. Where a listed name is the point (Eylea HD, Sunlenca/Yeztugo), the real one is used.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientWatch } from "../../src/index.js";
import { repoWatch } from "../support/repo.js";
import { expectRuling, type Ruling, type RulingGroup } from "./rulings.js";

let watch: ClientWatch;
beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
});

/** Titles of local anaesthetic depots (and their leads) whose stated action is hours or days. */
const SHORT_ACTING: [kind: string, title: string, content: string][] = [
  [
    "hours of relief after an extended-release depot",
    "Calmora launches an extended-release levobupivacaine depot giving 72 hours of relief after knee surgery",
    "",
  ],
  [
    "a ceiling in days",
    "FDA approves Sorel Pharma's ropivacaine depot that numbs surgical wounds for up to 3 days",
    "",
  ],
  [
    "'for N days' in the lead",
    "Veltrix starts phase 3 of an extended-release meloxicam depot after bunion surgery",
    "VX-22 is placed in the surgical site and provides analgesia for 5 days from a single dose.",
  ],
  [
    "an adjective duration of an unlisted molecule",
    "Quellis wins CE mark for its 48-hour sustained-release lidocaine depot",
    "",
  ],
  [
    "a short action in the lead against an in-situ depot in the title",
    "Arbor Bio's in-situ forming depot completes pivotal trial in hernia repair",
    "AB-7 provides 96-hour pain relief from a single injection into the wound.",
  ],
];

/** Designations worded every which way, of long-acting products. */
const DESIGNATIONS = [
  "Implantable pump wins FDA breakthrough tag for year-long GLP-1 delivery",
  "FDA grants fast track to Nuvexa's six-month HIV prevention implant",
  "EMA awards PRIME status to Prism Bio's twice-yearly schizophrenia injection",
  "Lumen Eye's intravitreal sustained-release implant gets orphan drug status in retinitis pigmentosa",
  "Pumptide's implantable drug pump lands breakthrough device designation for a once-yearly exenatide implant",
];

const RULES: RulingGroup[] = [
  {
    title: "a comparator, combination partner or switch never decides the subject",
    rulings: [
      {
        kind: "keep",
        case: "keeps a twice-yearly injectable's trial result compared with a daily oral pill",
        lines: [
          {
            title: "Nuvexa's twice-yearly HIV prevention injection beats daily oral PrEP in phase 3",
            content:
              "Nuvexa Bio's subcutaneous capsid inhibitor NVX-31, injected every six months, prevented 96% of infections in the PREVAIL trial and was superior to once-daily oral emtricitabine/tenofovir tablets.",
          },
        ],
        check: (out) => {
          expect(out.reasons).toContain("subject:lai@title");
          expect(out.reasons[0]).not.toMatch(/^counter_signal/);
        },
      },
      {
        kind: "drop",
        case: "drops an oral drug approved in combination with a monthly injectable",
        lines: [
          {
            title:
              "FDA approves Orvantis's Corvastat in combination with fulvestrant for advanced breast cancer",
            content:
              "Corvastat is a twice-daily oral tablet. It is approved in combination with fulvestrant, given as intramuscular injections once a month, for adults whose cancer progressed on endocrine therapy.",
          },
        ],
        reason: "counter_signal:daily",
      },
      {
        kind: "keep",
        case: "keeps a six-month injectable whose patients switch from monthly injections",
        lines: [
          {
            title:
              "Six-month risperidone implant keeps patients relapse-free after switching from monthly injections",
            content:
              "Patients switching from monthly oral-supplemented injections to Halcyon Bio's HB-601 subdermal implant, replaced every six months, stayed relapse-free at one year.",
          },
        ],
      },
    ],
  },
  {
    title: "vocabulary outside the lists: interval, device and formulation language",
    rulings: [
      {
        kind: "keep",
        case: "keeps an implantable drug pump of a company no list knows",
        lines: [
          {
            title:
              "FDA accepts Pumptide's filing for an implantable drug pump that delivers exenatide for six months",
            content:
              "The matchstick-sized osmotic mini-pump sits under the skin and releases drug continuously.",
          },
        ],
        check: (out) =>
          expect(out.reasons.join()).toMatch(/evidence:(core_phrase|device):implantable drug pump/),
      },
      {
        kind: "keep",
        case: "keeps a once-monthly depot of a molecule no list holds",
        lines: [
          {
            title: "Halcyon Bio starts phase 2 trial of a once-monthly brexpiprazole depot",
            content:
              "HB-210 is a subcutaneous depot designed to release brexpiprazole for four weeks after one injection.",
          },
        ],
      },
      {
        kind: "keep",
        case: "keeps the sale of an implant platform",
        lines: [
          {
            title: "Nexalis Therapeutics sells its subdermal implant platform to Orbis Pharma",
            content:
              "The ethylene vinyl acetate implant releases medicine for six months or longer; Orbis takes over the platform and two early programmes.",
            source: "press_corporate__nexalis",
          },
        ],
        check: (out) => expect(out.event_type).toBe("partnership"),
      },
      {
        kind: "keep",
        case: "keeps a WHO guideline recommending a long-acting injectable, typed as policy",
        lines: [
          {
            title: "WHO recommends twice-yearly injectable lenacapavir for HIV prevention",
            content:
              "The World Health Organization issued new guidelines recommending the injection every six months.",
            source: "press_corporate__who",
          },
        ],
        check: (out) => expect(out.event_type).toBe("policy"),
      },
      {
        kind: "keep",
        case: "keeps an intravitreal insert's trial start from an unknown company (not below_min_score)",
        lines: [
          {
            title:
              "Visiona doses first patient in phase 3 trial of its six-month intravitreal insert for wet AMD",
            content:
              "VIS-7 is a bioerodible insert that releases a tyrosine kinase inhibitor for six months.",
          },
        ],
        check: (out) => expect(out.reasons[0]).toBe("keep"),
      },
    ],
  },
  {
    title: "near misses are dropped",
    rulings: [
      {
        kind: "drop",
        case: "a local anaesthetic lasting three days",
        lines: [
          {
            title: "FDA approves Numbrix, an extended-release bupivacaine for postsurgical pain",
            content: "Numbrix is applied into the surgical site and provides analgesia for up to 72 hours.",
          },
        ],
        reason: /^(not_lai:local_anaesthetic|not_lai:short_acting)$/,
      },
      {
        kind: "drop",
        case: "a once-daily product of a prodrug platform",
        lines: [
          {
            title: "FDA approves Daylix for hypoparathyroidism",
            content:
              "Daylix is a TransCon prodrug of parathyroid hormone given once daily by subcutaneous injection.",
            source: "press_corporate__ascendis",
          },
        ],
        reason: "counter_signal:daily",
      },
      {
        kind: "drop",
        case: "an IV liposomal chemotherapy given every two weeks",
        lines: [
          {
            title: "FDA approves Lipotecan for first-line pancreatic cancer",
            content:
              "Lipotecan, an irinotecan liposome injection, is given by intravenous infusion every two weeks with oxaliplatin.",
          },
        ],
        reason: /^counter_signal:(intravenous|infusion)$/,
      },
      {
        kind: "drop",
        case: "once-weekly and long-acting oral products",
        lines: [
          {
            title: "Weekly oral risperidone capsule meets phase 3 endpoints",
            content: "The once-weekly oral capsule releases risperidone over seven days in the stomach.",
          },
          {
            title: "Orbis starts phase 3 of a once-monthly oral PrEP pill",
            content: "The pill is taken by mouth once a month.",
          },
        ],
        reason: "counter_signal:oral",
      },
      {
        kind: "drop",
        case: "inhaled long-acting bronchodilators",
        lines: [
          {
            title: "Triple inhaler with a long-acting beta2-agonist wins COPD approval",
            content: "The inhaled combination is taken twice daily.",
          },
        ],
        reason: /^counter_signal:/,
      },
      {
        kind: "drop",
        case: "vaccines",
        lines: [{ title: "FDA approves a single-dose RSV vaccine for older adults" }],
        reason: "counter_signal:vaccine",
      },
      {
        kind: "drop",
        case: "IUDs",
        lines: [
          {
            title: "New hormonal IUD approved for eight years of pregnancy prevention",
            content: "The intrauterine system releases levonorgestrel.",
          },
        ],
        reason: /^counter_signal:(iud|intrauterine)/,
      },
      {
        kind: "drop",
        case: "daily injectables",
        lines: [
          {
            title: "First generic of a once-daily GLP-1 injection launches",
            content: "The once-daily injection treats type 2 diabetes.",
          },
        ],
        reason: "counter_signal:daily",
      },
      {
        kind: "keep",
        case: "keeps a depot medroxyprogesterone injection (contraception that IS LAI)",
        lines: [
          {
            title: "FDA approves self-injection of DMPA given every three months",
            content:
              "The subcutaneous medroxyprogesterone acetate injection protects against pregnancy for three months.",
          },
        ],
      },
      {
        kind: "drop",
        case: "weekly half-life-extended biologics and a high-dose intravitreal antibody are out by default",
        lines: [
          {
            title: "Novatec's once-weekly basal insulin wins EU approval",
            content: "The weekly insulin is injected under the skin instead of daily injections.",
          },
          {
            title: "FDA approves a once-weekly factor VIII fusion protein for hemophilia A",
            content: "The Fc fusion protein is injected once a week.",
          },
          {
            title: "Weekly growth hormone approved for children",
            content: "The long-acting growth hormone is injected once a week with a pen.",
          },
          {
            title: "FDA approves Eylea HD dosing every 20 weeks",
            content: "The high-dose aflibercept is given as an intravitreal injection.",
          },
        ],
        reason: "hle_biologic",
      },
      {
        kind: "keep",
        case: "…and in for a client whose config includes half-life-extended biologics",
        lines: [
          {
            title: "Novatec's once-weekly basal insulin wins EU approval",
            content: "The weekly insulin is injected under the skin instead of daily injections.",
          },
        ],
        relevance: { include_hle_biologics: true },
        check: (out) => expect(out.reasons).toContain("subject:hle@title"),
      },
    ],
  },
  {
    title: "distinct events are never merged; one event told twice is",
    rulings: [
      {
        kind: "keep",
        case: "keeps two approvals of one company's different products (different molecules)",
        lines: [
          {
            title: "FDA approves Acmepharm's monthly risperidone extended-release injectable suspension",
            content: "Acmepharm's risperidone depot is injected once a month for schizophrenia.",
          },
          {
            title:
              "FDA approves Acmepharm's monthly paliperidone palmitate extended-release injectable suspension",
            content: "Acmepharm's paliperidone palmitate is injected once a month for schizophrenia.",
          },
        ],
      },
      {
        kind: "keep",
        case: "keeps a label expansion to a new population apart from the product's adult dosing update",
        lines: [
          {
            title: "FDA approves Cabenuva every-two-month dosing",
            content: "Virologically suppressed adults can receive the injections every two months.",
            source: "press_corporate__viiv",
          },
          {
            title: "FDA approves Cabenuva for adolescents living with HIV",
            content: "Adolescents aged 12 and older can receive the injections every two months.",
            source: "press_corporate__viiv",
          },
        ],
      },
      {
        kind: "keep",
        case: "keeps a treatment approval and a prevention approval of one molecule under two trademarks",
        lines: [
          {
            title: "FDA approves Gilead's Sunlenca, twice-yearly lenacapavir for multi-drug resistant HIV",
            content: "Sunlenca is injected under the skin every six months after an initiation period.",
            source: "press_corporate__gilead",
          },
          {
            title: "FDA approves Gilead's Yeztugo, twice-yearly lenacapavir for HIV prevention",
            content: "Yeztugo is injected under the skin every six months for pre-exposure prophylaxis.",
            source: "press_corporate__gilead",
          },
        ],
      },
      {
        kind: "merge",
        case: "merges a company's release and the trade-press story of it, in other words",
        release: {
          title:
            "Halcyon Bio Announces FDA Approval of Rispero (risperidone) Extended-Release Injectable Suspension",
          content:
            "Halcyon Bio said the FDA approved Rispero, a subcutaneous risperidone depot given once a month, for adults with schizophrenia. The approval is based on the phase 3 RISE-UP trial.",
          source: "press_corporate__halcyon",
          url: "https://halcyon.example/news/rispero-approved",
        },
        story: {
          title: "Halcyon wins FDA nod for monthly risperidone shot Rispero",
          content:
            "The FDA cleared Halcyon Bio's Rispero, a risperidone injection given every month, giving schizophrenia patients another long-acting option.",
        },
      },
    ],
  },
  {
    title: "a stated action of hours or days is not long-acting, whatever the formulation words",
    rulings: [
      ...SHORT_ACTING.map(
        ([kind, title, content]): Ruling => ({
          kind: "drop",
          case: `drops ${kind}`,
          lines: [{ title, content }],
          reason: "not_lai:short_acting",
        }),
      ),
      {
        kind: "keep",
        case: "keeps a depot whose weeks-long interval is stated too (a fast onset is not its duration)",
        lines: [
          {
            title:
              "Halcyon Bio launches a once-monthly buprenorphine depot with pain relief for 24 hours after surgery",
            content: "The subcutaneous depot releases buprenorphine for four weeks after each injection.",
          },
        ],
        check: (out) => expect(out.reasons).toContain("subject:lai@title"),
      },
      {
        kind: "keep",
        case: "reads 'within 72 hours of' as a time point, not as how long a dose acts",
        lines: [
          {
            title:
              "Orbit Bio's six-month leuprolide depot suppresses testosterone within 72 hours of injection",
            content: "The FDA approved the 6-month depot injection for advanced prostate cancer.",
          },
        ],
      },
    ],
  },
  {
    title: "regulatory designations, however worded, are regulatory news",
    rulings: [
      ...DESIGNATIONS.map(
        (title): Ruling => ({
          kind: "type",
          case: `types and keeps: ${title}`,
          lines: [{ title }],
          event_type: "regulatory",
          keep: true,
        }),
      ),
      {
        kind: "type",
        case: "still drops an oral product's designation (the type is regulatory, the subject is not LAI)",
        lines: [
          {
            title: "Once-daily obesity pill wins FDA breakthrough therapy designation",
            content: "The oral tablet is taken once a day.",
          },
        ],
        event_type: "regulatory",
        keep: false,
      },
    ],
  },
];

describe.each(RULES)("$title", ({ rulings }) => {
  it.each(rulings)("$case", (ruling) => expectRuling(ruling, watch));
});
