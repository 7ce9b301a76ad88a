/**
 * Cross-checks between config files: duplicate keys, ids and names, regexes that do not compile, and
 * references (bouquets, sources, companies, scopes, event types) to things no file defines.
 */

import { canonicalUrl } from "../ingest/identity.js";
import { CANONICAL } from "./canonical-files.js";
import type { ConfigIssue } from "./issues.js";
import type { CatalogRefs, ClientRefs } from "./references.js";
import type { ClientConfig, EntityEntry, FeedbackEntry, VectoraConfig } from "./schema.js";

/** Which canonical files parsed and passed their schema: cross-references into the others are not checked. */
export type ParsedFiles = Record<keyof typeof CANONICAL, boolean>;

/**
 * Pushes to `issues` every cross-file problem: duplicate source keys, bouquet ids, event types, sections and
 * entity names; regexes that do not compile; references to unknown sources, bouquets, companies, scopes and
 * event types. A reference into a file that did not parse (see `parsed`, `catalog`) is not judged. One function
 * per file checked, in this order: the source catalog, the entity lists, the event types, the noise, the near
 * misses, each client. The feedback files are checked by {@link checkFeedback}.
 */
export function crossCheck(
  config: VectoraConfig,
  label: string,
  clientRefs: ClientRefs[],
  catalog: CatalogRefs,
  parsed: ParsedFiles,
  issues: ConfigIssue[],
): void {
  const { sourceKeys, bouquetIds } = checkSourceCatalog(config, label, catalog, parsed, issues);
  checkEntityLists(config, label, issues);
  const eventIds = checkEventTypes(config, label, issues);
  checkNoise(config, label, issues);
  checkNonLai(config, label, issues);
  for (const client of clientRefs)
    checkClient(client, config, { catalog, parsed, sourceKeys, bouquetIds, eventIds }, issues);
}

/**
 * `canonical/sources.yaml`: duplicate keys and bouquet ids, bouquets naming unknown sources, `skip_titles`
 * that do not compile, corporate sources naming a company `companies.yaml` does not list. Resolves the keys
 * and bouquet ids it defines.
 */
function checkSourceCatalog(
  config: VectoraConfig,
  label: string,
  catalog: CatalogRefs,
  parsed: ParsedFiles,
  issues: ConfigIssue[],
): { sourceKeys: Set<string>; bouquetIds: Set<string> } {
  const sourceFile = label + CANONICAL.sources;
  const sourceKeys = new Set<string>();
  for (const [i, key] of catalog.keys ?? []) {
    claimOnce(sourceKeys, key, "source key", { file: sourceFile, path: `sources[${i}].key` }, issues);
  }
  const bouquetIds = new Set<string>();
  for (const bouquet of catalog.bouquets ?? []) {
    const i = bouquet.index;
    if (bouquet.id !== undefined)
      claimOnce(
        bouquetIds,
        bouquet.id,
        "bouquet id",
        { file: sourceFile, path: `bouquets[${i}].id` },
        issues,
      );
    for (const [j, key] of bouquet.sources)
      if (catalog.keys && !sourceKeys.has(key))
        issues.push({
          file: sourceFile,
          path: `bouquets[${i}].sources[${j}]`,
          message: `unknown source "${key}"`,
        });
  }
  for (const [i, source] of catalog.sources) {
    for (const [j, pattern] of (source.kind ? source.skip_titles : []).entries())
      checkRegex(pattern, sourceFile, `sources[${i}].skip_titles[${j}]`, issues);
    if (source.status === "rejected" && !source.reason)
      issues.push({
        file: sourceFile,
        path: `sources[${i}].reason`,
        message: "a rejected source says why (`vectora sources reject KEY --reason …`)",
      });
  }
  if (parsed.companies) {
    // A corporate source names its company as companies.yaml spells it (name or alias, any scope).
    const companyNames = new Set<string>();
    for (const scope of Object.values(config.companies))
      for (const entry of [
        ...scope.core_pure_players,
        ...scope.pure_players,
        ...scope.hybrids,
        ...scope.others,
      ])
        for (const name of [entry.name, ...entry.aliases]) companyNames.add(name);
    for (const [i, source] of catalog.sources)
      if (source.company !== undefined && !companyNames.has(source.company))
        issues.push({
          file: sourceFile,
          path: `sources[${i}].company`,
          message: `unknown company "${source.company}" (not in canonical/companies.yaml)`,
        });
  }
  return { sourceKeys, bouquetIds };
}

/**
 * `companies.yaml`, `trademarks.yaml`, `molecules.yaml`, `indications.yaml`: a name or alias listed twice in one
 * scope makes matching ambiguous (which role, which molecule?).
 */
function checkEntityLists(config: VectoraConfig, label: string, issues: ConfigIssue[]): void {
  for (const [scope, roles] of Object.entries(config.companies))
    checkDuplicateNames(
      Object.entries(roles).flatMap(([role, entries]) =>
        (entries as EntityEntry[]).map((entry, i) => ({ entry, path: `scopes.${scope}.${role}[${i}]` })),
      ),
      label + CANONICAL.companies,
      issues,
    );
  for (const kind of ["trademarks", "molecules", "indications"] as const)
    for (const [scope, entries] of Object.entries(config[kind]))
      checkDuplicateNames(
        entries.map((entry, i) => ({ entry, path: `scopes.${scope}[${i}]` })),
        label + CANONICAL[kind],
        issues,
      );
}

/** `event_types.yaml`: duplicate ids and patterns that do not compile. Resolves the ids it defines. */
function checkEventTypes(config: VectoraConfig, label: string, issues: ConfigIssue[]): Set<string> {
  const eventFile = label + CANONICAL.eventTypes;
  const eventIds = new Set<string>();
  config.eventTypes.forEach((type, i) => {
    claimOnce(eventIds, type.id, "event type", { file: eventFile, path: `event_types[${i}].id` }, issues);
    for (const [j, p] of type.patterns.entries())
      checkRegex(p, eventFile, `event_types[${i}].patterns[${j}]`, issues);
  });
  return eventIds;
}

/** `noise.yaml`: patterns that do not compile. */
function checkNoise(config: VectoraConfig, label: string, issues: ConfigIssue[]): void {
  for (const [scope, categories] of Object.entries(config.noise))
    for (const [category, patterns] of Object.entries(categories))
      for (const [j, p] of patterns.entries())
        checkRegex(p, label + CANONICAL.noise, `scopes.${scope}.${category}[${j}]`, issues);
}

/**
 * `non_lai.yaml`: a near miss listed twice, or also listed as an LAI product or molecule (which would win?).
 */
function checkNonLai(config: VectoraConfig, label: string, issues: ConfigIssue[]): void {
  const lai = new Map<string, string>();
  for (const [kind, table] of [
    ["trademarks", config.trademarks],
    ["molecules", config.molecules],
  ] as const)
    for (const [name, entries] of Object.entries(table))
      for (const entry of entries)
        for (const n of [entry.name, ...entry.aliases])
          lai.set(n.toLowerCase(), `canonical/${kind}.yaml scopes.${name}`);
  for (const [scope, nonLai] of Object.entries(config.nonLai)) {
    for (const list of ["products", "molecules"] as const)
      nonLai[list].forEach((entry, i) => {
        for (const n of [entry.name, ...entry.aliases]) {
          const where = lai.get(n.toLowerCase());
          if (where)
            issues.push({
              file: label + CANONICAL.nonLai,
              path: `scopes.${scope}.${list}[${i}]`,
              message: `"${n}" is also listed as LAI in ${where}`,
            });
        }
      });
    checkDuplicateNames(
      (["products", "molecules"] as const).flatMap((list) =>
        nonLai[list].map((entry, i) => ({ entry, path: `scopes.${scope}.${list}[${i}]` })),
      ),
      label + CANONICAL.nonLai,
      issues,
    );
  }
}

/** What a client file is checked against: what the canonical files define (and which of them parsed). */
interface Defined {
  catalog: CatalogRefs;
  parsed: ParsedFiles;
  sourceKeys: ReadonlySet<string>;
  bouquetIds: ReadonlySet<string>;
  eventIds: ReadonlySet<string>;
}

/**
 * A client file (`clients/<id>.yaml`): bouquets, extra sources, watch scopes and section event types that no
 * canonical file defines; duplicate section ids.
 */
function checkClient(
  client: ClientRefs,
  config: VectoraConfig,
  defined: Defined,
  issues: ConfigIssue[],
): void {
  const { file, bouquets, extra, watch, sections } = client;
  const { catalog, parsed, sourceKeys, bouquetIds, eventIds } = defined;
  const scopeTables: Record<keyof ClientConfig["watch"], Record<string, unknown>> = {
    companies: config.companies,
    trademarks: config.trademarks,
    molecules: config.molecules,
    technologies: config.technologies,
    indications: config.indications,
    noise: config.noise,
    non_lai: config.nonLai,
  };
  for (const [i, b] of bouquets)
    if (catalog.bouquets && !bouquetIds.has(b))
      issues.push({
        file,
        path: `sources.bouquets[${i}]`,
        message: `unknown bouquet "${b}" (known: ${[...bouquetIds].join(", ") || "none"})`,
      });
  for (const [i, s] of extra) {
    if (catalog.keys && !sourceKeys.has(s))
      issues.push({ file, path: `sources.extra[${i}]`, message: `unknown source "${s}"` });
    // A bouquet may list candidates (runs read its active sources only); an extra source is named on purpose.
    const status = catalog.sources.find(([, entry]) => entry.key === s)?.[1].status;
    if (status !== undefined && status !== "active")
      issues.push({
        file,
        path: `sources.extra[${i}]`,
        message: `source "${s}" is ${status === "candidate" ? "a candidate" : "rejected"}: runs never read it (\`vectora sources activate ${s}\` makes it active)`,
      });
  }
  for (const [kind, table] of Object.entries(scopeTables) as [
    keyof ClientConfig["watch"],
    Record<string, unknown>,
  ][]) {
    const name = watch[kind];
    if (name !== undefined && parsed[kind === "non_lai" ? "nonLai" : kind] && !Object.hasOwn(table, name))
      issues.push({
        file,
        path: `watch.${kind}`,
        message: `unknown ${kind} scope "${name}" (known: ${Object.keys(table).join(", ") || "none"})`,
      });
  }
  const sectionIds = new Set<string>();
  for (const section of sections) {
    if (section.id !== undefined)
      claimOnce(sectionIds, section.id, "section", { file, path: `sections[${section.index}].id` }, issues);
    for (const [j, t] of section.eventTypes)
      if (parsed.eventTypes && t !== "*" && !eventIds.has(t))
        issues.push({
          file,
          path: `sections[${section.index}].event_types[${j}]`,
          message: `unknown event type "${t}" (known: ${[...eventIds].join(", ")})`,
        });
  }
}

/** Adds `id` to `seen`; an id already there is reported at `at` as `duplicate <what> "<id>"`. */
function claimOnce(
  seen: Set<string>,
  id: string,
  what: string,
  at: Pick<ConfigIssue, "file" | "path">,
  issues: ConfigIssue[],
): void {
  if (seen.has(id)) issues.push({ ...at, message: `duplicate ${what} "${id}"` });
  seen.add(id);
}

/**
 * Checks the editor feedback files: each names a known client (`feedback/<client_id>.yaml`), and lists an item
 * (by canonical URL) once.
 */
export function checkFeedback(
  files: ReadonlyArray<{ file: string; clientId: string; entries: readonly FeedbackEntry[] }>,
  clientIds: readonly string[],
  issues: ConfigIssue[],
): void {
  for (const { file, clientId, entries } of files) {
    // Without any client file the missing clients are the problem (reported once), not each feedback file.
    if (clientIds.length > 0 && !clientIds.includes(clientId))
      issues.push({
        file,
        path: "client_id",
        message: `unknown client "${clientId}" (known: ${clientIds.join(", ") || "none"})`,
      });
    const seen = new Map<string, number>();
    entries.forEach((entry, i) => {
      const key = canonicalUrl(entry.url);
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({
          file,
          path: `feedback[${i}].url`,
          message: `the same item as feedback[${first}] (${key}): one decision per item`,
        });
      else seen.set(key, i);
    });
  }
}

/** Reports a name or alias (compared case-insensitively) that a scope already lists under another entry. */
function checkDuplicateNames(
  entries: { entry: EntityEntry; path: string }[],
  file: string,
  issues: ConfigIssue[],
): void {
  const seen = new Map<string, string>();
  for (const { entry, path } of entries) {
    const own = new Set<string>();
    for (const name of [entry.name, ...entry.aliases]) {
      const key = name.toLowerCase();
      if (own.has(key)) continue;
      own.add(key);
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({ file, path, message: `"${name}" is already listed at ${first}` });
      else seen.set(key, path);
    }
  }
}

/** Reports a pattern that does not compile as a case-insensitive JavaScript regex. */
function checkRegex(pattern: string, file: string, path: string, issues: ConfigIssue[]): void {
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    // V8 says "Invalid regular expression: /<pattern>/i: <reason>"; keep the reason and show the pattern as written.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    issues.push({ file, path, message: `invalid regular expression /${pattern}/: ${reason}` });
  }
}
