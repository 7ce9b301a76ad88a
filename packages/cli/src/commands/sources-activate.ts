import type { CatalogEntry, VectoraConfig } from "@vectora/core/config";
import {
  activationFields,
  addToBouquet,
  bouquetsOf,
  checkListingUrl,
  checkSource,
  type SourceFinding,
  updateCatalogEntry,
} from "@vectora/core/sources";
import { defineCommand, isHttpUrl, oneArgument, UsageError } from "../cli-kit.js";
import { catalogEntryOf } from "../support/catalog-context.js";
import { CATALOG_EDIT_FLAGS, readCatalogTexts, writeCatalogEdit } from "../support/catalog-files.js";
import { findingBlock } from "../support/finding-output.js";
import { loadConfigDir } from "../support/load-config-dir.js";
import { SITE_FLAGS, SITE_FLAGS_USAGE, siteFetching } from "../support/site-fetching.js";

const USAGE = [
  "Usage: vectora sources activate KEY [--listing URL] [--bouquet ID] [--force] [--dry-run]",
  "                                [--replay DIR | --record DIR] [--json] [--config DIR]",
  "",
  "Makes a catalog source active — read by the runs of the clients whose bouquets list it — in one step: finds",
  "its listing (`sources check`: a candidate with only a homepage is discovered from it; --listing URL reads",
  "that page or feed instead), and when it reads well writes its kind and url into config/canonical/sources.yaml",
  "and drops its candidate status, keeping the file's comments. The config is validated before anything stays",
  "written. Nothing is written when no good listing is found (the report says why).",
  "",
  "  --listing URL  the news page or feed to read, when discovery does not find it",
  "  --bouquet ID   also add the source to this bouquet (created if missing)",
  "  --force        accept a weak listing (few entries, or mostly undated)",
  "  --dry-run      report and print the change, write nothing",
  "  --json         print {finding, activated, fields} as JSON",
  ...SITE_FLAGS_USAGE,
  "",
  "Exit 0 when the source was activated (or would be, with --dry-run), 1 when it was not.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  positionals: true,
  flags: { ...CATALOG_EDIT_FLAGS, ...SITE_FLAGS },
  async run(values, io, keys) {
    const key = oneArgument(keys, "one catalog key (e.g. press_corporate__alkermes)");
    if (values.listing !== undefined && !isHttpUrl(values.listing))
      throw new UsageError(`--listing expects an absolute http(s) URL, got "${values.listing}"`);
    const { config, configDir } = await loadConfigDir(io.cwd, values.config);
    const entry = catalogEntryOf(
      config,
      key,
      "a new company is added with `vectora sources add URL --company NAME`",
    );
    const finding = await findListing(entry, config, values, io);
    const activation = activationFields(entry, finding, values.force);
    const report = (activated: boolean, extra: string[] = []) => {
      if (values.json)
        io.out(
          `${JSON.stringify({ finding, activated, ...("fields" in activation ? { fields: activation.fields } : {}) }, null, 2)}\n`,
        );
      else io.out(`${[findingBlock(finding), ...extra].join("\n\n")}\n`);
    };
    if ("refused" in activation) {
      report(false, [`${key} was not activated: ${activation.refused}`]);
      return 1;
    }
    const before = await readCatalogTexts(configDir);
    let sources = updateCatalogEntry(before.sources, key, activation.fields);
    if (values.bouquet) sources = addToBouquet(sources, values.bouquet, key);
    const readBy = readers(config, bouquetsOf(sources, key));
    const readNote = readBy.length
      ? `read by the runs of: ${readBy.join(", ")}`
      : "no client reads it yet: add it to a bouquet a client subscribes to (--bouquet ID)";
    if (values["dry-run"]) {
      report(true, [`${key} would be activated (--dry-run: nothing written); ${readNote}`]);
      return 0;
    }
    const refused = await writeCatalogEdit(configDir, before, { sources });
    if (refused) {
      report(false, [refused]);
      return 1;
    }
    report(true, [`${key} is active (${configDir}/canonical/sources.yaml written); ${readNote}`]);
    return 0;
  },
});

/** The listing of a catalog entry: the URL given, else its configured one, else discovered from its homepage. */
async function findListing(
  entry: CatalogEntry,
  config: VectoraConfig,
  values: { listing?: string | undefined; replay?: string | undefined; record?: string | undefined },
  io: Parameters<typeof siteFetching>[2],
): Promise<SourceFinding> {
  const { fetcher, secrets, window } = await siteFetching(values, config, io);
  if (values.listing)
    return checkListingUrl(values.listing, {
      fetcher,
      key: entry.key,
      ...(entry.company ? { company: entry.company, knownCompany: true } : {}),
      ...(entry.homepage ? { homepage: entry.homepage } : {}),
      actorType: entry.actor_type,
    });
  return checkSource(entry, { fetcher, secrets, window });
}

/** The clients subscribed to any of `bouquets`. */
function readers(config: VectoraConfig, bouquets: readonly string[]): string[] {
  return Object.values(config.clients)
    .filter((c) => c.sources.bouquets.some((b) => bouquets.includes(b)))
    .map((c) => c.client_id);
}
