import { updateCatalogEntry } from "@vectora/core/sources";
import { CONFIG_FLAG, defineCommand, oneArgument, UsageError } from "../cli-kit.js";
import { catalogEntryOf } from "../support/catalog-context.js";
import { readCatalogTexts, writeCatalogEdit } from "../support/catalog-files.js";
import { loadConfigDir } from "../support/load-config-dir.js";

const USAGE = [
  'Usage: vectora sources reject KEY --reason "…" [--config DIR]',
  "",
  "Marks a catalog source rejected, with the reason (dead site, no news, out of scope, listing rendered by",
  "JavaScript…): runs never read it, and the catalog remembers why. Its entry stays (keys are never reused);",
  "`vectora sources activate KEY` brings it back. Edits config/canonical/sources.yaml in place, comments kept,",
  "and validates the config before the change stays.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  positionals: true,
  flags: { reason: { type: "string" }, ...CONFIG_FLAG },
  async run(values, io, keys) {
    const key = oneArgument(keys, "one catalog key");
    const reason = values.reason?.trim();
    if (!reason) throw new UsageError('--reason "…" is required: say why the source is rejected');
    const { config, configDir } = await loadConfigDir(io.cwd, values.config);
    const entry = catalogEntryOf(config, key);
    const before = await readCatalogTexts(configDir);
    const sources = updateCatalogEntry(before.sources, key, { status: "rejected", reason });
    const refused = await writeCatalogEdit(configDir, before, { sources });
    if (refused) {
      io.err(`${refused}\n`);
      return 1;
    }
    io.out(`${key} is rejected (was ${entry.status}): ${reason}\n`);
    return 0;
  },
});
