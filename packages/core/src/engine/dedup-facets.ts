/**
 * What two tellings of one event must agree on (dedup.ts): who regulates, what was done, which trial and phase,
 * which population, which product, molecule and indication are the subject, and who the parties of a deal are.
 * Each facet is read from the item's own text (dedup-text.ts) or its evidence-backed entities.
 *
 * A veto needs a POSITIVE conflict: both items state the facet and they disagree (`veto`). A missing, less
 * specific or extra entity never blocks — one item names an indication and the other none; "HIV prevention" and
 * "HIV"; a shareholder or a competitor named as background. When the facets agree beyond a shared product and
 * company, the match is corroborated and the texts may differ more (`corroborated`).
 */

import type { DedupCandidate, SubjectNames } from "./dedup.js";
import {
  type ActionGroup,
  brandTokens,
  leadSentence,
  namesCompany,
  populationsOf,
  primaryActions,
  productCodes,
  regulatorsOf,
  trialNames,
  trialPhases,
} from "./dedup-text.js";

/** True when both sets are non-empty and share nothing: the two texts disagree on this facet. */
export function conflicting(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => b.has(x));
}

/** True when the two sets share at least one element. */
export function overlapping(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return [...a].some((x) => b.has(x));
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

/** What the rules compare, computed once per candidate. */
export interface Facets {
  eventType: string | undefined;
  /** Products (trademarks and molecules anywhere in the text; a deal's parties and platforms). */
  products: Set<string>;
  /** Product codes the text gives ("NPM-115"): the identity of a programme no list holds; and those of the title. */
  codes: Set<string>;
  titleCodes: Set<string>;
  /** Brand-like names in capitals ("ENCELTO"): found in the other item's words in any case. And the title's. */
  brands: Set<string>;
  titleBrands: Set<string>;
  tokens: Set<string>;
  /** Regulators named in the title, and in the whole text (title + summary). */
  titleRegulators: Set<string>;
  regulators: Set<string>;
  /** What happened (`regulatory:approval`, `trial:trial_start`, `deal:sublicence`…): the title's, else the lead's. */
  actions: Set<string>;
  /** Trial phases named in the title, in the title and lead sentence, and in the whole text. */
  titlePhases: Set<string>;
  leadPhases: Set<string>;
  phases: Set<string>;
  /** Trial names (products and companies left out) in the title, in the title and lead sentence, in the whole text. */
  titleTrials: Set<string>;
  leadTrials: Set<string>;
  trials: Set<string>;
  populations: Set<string>;
  title: NameSets;
  lead: NameSets;
  /** Deal parties named in the title and lead (with the publisher). */
  parties: Set<string>;
  /** The parties the item is about: those its title names, else all its parties. */
  principals: Set<string>;
  platforms: Set<string>;
  /** Lower-case title and summary, words separated by single spaces, padded with one space at each end. */
  text: string;
}

/** Lower-case words of a title and summary, single-spaced and padded (`namesCompany` looks names up in it). */
export function sideText(candidate: Pick<DedupCandidate, "title" | "summary">): string {
  const words = `${candidate.title} ${candidate.summary ?? ""}`.toLowerCase().split(/[^\p{L}\p{N}&]+/u);
  return ` ${words.filter(Boolean).join(" ")} `;
}

/** The facets of a candidate (see {@link Facets}); `tokens` are given by the caller (dedup.ts owns tokenizing). */
export function facetsOf(candidate: DedupCandidate, tokens: Set<string>): Facets {
  const summary = candidate.summary ?? "";
  const whole = `${candidate.title}\n${summary}`;
  const lead = `${candidate.title}\n${leadSentence(summary)}`;
  const subject = candidate.subject ?? {};
  const companies = subject.companies ?? [];
  const deal = candidate.eventType === "partnership" || candidate.eventType === "funding";
  const products = [...(candidate.products ?? [])];
  const named = lowerSet([...products, ...candidate.companies]);
  const trialsOf = (text: string) =>
    new Set([...trialNames(text)].filter((t) => !named.has(t.toLowerCase())));
  const titleText = ` ${candidate.title
    .toLowerCase()
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean)
    .join(" ")} `;
  const inTitle = companies.filter((c) => namesCompany(titleText, c));
  return {
    eventType: candidate.eventType,
    // A deal is about its parties and the technology it licenses: for a deal they count as shared products too.
    products: lowerSet([
      ...products,
      ...(deal ? [...(subject.platforms ?? []), ...companies.map((c) => `party:${c}`)] : []),
    ]),
    codes: productCodes(whole),
    titleCodes: productCodes(candidate.title),
    brands: brandTokens(whole, candidate.companies),
    titleBrands: brandTokens(candidate.title, candidate.companies),
    tokens,
    titleRegulators: regulatorsOf(candidate.title),
    regulators: regulatorsOf(whole),
    actions: primaryActions(candidate.title, summary),
    titlePhases: trialPhases(candidate.title),
    leadPhases: trialPhases(lead),
    phases: trialPhases(whole),
    titleTrials: trialsOf(candidate.title),
    leadTrials: trialsOf(lead),
    trials: trialsOf(whole),
    populations: populationsOf(whole),
    title: nameSets(subject.title),
    lead: nameSets(subject.lead),
    parties: lowerSet(companies),
    principals: lowerSet(inTitle.length > 0 ? inTitle : companies),
    platforms: lowerSet(subject.platforms ?? []),
    text: sideText(candidate),
  };
}

/**
 * The same-event rule applies to typed items (never `other`, which says nothing about the event); the two must
 * also share a product ({@link shareProduct}).
 */
export function eventReady(f: Facets): boolean {
  return f.eventType !== undefined && f.eventType !== "other";
}

/** True when a brand-like name of one item is a word of the other. */
function brandNamed(brands: ReadonlySet<string>, other: Facets): boolean {
  return [...brands].some((b) => other.tokens.has(b));
}

/**
 * True when the two items name a product in common: a listed trademark or molecule, or — when one of them names
 * no listed product — a product code (an unlisted programme).
 */
export function shareProduct(a: Facets, b: Facets): boolean {
  if (overlapping(a.products, b.products)) return true;
  if (a.products.size > 0 && b.products.size > 0) return false;
  return overlapping(a.codes, b.codes) || brandNamed(a.brands, b) || brandNamed(b.brands, a);
}

/** Two names of one facet are one when equal or when one's words hold the other's ("HIV prevention" ⊃ "HIV"). */
function related(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = a.split(/\s+/);
  const wb = b.split(/\s+/);
  const [short, long] = wa.length <= wb.length ? [wa, wb] : [wb, wa];
  return short.every((w) => long.includes(w));
}

/** Both sets named and no name of one related to a name of the other. */
function unrelated(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size > 0 && b.size > 0 && ![...a].some((x) => [...b].some((y) => related(x, y)));
}

/**
 * The subject's names of one facet disagree: title to title when both titles name some, else lead to lead (a
 * competitor in a lead never vetoes a title; names in set-aside stretches are already left out).
 */
function subjectConflict(a: Facets, b: Facets, facet: keyof NameSets): boolean {
  if (a.title[facet].size > 0 && b.title[facet].size > 0) return unrelated(a.title[facet], b.title[facet]);
  if (a.title[facet].size === 0 && b.title[facet].size === 0) return unrelated(a.lead[facet], b.lead[facet]);
  return false;
}

/** The actions of one group an item states. */
function inGroup(actions: ReadonlySet<string>, group: ActionGroup): Set<string> {
  return new Set([...actions].filter((a) => a.startsWith(`${group}:`)));
}

/** The group in which the two items state different actions (an approval and a CRL), if any. */
function actionConflict(a: Facets, b: Facets): ActionGroup | undefined {
  return (["regulatory", "trial", "deal"] as const).find((g) =>
    conflicting(inGroup(a.actions, g), inGroup(b.actions, g)),
  );
}

/** The subject's products and molecules (title and lead), and the title's product codes: what the item is about. */
function subjectProducts(f: Facets): Set<string> {
  return new Set([
    ...f.title.trademarks,
    ...f.lead.trademarks,
    ...f.title.molecules,
    ...f.lead.molecules,
    ...f.titleCodes,
  ]);
}

/**
 * True when two items of different event types still tell one event: they say the same thing happened (an action
 * in common) to the same subject product. Company and journalist wording type one event differently: "wins US
 * approval" and "FDA approves"; a CRL caused by a plant inspection is "manufacturing" to one and "regulatory" to
 * the other.
 */
export function sameEventDespiteTypes(a: Facets, b: Facets): boolean {
  const subject =
    overlapping(subjectProducts(a), subjectProducts(b)) ||
    brandNamed(a.titleBrands, b) ||
    brandNamed(b.titleBrands, a);
  return overlapping(a.actions, b.actions) && subject;
}

/**
 * Deal parties disagree when a principal party of one item (named in its title) is never named by the other, and
 * that other item names a line-up of its own (two parties or more): ANI buying Alimera vs Alimera licensing from
 * EyePoint. Shareholders and background companies named only in a lead are not principals; a story that names no
 * line-up ("six generic makers") is less specific, not different.
 */
function partiesConflict(a: Facets, b: Facets): boolean {
  const stranger = (from: Facets, to: Facets) =>
    to.parties.size >= 2 && [...from.principals].some((p) => !to.parties.has(p) && !namesCompany(to.text, p));
  return stranger(a, b) || stranger(b, a);
}

/**
 * Compares a facet where both items state it first — the titles, else the title and lead sentence, else (when
 * given) the whole texts — and says whether they conflict there: the subject's trial or regulator, not one named
 * in the background.
 */
function firstStated(...levels: Array<[ReadonlySet<string>, ReadonlySet<string>]>): boolean {
  const level = levels.find(([a, b]) => a.size > 0 && b.size > 0);
  return level !== undefined && conflicting(level[0], level[1]);
}

/** Why two items tell different events whatever their words (a positive conflict, see the top), or `undefined`. */
export function veto(a: Facets, b: Facets): string | undefined {
  const typed = (t: string | undefined) => t !== undefined && t !== "other";
  if (typed(a.eventType) && typed(b.eventType) && a.eventType !== b.eventType && !sameEventDespiteTypes(a, b))
    return "event_type";
  if (firstStated([a.titleRegulators, b.titleRegulators], [a.regulators, b.regulators]))
    return "regulators_differ";
  if (firstStated([a.titlePhases, b.titlePhases], [a.leadPhases, b.leadPhases])) return "phases_differ";
  const actions = actionConflict(a, b);
  if (actions) return `${actions}_actions_differ`;
  if (firstStated([a.titleTrials, b.titleTrials], [a.leadTrials, b.leadTrials], [a.trials, b.trials]))
    return "trials_differ";
  if (conflicting(a.populations, b.populations)) return "populations_differ";
  if (subjectConflict(a, b, "trademarks")) return "products_differ";
  if (subjectConflict(a, b, "molecules")) return "molecules_differ";
  if (subjectConflict(a, b, "indications")) return "indications_differ";
  const deal = (t: string | undefined) => t === "partnership" || t === "funding";
  if ((deal(a.eventType) || deal(b.eventType)) && partiesConflict(a, b)) return "parties_differ";
  return undefined;
}

/** True when the facets agree on what happened, beyond a shared product and company (see the top of this file). */
export function corroborated(a: Facets, b: Facets, companies: { a: Set<string>; b: Set<string> }): boolean {
  // One regulatory action on one subject product, by one regulator (or one telling does not name it).
  const regulatory = inGroup(a.actions, "regulatory");
  const regulators =
    overlapping(a.regulators, b.regulators) ||
    (overlapping(subjectProducts(a), subjectProducts(b)) &&
      (a.regulators.size === 0 || b.regulators.size === 0));
  if (regulators && overlapping(regulatory, inGroup(b.actions, "regulatory"))) return true;
  switch (a.eventType) {
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
