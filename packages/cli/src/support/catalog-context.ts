/**
 * What the `sources` verbs need to know of the config around a site: the company it belongs to (as
 * `companies.yaml` names it), the catalog entry of a key or the one that already covers the site, and the lists
 * of sites to discover (`--candidates FILE`: a catalog YAML, a CSV with a homepage column, or one URL per line).
 */
import { readFile } from "node:fs/promises";
import type { CatalogEntry, CompanyScope, VectoraConfig } from "@vectora/core/config";
import { CompanyIndex, domainOf } from "@vectora/core/sources";
import { parse } from "yaml";
import { UsageError } from "../cli-kit.js";

/** One site to discover, with what is known of it. */
export interface SiteInput {
  url: string;
  company?: string;
  key?: string;
}

/** Every company of every scope of the config, findable by name, alias or homepage domain. */
export function companyIndexOf(config: VectoraConfig): CompanyIndex {
  const merged: CompanyScope = { core_pure_players: [], pure_players: [], hybrids: [], others: [] };
  for (const scope of Object.values(config.companies))
    for (const role of Object.keys(merged) as (keyof CompanyScope)[]) merged[role].push(...scope[role]);
  return new CompanyIndex(merged);
}

/**
 * The catalog entry of `key` (any status), or a {@link UsageError}: `unknown source "<key>" (not in
 * canonical/sources.yaml)`, then `; <hint>` when one is given.
 */
export function catalogEntryOf(config: VectoraConfig, key: string, hint?: string): CatalogEntry {
  const entry = config.catalog.find((e) => e.key === key);
  if (!entry)
    throw new UsageError(`unknown source "${key}" (not in canonical/sources.yaml)${hint ? `; ${hint}` : ""}`);
  return entry;
}

/** The catalog entry already covering a site: same homepage domain, or a corporate entry of the same company. */
export function coveringEntry(
  config: VectoraConfig,
  site: { url: string; company?: string | undefined },
): CatalogEntry | undefined {
  const domain = domainOf(site.url);
  return (
    config.catalog.find((e) => e.homepage && domainOf(e.homepage) === domain) ??
    config.catalog.find((e) => e.kind !== undefined && domainOf(e.url) === domain) ??
    (site.company
      ? config.catalog.find((e) => e.actor_type === "press_corporate" && e.company === site.company)
      : undefined)
  );
}

/**
 * The sites a `--candidates` file lists: a catalog YAML (`sources:` entries with a `homepage`, rejected ones
 * left out), a CSV whose header names a homepage column (`homepage_url`, `homepage`, `url`) and optionally a
 * name column, or plain text (one `URL [name]` per line, `#` comments).
 */
export async function readCandidatesFile(path: string): Promise<SiteInput[]> {
  const text = await readFile(path, "utf8");
  if (/\.ya?ml$/i.test(path)) {
    const doc = parse(text) as { sources?: Array<Record<string, unknown>> } | null;
    return (doc?.sources ?? [])
      .filter((e) => typeof e["homepage"] === "string" && e["status"] !== "rejected")
      .map((e) => ({
        url: e["homepage"] as string,
        ...(typeof e["company"] === "string" ? { company: e["company"] } : {}),
        ...(typeof e["key"] === "string" ? { key: e["key"] } : {}),
      }));
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trimStart().startsWith("#"));
  if (/\.csv$/i.test(path)) {
    const header = lines[0]!.split(",").map((h) => h.trim().toLowerCase());
    const urlAt = header.findIndex((h) => ["homepage_url", "homepage", "url"].includes(h));
    const nameAt = header.findIndex((h) => ["company_name", "company", "name"].includes(h));
    if (urlAt === -1) throw new Error(`${path}: no homepage_url, homepage or url column in the header`);
    return lines.slice(1).flatMap((line) => {
      const cells = line.split(",").map((c) => c.trim());
      const url = cells[urlAt];
      if (!url) return [];
      return [{ url, ...(nameAt !== -1 && cells[nameAt] ? { company: cells[nameAt] } : {}) }];
    });
  }
  return lines.map((line) => {
    const [url, ...name] = line.trim().split(/\s+/);
    return { url: url!, ...(name.length ? { company: name.join(" ") } : {}) };
  });
}
