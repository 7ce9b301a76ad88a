import { describe, expect, it } from "vitest";
import { scanLanguage } from "../../../src/normalize/subject-language.js";
import { findScopes, itemSentences, type ScopeKind, scopeAt } from "../../../src/normalize/subject-scopes.js";

const weeksOf = (text: string) =>
  scanLanguage(text)
    .filter((m) => m.kind === "interval")
    .map((m) => [m.matched, m.weeks]);

/** An interval text and the intervals read in it, as `[matched, weeks between doses]`. */
type IntervalCase = [text: string, intervals: [matched: string, weeks: number][]];

describe("dosing-interval language", () => {
  it.each<IntervalCase>([
    // In words, numbers and codes, as weeks between doses.
    ["injected twice a year", [["twice a year", 26]]],
    ["a twice-yearly shot", [["twice-yearly", 26]]],
    ["one injection a year", [["one injection a year", 52]]],
    ["given every two months", [["every two months", 8.7]]],
    ["dosed every 4 weeks", [["every 4 weeks", 4]]],
    ["every 8 to 16 weeks", [["every 8 to 16 weeks", 8]]],
    ["every other week", [["every other week", 2]]],
    ["a 6-month implant", [["6-month", 26.1]]],
    ["its six-month buprenorphine implant", [["six-month", 26.1]]],
    ["six injection visits a year", [["six injection visits a year", 8.67]]],
    ["once-monthly depot", [["once-monthly", 4.35]]],
    ["q12w dosing", [["q12w", 12]]],
    // The whole phrase of an interval word (issue 14b): six-monthly is not monthly.
    ["a six-monthly injection", [["six-monthly", 26.1]]],
    ["six-monthly dosing is planned", [["six-monthly", 26.1]]],
    ["the 3-monthly formulation", [["3-monthly", 13.05]]],
    ["two-weekly risperidone", [["two-weekly", 2]]],
    ["given bi-monthly", [["bi-monthly", 8.7]]],
    ["a half-yearly shot", [["half-yearly", 26]]],
    ["semi-annual dosing", [["semi-annual", 26]]],
    ["an annual injection", [["annual", 52]]],
    ["dosed quarterly", [["quarterly", 13]]],
    ["every 12 weeks", [["every 12 weeks", 12]]],
    [
      "q4w, q8w or Q12W",
      [
        ["q4w", 4],
        ["q8w", 8],
        ["Q12W", 12],
      ],
    ],
    [
      "Q4M or Q6M",
      [
        ["Q4M", 17.4],
        ["Q6M", 26.1],
      ],
    ],
    ["a year-long contraceptive implant", [["a year-long", 52]]],
    ["months-long protection from one injection", [["months-long", 8.7]]],
    ["the annual meeting and monthly sales", []],
    // Not finance or trial terms.
    ["monthly sales rose", []],
    ["quarterly results were strong", []],
    ["a six-month follow-up", []],
    ["the annual general meeting", []],
  ])("reads %s as %j", (text, intervals) => {
    expect(weeksOf(text)).toEqual(intervals);
  });

  it("reads durations of action, and days as short", () => {
    const durations = scanLanguage("releases the drug for up to 36 months; analgesia for up to 72 hours")
      .filter((m) => m.kind === "duration")
      .map((m) => [m.matched, m.weeks]);
    expect(durations).toEqual([
      ["for up to 36 months", 156.6],
      ["for up to 72 hours", 0.43],
    ]);
  });

  it("reads device, formulation and acronym language, and antibody or fusion-protein names", () => {
    const kinds = (text: string) => scanLanguage(text).map((m) => `${m.kind}:${m.matched}`);
    expect(kinds("a bioerodible Durasert E insert")).toEqual(["device:bioerodible Durasert E insert"]);
    expect(kinds("an implantable drug pump")).toEqual(["device:implantable drug pump"]);
    expect(kinds("paliperidone palmitate")).toEqual(["formulation:paliperidone palmitate"]);
    expect(kinds("the olanzapine LAI")).toEqual(["acronym:LAI"]);
    expect(kinds("Dr. Lai said")).toEqual([]);
    expect(kinds("faricimab and aflibercept, not intercept")).toEqual([
      "hle_stem:faricimab",
      "hle_stem:aflibercept",
    ]);
  });
});

/** A text, and for words of it the kind of set-aside scope each is in (`undefined`: none). */
type ScopeCase = [text: string, kinds: Record<string, ScopeKind | undefined>];

describe("set-aside scopes", () => {
  const scoped = (text: string, word: string) => {
    const sentences = itemSentences(text, text.length, text.length, 2);
    return scopeAt(findScopes(text, sentences), text.indexOf(word))?.kind;
  };

  it.each<ScopeCase>([
    // Comparators, combination partners, switches and negations, to the end of the sentence.
    ["Twice-yearly shot was superior to daily oral Truvada", { oral: "comparator" }],
    ["Approved in combination with fulvestrant, given monthly", { monthly: "combination" }],
    ["Patients switching from monthly injections stayed well", { monthly: "switching" }],
    ["It reaches levels without oral supplementation", { oral: "negation" }],
    ["The pill would compete with injectables such as Cabenuva", { Cabenuva: "competition" }],
    [
      "The studies compare the monthly pill with daily oral tablets",
      { daily: "comparator", pill: undefined },
    ],
    // A scope that opens the sentence ends at the first clause break, so the sentence's subject is read.
    ["Unlike daily pills, the shot is given twice a year", { daily: "comparator", twice: undefined }],
    [
      "An alternative to daily dosing: the depot lasts three months",
      { daily: "comparator", three: undefined },
    ],
    // Problem statements, and only their noun phrase (issue 14b).
    [
      "It releases exenatide for one year, addressing poor adherence to daily tablets and monthly injections that limits therapy.",
      { daily: "problem", monthly: "problem", "one year": undefined },
    ],
    ["The burden of monthly injections weighs on patients", { monthly: "problem" }],
    [
      "Poor adherence to daily pills drives interest in twice-yearly HIV shots",
      { daily: "problem", "twice-yearly": undefined },
    ],
    // A scope inside an inserted clause ends at its closing comma, and takes a short appositive with it.
    [
      "OB-12, an alternative to daily pills, releases levonorgestrel for one year",
      { daily: "comparator", releases: undefined },
    ],
    [
      "Unlike Sandostatin LAR, a monthly depot, it is injected three times a day",
      { monthly: "comparator", "three times": undefined },
    ],
  ])("reads the set-aside scopes of %s", (text, kinds) => {
    for (const [word, kind] of Object.entries(kinds)) expect(scoped(text, word), word).toBe(kind);
  });
});
