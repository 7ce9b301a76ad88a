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
import { judgeAll as judgeLines, type Line } from "../support/judge.js";
import { repoWatch } from "../support/repo.js";

let watch: ClientWatch;
beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
});

const judgeAll = (lines: Line[], w: ClientWatch = watch) => judgeLines(lines, w);
const judge = (line: Line, w?: ClientWatch) => judgeAll([line], w)[0]!;

describe("a comparator, combination partner or switch never decides the subject", () => {
  it("keeps a twice-yearly injectable's trial result compared with a daily oral pill", () => {
    const out = judge({
      title: "Nuvexa's twice-yearly HIV prevention injection beats daily oral PrEP in phase 3",
      content:
        "Nuvexa Bio's subcutaneous capsid inhibitor NVX-31, injected every six months, prevented 96% of infections in the PREVAIL trial and was superior to once-daily oral emtricitabine/tenofovir tablets.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.reasons).toContain("subject:lai@title");
    expect(out.reasons[0]).not.toMatch(/^counter_signal/);
  });

  it("drops an oral drug approved in combination with a monthly injectable", () => {
    const out = judge({
      title: "FDA approves Orvantis's Corvastat in combination with fulvestrant for advanced breast cancer",
      content:
        "Corvastat is a twice-daily oral tablet. It is approved in combination with fulvestrant, given as intramuscular injections once a month, for adults whose cancer progressed on endocrine therapy.",
    });
    expect(out.keep).toBe(false);
    expect(out.reasons[0]).toBe("counter_signal:daily");
  });

  it("keeps a six-month injectable whose patients switch from monthly injections", () => {
    const out = judge({
      title:
        "Six-month risperidone implant keeps patients relapse-free after switching from monthly injections",
      content:
        "Patients switching from monthly oral-supplemented injections to Halcyon Bio's HB-601 subdermal implant, replaced every six months, stayed relapse-free at one year.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
  });
});

describe("vocabulary outside the lists: interval, device and formulation language", () => {
  it("keeps an implantable drug pump of a company no list knows", () => {
    const out = judge({
      title:
        "FDA accepts Pumptide's filing for an implantable drug pump that delivers exenatide for six months",
      content: "The matchstick-sized osmotic mini-pump sits under the skin and releases drug continuously.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.reasons.join()).toMatch(/evidence:(core_phrase|device):implantable drug pump/);
  });

  it("keeps a once-monthly depot of a molecule no list holds", () => {
    const out = judge({
      title: "Halcyon Bio starts phase 2 trial of a once-monthly brexpiprazole depot",
      content:
        "HB-210 is a subcutaneous depot designed to release brexpiprazole for four weeks after one injection.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
  });

  it("keeps the sale of an implant platform", () => {
    const out = judge({
      title: "Nexalis Therapeutics sells its subdermal implant platform to Orbis Pharma",
      content:
        "The ethylene vinyl acetate implant releases medicine for six months or longer; Orbis takes over the platform and two early programmes.",
      source: "press_corporate__nexalis",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.event_type).toBe("partnership");
  });

  it("keeps a WHO guideline recommending a long-acting injectable, typed as policy", () => {
    const out = judge({
      title: "WHO recommends twice-yearly injectable lenacapavir for HIV prevention",
      content:
        "The World Health Organization issued new guidelines recommending the injection every six months.",
      source: "press_corporate__who",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.event_type).toBe("policy");
  });

  it("keeps an intravitreal insert's trial start from an unknown company (not below_min_score)", () => {
    const out = judge({
      title: "Visiona doses first patient in phase 3 trial of its six-month intravitreal insert for wet AMD",
      content: "VIS-7 is a bioerodible insert that releases a tyrosine kinase inhibitor for six months.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.reasons[0]).toBe("keep");
  });
});

describe("near misses are dropped", () => {
  const dropped = (line: Line) => {
    const out = judge(line);
    expect(out.keep, `${line.title}: ${out.reasons.join()}`).toBe(false);
    return out.reasons[0]!;
  };

  it("a local anaesthetic lasting three days", () => {
    expect(
      dropped({
        title: "FDA approves Numbrix, an extended-release bupivacaine for postsurgical pain",
        content: "Numbrix is applied into the surgical site and provides analgesia for up to 72 hours.",
      }),
    ).toMatch(/^(not_lai:local_anaesthetic|not_lai:short_acting)$/);
  });

  it("a once-daily product of a prodrug platform", () => {
    expect(
      dropped({
        title: "FDA approves Daylix for hypoparathyroidism",
        content:
          "Daylix is a TransCon prodrug of parathyroid hormone given once daily by subcutaneous injection.",
        source: "press_corporate__ascendis",
      }),
    ).toBe("counter_signal:daily");
  });

  it("an IV liposomal chemotherapy given every two weeks", () => {
    expect(
      dropped({
        title: "FDA approves Lipotecan for first-line pancreatic cancer",
        content:
          "Lipotecan, an irinotecan liposome injection, is given by intravenous infusion every two weeks with oxaliplatin.",
      }),
    ).toMatch(/^counter_signal:(intravenous|infusion)$/);
  });

  it("once-weekly and long-acting oral products", () => {
    expect(
      dropped({
        title: "Weekly oral risperidone capsule meets phase 3 endpoints",
        content: "The once-weekly oral capsule releases risperidone over seven days in the stomach.",
      }),
    ).toBe("counter_signal:oral");
    expect(
      dropped({
        title: "Orbis starts phase 3 of a once-monthly oral PrEP pill",
        content: "The pill is taken by mouth once a month.",
      }),
    ).toBe("counter_signal:oral");
  });

  it("inhaled long-acting bronchodilators, vaccines, IUDs and daily injectables", () => {
    expect(
      dropped({
        title: "Triple inhaler with a long-acting beta2-agonist wins COPD approval",
        content: "The inhaled combination is taken twice daily.",
      }),
    ).toMatch(/^counter_signal:/);
    expect(dropped({ title: "FDA approves a single-dose RSV vaccine for older adults" })).toBe(
      "counter_signal:vaccine",
    );
    expect(
      dropped({
        title: "New hormonal IUD approved for eight years of pregnancy prevention",
        content: "The intrauterine system releases levonorgestrel.",
      }),
    ).toMatch(/^counter_signal:(iud|intrauterine)/);
    expect(
      dropped({
        title: "First generic of a once-daily GLP-1 injection launches",
        content: "The once-daily injection treats type 2 diabetes.",
      }),
    ).toBe("counter_signal:daily");
  });

  it("keeps a depot medroxyprogesterone injection (contraception that IS LAI)", () => {
    const out = judge({
      title: "FDA approves self-injection of DMPA given every three months",
      content:
        "The subcutaneous medroxyprogesterone acetate injection protects against pregnancy for three months.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
  });

  it("weekly half-life-extended biologics and a high-dose intravitreal antibody are out by default", () => {
    const lines: Line[] = [
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
    ];
    for (const out of judgeAll(lines)) {
      expect(out.keep, out.reasons.join()).toBe(false);
      expect(out.reasons[0]).toBe("hle_biologic");
    }
  });

  it("…and in for a client whose config includes half-life-extended biologics", () => {
    const withHle: ClientWatch = {
      ...watch,
      client: { ...watch.client, relevance: { ...watch.client.relevance, include_hle_biologics: true } },
    };
    const out = judge(
      {
        title: "Novatec's once-weekly basal insulin wins EU approval",
        content: "The weekly insulin is injected under the skin instead of daily injections.",
      },
      withHle,
    );
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.reasons).toContain("subject:hle@title");
  });
});

describe("distinct events are never merged; one event told twice is", () => {
  it.each<[string, [Line, Line]]>([
    [
      "keeps two approvals of one company's different products (different molecules)",
      [
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
    ],
    [
      "keeps a label expansion to a new population apart from the product's adult dosing update",
      [
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
    ],
    [
      "keeps a treatment approval and a prevention approval of one molecule under two trademarks",
      [
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
    ],
  ])("%s", (_name, pair) => {
    const [a, b] = judgeAll(pair);
    expect([a!.keep, b!.keep], `${a!.reasons} | ${b!.reasons}`).toEqual([true, true]);
  });

  it("merges a company's release and the trade-press story of it, in other words", () => {
    const [release, story] = judgeAll([
      {
        title:
          "Halcyon Bio Announces FDA Approval of Rispero (risperidone) Extended-Release Injectable Suspension",
        content:
          "Halcyon Bio said the FDA approved Rispero, a subcutaneous risperidone depot given once a month, for adults with schizophrenia. The approval is based on the phase 3 RISE-UP trial.",
        source: "press_corporate__halcyon",
        url: "https://halcyon.example/news/rispero-approved",
      },
      {
        title: "Halcyon wins FDA nod for monthly risperidone shot Rispero",
        content:
          "The FDA cleared Halcyon Bio's Rispero, a risperidone injection given every month, giving schizophrenia patients another long-acting option.",
      },
    ]);
    expect(release!.keep).toBe(true);
    expect(story!.keep).toBe(false);
    expect(story!.reasons[0]).toBe("duplicate_of:https://halcyon.example/news/rispero-approved");
  });
});

describe("a stated action of hours or days is not long-acting, whatever the formulation words", () => {
  it.each([
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
  ])("drops %s", (_kind, title, content) => {
    const out = judge({ title, content });
    expect(out.keep, out.reasons.join()).toBe(false);
    expect(out.reasons[0]).toBe("not_lai:short_acting");
  });

  it("keeps a depot whose weeks-long interval is stated too (a fast onset is not its duration)", () => {
    const out = judge({
      title:
        "Halcyon Bio launches a once-monthly buprenorphine depot with pain relief for 24 hours after surgery",
      content: "The subcutaneous depot releases buprenorphine for four weeks after each injection.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
    expect(out.reasons).toContain("subject:lai@title");
  });

  it("reads 'within 72 hours of' as a time point, not as how long a dose acts", () => {
    const out = judge({
      title: "Orbit Bio's six-month leuprolide depot suppresses testosterone within 72 hours of injection",
      content: "The FDA approved the 6-month depot injection for advanced prostate cancer.",
    });
    expect(out.keep, out.reasons.join()).toBe(true);
  });
});

describe("regulatory designations, however worded, are regulatory news", () => {
  it.each([
    "Implantable pump wins FDA breakthrough tag for year-long GLP-1 delivery",
    "FDA grants fast track to Nuvexa's six-month HIV prevention implant",
    "EMA awards PRIME status to Prism Bio's twice-yearly schizophrenia injection",
    "Lumen Eye's intravitreal sustained-release implant gets orphan drug status in retinitis pigmentosa",
    "Pumptide's implantable drug pump lands breakthrough device designation for a once-yearly exenatide implant",
  ])("types and keeps: %s", (title) => {
    const out = judge({ title });
    expect(out.event_type).toBe("regulatory");
    expect(out.keep, out.reasons.join()).toBe(true);
  });

  it("still drops an oral product's designation (the type is regulatory, the subject is not LAI)", () => {
    const out = judge({
      title: "Once-daily obesity pill wins FDA breakthrough therapy designation",
      content: "The oral tablet is taken once a day.",
    });
    expect(out.event_type).toBe("regulatory");
    expect(out.keep).toBe(false);
  });
});
