import { describe, expect, it } from "vitest";
import { scanLanguage } from "../../../src/normalize/subject-language.js";
import { findScopes, itemSentences, scopeAt } from "../../../src/normalize/subject-scopes.js";

const weeksOf = (text: string) =>
  scanLanguage(text)
    .filter((m) => m.kind === "interval")
    .map((m) => [m.matched, m.weeks]);

describe("dosing-interval language", () => {
  it("reads intervals in words, numbers and codes, as weeks between doses", () => {
    expect(weeksOf("injected twice a year")).toEqual([["twice a year", 26]]);
    expect(weeksOf("a twice-yearly shot")).toEqual([["twice-yearly", 26]]);
    expect(weeksOf("one injection a year")).toEqual([["one injection a year", 52]]);
    expect(weeksOf("given every two months")).toEqual([["every two months", 8.7]]);
    expect(weeksOf("dosed every 4 weeks")).toEqual([["every 4 weeks", 4]]);
    expect(weeksOf("every 8 to 16 weeks")).toEqual([["every 8 to 16 weeks", 8]]);
    expect(weeksOf("every other week")).toEqual([["every other week", 2]]);
    expect(weeksOf("a 6-month implant")).toEqual([["6-month", 26.1]]);
    expect(weeksOf("its six-month buprenorphine implant")).toEqual([["six-month", 26.1]]);
    expect(weeksOf("six injection visits a year")).toEqual([["six injection visits a year", 8.67]]);
    expect(weeksOf("once-monthly depot")).toEqual([["once-monthly", 4.35]]);
    expect(weeksOf("q12w dosing")).toEqual([["q12w", 12]]);
  });

  it("reads the whole phrase of an interval word (issue 14b): six-monthly is not monthly", () => {
    expect(weeksOf("a six-monthly injection")).toEqual([["six-monthly", 26.1]]);
    expect(weeksOf("six-monthly dosing is planned")).toEqual([["six-monthly", 26.1]]);
    expect(weeksOf("the 3-monthly formulation")).toEqual([["3-monthly", 13.05]]);
    expect(weeksOf("two-weekly risperidone")).toEqual([["two-weekly", 2]]);
    expect(weeksOf("given bi-monthly")).toEqual([["bi-monthly", 8.7]]);
    expect(weeksOf("a half-yearly shot")).toEqual([["half-yearly", 26]]);
    expect(weeksOf("semi-annual dosing")).toEqual([["semi-annual", 26]]);
    expect(weeksOf("an annual injection")).toEqual([["annual", 52]]);
    expect(weeksOf("dosed quarterly")).toEqual([["quarterly", 13]]);
    expect(weeksOf("every 12 weeks")).toEqual([["every 12 weeks", 12]]);
    expect(weeksOf("q4w, q8w or Q12W")).toEqual([
      ["q4w", 4],
      ["q8w", 8],
      ["Q12W", 12],
    ]);
    expect(weeksOf("Q4M or Q6M")).toEqual([
      ["Q4M", 17.4],
      ["Q6M", 26.1],
    ]);
    expect(weeksOf("a year-long contraceptive implant")).toEqual([["a year-long", 52]]);
    expect(weeksOf("months-long protection from one injection")).toEqual([["months-long", 8.7]]);
    expect(weeksOf("the annual meeting and monthly sales")).toEqual([]);
  });

  it("does not read finance or trial terms as dosing", () => {
    expect(weeksOf("monthly sales rose")).toEqual([]);
    expect(weeksOf("quarterly results were strong")).toEqual([]);
    expect(weeksOf("a six-month follow-up")).toEqual([]);
    expect(weeksOf("the annual general meeting")).toEqual([]);
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

describe("set-aside scopes", () => {
  const scoped = (text: string, word: string) => {
    const sentences = itemSentences(text, text.length, text.length, 2);
    return scopeAt(findScopes(text, sentences), text.indexOf(word))?.kind;
  };

  it("sets aside comparators, combination partners, switches and negations to the end of the sentence", () => {
    expect(scoped("Twice-yearly shot was superior to daily oral Truvada", "oral")).toBe("comparator");
    expect(scoped("Approved in combination with fulvestrant, given monthly", "monthly")).toBe("combination");
    expect(scoped("Patients switching from monthly injections stayed well", "monthly")).toBe("switching");
    expect(scoped("It reaches levels without oral supplementation", "oral")).toBe("negation");
    expect(scoped("The pill would compete with injectables such as Cabenuva", "Cabenuva")).toBe(
      "competition",
    );
    expect(scoped("The studies compare the monthly pill with daily oral tablets", "daily")).toBe(
      "comparator",
    );
    expect(scoped("The studies compare the monthly pill with daily oral tablets", "pill")).toBeUndefined();
  });

  it("ends a scope that opens the sentence at the first clause break, so the sentence's subject is read", () => {
    const text = "Unlike daily pills, the shot is given twice a year";
    expect(scoped(text, "daily")).toBe("comparator");
    expect(scoped(text, "twice")).toBeUndefined();
    const titled = "An alternative to daily dosing: the depot lasts three months";
    expect(scoped(titled, "daily")).toBe("comparator");
    expect(scoped(titled, "three")).toBeUndefined();
  });

  it("sets aside problem statements, and only their noun phrase (issue 14b)", () => {
    const lead =
      "It releases exenatide for one year, addressing poor adherence to daily tablets and monthly injections that limits therapy.";
    expect(scoped(lead, "daily")).toBe("problem");
    expect(scoped(lead, "monthly")).toBe("problem");
    expect(scoped(lead, "one year")).toBeUndefined();
    expect(scoped("The burden of monthly injections weighs on patients", "monthly")).toBe("problem");
    const title = "Poor adherence to daily pills drives interest in twice-yearly HIV shots";
    expect(scoped(title, "daily")).toBe("problem");
    expect(scoped(title, "twice-yearly")).toBeUndefined();
  });

  it("ends a scope inside an inserted clause at its closing comma, and takes a short appositive with it", () => {
    const inserted = "OB-12, an alternative to daily pills, releases levonorgestrel for one year";
    expect(scoped(inserted, "daily")).toBe("comparator");
    expect(scoped(inserted, "releases")).toBeUndefined();
    const appositive = "Unlike Sandostatin LAR, a monthly depot, it is injected three times a day";
    expect(scoped(appositive, "monthly")).toBe("comparator");
    expect(scoped(appositive, "three times")).toBeUndefined();
  });
});
