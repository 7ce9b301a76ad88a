/**
 * What two tellings of one event must agree on (dedup.ts): who regulates, what the regulator did, which trial and
 * phase, which population, which product, molecule and indication are the subject, and who the parties of a deal
 * are. Each facet is read from the item's own text or its evidence-backed entities; when both items state a facet
 * and they share nothing, they are two events, however alike their words (`veto`). When they agree beyond a shared
 * product and company, the match is corroborated and the texts may differ more (`corroborated`).
 */

import type { SubjectNames } from "./dedup.js";

/** Regulators and agencies, by the one they stand for (the CHMP and the European Commission act for the EU). */
const REGULATORS: ReadonlyArray<[string, RegExp]> = [
  ["us", /\b(FDA|Food and Drug Administration)\b/i],
  ["eu", /\b(EMA|CHMP|European Medicines Agency|European Commission|EU)\b/i],
  ["uk", /\bMHRA\b/i],
  ["jp", /\bPMDA\b/i],
  ["cn", /\bNMPA\b/i],
  ["ca", /\bHealth Canada\b/i],
];

/** Regulatory actions: what a regulator did or was asked to do. */
const REGULATORY_ACTIONS: ReadonlyArray<[string, RegExp]> = [
  ["submission", /\b(submi(ts?|tted|ssions?|tting)|resubmi\w*|fil(es|ed|ing))\b/i],
  ["acceptance", /\baccept(s|ed|ance)?\b/i],
  ["approval", /\b(approv(es|ed|al)|authori[sz]ed|clear(s|ed|ance)|nod|green[- ]light)\b/i],
  ["opinion", /\bopinion\b/i],
  ["rejection", /\b(reject(s|ed|ion)?|complete response letter|CRL)\b/i],
];

/** Populations a label or trial is about: children and adolescents vs adults, pregnancy. */
const POPULATIONS: ReadonlyArray<[string, RegExp]> = [
  [
    "paediatric",
    /\b(child(ren)?|paediatric|pediatric|adolescents?|teen(ager)?s?|infants?|newborns?|aged (?:2|6|12) (?:and|to)|12 (?:years )?and older)\b/i,
  ],
  ["adult", /\badults?\b/i],
];

/** Acronyms in capitals that are not trial names. */
const NOT_TRIALS = new Set([
  "FDA",
  "EMA",
  "CHMP",
  "MHRA",
  "PMDA",
  "NMPA",
  "HIV",
  "AIDS",
  "PREP",
  "NDA",
  "BLA",
  "MAA",
  "SNDA",
  "PDUFA",
  "USD",
  "EUR",
  "LAI",
  "LAIS",
  "GLP",
  "AMD",
  "DME",
  "CEO",
  "THE",
  "AND",
  "FOR",
  "WITH",
  "PHASE",
  "TRIAL",
  "STUDY",
  "NEW",
]);

/** The keys of the patterns a text matches. */
export function matchedKeys(text: string, patterns: ReadonlyArray<[string, RegExp]>): Set<string> {
  return new Set(patterns.filter(([, re]) => re.test(text)).map(([key]) => key));
}

export const regulatorsOf = (text: string) => matchedKeys(text, REGULATORS);
export const regulatoryActionsOf = (text: string) => matchedKeys(text, REGULATORY_ACTIONS);
export const populationsOf = (text: string) => matchedKeys(text, POPULATIONS);

/** Trial phases a text names, normalized to arabic numerals: "Phase III" and "phase 3" → {"3"}. */
export function trialPhases(text: string): Set<string> {
  const roman: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
  const phases = new Set<string>();
  for (const m of text.matchAll(/\bphase\s+(iv|iii|ii|i|[1-4])(?:\/(iv|iii|ii|i|[1-4]))?[ab]?\b/gi))
    for (const p of [m[1], m[2]]) if (p) phases.add(roman[p.toLowerCase()] ?? p);
  return phases;
}

/**
 * Trial names a text gives (capitalised names next to "trial", "study" or "program": "PURPOSE 1", "LUGANO",
 * "ATLAS-2M"), upper-cased with their number: two results of one programme's different trials are two events.
 */
export function trialNames(text: string): Set<string> {
  const names = new Set<string>();
  const name = String.raw`([A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:[- ]?\d+[A-Z]?)?)`;
  const before = new RegExp(
    String.raw`\b${name}(?= (?:Phase [0-9IV]+ )?(?:pivotal |registrational |clinical )?(?:trials?|study|studies|program)\b)`,
    "g",
  );
  const after = new RegExp(String.raw`\b(?:trials?|study|studies) ${name}\b`, "g");
  // A word in capitals with a number is a trial's shape on its own ("In PURPOSE 2, …", "QWINT-1").
  const numbered = /\b([A-Z]{4,}[- ]?\d+[A-Z]?)\b/g;
  for (const re of [before, after, numbered])
    for (const m of text.matchAll(re)) {
      const n = (m[1] ?? "").toUpperCase().replace(/\s+/g, " ");
      const word = n.replace(/[- ]?\d+[A-Z]?$/, "");
      if (word.length >= 4 && !NOT_TRIALS.has(word)) names.add(n.replace(/-/g, " "));
    }
  return names;
}

/** True when both sets are non-empty and share nothing: the two texts disagree on this facet. */
export function conflicting(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
}

/** True when the two sets share at least one element. */
export function overlapping(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return [...a].some((x) => b.has(x));
}

/** True when each of two non-empty sets has an element the other lacks (two different line-ups). */
export function differentLineUps(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size >= 2 && b.size >= 2 && [...a].some((x) => !b.has(x)) && [...b].some((x) => !a.has(x));
}

export interface NameSets {
  trademarks: Set<string>;
  molecules: Set<string>;
  indications: Set<string>;
}

export function nameSets(names: SubjectNames | undefined): NameSets {
  return {
    trademarks: lowerSet(names?.trademarks ?? []),
    molecules: lowerSet(names?.molecules ?? []),
    indications: lowerSet(names?.indications ?? []),
  };
}

/** Title to title when both titles name some, else lead to lead (a competitor in a lead never vetoes a title). */
function subjectConflict(a: Facets, b: Facets, facet: keyof NameSets): boolean {
  if (a.title[facet].size > 0 && b.title[facet].size > 0) return conflicting(a.title[facet], b.title[facet]);
  if (a.title[facet].size === 0 && b.title[facet].size === 0)
    return conflicting(a.lead[facet], b.lead[facet]);
  return false;
}

/** What the rules compare, computed once per candidate. */
export interface Facets {
  eventType: string | undefined;
  /** Products (trademarks and molecules anywhere in the text): the same-event rule needs one in common. */
  products: Set<string>;
  tokens: Set<string>;
  regulators: Set<string>;
  actions: Set<string>;
  phases: Set<string>;
  trials: Set<string>;
  populations: Set<string>;
  title: NameSets;
  lead: NameSets;
  parties: Set<string>;
  platforms: Set<string>;
}

/** The same-event rule applies to typed items (never `other`) that name a product. */
export function eventReady(f: Facets): boolean {
  return f.eventType !== undefined && f.eventType !== "other" && f.products.size > 0;
}

/** Why two items tell different events whatever their words (see "Vetoes" at the top), or `undefined`. */
export function veto(a: Facets, b: Facets): string | undefined {
  const typed = (t: string | undefined) => t !== undefined && t !== "other";
  if (typed(a.eventType) && typed(b.eventType) && a.eventType !== b.eventType) return "event_type";
  if (conflicting(a.regulators, b.regulators)) return "regulators_differ";
  if (conflicting(a.phases, b.phases)) return "phases_differ";
  if (conflicting(a.actions, b.actions)) return "regulatory_actions_differ";
  if (conflicting(a.trials, b.trials)) return "trials_differ";
  if (conflicting(a.populations, b.populations)) return "populations_differ";
  if (subjectConflict(a, b, "trademarks")) return "products_differ";
  if (subjectConflict(a, b, "molecules")) return "molecules_differ";
  if (subjectConflict(a, b, "indications")) return "indications_differ";
  if ((a.eventType === "partnership" || a.eventType === "funding") && differentLineUps(a.parties, b.parties))
    return "parties_differ";
  return undefined;
}

/** True when the facets agree on what happened, beyond a shared product and company (see the top of this file). */
export function corroborated(a: Facets, b: Facets, companies: { a: Set<string>; b: Set<string> }): boolean {
  switch (a.eventType) {
    case "regulatory":
      return overlapping(a.regulators, b.regulators) && overlapping(a.actions, b.actions);
    case "clinical_update":
      return overlapping(a.trials, b.trials) || overlapping(a.phases, b.phases);
    case "partnership":
    case "funding": {
      // Two named parties in common, or the same line-up and the same platform (a buyer no list knows).
      const sharedParties = [...a.parties].filter((p) => b.parties.has(p)).length;
      const sameLineUp =
        sharedParties > 0 && sharedParties === a.parties.size && sharedParties === b.parties.size;
      return sharedParties >= 2 || (sameLineUp && overlapping(a.platforms, b.platforms));
    }
    case "policy": {
      // The same body's decision on the same product or molecule.
      const named = (f: Facets) =>
        new Set([...f.title.trademarks, ...f.lead.trademarks, ...f.title.molecules, ...f.lead.molecules]);
      return overlapping(companies.a, companies.b) && overlapping(named(a), named(b));
    }
    case "commercial_update":
    case "safety_signal":
      return (
        overlapping(companies.a, companies.b) &&
        overlapping(
          new Set([...a.title.trademarks, ...a.lead.trademarks]),
          new Set([...b.title.trademarks, ...b.lead.trademarks]),
        )
      );
    default:
      return false;
  }
}

export function lowerSet(names: readonly string[]): Set<string> {
  return new Set(names.map((n) => n.toLowerCase()));
}
