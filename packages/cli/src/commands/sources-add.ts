import type { VectoraConfig } from "@vectora/core/config";
import {
  activationFields,
  addToBouquet,
  COMPANY_ROLES,
  CompanyIndex,
  type CompanyRole,
  checkListingUrl,
  discoverSource,
  editCompanies,
  keyNameOf,
  type SourceFinding,
  updateCatalogEntry,
  upsertCatalogEntry,
} from "@vectora/core/sources";
import { type CliIO, defineCommand, isHttpUrl, oneArgument, UsageError } from "../cli-kit.js";
import { coveringEntry } from "../support/catalog-context.js";
import { CATALOG_EDIT_FLAGS, readCatalogTexts, writeCatalogEdit } from "../support/catalog-files.js";
import { findingBlock } from "../support/finding-output.js";
import { loadConfigDir } from "../support/load-config-dir.js";
import { SITE_FLAGS, SITE_FLAGS_USAGE, siteFetching } from "../support/site-fetching.js";

/** The bouquet a new company's newsroom joins unless --bouquet says otherwise. */
const DEFAULT_BOUQUET = "lai_companies";

const USAGE = [
  'Usage: vectora sources add HOMEPAGE --company "NAME" [--role ROLE] [--listing URL] [--bouquet ID]',
  "                           [--key KEY] [--scope ID] [--force] [--dry-run] [--replay DIR | --record DIR]",
  "                           [--json] [--config DIR]",
  "",
  "Adds a company to the newsletter's sources in one command: its record in canonical/companies.yaml (name and",
  "homepage, under ROLE; an existing record — matched by name, alias or homepage domain — gets the homepage",
  "if it has none), its news listing found from the homepage (`sources discover`; --listing URL to give it),",
  "and an active catalog entry in canonical/sources.yaml, in the bouquet the clients read",
  `(${DEFAULT_BOUQUET} by default). A site whose listing is not found is added as a candidate, to activate later.`,
  "Both files are edited in place (comments kept) and the config is validated before the change stays.",
  "",
  `  --role ROLE    ${COMPANY_ROLES.join(" | ")} (default others): the relevance asymmetry`,
  "  --scope ID     the companies scope (default: the only one, lai_companies)",
  "  --key KEY      the source key (default press_corporate__<company>)",
  "  --force        accept a weak listing (few entries, or mostly undated)",
  "  --dry-run      report, write nothing",
  ...SITE_FLAGS_USAGE,
  "",
  "Exit 0 when the source is active, 1 when it was added as a candidate or nothing was written.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  positionals: true,
  flags: {
    company: { type: "string" },
    role: { type: "string" },
    ...CATALOG_EDIT_FLAGS,
    key: { type: "string" },
    scope: { type: "string" },
    ...SITE_FLAGS,
  },
  async run(values, io, urls) {
    const homepage = oneArgument(urls, "the company's homepage URL");
    for (const url of [homepage, values.listing].filter((u): u is string => u !== undefined))
      if (!isHttpUrl(url)) throw new UsageError(`expected an absolute http(s) URL, got "${url}"`);
    if (!values.company?.trim()) throw new UsageError('--company "NAME" is required');
    const role = (values.role ?? "others") as CompanyRole;
    if (!COMPANY_ROLES.includes(role))
      throw new UsageError(`--role expects one of ${COMPANY_ROLES.join(", ")}`);
    const { config, configDir } = await loadConfigDir(io.cwd, values.config);
    const scopeId = scopeOf(config, values.scope);
    const before = await readCatalogTexts(configDir);

    // 1. The company record.
    const scope = config.companies[scopeId]!;
    const match = new CompanyIndex(scope).find(values.company, homepage);
    const company = match?.entry.name ?? values.company.trim();
    const notes: string[] = [];
    let companies = before.companies;
    if (!match) {
      companies = editCompanies(companies, [{ kind: "add", scope: scopeId, role, name: company, homepage }]);
      notes.push(`company "${company}" added to ${scopeId}.${role}`);
    } else {
      const known = "homepage" in match.entry ? match.entry.homepage : undefined;
      if (!known) {
        companies = editCompanies(companies, [
          { kind: "homepage", scope: scopeId, role: match.role, index: match.index, homepage },
        ]);
      }
      notes.push(
        `company "${company}" is listed (${match.role}, matched by ${match.by})${known ? "" : "; homepage recorded"}` +
          (values.role && values.role !== match.role
            ? `; --role ${values.role} ignored (move it by hand)`
            : ""),
      );
    }

    // 2. The listing, and the catalog entry.
    const covering = coveringEntry(config, { url: homepage, company });
    const key = values.key ?? covering?.key ?? `press_corporate__${keyNameOf(company, homepage)}`;
    const clash = config.catalog.find((e) => e.key === key && e !== covering);
    if (clash) throw new UsageError(`key "${key}" is taken by another source (${clash.name}): give --key`);
    const finding = await findListing(homepage, key, company, values, config, io);
    let sources = before.sources;
    let active = false;
    if (covering) {
      const activation = activationFields(covering, finding, values.force);
      active = "fields" in activation;
      if ("fields" in activation) sources = updateCatalogEntry(sources, key, activation.fields);
      notes.push(
        `source ${key} was in the catalog (${covering.status})${active ? ": activated" : ": left as it was"}`,
      );
    } else {
      active = finding.verdict === "ok" || (values.force && finding.verdict === "weak");
      const entry =
        active && finding.config_entry
          ? finding.config_entry
          : {
              key,
              name: `${company} news`,
              actor_type: "press_corporate",
              company,
              status: "candidate",
              homepage,
              notes: `added by vectora sources add; no listing found: ${finding.reason ?? finding.verdict}`,
            };
      sources = upsertCatalogEntry(sources, entry);
      notes.push(`source ${key} added ${active ? "(active)" : "as a candidate"}`);
    }
    const bouquet =
      values.bouquet ?? (config.bouquets.some((b) => b.id === DEFAULT_BOUQUET) ? DEFAULT_BOUQUET : undefined);
    if (bouquet) sources = addToBouquet(sources, bouquet, key);

    const print = (written: boolean, extra: string[]) => {
      if (values.json)
        io.out(`${JSON.stringify({ finding, active, written, notes: [...notes, ...extra] }, null, 2)}\n`);
      else io.out(`${findingBlock(finding)}\n\n${[...notes, ...extra].join("\n")}\n`);
    };
    if (values["dry-run"]) {
      print(false, ["--dry-run: nothing written"]);
      return active ? 0 : 1;
    }
    const refused = await writeCatalogEdit(configDir, before, { sources, companies });
    if (refused) {
      print(false, [refused]);
      return 1;
    }
    print(true, [
      `written: ${configDir}/canonical/companies.yaml, ${configDir}/canonical/sources.yaml${bouquet ? ` (bouquet ${bouquet})` : ""}`,
    ]);
    return active ? 0 : 1;
  },
});

/** The companies scope to edit: the one named, else the only one. */
function scopeOf(config: VectoraConfig, flag: string | undefined): string {
  const scopes = Object.keys(config.companies);
  if (flag) {
    if (!config.companies[flag])
      throw new UsageError(`unknown companies scope "${flag}" (known: ${scopes.join(", ")})`);
    return flag;
  }
  if (scopes.length !== 1) throw new UsageError(`--scope is required (scopes: ${scopes.join(", ")})`);
  return scopes[0]!;
}

/** The listing given (--listing), else discovered from the homepage. */
async function findListing(
  homepage: string,
  key: string,
  company: string,
  values: { listing?: string | undefined; replay?: string | undefined; record?: string | undefined },
  config: VectoraConfig,
  io: CliIO,
): Promise<SourceFinding> {
  const { fetcher } = await siteFetching(values, config, io);
  const known = { company, knownCompany: true, key };
  if (values.listing) return checkListingUrl(values.listing, { fetcher, ...known, homepage });
  return discoverSource(homepage, { fetcher, ...known });
}
