/** Company names brought to one form, keys derived from them, and finding a company by name, alias or domain. */
import { describe, expect, it } from "vitest";
import { CompanyScope } from "../../../src/config/schema.js";
import {
  CompanyIndex,
  domainOf,
  homepageProblem,
  keyNameOf,
  normaliseCompanyName,
} from "../../../src/sources/companies.js";
import { itMapsEach } from "../../support/tables.js";

describe("normaliseCompanyName", () => {
  itMapsEach(normaliseCompanyName, [
    ["Medincell S.A.", "medincell"],
    ["MedinCell", "medincell"],
    ["ALK-Abelló", "alk abello"],
    ["Laboratorios Farmacéuticos Rovi", "laboratorios farmaceuticos rovi"],
    ["Lepu Medical Technology (Beijing) Co Ltd", "lepu medical technology"],
    ["Chongqing Chen'an Biopharmaceutical Co LtdCo Ltd", "chongqing chen an biopharmaceutical"],
    ["Johnson & Johnson", "johnson and johnson"],
    ["Camurus AB", "camurus"],
    ["The Global Fund", "global fund"],
    ["89bio, Inc.", "89bio"],
    // A legal form alone is a name, not nothing.
    ["AB", "ab"],
  ]);
});

describe("keyNameOf", () => {
  it("derives a key from the name, else from the homepage's site", () => {
    expect(keyNameOf("Lumidepot Pharma AB")).toBe("lumidepot_pharma");
    expect(keyNameOf("ALK-Abelló")).toBe("alk_abello");
    expect(keyNameOf("한울바이오", "https://www.hanul-bio.co.kr/")).toBe("hanul_bio");
    expect(keyNameOf(undefined, "https://ir.nordlyx.se/en/")).toBe("nordlyx");
    expect(keyNameOf(undefined, undefined)).toBe("unnamed");
  });
});

describe("homepages", () => {
  it("says why a URL is not a homepage", () => {
    expect(homepageProblem("https://www.camurus.com/")).toBeUndefined();
    expect(homepageProblem("")).toBe("no homepage");
    expect(homepageProblem(null)).toBe("no homepage");
    expect(homepageProblem("https://placeholder/biocentury.rss")).toBe(
      "a placeholder, not a site: https://placeholder/biocentury.rss",
    );
    expect(homepageProblem("https://www.google.com/search?q=Peptron")).toBe(
      "a www.google.com page, not the company's site",
    );
    expect(homepageProblem("ftp://camurus.com")).toBe("not a web address: ftp://camurus.com");
    expect(domainOf("https://ir.peptron.co.kr/x")).toBe("peptron.co.kr");
  });
});

describe("CompanyIndex", () => {
  const scope = CompanyScope.parse({
    core_pure_players: [{ name: "Camurus", aliases: ["Camurus AB"], homepage: "https://www.camurus.com/" }],
    hybrids: ["Sanofi"],
    others: [{ name: "Debiopharm", aliases: ["Debiopharm International"] }, "Bioverativ"],
  });
  const index = new CompanyIndex(scope);

  it("finds a company by name, alias, then homepage domain", () => {
    expect(index.find("CAMURUS AB")).toMatchObject({ role: "core_pure_players", index: 0, by: "name" });
    expect(index.find("Debiopharm International SA")).toMatchObject({
      role: "others",
      index: 0,
      by: "alias",
    });
    expect(index.find("Camurus Holding", "https://ir.camurus.com/")).toMatchObject({ by: "domain" });
    expect(index.find("Nobody Pharma", "https://nobody.example/")).toBeUndefined();
  });

  it("prefers a name to a shared group domain", () => {
    index.add({ name: "Sanofi", aliases: [], homepage: "https://www.sanofi.com/" }, "hybrids", 0);
    expect(index.find("Bioverativ", "https://www.sanofi.com/")).toMatchObject({ role: "others", index: 1 });
  });

  it("never matches on a search-engine homepage", () => {
    expect(index.find("Peptron", "https://www.google.com/search?q=Peptron")).toBeUndefined();
  });
});
