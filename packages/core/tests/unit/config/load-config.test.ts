/**
 * The repository's `config/` (what every phase runs on) and `loadConfigYaml`'s error reporting on broken copies of it.
 *
 * Broken copies are made by copying `config/` to a temp dir and editing one spot; every edit asserts that its
 * target text exists exactly once, so a change to the real config breaks the test loudly instead of silently
 * testing nothing.
 */
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FsBlobStore } from "../../../src/adapters/fs-blob-store.js";
import { ConfigError, clientWatch, formatIssue } from "../../../src/config/load.js";
import { loadConfigYaml } from "../../../src/config/load-yaml.js";
import type { VectoraConfig } from "../../../src/config/schema.js";
import {
  configCopy,
  type Edits,
  issuesOf,
  itReportsEach,
  replaceOnce,
  replacing,
} from "../../support/config-copy.js";
import { CONFIG_LABEL as LABEL, loadRepoConfig } from "../../support/repo.js";

const OPERATOR_SOURCES: [string, string][] = [
  ["press_corporate__medincell", "html"],
  ["press_corporate__camurus", "html"],
  ["press_corporate__delsitech", "html"],
  ["press_corporate__nanexa", "html"],
  ["press_corporate__peptron", "html"],
  ["press_sector__fiercebiotech", "rss"],
  ["press_sector__fiercepharma", "rss"],
  ["press_sector__endpoints_news", "rss"],
];

/** 1-based line number of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split("\n").findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`"${needle}" not found`);
  return index + 1;
}

/** The first event type (in file order) with a pattern matching `text`, as the normalizer classifies. */
function firstEventType(config: VectoraConfig, text: string): string | undefined {
  return config.eventTypes.find((type) => type.patterns.some((p) => new RegExp(p, "i").test(text)))?.id;
}

/** The noise categories of the client's noise scope that match `text`. */
function noiseCategories(config: VectoraConfig, text: string): string[] {
  const scope = clientWatch(config, "lai_weekly").noise;
  return Object.entries(scope)
    .filter(([, patterns]) => patterns.some((p) => new RegExp(p, "i").test(text)))
    .map(([category]) => category);
}

describe("the repository's config/", () => {
  it("loads, with the operators' eight source keys and their kinds", async () => {
    const config = await loadRepoConfig();
    const kinds = Object.fromEntries(config.sources.map((s) => [s.key, s.kind]));
    for (const [key, kind] of OPERATOR_SOURCES) expect(kinds[key], key).toBe(kind);
    expect(kinds["pubmed__lai"]).toBe("pubmed");
    expect(kinds["clinicaltrials__lai"]).toBe("clinicaltrials");
    expect(config.sources.find((s) => s.key === "clinicaltrials__lai")?.enabled).toBe(false);
  });

  it("gives every HTML source selectors, date formats and the page-furniture titles to skip", async () => {
    const config = await loadRepoConfig();
    const html = config.sources.filter((s) => s.kind === "html");
    expect(html.map((s) => s.key).sort()).toEqual(
      OPERATOR_SOURCES.filter(([, k]) => k === "html")
        .map(([key]) => key)
        .sort(),
    );
    for (const source of html) {
      expect(source.date_formats.length, source.key).toBeGreaterThan(0);
      const skips = source.skip_titles.map((p) => new RegExp(`^(?:${p})$`, "i"));
      for (const furniture of [
        "Download attachment",
        "Read the presentation",
        "Read More",
        "read more",
        "Download PDF",
      ])
        expect(
          skips.some((re) => re.test(furniture)),
          `${source.key} skips "${furniture}"`,
        ).toBe(true);
      // Whole-title patterns: a real title that merely contains the words is not skipped.
      expect(
        skips.some((re) => re.test("Read more about our PharmaShell platform")),
        source.key,
      ).toBe(false);
    }
    const formats = Object.fromEntries(html.map((s) => [s.key, s.date_formats]));
    expect(formats["press_corporate__nanexa"]).toContain("d MMMM, yyyy");
    expect(formats["press_corporate__medincell"]).toContain("MMMM d, yyyy");
    expect(formats["press_corporate__peptron"]).toContain("yyyy.MM.dd");
    expect(formats["press_corporate__delsitech"]).toContain("iso");
  });

  it("resolves the lai_weekly client to its enabled bouquet sources and its scopes", async () => {
    const config = await loadRepoConfig();
    const watch = clientWatch(config, "lai_weekly");
    expect(watch.sources.map((s) => s.key)).toEqual([...OPERATOR_SOURCES.map(([key]) => key), "pubmed__lai"]);
    expect(watch.companies.core_pure_players.map((c) => c.name)).toEqual([
      "MedinCell",
      "Camurus",
      "DelSiTech",
      "Nanexa",
      "Peptron",
    ]);
    expect(watch.companies.core_pure_players.find((c) => c.name === "MedinCell")?.aliases).toContain(
      "Medincell",
    );
    expect(watch.trademarks.find((t) => t.name === "UZEDY")).toMatchObject({
      molecule: "risperidone",
      company: "Teva Pharmaceutical",
    });
    expect(watch.molecules.find((m) => m.name === "leuprolide")?.aliases).toContain("leuprorelin");
    expect(watch.indications.map((i) => i.name)).toContain("schizophrenia");
    expect(watch.client.sections.map((s) => s.id)).toEqual(["regulatory", "deals", "clinical", "other"]);
    expect(watch.client.sections.at(-1)?.event_types).toEqual(["*"]);
    expect(watch.eventTypes).toBe(config.eventTypes);
  });

  it("resolves a client's extra sources, skipping disabled ones", async () => {
    const withExtra = (enabled: boolean) =>
      configCopy({
        "clients/lai_weekly.yaml": replacing(["extra: []", "extra: [clinicaltrials__lai]"]),
        "canonical/sources.yaml": (t) => (enabled ? replaceOnce(t, "    enabled: false\n", "") : t),
      });
    const disabled = await loadConfigYaml(new FsBlobStore(await withExtra(false)));
    expect(clientWatch(disabled, "lai_weekly").sources.map((s) => s.key)).not.toContain(
      "clinicaltrials__lai",
    );
    const enabled = await loadConfigYaml(new FsBlobStore(await withExtra(true)));
    expect(
      clientWatch(enabled, "lai_weekly")
        .sources.map((s) => s.key)
        .at(-1),
    ).toBe("clinicaltrials__lai");
    expect(() => clientWatch(enabled, "lai_daily")).toThrow(
      'unknown client "lai_daily" (known: e2e_smoke, lai_weekly)',
    );
  });

  it("keeps technology platforms out of the trademarks and bare 'long-acting' out of the core phrases", async () => {
    const config = await loadRepoConfig();
    const watch = clientWatch(config, "lai_weekly");
    const trademarkNames = new Set(
      watch.trademarks.flatMap((t) => [t.name, ...t.aliases].map((n) => n.toLowerCase())),
    );
    for (const platform of watch.technologies.platforms)
      for (const name of [platform.name, ...platform.aliases])
        expect(trademarkNames.has(name.toLowerCase()), name).toBe(false);
    for (const bare of [
      "long-acting",
      "long acting",
      "extended-release",
      "extended release",
      "sustained release",
    ])
      expect(watch.technologies.core_phrases.map((p) => p.toLowerCase())).not.toContain(bare);
    expect(watch.technologies.platforms.find((p) => p.name === "BEPO")).toMatchObject({
      company: "MedinCell",
    });
    expect(watch.technologies.counter_signals).toEqual(expect.arrayContaining(["oral", "tablet", "pill"]));
  });

  it("types real December 2025 items as the newsletter's author ruled (first matching event type wins)", async () => {
    const config = await loadRepoConfig();
    const cases: [string, string][] = [
      [
        "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
        "partnership",
      ],
      [
        "Medincell's Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension",
        "regulatory",
      ],
      [
        "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension",
        "regulatory",
      ],
      ["Medincell Awarded New Grant to Fight Malaria", "funding"],
      // A submission being prepared is a strategic commercial update, not regulatory news.
      [
        "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
        "commercial_update",
      ],
      [
        "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025\n" +
          "Teva confirmed it plans to submit the US NDA for its olanzapine LAI in Q4 2025.",
        "commercial_update",
      ],
      [
        "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
        "regulatory",
      ],
      ["Exclusive: Startup raises $85M to build a six-month injectable depot for schizophrenia", "funding"],
      // A listed company's share issue is a capital-markets notice (noise), not a deal: it must not take a
      // Deals slot over real LAI news.
      ["Nanexa carries out a directed share issue of approximately SEK 40 million", "financial_results"],
      ["Camurus resolves on a rights issue to fund its late-stage pipeline", "financial_results"],
      // A results release stays a results release even when it mentions revenue growth or a trial.
      [
        "Medincell Publishes its Consolidated Half-Year Financial Results\nRevenue grew on royalties from UZEDY® and the phase 3 trial progressed.",
        "financial_results",
      ],
      ["Camurus presents positive phase 3 data at ESMO Congress 2025", "clinical_update"],
      ["Camurus appoints Hengrui as exclusive distributor in China", "partnership"],
      [
        "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
        "financial_results",
      ],
      ["Nanexa publishes interim report for January-September 2025", "financial_results"],
      ["Medincell to Join MSCI World Small Cap Index, a Leading Global Benchmark", "financial_results"],
      ["BIO International Convention 2025 Boston, June 16-19", "conference"],
      ["Partnership Opportunities in Drug Delivery 2025 Boston, October 27-28", "conference"],
      ["Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance", "corporate_move"],
    ];
    expect(cases.map(([title]) => [title, firstEventType(config, title)])).toEqual(cases);
    const noise = new Set(config.eventTypes.filter((t) => t.noise).map((t) => t.id));
    expect([...noise].sort()).toEqual(["conference", "financial_results", "hiring"]);
  });

  it("flags pure-player noise and spares real news, including a licence text that mentions milestone payments", async () => {
    const config = await loadRepoConfig();
    const noisy: [string, string][] = [
      ["Nanexa publishes interim report for January-September 2025", "interim_report"],
      ["Medincell Publishes its Consolidated Half-Year Financial Results", "interim_report"],
      ["BIO International Convention 2025 Boston, June 16-19", "conference"],
      ["Partnership Opportunities in Drug Delivery 2025 Boston, October 27-28", "conference"],
      ["Peptron to present at the Jefferies Healthcare Conference", "conference"],
      ["Medincell Appoints Dr Grace Kim, Chief Strategy Officer", "appointment"],
      ["Medincell to Join MSCI World Small Cap Index", "index_inclusion"],
      ["Bulletin from the annual general meeting of Nanexa AB", "agm"],
      ["DelSiTech seeks an experienced process engineer", "hiring"],
      ["We are hiring: join our team in Turku", "hiring"],
    ];
    for (const [text, category] of noisy) expect(noiseCategories(config, text), text).toContain(category);
    const signals = [
      "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products. " +
        "Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments.",
      "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension",
      "Medincell Awarded New Grant to Fight Malaria",
      "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
      "Camurus presents positive phase 3 data at ESMO Congress 2025",
      "Camurus appoints Hengrui as exclusive distributor in China",
    ];
    for (const text of signals) expect(noiseCategories(config, text), text).toEqual([]);
  });

  it("has a version 'cfg-' + 12 hex digits that depends only on the files' content", async () => {
    const config = await loadRepoConfig();
    expect(config.version).toMatch(/^cfg-[0-9a-f]{12}$/);
    // Nine canonical files (non_lai.yaml is the ninth, issue 14), two clients (lai_weekly, and e2e_smoke: the
    // end-to-end test's own client) and lai_weekly's feedback file.
    expect(Object.keys(config.files)).toHaveLength(12);
    for (const digest of Object.values(config.files)) expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);

    const sameCopy = await configCopy();
    expect((await loadConfigYaml(new FsBlobStore(sameCopy), { label: "elsewhere/" })).version).toBe(
      config.version,
    );

    const commented = await configCopy({ "canonical/noise.yaml": (t) => `${t}# a trailing comment\n` });
    const changed = await loadConfigYaml(new FsBlobStore(commented));
    expect(changed.version).not.toBe(config.version);
    expect(changed.files["canonical/noise.yaml"]).not.toBe(config.files["canonical/noise.yaml"]);
    expect(changed.files["canonical/sources.yaml"]).toBe(config.files["canonical/sources.yaml"]);
  });
});

/** The edit of the two tests on how the loader names file and field: `max_items: "five"` in a section. */
const FIVE_MAX_ITEMS: Edits = {
  "clients/lai_weekly.yaml": replacing([
    "max_items: 4\n    priority: 3",
    'max_items: "five"\n    priority: 3',
  ]),
};

describe("loadConfigYaml on broken copies of config/", () => {
  itReportsEach([
    {
      name: 'names file and field and says what it found: max_items: "five"',
      edits: FIVE_MAX_ITEMS,
      issues: () => ['config/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"'],
    },
    {
      name: "reports a client naming an unknown bouquet, source, scope and event type, each at its path",
      edits: {
        "clients/lai_weekly.yaml": replacing(
          [
            "bouquets: [lai_corporate, lai_press, lai_databases, lai_companies]",
            "bouquets: [lai_corporate, lai_radio]",
          ],
          ["extra: []", "extra: [press_sector__statnews]"],
          ["trademarks: lai_trademarks", "trademarks: lai_brands"],
          ["event_types: [partnership, funding]", "event_types: [partnership, grants]"],
        ),
      },
      issues: () => [
        'config/clients/lai_weekly.yaml: sources.bouquets[1]: unknown bouquet "lai_radio" (known: lai_corporate, lai_press, lai_databases, lai_companies)',
        'config/clients/lai_weekly.yaml: sources.extra[0]: unknown source "press_sector__statnews"',
        'config/clients/lai_weekly.yaml: watch.trademarks: unknown trademarks scope "lai_brands" (known: lai_trademarks)',
        expect.stringMatching(
          /^config\/clients\/lai_weekly\.yaml: sections\[1\]\.event_types\[1\]: unknown event type "grants" \(known: regulatory, partnership, funding, /,
        ),
      ],
    },
    {
      name: "still checks the references to and inside a source catalog that fails its schema",
      edits: {
        "canonical/sources.yaml": replacing(
          ["url: https://endpts.com/feed/", "url: endpts.com/feed"],
          [
            "      - press_corporate__nanexa\n      - press_corporate__peptron\n",
            "      - press_corporate__nanexa\n      - press_corporate__peptrn\n",
          ],
        ),
        "clients/lai_weekly.yaml": replacing(
          [
            "bouquets: [lai_corporate, lai_press, lai_databases, lai_companies]",
            "bouquets: [lai_corporate, lai_pres, lai_databases, lai_companies]",
          ],
          ["extra: []", "extra: [press_sector__statnews, press_sector__endpoints_news]"],
        ),
      },
      issues: (config) => {
        const endpoints = config.sources.findIndex((s) => s.key === "press_sector__endpoints_news");
        const corporate = config.bouquets.findIndex((b) => b.id === "lai_corporate");
        const peptron = config.bouquets[corporate]!.sources.indexOf("press_corporate__peptron");
        // The invalid entry's key still counts as known: "press_sector__endpoints_news" in extra is not reported.
        return [
          `config/canonical/sources.yaml: sources[${endpoints}].url: expected a URL, got "endpts.com/feed"`,
          `config/canonical/sources.yaml: bouquets[${corporate}].sources[${peptron}]: unknown source "press_corporate__peptrn"`,
          'config/clients/lai_weekly.yaml: sources.bouquets[1]: unknown bouquet "lai_pres" (known: lai_corporate, lai_press, lai_databases, lai_companies)',
          'config/clients/lai_weekly.yaml: sources.extra[0]: unknown source "press_sector__statnews"',
        ];
      },
    },
    {
      name: "reports a duplicate source key",
      edits: {
        "canonical/sources.yaml": replacing([
          "\nbouquets:\n",
          "  - { key: pubmed__lai, name: Again, kind: pubmed, actor_type: database, term: depot }\n\nbouquets:\n",
        ]),
      },
      issues: (config) => [
        `config/canonical/sources.yaml: sources[${config.catalog.length}].key: duplicate source key "pubmed__lai"`,
      ],
    },
    {
      name: "compiles every noise and event-type pattern and shows the broken one",
      edits: {
        "canonical/noise.yaml": replacing(["'\\binterim report\\b'", "'\\binterim (report\\b'"]),
        "canonical/event_types.yaml": replacing([
          "'\\bco-develop(ment|s|ed)?\\b'",
          "'\\bco-develop(ment|s|ed?\\b'",
        ]),
      },
      issues: () => [
        "config/canonical/noise.yaml: scopes.lai_noise.interim_report[0]: invalid regular expression /\\binterim (report\\b/: Unterminated group",
        expect.stringMatching(
          /^config\/canonical\/event_types\.yaml: event_types\[1\]\.patterns\[\d+\]: invalid regular expression \/\\bco-develop\(ment\|s\|ed\?\\b\/: /,
        ),
      ],
    },
    {
      name: "reports unknown fields, a misspelt entity field and a client file named unlike its client_id",
      edits: {
        "canonical/sources.yaml": replacing([
          "    max_results: 20\n",
          "    max_results: 20\n    retries: 3\n",
        ]),
        "canonical/trademarks.yaml": replacing(["- { name: Vivitrol,", "- { nam: Vivitrol,"]),
        "clients/lai_weekly.yaml": replacing(["client_id: lai_weekly", "client_id: lai_weekly_v2"]),
      },
      issues: (config) => {
        const vivitrol = config.trademarks["lai_trademarks"]!.findIndex((t) => t.name === "Vivitrol");
        const pubmed = config.sources.findIndex((s) => s.key === "pubmed__lai");
        return [
          `config/canonical/trademarks.yaml: scopes.lai_trademarks[${vivitrol}].name: expected string, got nothing (field is missing)`,
          `config/canonical/trademarks.yaml: scopes.lai_trademarks[${vivitrol}]: unknown field "nam"`,
          `config/canonical/sources.yaml: sources[${pubmed}]: unknown field "retries"`,
          'config/clients/lai_weekly.yaml: client_id: must match the file name ("lai_weekly"), got "lai_weekly_v2"',
        ];
      },
    },
    {
      name: "reports a name listed twice in one scope and a source naming an unknown company",
      edits: {
        "canonical/companies.yaml": replacing([
          "      - { name: Viriom, homepage: https://www.viriom.com/ }\n",
          "      - { name: Viriom, homepage: https://www.viriom.com/ }\n      - { name: TEVA }\n",
        ]),
        "canonical/sources.yaml": replacing(["company: Peptron\n", "company: Peptron Korea\n"]),
      },
      issues: () => [
        expect.stringMatching(
          /^config\/canonical\/companies\.yaml: scopes\.lai_companies\.others\[\d+\]: "TEVA" is already listed at scopes\.lai_companies\.hybrids\[\d+\]$/,
        ),
        expect.stringMatching(
          /^config\/canonical\/sources\.yaml: sources\[\d+\]\.company: unknown company "Peptron Korea"/,
        ),
      ],
    },
    {
      name: "says what was expected for enums, discriminators, URLs, keys and bounds",
      edits: {
        "canonical/sources.yaml": replacing(
          ['date_formats: ["yyyy.MM.dd", "iso"]', 'date_formats: ["yyyy/MM/dd"]'],
          ["url: https://www.fiercebiotech.com/rss/xml\n", "url: fiercebiotech.com/rss\n"],
          [
            "    kind: rss\n    actor_type: press_sector\n    url: https://endpts.com/feed/",
            "    kind: atom\n    actor_type: press_sector\n    url: https://endpts.com/feed/",
          ],
          ["key: pubmed__lai", "key: PubMed-LAI"],
        ),
        "clients/lai_weekly.yaml": replacing(["period_days: 14", "period_days: 0"]),
      },
      issues: (config) => {
        const at = (key: string) => config.sources.findIndex((s) => s.key === key);
        return [
          `config/canonical/sources.yaml: sources[${at("press_corporate__peptron")}].date_formats[0]: expected one of "iso", "rfc822", "MMMM d, yyyy", "MMM d, yyyy", "d MMMM, yyyy", "d MMMM yyyy", "yyyy.MM.dd", "dd.MM.yyyy", got "yyyy/MM/dd"`,
          `config/canonical/sources.yaml: sources[${at("press_sector__fiercebiotech")}].url: expected a URL, got "fiercebiotech.com/rss"`,
          `config/canonical/sources.yaml: sources[${at("press_sector__endpoints_news")}].kind: expected one of "rss", "html", "pubmed", "clinicaltrials", got "atom"`,
          `config/canonical/sources.yaml: sources[${at("pubmed__lai")}].key: lower_snake_case key (e.g. press_corporate__medincell), got "PubMed-LAI"`,
          // The renamed key is checked too: the bouquet that lists the old one now points at nothing.
          `config/canonical/sources.yaml: bouquets[${config.bouquets.findIndex((b) => b.sources.includes("pubmed__lai"))}].sources[0]: unknown source "pubmed__lai"`,
          "config/clients/lai_weekly.yaml: period_days: expected a number >= 1, got 0",
        ];
      },
    },
    {
      name: "refuses a CSS selector the selectors reader does not support, naming the source's field and the selector",
      edits: {
        "canonical/sources.yaml": replacing(
          ["      date: span.updated\n", '      date: "span.updated:first-child"\n'],
          ["      item: .mfn-item\n", '      item: ".mfn-list > .mfn-item + div"\n'],
          ["      link: h3 a\n", '      link: "h3 a["\n'],
        ),
      },
      issues: (config) => {
        const at = (key: string) => config.sources.findIndex((s) => s.key === key);
        const unsupported = (reason: string, selector: string) =>
          `unsupported CSS selector: ${reason} (supported: type, *, .class, #id, [attr], [attr=value] (and ~= ^= $= *=), descendant and ">" combinators, "," lists), got "${selector}"`;
        return [
          `config/canonical/sources.yaml: sources[${at("press_corporate__camurus")}].selectors.link: ${unsupported("expected an attribute name at position 6, found the end", "h3 a[")}`,
          `config/canonical/sources.yaml: sources[${at("press_corporate__delsitech")}].selectors.date: ${unsupported('pseudo-class ":first-child" is not supported', "span.updated:first-child")}`,
          `config/canonical/sources.yaml: sources[${at("press_corporate__nanexa")}].selectors.item: ${unsupported('the sibling combinator "+" is not supported', ".mfn-list > .mfn-item + div")}`,
        ];
      },
    },
    {
      name: "names the client's window settings by field (issue cadence, catch-up cap, late days)",
      edits: {
        "clients/lai_weekly.yaml": replacing(
          ["  max_days: 35", "  max_days: 0"],
          ["  late_days: 14", "  late_days: -1\n  lateness: 3"],
        ),
      },
      issues: () => [
        "config/clients/lai_weekly.yaml: window.max_days: expected a number >= 1, got 0",
        "config/clients/lai_weekly.yaml: window.late_days: expected a number >= 0, got -1",
        `config/clients/lai_weekly.yaml: window: unknown field "lateness"`,
      ],
    },
    {
      name: "says what a molecule's forms and a platform's class may be (issue 14b)",
      edits: {
        "canonical/molecules.yaml": replacing([
          "{ name: goserelin, forms: lai }",
          "{ name: goserelin, forms: depot }",
        ]),
        "canonical/technologies.yaml": replacing([
          "class: hle, company: Hanmi Pharmaceutical",
          "class: half-life, company: Hanmi Pharmaceutical",
        ]),
      },
      issues: (config) => {
        const molecule = config.molecules["lai_molecules"]!.findIndex((m) => m.name === "goserelin");
        const platform = config.technologies["lai_technologies"]!.platforms.findIndex(
          (p) => p.name === "LAPSCOVERY",
        );
        return [
          `config/canonical/molecules.yaml: scopes.lai_molecules[${molecule}].forms: expected one of "lai", "mixed", got "depot"`,
          `config/canonical/technologies.yaml: scopes.lai_technologies.platforms[${platform}].class: expected one of "lai", "hle", got "half-life"`,
        ];
      },
    },
  ]);

  it("uses the label as the file prefix (or none)", async () => {
    const dir = await configCopy(FIVE_MAX_ITEMS);
    expect(await issuesOf(dir, "s3://vectora-inbox-config-dev/")).toEqual([
      's3://vectora-inbox-config-dev/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"',
    ]);
    const error = await loadConfigYaml(new FsBlobStore(dir)).catch((e: unknown) => e);
    expect((error as ConfigError).issues).toEqual([
      {
        file: "clients/lai_weekly.yaml",
        path: "sections[2].max_items",
        message: 'expected number, got "five"',
      },
    ]);
  });

  it("reports a YAML syntax error once, with its line", async () => {
    let broken = "";
    const dir = await configCopy({
      "canonical/molecules.yaml": (t) => {
        broken = replaceOnce(
          t,
          "    - { name: goserelin, forms: lai }\n",
          "    - { name: goserelin, forms: lai }\n    - [unclosed, list\n",
        );
        return broken;
      },
    });
    const line = lineOf(broken, "[unclosed, list");
    const issues = await issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(
      new RegExp(`^config/canonical/molecules\\.yaml: line ${line + 1}, column \\d+: YAML syntax error: `),
    );
  });

  it("reports a missing file and an empty file, without spurious 'unknown scope' issues for what they held", async () => {
    const dir = await configCopy({ "canonical/trademarks.yaml": () => "# emptied\n" });
    await rm(join(dir, "canonical/indications.yaml"));
    expect(await issuesOf(dir)).toEqual([
      "config/canonical/trademarks.yaml: file is empty",
      "config/canonical/indications.yaml: file is missing",
    ]);
  });

  it("reports a directory without any client", async () => {
    const dir = await configCopy();
    await rm(join(dir, "clients"), { recursive: true });
    expect(await issuesOf(dir)).toEqual(["config/clients/: no client config found"]);
  });

  it("reports several problems in several files together, grouped by file, with the client's references still checked", async () => {
    const dir = await configCopy({
      "canonical/noise.yaml": replacing(["'\\bwebinar\\b'", "'\\bwebinar(\\b'"]),
      "canonical/event_types.yaml": replacing(["weight: 7", "weight: seven"]),
      "clients/lai_weekly.yaml": replacing(
        ["tone: executive", "tone: executive\ncolour: blue"],
        ["lai_companies]", "lai_companies, lai_nope]"],
        ["noise: lai_noise", "noise: lai_silence"],
        ["max_items: 4\n    priority: 4", 'max_items: "four"\n    priority: 4'],
      ),
    });
    const error = await loadConfigYaml(new FsBlobStore(dir), { label: LABEL }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map(formatIssue);
    expect(issues).toEqual([
      expect.stringMatching(
        /^config\/canonical\/noise\.yaml: scopes\.lai_noise\.conference\[\d+\]: invalid regular expression \/\\bwebinar\(\\b\/: /,
      ),
      'config/canonical/event_types.yaml: event_types[0].weight: expected number, got "seven"',
      'config/clients/lai_weekly.yaml: sections[3].max_items: expected number, got "four"',
      'config/clients/lai_weekly.yaml: unknown field "colour"',
      'config/clients/lai_weekly.yaml: sources.bouquets[4]: unknown bouquet "lai_nope" (known: lai_corporate, lai_press, lai_databases, lai_companies)',
      'config/clients/lai_weekly.yaml: watch.noise: unknown noise scope "lai_silence" (known: lai_noise)',
    ]);
    // The event types did not parse, so the sections' type names are not judged (no spurious "unknown event type").
    expect((error as ConfigError).message).toMatch(/^invalid config \(6 problems\):\n/);
    for (const line of issues) expect((error as ConfigError).message).toContain(line);
  });
});

describe("editor feedback and near misses in the config (issue 14)", () => {
  const FEEDBACK = [
    "client_id: lai_weekly",
    "feedback:",
    "  - url: https://www.fiercepharma.com/pharma/some-story?utm_source=rss",
    "    decision: drop",
    "    reason: weekly GLP-1 pen, not a depot",
    "  - url: https://www.fiercepharma.com/pharma/some-story",
    "    decision: keep",
    "    reason: changed my mind",
    "  - url: not a url",
    "    decision: maybe",
    "",
  ].join("\n");

  it("loads the repository's feedback file and near-miss scope, resolved into the client's watch", async () => {
    const config = await loadRepoConfig();
    const watch = clientWatch(config, "lai_weekly");
    expect(watch.feedback).toEqual(config.feedback["lai_weekly"] ?? []);
    expect(watch.nonLai?.products.find((p) => p.name === "Eylea HD")).toMatchObject({
      class: "hle_biologic",
    });
    expect(watch.client.relevance.include_hle_biologics).toBe(false);
    expect(watch.client.ruling?.keep.length).toBeGreaterThan(5);
  });

  it("reports bad feedback entries by file and field, a repeated item, and a file named unlike its client", async () => {
    const dir = await configCopy();
    await writeFile(join(dir, "feedback/lai_weekly.yaml"), FEEDBACK);
    await writeFile(join(dir, "feedback/other_weekly.yaml"), "client_id: lai_weekly\nfeedback: []\n");
    expect(await issuesOf(dir)).toEqual([
      'config/feedback/lai_weekly.yaml: feedback[2].url: expected a URL, got "not a url"',
      'config/feedback/lai_weekly.yaml: feedback[2].decision: expected one of "keep", "drop", got "maybe"',
      "config/feedback/lai_weekly.yaml: feedback[2].reason: expected string, got nothing (field is missing)",
      'config/feedback/other_weekly.yaml: client_id: must match the file name ("other_weekly"), got "lai_weekly"',
    ]);
    await writeFile(join(dir, "feedback/lai_weekly.yaml"), FEEDBACK.split("\n").slice(0, 8).join("\n"));
    await rm(join(dir, "feedback/other_weekly.yaml"));
    await writeFile(join(dir, "feedback/lai_daily.yaml"), "client_id: lai_daily\nfeedback: []\n");
    expect(await issuesOf(dir)).toEqual([
      'config/feedback/lai_daily.yaml: client_id: unknown client "lai_daily" (known: e2e_smoke, lai_weekly)',
      "config/feedback/lai_weekly.yaml: feedback[1].url: the same item as feedback[0] (https://www.fiercepharma.com/pharma/some-story): one decision per item",
    ]);
  });

  itReportsEach([
    {
      name: "refuses a near miss that is also listed as LAI, and an unknown near-miss scope",
      edits: {
        "canonical/non_lai.yaml": replacing([
          "      - { name: Mycapssa,",
          "      - { name: Sublocade, class: oral, reason: test }\n      - { name: Mycapssa,",
        ]),
        "clients/lai_weekly.yaml": replacing(["non_lai: lai_near_misses", "non_lai: lai_misses"]),
      },
      issues: () => [
        expect.stringMatching(
          /^config\/canonical\/non_lai\.yaml: scopes\.lai_near_misses\.products\[\d+\]: "Sublocade" is also listed as LAI in canonical\/trademarks\.yaml scopes\.lai_trademarks$/,
        ),
        'config/clients/lai_weekly.yaml: watch.non_lai: unknown non_lai scope "lai_misses" (known: lai_near_misses)',
      ],
    },
  ]);
});

describe("config at scale", () => {
  /** `count` HTML sources sharing anchors (defaults merged with `<<`, selectors and formats by alias). */
  function bigCatalog(text: string, count: number): string {
    const defaults = [
      "  - &html_defaults",
      "    key: press_corporate__template",
      "    name: Template",
      "    kind: html",
      "    actor_type: press_corporate",
      "    enabled: false",
      "    url: https://template.example/news",
      "    selectors: &listing { item: article, link: a, title: h3, date: time }",
      '    date_formats: &formats ["MMMM d, yyyy", "iso"]',
      "",
    ].join("\n");
    const many = Array.from({ length: count }, (_, i) =>
      [
        "  - <<: *html_defaults",
        `    key: press_corporate__company_${String(i).padStart(3, "0")}`,
        `    name: Company ${i}`,
        "    enabled: true",
        `    url: https://company-${i}.example/news`,
        "    selectors: *listing",
        "    date_formats: *formats",
        "    skip_titles: *furniture",
        "",
      ].join("\n"),
    ).join("");
    return replaceOnce(text, "\nbouquets:", `\n${defaults}${many}bouquets:`);
  }

  it("loads a catalog of 600 sources that share anchors (beyond yaml's default 100 aliases)", async () => {
    const dir = await configCopy({ "canonical/sources.yaml": (t) => bigCatalog(t, 600) });
    const config = await loadConfigYaml(new FsBlobStore(dir), { label: LABEL });
    const added = config.sources.filter((s) => s.key.startsWith("press_corporate__company_"));
    expect(added).toHaveLength(600);
    expect(added[599]).toMatchObject({
      kind: "html",
      actor_type: "press_corporate",
      enabled: true,
      url: "https://company-599.example/news",
      selectors: { item: "article", link: "a", title: "h3", date: "time" },
      date_formats: ["MMMM d, yyyy", "iso"],
    });
  });

  it("still refuses an alias bomb, naming the file, and lists the other files' problems", async () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ..."bcdefghi".split("").map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`),
      "",
    ].join("\n");
    const dir = await configCopy({
      "canonical/trademarks.yaml": (t) => `${bomb}${t}`,
      "clients/lai_weekly.yaml": replacing(["period_days: 14", "period_days: 0"]),
    });
    const started = Date.now();
    const issues = await issuesOf(dir);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(issues).toContainEqual(
      expect.stringMatching(
        /^config\/canonical\/trademarks\.yaml: YAML aliases expand too much \(more than 10000 alias resolutions; an alias bomb\?\): /,
      ),
    );
    expect(issues).toContain("config/clients/lai_weekly.yaml: period_days: expected a number >= 1, got 0");
  });

  it("notes a client that relies on the min_score default, and says what the default does", async () => {
    const dir = await configCopy({
      "clients/lai_weekly.yaml": replacing(["min_score: 10\n", ""]),
    });
    const config = await loadConfigYaml(new FsBlobStore(dir), { label: LABEL });
    expect(config.clients["lai_weekly"]?.min_score).toBe(0);
    expect(config.notices?.map(formatIssue)).toEqual([
      "config/clients/lai_weekly.yaml: min_score: not set: the default 0 applies (every LAI item may be printed; the sections' limits still apply)",
    ]);
    expect((await loadRepoConfig()).notices).toBeUndefined();
  });
});
