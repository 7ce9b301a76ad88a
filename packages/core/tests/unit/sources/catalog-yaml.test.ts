/**
 * Editing the catalog files keeps everything but the edit: comments, anchors, flow lists and blank lines of the
 * repository's own `sources.yaml` and `companies.yaml` come back byte for byte.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CompaniesFile, SourcesFile } from "../../../src/config/schema.js";
import {
  addToBouquet,
  bouquetsOf,
  CatalogEditError,
  catalogKeys,
  editCompanies,
  updateCatalogEntry,
  upsertCatalogEntry,
} from "../../../src/sources/catalog-yaml.js";
import { CONFIG_DIR } from "../../support/repo.js";

const sourcesYaml = () => readFile(join(CONFIG_DIR, "canonical/sources.yaml"), "utf8");
const companiesYaml = () => readFile(join(CONFIG_DIR, "canonical/companies.yaml"), "utf8");

/** The lines of `after` that are not in `before` and the reverse, in order (a small line diff). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { removed: a.slice(start, endA), added: b.slice(start, endB) };
}

/** `true` when every line of `lines` appears in `within`, in the same order. */
function isSubsequence(lines: readonly string[], within: readonly string[]): boolean {
  let j = 0;
  for (const line of lines) {
    while (j < within.length && within[j] !== line) j++;
    if (j === within.length) return false;
    j++;
  }
  return true;
}

describe("sources.yaml edits", () => {
  it("activates a candidate in place: only its own lines change", async () => {
    const before = await sourcesYaml();
    const after = updateCatalogEntry(before, "press_corporate__alkermes", {
      status: undefined,
      kind: "rss",
      url: "https://investor.alkermes.com/rss/news-releases.xml",
    });
    expect(changedLines(before, after)).toEqual({
      removed: [
        "    actor_type: press_corporate",
        "    company: Alkermes",
        "    status: candidate",
        "    homepage: https://www.alkermes.com/",
      ],
      added: [
        "    kind: rss",
        "    actor_type: press_corporate",
        "    company: Alkermes",
        "    homepage: https://www.alkermes.com/",
        "    url: https://investor.alkermes.com/rss/news-releases.xml",
      ],
    });
    const parsed = SourcesFile.parse(parse(after));
    expect(parsed.sources.find((s) => s.key === "press_corporate__alkermes")).toMatchObject({
      kind: "rss",
      status: "active",
    });
  });

  it("appends a new entry with a comment, and adds it to a bouquet once", async () => {
    const before = await sourcesYaml();
    let after = upsertCatalogEntry(
      before,
      {
        key: "press_corporate__lumidepot",
        name: "Lumidepot news",
        kind: "html",
        actor_type: "press_corporate",
        url: "https://www.lumidepot-pharma.com/news/",
      },
      " Added by a test",
    );
    after = addToBouquet(after, "lai_companies", "press_corporate__lumidepot");
    after = addToBouquet(after, "lai_companies", "press_corporate__lumidepot");
    expect(catalogKeys(after).at(-1)).toBe("press_corporate__lumidepot");
    expect(bouquetsOf(after, "press_corporate__lumidepot")).toEqual(["lai_companies"]);
    expect(after).toContain(
      "  # Added by a test\n  - key: press_corporate__lumidepot\n    name: Lumidepot news\n    kind: html\n    actor_type: press_corporate\n    url: https://www.lumidepot-pharma.com/news/\n",
    );
    // Everything that was there is still there, in order, comments and anchors included.
    expect(isSubsequence(before.split("\n"), after.split("\n"))).toBe(true);
    expect(after).toContain("skip_titles: &furniture [");
  });

  it("creates a missing bouquet, and names an unknown key", async () => {
    const before = await sourcesYaml();
    const after = addToBouquet(before, "lai_trials", "clinicaltrials__lai", "Trial registries.");
    expect(SourcesFile.parse(parse(after)).bouquets.at(-1)).toEqual({
      id: "lai_trials",
      description: "Trial registries.",
      sources: ["clinicaltrials__lai"],
    });
    expect(() => updateCatalogEntry(before, "press_corporate__nope", { status: "rejected" })).toThrow(
      new CatalogEditError('no source "press_corporate__nope" in the catalog'),
    );
  });
});

describe("companies.yaml edits", () => {
  it("gives an entry its homepage and adds a company, leaving every other byte alone", async () => {
    const before = await companiesYaml();
    const scope = CompaniesFile.parse(parse(before)).scopes["lai_companies"]!;
    const nanexa = scope.core_pure_players.findIndex((c) => c.name === "Nanexa");
    const bare = scope.others.findIndex(
      (c) => !("homepage" in c && c.homepage) && !before.includes(`{ name: ${c.name},`),
    );
    expect(bare).toBeGreaterThan(-1);
    const bareName = scope.others[bare]!.name;
    const after = editCompanies(before, [
      {
        kind: "homepage",
        scope: "lai_companies",
        role: "core_pure_players",
        index: nanexa,
        homepage: "https://www.nanexa.se/",
      },
      {
        kind: "homepage",
        scope: "lai_companies",
        role: "others",
        index: bare,
        homepage: "https://x.example/a,b",
      },
      {
        kind: "add",
        scope: "lai_companies",
        role: "others",
        name: "Lumidepot Pharma",
        homepage: "https://www.lumidepot-pharma.com/",
      },
      { kind: "add", scope: "lai_companies", role: "others", name: "Hanul: Bio" },
    ]);
    const { removed, added } = changedLines(before, after);
    expect(removed.some((l) => l.includes("Nanexa"))).toBe(true);
    expect(added).toContain(
      "      - { name: Nanexa, aliases: [Nanexa AB], homepage: https://www.nanexa.se/ }",
    );
    expect(added).toContain(`      - { name: ${bareName}, homepage: "https://x.example/a,b" }`);
    expect(
      after.endsWith(
        '      - { name: Lumidepot Pharma, homepage: https://www.lumidepot-pharma.com/ }\n      - { name: "Hanul: Bio" }\n',
      ),
    ).toBe(true);
    const reparsed = CompaniesFile.parse(parse(after)).scopes["lai_companies"]!;
    expect(reparsed.others.at(-2)).toEqual({
      name: "Lumidepot Pharma",
      aliases: [],
      homepage: "https://www.lumidepot-pharma.com/",
    });
    expect(reparsed.core_pure_players[nanexa]).toMatchObject({ homepage: "https://www.nanexa.se/" });
  });
});
