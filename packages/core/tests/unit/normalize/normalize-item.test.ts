import { describe, expect, it } from "vitest";
import { NormalizedItem, type RawItem } from "../../../src/index.js";
import {
  compileWatch,
  EMPTY_ITEM_NOISE,
  normalizeItem,
  normalizeItems,
  passesRuleGate,
} from "../../../src/normalize/index.js";
import { makeRawItem, makeWatch } from "../../support/watch.js";
import {
  camurusHiring,
  delsitechConference,
  downloadAttachment,
  FIXTURES,
  medincellAppointment,
  medincellGrant,
  medincellHalfYear,
  medincellMsci,
  nanexaInterim,
  nanexaModerna,
  olanzapineNda,
  oralTablet,
  sectorLai,
  sectorOffTopic,
  uzedyApproval,
  uzedyGrowth,
} from "./fixtures.js";

const watch = makeWatch();
const norm = (raw: RawItem) => normalizeItem(raw, watch);
const names = (list: { name: string }[]) => list.map((e) => e.name);

describe("normalizeItem on realistic items", () => {
  it("UZEDY expanded indication: trademark, molecule, indication, core phrase, regulatory", () => {
    const item = norm(uzedyApproval);
    expect(names(item.entities.trademarks)).toEqual(["UZEDY"]);
    expect(names(item.entities.molecules)).toEqual(["risperidone"]);
    expect(names(item.entities.indications)).toEqual(["bipolar I disorder"]);
    expect(names(item.entities.technologies)).toContain("extended-release injectable suspension");
    expect(item.signals).toMatchObject({
      core_phrase: true,
      trademark: true,
      molecule_in_context: true,
      company_role: "core_pure_player",
      noise: [],
    });
    expect(item.event_type).toBe("regulatory");
    expect(item.event_evidence?.matched).toMatch(/^FDA Approves/);
    // The content only repeated the title and its dates: nothing is left of it.
    expect(item.content).toBe("");
    expect(item.summary).toBe(item.title);
    expect(passesRuleGate(item)).toBe(true);
  });

  it("Nanexa–Moderna licence: core pure player + hybrid, platform, partnership; next listing entry cut off", () => {
    const item = norm(nanexaModerna);
    expect(item.entities.companies.map((c) => [c.name, c.role])).toEqual([
      ["Nanexa", "core_pure_player"],
      ["Moderna", "hybrid"],
    ]);
    expect(names(item.entities.technologies)).toEqual(["PharmaShell"]);
    expect(item.entities.technologies[0]!.evidence[0]!.matched).toBe("PharmaShell");
    expect(item.signals.platform).toBe(true);
    expect(item.event_type).toBe("partnership");
    expect(item.content).toMatch(
      /^The agreement covers the development of up to five undisclosed compounds\./,
    );
    expect(item.content).not.toMatch(/interim report|READ MORE|December/);
    expect(item.summary).toBe(
      "The agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments as well as a tiered single-digit royalty on product sales.",
    );
    expect(passesRuleGate(item)).toBe(true);
  });

  it("Medincell grant: funding, core pure player from the text, kept without saying LAI", () => {
    const item = norm(medincellGrant);
    expect(item.event_type).toBe("funding");
    expect(item.entities.companies.map((c) => c.role)).toEqual(["core_pure_player"]);
    expect(names(item.entities.indications)).toEqual(["malaria"]);
    expect(item.signals.core_phrase || item.signals.platform || item.signals.trademark).toBe(false);
    expect(passesRuleGate(item)).toBe(true);
  });

  it("olanzapine NDA: molecule in an extended-release injectable context, hybrid + core named, regulatory", () => {
    const item = norm(olanzapineNda);
    expect(item.event_type).toBe("regulatory");
    expect(names(item.entities.molecules)).toEqual(["olanzapine"]);
    expect(item.entities.companies.map((c) => [c.name, c.evidence[0]!.matched])).toEqual([
      ["MedinCell", "Medincell"],
      ["Teva Pharmaceutical", "Teva Pharmaceuticals"],
    ]);
    expect(names(item.entities.indications)).toEqual(["schizophrenia"]);
    expect(item.signals.molecule_in_context).toBe(true);
    expect(passesRuleGate(item)).toBe(true);
  });

  it("UZEDY growth: trademark + 'Olanzapine LAI' core phrase keep it; not noise", () => {
    const item = norm(uzedyGrowth);
    expect(item.signals.trademark).toBe(true);
    expect(item.entities.technologies.map((t) => t.evidence[0]!.matched)).toEqual(["LAI"]);
    expect(item.signals.noise).toEqual([]);
    expect(passesRuleGate(item)).toBe(true);
  });

  it("sector press with LAI words: entities decoded from HTML entities, possessives matched", () => {
    const item = norm(sectorLai);
    expect(item.title).toBe(
      "Alkermes-style depot rivals line up as Teva’s olanzapine LAI nears FDA decision",
    );
    expect(item.entities.companies.map((c) => c.evidence.map((e) => e.matched))).toEqual([
      ["Teva", "Teva", "Teva"],
      ["Medincell"],
    ]);
    expect(item.signals.company_role).toBe("core_pure_player");
    expect(item.signals.molecule_in_context).toBe(true);
    expect(passesRuleGate(item)).toBe(true);
  });

  it.each([
    ["interim report (teaser mentions PharmaShell and a partnership)", nanexaInterim, "interim_report"],
    ["half-year results", medincellHalfYear, "interim_report"],
    ["appointment", medincellAppointment, "appointment"],
    ["MSCI index inclusion", medincellMsci, "index_inclusion"],
    ["conference", delsitechConference, "conference"],
    ["hiring", camurusHiring, "hiring"],
  ])("noise: %s", (_label, raw, category) => {
    const item = norm(raw);
    expect(item.signals.noise).toContain(category);
    expect(passesRuleGate(item)).toBe(false);
  });

  it("the interim report's own title decides its event type, not the 'partnership' in its teaser", () => {
    const item = norm(nanexaInterim);
    expect(item.event_type).toBe("financial_results");
    expect(item.signals.noise).toEqual(["interim_report", "financial_results"]);
    expect(item.signals.platform).toBe(true);
  });

  it("a conference byline (author glued to a timestamp) is scraper junk", () => {
    const item = norm(delsitechConference);
    expect(item.content).toBe("");
    expect(item.text).toBe("BIO International Convention 2025 Boston, June 16-19\n\n");
  });

  it("extended-release TABLET: counter-signals, no molecule_in_context, no broad technology in context", () => {
    const item = norm(oralTablet);
    expect(names(item.entities.molecules)).toEqual(["aripiprazole"]);
    expect(item.signals.counter_signals).toEqual(["tablet", "oral", "pill"]);
    expect(item.signals.molecule_in_context).toBe(false);
    expect(item.signals.broad_technology_in_context).toBe(false);
    expect(item.signals.company_role).toBe("hybrid");
    expect(passesRuleGate(item)).toBe(false);
  });

  it("the same molecule in an injectable context does count", () => {
    const item = norm(
      makeRawItem({ title: "Pfizer files aripiprazole extended-release injection", content: "" }),
    );
    expect(item.signals.molecule_in_context).toBe(true);
    expect(item.signals.broad_technology_in_context).toBe(true);
  });

  it("a counter-signal elsewhere in the text does not cancel an injectable context", () => {
    const item = norm(
      makeRawItem({
        title: "Olanzapine injection data",
        content: "The subcutaneous injection, unlike oral tablets, is given monthly.",
      }),
    );
    expect(item.signals.counter_signals).toEqual(["oral", "tablets"]);
    expect(item.signals.molecule_in_context).toBe(true);
  });

  it("sector press with no LAI signal does not pass the gate", () => {
    const item = norm(sectorOffTopic);
    expect(item.signals).toMatchObject({
      company_role: "hybrid",
      core_phrase: false,
      molecule_in_context: false,
    });
    expect(passesRuleGate(item)).toBe(false);
  });

  it("a title that is only furniture keeps its words and is flagged empty", () => {
    const item = norm(downloadAttachment);
    expect(item.title).toBe("Download attachment");
    expect(item.signals.noise).toContain(EMPTY_ITEM_NOISE);
    expect(passesRuleGate(item)).toBe(false);
  });

  it("a corporate source counts its company for company_role without inventing an entity", () => {
    const item = norm(
      makeRawItem({
        source_key: "press_corporate__nanexa",
        source_type: "press_corporate",
        title: "New patent granted in Japan",
        content: "",
      }),
    );
    expect(item.entities.companies).toEqual([]);
    expect(item.signals.company_role).toBe("core_pure_player");
    expect(passesRuleGate(item)).toBe(true);
    // An explicit source wins over the watch's sources.
    const fromSector = normalizeItem(
      item,
      watch,
      watch.sources.find((s) => s.key === "press_sector__fiercepharma"),
    );
    expect(fromSector.signals.company_role).toBe("none");
  });
});

describe("evidence spans (property over every fixture)", () => {
  it.each(FIXTURES.map((f) => [f.name, f.raw] as const))(
    "%s: every entity has evidence that slices out of text",
    (_name, raw) => {
      const item = norm(raw);
      expect(() => NormalizedItem.parse(item)).not.toThrow();
      expect(item.text).toBe(`${item.title}\n\n${item.content}`);
      for (const list of Object.values(item.entities)) {
        for (const entity of list) {
          expect(entity.evidence.length).toBeGreaterThanOrEqual(1);
          for (const span of entity.evidence) {
            expect(span.end).toBeGreaterThan(span.start);
            expect(item.text.slice(span.start, span.end)).toBe(span.matched);
          }
        }
      }
      if (item.event_evidence)
        expect(item.text.slice(item.event_evidence.start, item.event_evidence.end)).toBe(
          item.event_evidence.matched,
        );
    },
  );

  it("the author's rulings hold for every fixture (rule gate)", () => {
    const verdicts = FIXTURES.map((f) => [f.name, passesRuleGate(norm(f.raw))]);
    expect(verdicts).toEqual(FIXTURES.map((f) => [f.name, f.keep]));
  });
});

describe("name variants and word boundaries", () => {
  const entityTexts = (title: string) => {
    const item = norm(makeRawItem({ title, content: "" }));
    return Object.fromEntries(
      Object.entries(item.entities)
        .filter(([, l]) => l.length > 0)
        .map(([k, l]) => [k, l.map((e) => `${e.name}=${e.evidence.map((s) => s.matched).join("|")}`)]),
    );
  };

  it("ignores ®/™, case, and hyphen/space/no-space differences", () => {
    expect(entityTexts("PHARMASHELL™ and Pharma Shell and Pharma-Shell")).toEqual({
      technologies: ["PharmaShell=PHARMASHELL|Pharma Shell|Pharma-Shell"],
    });
    expect(entityTexts("Risperidone extended release injectable suspension")).toMatchObject({
      technologies: ["extended-release injectable suspension=extended release injectable suspension"],
    });
    expect(entityTexts("Abilify® Maintena and ABILIFY MAINTENA")).toEqual({
      trademarks: ["Abilify Maintena=Abilify® Maintena|ABILIFY MAINTENA"],
    });
  });

  it("matches possessives with straight and curly apostrophes", () => {
    expect(entityTexts("Medincell's and Medincell’s partner")).toEqual({
      companies: ["MedinCell=Medincell|Medincell"],
    });
  });

  it("never matches inside a longer word", () => {
    expect(entityTexts("LAIR Tevard Modernage Nanexas")).toEqual({});
    expect(entityTexts("LAI-based Teva-led")).toEqual({
      technologies: ["LAI=LAI"],
      companies: ["Teva Pharmaceutical=Teva"],
    });
  });

  it("prefers the longest phrase at a position", () => {
    expect(entityTexts("a long-acting injectable")).toEqual({
      technologies: ["long-acting injectable=long-acting injectable"],
    });
  });
});

describe("compiled watch and batches", () => {
  it("compiles once per watch and is deterministic", () => {
    expect(compileWatch(watch)).toBe(compileWatch(watch));
    expect(norm(nanexaModerna)).toEqual(norm(nanexaModerna));
  });

  it("reports a broken item and keeps going", () => {
    const broken = { ...sectorOffTopic, title: undefined } as unknown as RawItem;
    const batch = normalizeItems([uzedyApproval, broken, medincellGrant], watch);
    expect(batch.items.map((i) => i.item_id)).toEqual([uzedyApproval.item_id, medincellGrant.item_id]);
    expect(batch.failures).toEqual([
      { item_id: broken.item_id, source_key: "press_sector__fiercepharma", message: expect.any(String) },
    ]);
  });

  it("names the category of a broken noise regex", () => {
    expect(() => compileWatch(makeWatch({ noise: { hiring: ["(unclosed"] } }))).toThrow(
      /noise category "hiring": invalid regular expression/,
    );
  });

  it("falls back to 'other' when no event pattern matches", () => {
    expect(norm(makeRawItem({ title: "Camurus update", content: "" })).event_type).toBe("other");
  });
});
