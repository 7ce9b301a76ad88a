#!/usr/bin/env -S pnpm exec tsx
/**
 * One-off import of the earlier system's backlog into the project's catalog (issue 12, item 5):
 *
 *   pnpm exec tsx scripts/import-source-candidates.ts \
 *     --candidates ../shared/reference/lai/source_candidates.yaml \
 *     --companies ../shared/reference/lai/company_seed_lai.csv [--config config] [--dry-run]
 *
 * 1. Companies (`company_id,company_name,homepage_url`): each row is matched to the companies `companies.yaml`
 *    lists (normalised name or alias, else homepage domain); a match gets the row's homepage, a company no entry
 *    matches is added to `others` (its role unknown). A row naming two companies ("A; B") is read as two, the
 *    homepage going to the first. Homepages that are not one (a Google search, empty) are skipped and named.
 * 2. Sources: each candidate becomes a catalog entry of status `candidate` with its homepage (no kind and no
 *    URL until `vectora sources activate` finds its listing), or is merged into the catalog source that already
 *    covers it (same key, same company, same API). Corporate candidates join the `lai_companies` bouquet,
 *    sector press joins `lai_press`: a run reads a bouquet's active sources only.
 *
 * The files are edited in place, comments kept; re-running it changes nothing. The edited config is loaded with
 * the product's own loader once written: if it does not load, both files are put back as they were.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { FsBlobStore } from "../packages/core/src/adapters/fs-blob-store.js";
import { loadConfigYaml } from "../packages/core/src/config/load-yaml.js";
import { CompaniesFile, type CompanyEntry, SourcesFile } from "../packages/core/src/config/schema.js";
import {
  addToBouquet,
  type CompanyEdit,
  catalogKeys,
  editCompanies,
  upsertCatalogEntry,
} from "../packages/core/src/sources/catalog-yaml.js";
import {
  CompanyIndex,
  domainOf,
  homepageProblem,
  normaliseCompanyName,
} from "../packages/core/src/sources/companies.js";

const { values } = parseArgs({
  options: {
    candidates: { type: "string" },
    companies: { type: "string" },
    config: { type: "string", default: "config" },
    scope: { type: "string", default: "lai_companies" },
    "dry-run": { type: "boolean", default: false },
  },
});
if (!values.candidates || !values.companies) {
  console.error(
    "usage: import-source-candidates.ts --candidates FILE.yaml --companies FILE.csv [--config DIR]",
  );
  process.exit(2);
}
const configDir = resolve(values.config);
const companiesPath = join(configDir, "canonical/companies.yaml");
const sourcesPath = join(configDir, "canonical/sources.yaml");
const scopeName = values.scope;

interface CsvRow {
  company_id: string;
  company_name: string;
  homepage_url: string;
}

/** A small CSV reader (quoted fields, doubled quotes): the seed file has a header and three columns. */
function readCsv(text: string): CsvRow[] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/).filter((l) => l.trim())) {
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === "," && !quoted) {
        cells.push(cell);
        cell = "";
      } else cell += c;
    }
    cells.push(cell);
    rows.push(cells.map((v) => v.trim()));
  }
  const [header, ...body] = rows;
  return body.map(
    (cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ""])) as unknown as CsvRow,
  );
}

// ---------------------------------------------------------------- 1. companies

const csv = readCsv(readFileSync(values.companies, "utf8"));
const companiesText = readFileSync(companiesPath, "utf8");
const scope = CompaniesFile.parse(parse(companiesText)).scopes[scopeName];
if (!scope) throw new Error(`${companiesPath}: no scope ${scopeName}`);
const index = new CompanyIndex(scope);
const edits: CompanyEdit[] = [];
/** Homepages given in this run, by entry (an entry may be matched by two rows: Debiopharm, Debiopharm International). */
const given = new Map<CompanyEntry, string>();
const added = new Set<CompanyEntry>();
const figures = { rows: csv.length, names: 0, byName: 0, byAlias: 0, byDomain: 0, added: 0, homepages: 0 };
const notes: string[] = [];
/** The company each CSV row (by normalised id) resolved to, for the candidates. */
const companyOfRow = new Map<string, { name: string; parts: string[]; homepage?: string }>();
const idKey = (id: string) => id.toLowerCase().replace(/[^a-z0-9]/g, "");

for (const row of csv) {
  const parts = row.company_name
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean);
  const problem = homepageProblem(row.homepage_url);
  if (problem) notes.push(`homepage skipped for ${row.company_name}: ${problem}`);
  const homepage = problem ? undefined : row.homepage_url;
  const names: string[] = [];
  for (const [i, part] of parts.entries()) {
    figures.names++;
    const ownHomepage = i === 0 ? homepage : undefined;
    const match = index.find(part, ownHomepage);
    if (!match) {
      const entry: CompanyEntry = { name: part.replace(/[;,\s]+$/, ""), aliases: [], homepage: ownHomepage };
      edits.push({ kind: "add", scope: scopeName, role: "others", name: entry.name, homepage: ownHomepage });
      index.add(entry, "others", scope.others.length + added.size);
      added.add(entry);
      figures.added++;
      if (ownHomepage) figures.homepages++;
      console.log(`added   ${JSON.stringify(entry.name)} to others${ownHomepage ? ` (${ownHomepage})` : ""}`);
      names.push(entry.name);
      continue;
    }
    names.push(match.entry.name);
    figures[match.by === "name" ? "byName" : match.by === "alias" ? "byAlias" : "byDomain"]++;
    const same = normaliseCompanyName(part) === normaliseCompanyName(match.entry.name);
    console.log(
      `merged  ${JSON.stringify(part)} → ${JSON.stringify(match.entry.name)} (${match.role}, by ${match.by}${same ? "" : ", spelt differently"})`,
    );
    if (!ownHomepage || added.has(match.entry)) continue;
    const existing = ("homepage" in match.entry ? match.entry.homepage : undefined) ?? given.get(match.entry);
    if (existing) {
      if (domainOf(existing) !== domainOf(ownHomepage))
        notes.push(`${match.entry.name}: kept homepage ${existing}, the seed says ${ownHomepage}`);
      continue;
    }
    given.set(match.entry, ownHomepage);
    index.add({ ...match.entry, homepage: ownHomepage }, match.role, match.index);
    edits.push({
      kind: "homepage",
      scope: scopeName,
      role: match.role,
      index: match.index,
      homepage: ownHomepage,
    });
    figures.homepages++;
  }
  companyOfRow.set(idKey(row.company_id), { name: names[0]!, parts, ...(homepage ? { homepage } : {}) });
}
const rowsByName = new Map(
  csv.map((row) => [normaliseCompanyName(row.company_name), companyOfRow.get(idKey(row.company_id))!]),
);
const rowsByDomain = new Map(
  csv.flatMap((row) => {
    const domain = homepageProblem(row.homepage_url) ? undefined : domainOf(row.homepage_url);
    return domain ? [[domain, companyOfRow.get(idKey(row.company_id))!] as const] : [];
  }),
);
/** The seed row of a candidate: same id (`taiwan_liposome` = `taiwan-liposome`), same name, same homepage domain. */
function rowOf(c: { company_id?: string; homepage_url: string | null }) {
  if (!c.company_id) return undefined;
  return (
    companyOfRow.get(idKey(c.company_id)) ??
    rowsByName.get(normaliseCompanyName(c.company_id.replaceAll("_", " "))) ??
    (homepageProblem(c.homepage_url) ? undefined : rowsByDomain.get(domainOf(c.homepage_url!)!))
  );
}
const newCompaniesText = editCompanies(companiesText, edits);

// ---------------------------------------------------------------- 2. sources

interface Candidate {
  source_key: string;
  company_id?: string;
  source_type: string;
  homepage_url: string | null;
  status: string;
  notes: string | null;
}
const candidates = (parse(readFileSync(values.candidates, "utf8")) as { candidates: Candidate[] }).candidates;
const sourcesBefore = readFileSync(sourcesPath, "utf8");
let sourcesText = sourcesBefore;
const catalog = SourcesFile.parse(parse(sourcesText));
const existingKeys = new Set(catalogKeys(sourcesText));
const counts = { candidates: candidates.length, imported: {} as Record<string, number>, merged: 0 };
const ACTOR: Record<string, "press_corporate" | "press_sector" | "database"> = {
  press_corporate: "press_corporate",
  press_sector: "press_sector",
  api_pubmed: "database",
  api_clinicaltrials: "database",
  api_fda_labels: "database",
};
/** An API candidate is covered by a catalog source of this kind. */
const API_KIND: Record<string, string> = { api_pubmed: "pubmed", api_clinicaltrials: "clinicaltrials" };
const titleOf = (slug: string) =>
  slug
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
let first = true;

for (const c of candidates) {
  const actor = ACTOR[c.source_type];
  if (!actor) throw new Error(`candidate ${c.source_key}: unknown source_type ${c.source_type}`);
  const apiKind = API_KIND[c.source_type];
  const covering =
    catalog.sources.find((s) => s.key === c.source_key) ??
    (apiKind ? catalog.sources.find((s) => s.kind === apiKind) : undefined);
  const row = rowOf(c);
  const company = row?.name;
  const byCompany = company
    ? catalog.sources.find((s) => s.company !== undefined && s.company === company)
    : undefined;
  if (covering || byCompany) {
    counts.merged++;
    console.log(
      `source  ${c.source_key}: merged into ${(covering ?? byCompany)!.key} (already in the catalog)`,
    );
    continue;
  }
  const key = /^(press_corporate|press_sector|database)__[a-z0-9_]+$/.test(c.source_key)
    ? c.source_key
    : `${actor}__${c.source_key.replace(/^(reg|trials|science)_/, "").replace(/_api$/, "")}`;
  if (existingKeys.has(key)) continue; // imported by an earlier run of this script
  const problem = homepageProblem(c.homepage_url);
  const entryNotes = [
    ...(key !== c.source_key ? [`backlog key ${c.source_key}`] : []),
    ...(problem ? [`homepage unknown (the backlog gave ${problem.replace(/^no homepage$/, "none")})`] : []),
    ...(row && row.parts.length > 1
      ? [`the backlog row names ${row.parts.length} companies: ${row.parts.join("; ")}`]
      : []),
    ...(c.status === "validated"
      ? [
          "validated by the earlier system (2026-04-21); its listing URL was not kept: run `vectora sources activate`",
        ]
      : []),
    ...(c.source_type === "api_fda_labels" ? ["no reader for openFDA yet"] : []),
  ];
  const name =
    actor === "press_corporate" && company
      ? `${company} news`
      : titleOf(key.replace(/^[a-z_]+?__/, "").replace(/^fda_labels$/, "openFDA drug labels"));
  const entry = {
    key,
    name,
    actor_type: actor,
    ...(company ? { company } : {}),
    status: "candidate",
    ...(problem ? {} : { homepage: c.homepage_url }),
    ...(entryNotes.length ? { notes: `${entryNotes.join("; ")}.` } : {}),
  };
  sourcesText = upsertCatalogEntry(
    sourcesText,
    entry,
    first
      ? " --- Candidates: the earlier system's backlog (homepages only), imported by scripts/import-source-candidates.ts.\n" +
          " Never read by a run until `vectora sources activate KEY` finds the listing and makes the source active."
      : undefined,
  );
  first = false;
  existingKeys.add(key);
  counts.imported[actor] = (counts.imported[actor] ?? 0) + 1;
  if (actor === "press_corporate")
    sourcesText = addToBouquet(
      sourcesText,
      "lai_companies",
      key,
      "Every other LAI company's newsroom in the catalog; runs read its active sources only.",
    );
  else if (actor === "press_sector") sourcesText = addToBouquet(sourcesText, "lai_press", key);
}

// ---------------------------------------------------------------- write, validated

if (!values["dry-run"]) {
  writeFileSync(companiesPath, newCompaniesText);
  writeFileSync(sourcesPath, sourcesText);
  try {
    const config = await loadConfigYaml(new FsBlobStore(configDir), { label: `${values.config}/` });
    console.log(`\nconfig valid: ${config.catalog.length} catalog entries, version ${config.version}`);
  } catch (error) {
    writeFileSync(companiesPath, companiesText);
    writeFileSync(sourcesPath, sourcesBefore);
    console.error(`the import would break the config; nothing written:\n${(error as Error).message}`);
    process.exit(1);
  }
}
for (const note of notes) console.log(`note    ${note}`);
console.log(
  `\ncompanies: ${figures.rows} rows, ${figures.names} names: ${figures.byName} matched by name, ${figures.byAlias} by alias, ` +
    `${figures.byDomain} by homepage domain, ${figures.added} added; ${figures.homepages} homepages written`,
);
console.log(
  `sources: ${counts.candidates} candidates: ${Object.entries(counts.imported)
    .map(([actor, n]) => `${n} ${actor}`)
    .join(", ")} imported as candidates, ${counts.merged} merged into catalog sources`,
);
