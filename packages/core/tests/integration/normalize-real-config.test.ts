/**
 * The rule normalizer on the repository's real `config/` (client lai_weekly): the author's rulings on real
 * items must hold with the vocabulary the newsletter actually runs with.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ClientWatch } from "../../src/index.js";
import { normalizeItem, passesRuleGate } from "../../src/normalize/index.js";
import { repoWatch } from "../support/repo.js";
import {
  FIXTURES,
  medincellGrant,
  nanexaInterim,
  nanexaModerna,
  olanzapineNda,
  oralTablet,
  uzedyApproval,
  uzedyGrowth,
} from "../unit/normalize/fixtures.js";

let watch: ClientWatch;
beforeAll(async () => {
  watch = await repoWatch("lai_weekly");
});

describe("normalize with the real lai_weekly config", () => {
  it.each(FIXTURES.map((f) => [f.name, f] as const))(
    "%s: rule gate follows the author's ruling",
    (_name, fixture) => {
      const item = normalizeItem(fixture.raw, watch);
      expect({ gate: passesRuleGate(item), noise: item.signals.noise }).toMatchObject({ gate: fixture.keep });
      for (const list of Object.values(item.entities))
        for (const entity of list)
          for (const span of entity.evidence)
            expect(item.text.slice(span.start, span.end)).toBe(span.matched);
    },
  );

  it("classifies the week's four real signals", () => {
    const types = [uzedyApproval, olanzapineNda, nanexaModerna, medincellGrant].map(
      (raw) => normalizeItem(raw, watch).event_type,
    );
    expect(types).toEqual(["regulatory", "regulatory", "partnership", "funding"]);
  });

  it("finds the entities of the UZEDY approval and the Nanexa licence", () => {
    const uzedy = normalizeItem(uzedyApproval, watch);
    expect(uzedy.entities.trademarks.map((t) => t.name)).toContain("UZEDY");
    expect(uzedy.entities.molecules.map((m) => m.name)).toContain("risperidone");
    expect(uzedy.signals).toMatchObject({
      core_phrase: true,
      molecule_in_context: true,
      company_role: "core_pure_player",
    });
    const nanexa = normalizeItem(nanexaModerna, watch);
    expect(nanexa.entities.companies.find((c) => c.name === "Nanexa")?.role).toBe("core_pure_player");
    expect(nanexa.entities.companies.map((c) => c.name)).toContain("Moderna");
    expect(nanexa.signals.platform).toBe(true);
  });

  it("UZEDY growth is a commercial update, not noise; the interim report is noise", () => {
    expect(normalizeItem(uzedyGrowth, watch)).toMatchObject({
      event_type: "commercial_update",
      signals: { noise: [] },
    });
    expect(normalizeItem(nanexaInterim, watch).signals.noise).toContain("interim_report");
  });

  it("an oral extended-release tablet is not LAI", () => {
    const item = normalizeItem(oralTablet, watch);
    expect(item.signals.molecule_in_context).toBe(false);
    expect(item.signals.counter_signals.length).toBeGreaterThan(0);
  });
});
