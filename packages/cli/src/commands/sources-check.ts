import { clientWatch, type VectoraConfig } from "@vectora/core";
import type { CatalogEntry } from "@vectora/core/config";
import { checkSource } from "@vectora/core/sources";
import { defineCommand } from "../cli-kit.js";
import { catalogEntryOf } from "../support/catalog-context.js";
import { requireKnownClient } from "../support/client-config.js";
import { findEach, printFindings } from "../support/finding-output.js";
import { loadConfigDir } from "../support/load-config-dir.js";
import { SITE_FLAGS, SITE_FLAGS_USAGE, siteFetching } from "../support/site-fetching.js";

const USAGE = [
  "Usage: vectora sources check [KEY…] [--client ID] [--replay DIR | --record DIR] [--json] [--config DIR]",
  "",
  "Reads catalog sources the way the runs read them (their reader, selectors, skip titles; robots.txt honoured,",
  "a deadline per request) and reports, like `sources discover`: HTTP status, listing URL, method (feed /",
  "generic / selectors), entries, % dated, newest date. A candidate that is only a homepage is discovered from",
  "it (and its catalog entry printed). Default: every source the runs read (active, enabled), or those of",
  "--client's bouquets.",
  "",
  "  KEY…           catalog keys to check (any status: check a candidate before activating it)",
  "  --client ID    the active sources a client's runs read",
  "  --json         print a JSON array of the findings",
  ...SITE_FLAGS_USAGE,
  "",
  "PubMed's API key is read from PUBMED_API_KEY when fetching live. Exit 0 when every source checked reads",
  "(ok, or weak: few or mostly undated entries), 1 otherwise.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  positionals: true,
  flags: { client: { type: "string" }, ...SITE_FLAGS },
  async run(values, io, keys) {
    const { config, configDir } = await loadConfigDir(io.cwd, values.config);
    if (values.client !== undefined) requireKnownClient(config, values.client, configDir);
    const entries = selectEntries(config, keys, values.client);
    const { fetcher, secrets, mode, window } = await siteFetching(values, config, io);
    io.err(`checking ${entries.length} source${entries.length === 1 ? "" : "s"} (${mode})\n`);
    const findings = await findEach(entries, io, values.json, (entry) =>
      checkSource(entry, { fetcher, secrets, window }),
    );
    printFindings(findings, io, values.json);
    return findings.every((f) => f.verdict === "ok" || f.verdict === "weak") ? 0 : 1;
  },
});

/** The entries to check: the keys named, else the active sources (those the client's runs read, when given). */
function selectEntries(
  config: VectoraConfig,
  keys: readonly string[],
  clientId: string | undefined,
): CatalogEntry[] {
  if (keys.length > 0) return keys.map((key) => catalogEntryOf(config, key));
  if (clientId) return clientWatch(config, clientId).sources;
  return config.sources.filter((e) => e.status === "active" && e.enabled);
}
