import { resolve } from "node:path";
import { discoverSource } from "@vectora/core/sources";
import { defineCommand, isHttpUrl, parsePositiveIntegerFlag, UsageError } from "../cli-kit.js";
import {
  companyIndexOf,
  coveringEntry,
  readCandidatesFile,
  type SiteInput,
} from "../support/catalog-context.js";
import { findEach, printFindings } from "../support/finding-output.js";
import { loadConfigDir } from "../support/load-config-dir.js";
import { SITE_FLAGS, SITE_FLAGS_USAGE, siteFetching } from "../support/site-fetching.js";

const USAGE = [
  "Usage: vectora sources discover URL… | --candidates FILE [--record DIR | --replay DIR] [--json]",
  "                                [--company NAME] [--max-tries N] [--config DIR]",
  "",
  "From a company's homepage, finds its news listing: the links its menus name News, Press releases, Media,",
  'Newsroom, Investors → Press releases… (in the site\'s language too), its feeds (<link rel="alternate">,',
  "/feed/, /rss), the section its news teasers link into; fetches the best candidates in order (robots.txt",
  "honoured, one request per second per host, a deadline per request) and stops at the first good listing",
  "(3+ entries, most dated). Reports per site: HTTP status, listing URL, method (feed / generic), entries,",
  "% dated, newest date, what was tried, and a ready catalog entry (YAML) — paste it under `sources:` in",
  "config/canonical/sources.yaml, or let `vectora sources activate` / `sources add` write it.",
  "",
  "  --candidates FILE  sites to discover: a catalog YAML (entries with a homepage), a CSV with a",
  "                     homepage_url/homepage/url column, or one `URL [name]` per line",
  "  --company NAME     the company (one URL only); default: the one companies.yaml lists at that domain,",
  "                     else the site's own name",
  "  --max-tries N      candidates fetched per site at most (default 4)",
  "  --json             print a JSON array of the findings",
  ...SITE_FLAGS_USAGE,
  "",
  "Exit 0 when a listing was found for at least one site, 1 when none was.",
].join("\n");

export default defineCommand({
  usage: USAGE,
  positionals: true,
  flags: {
    candidates: { type: "string" },
    company: { type: "string" },
    "max-tries": { type: "string" },
    ...SITE_FLAGS,
  },
  async run(values, io, urls) {
    const inputs: SiteInput[] = urls.map((url) => ({
      url,
      ...(values.company ? { company: values.company } : {}),
    }));
    if (values.candidates) inputs.push(...(await readCandidatesFile(resolve(io.cwd, values.candidates))));
    if (inputs.length === 0) throw new UsageError("give one or more homepage URLs, or --candidates FILE");
    if (values.company && inputs.length > 1)
      throw new UsageError("--company names the company of one URL only");
    for (const input of inputs)
      if (!isHttpUrl(input.url)) throw new UsageError(`expected an absolute http(s) URL, got "${input.url}"`);
    const maxTries = parsePositiveIntegerFlag("max-tries", values["max-tries"]) ?? 4;

    const { config } = await loadConfigDir(io.cwd, values.config);
    const { fetcher, mode } = await siteFetching(values, config, io);
    const companies = companyIndexOf(config);
    io.err(`discovering ${inputs.length} site${inputs.length === 1 ? "" : "s"} (${mode})\n`);

    const findings = await findEach(inputs, io, values.json, (input) => {
      const known = companies.find(input.company ?? "", input.url);
      const company = known?.entry.name ?? input.company;
      const covering = coveringEntry(config, { url: input.url, company });
      const key = input.key ?? covering?.key;
      return discoverSource(input.url, {
        fetcher,
        maxTries,
        ...(company ? { company, knownCompany: known !== undefined } : {}),
        ...(key ? { key } : {}),
      });
    });

    printFindings(findings, io, values.json);
    if (!values.json)
      for (const f of findings) {
        const existing = config.catalog.find((e) => e.key === f.key);
        if (existing && f.config_entry)
          io.out(
            `\n${f.key} is in the catalog (${existing.status}): \`vectora sources activate ${f.key}\` writes this entry\n`,
          );
      }
    return findings.some((f) => f.verdict === "ok" || f.verdict === "weak") ? 0 : 1;
  },
});
