import { createHash } from "node:crypto";
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { BlobStore } from "../ports/blob-store.js";
import {
  type Bouquet,
  ClientConfig,
  type ClientWatch,
  CompaniesFile,
  type EntityEntry,
  EntityListFile,
  EventTypesFile,
  NoiseFile,
  SourceDef,
  SourcesFile,
  TechnologiesFile,
  type VectoraConfig,
} from "./schema.js";

/** One problem found in the config: which file, which field, what is wrong. */
export interface ConfigIssue {
  /** File path as the user knows it, e.g. `config/clients/lai_weekly.yaml`. */
  file: string;
  /** Field path inside the file, e.g. `sections[2].max_items`; empty for file-level problems. */
  path: string;
  message: string;
}

/** Thrown by {@link loadConfig} with every issue found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      `invalid config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues.map(formatIssue).join("\n")}`,
    );
    this.name = "ConfigError";
  }
}

/** `config/clients/lai_weekly.yaml: sections[2].max_items: expected number, got "five"` */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path ? `${issue.file}: ${issue.path}: ${issue.message}` : `${issue.file}: ${issue.message}`;
}

/** Renders a zod issue path as `sections[2].max_items`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

const CANONICAL = {
  companies: "canonical/companies.yaml",
  trademarks: "canonical/trademarks.yaml",
  molecules: "canonical/molecules.yaml",
  technologies: "canonical/technologies.yaml",
  indications: "canonical/indications.yaml",
  noise: "canonical/noise.yaml",
  eventTypes: "canonical/event_types.yaml",
  sources: "canonical/sources.yaml",
} as const;

/** The config files a valid config directory must hold, relative to its root. */
export const CANONICAL_FILES: readonly string[] = Object.values(CANONICAL);

export interface LoadConfigOptions {
  /** Prefix shown before file names in messages (`config/` for the repo directory, `s3://bucket/` …). */
  label?: string;
}

/**
 * Loads and validates the whole config from a store (a local directory or the config bucket).
 * Collects every problem — YAML syntax, schema, cross-references — and throws one {@link ConfigError}.
 */
export async function loadConfig(store: BlobStore, options: LoadConfigOptions = {}): Promise<VectoraConfig> {
  const label = options.label ?? "";
  const issues: ConfigIssue[] = [];
  const files: Record<string, string> = {};

  async function read<S extends z.ZodType>(
    key: string,
    schema: S,
    onRaw?: (raw: unknown) => void,
  ): Promise<z.output<S> | undefined> {
    const file = label + key;
    const text = await store.getText(key);
    if (text === undefined) {
      issues.push({ file, path: "", message: "file is missing" });
      return undefined;
    }
    files[key] = `sha256:${createHash("sha256").update(text).digest("hex")}`;
    return parseYaml(text, file, schema, issues, onRaw);
  }

  // The catalog's raw YAML: when the file fails its schema, its keys and bouquets are still read from it, so
  // the clients' references are checked in the same run as the catalog's own errors.
  let sourcesRaw: unknown;
  const [companies, trademarks, molecules, technologies, indications, noise, eventTypes, sources] =
    await Promise.all([
      read(CANONICAL.companies, CompaniesFile),
      read(CANONICAL.trademarks, EntityListFile),
      read(CANONICAL.molecules, EntityListFile),
      read(CANONICAL.technologies, TechnologiesFile),
      read(CANONICAL.indications, EntityListFile),
      read(CANONICAL.noise, NoiseFile),
      read(CANONICAL.eventTypes, EventTypesFile),
      read(CANONICAL.sources, SourcesFile, (raw) => {
        sourcesRaw = raw;
      }),
    ]);

  const clientKeys = (await store.list("clients/")).map((b) => b.key).filter((k) => /\.ya?ml$/.test(k));
  if (clientKeys.length === 0)
    issues.push({ file: `${label}clients/`, path: "", message: "no client config found" });
  const clients: Record<string, z.output<typeof ClientConfig>> = {};
  // References of every client, including those that failed their schema (read leniently from the raw YAML),
  // so that `unknown bouquet` is reported in the same run as `unknown field`.
  const clientRefs: ClientRefs[] = [];
  for (const key of clientKeys) {
    let raw: unknown;
    const client = await read(key, ClientConfig, (value) => {
      raw = value;
    });
    if (!client) {
      if (raw !== undefined) clientRefs.push(rawClientRefs(label + key, raw));
      continue;
    }
    clientRefs.push(validClientRefs(label + key, client));
    const expected = key.replace(/^clients\//, "").replace(/\.ya?ml$/, "");
    if (client.client_id !== expected)
      issues.push({
        file: label + key,
        path: "client_id",
        message: `must match the file name ("${expected}"), got "${client.client_id}"`,
      });
    clients[client.client_id] = client;
  }

  const config: VectoraConfig = {
    companies: companies?.scopes ?? {},
    trademarks: trademarks?.scopes ?? {},
    molecules: molecules?.scopes ?? {},
    technologies: technologies?.scopes ?? {},
    indications: indications?.scopes ?? {},
    noise: noise?.scopes ?? {},
    eventTypes: eventTypes?.event_types ?? [],
    sources: sources?.sources ?? [],
    bouquets: sources?.bouquets ?? [],
    clients,
    files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b))),
    version: "",
  };
  // Cross-references are checked even when some files are invalid, so one run lists every problem; a check is
  // skipped only when the file it refers to did not parse (its names are unknown, not wrong).
  const parsed: ParsedFiles = {
    companies: companies !== undefined,
    trademarks: trademarks !== undefined,
    molecules: molecules !== undefined,
    technologies: technologies !== undefined,
    indications: indications !== undefined,
    noise: noise !== undefined,
    eventTypes: eventTypes !== undefined,
    sources: sources !== undefined,
  };
  const catalog = sources ? validCatalogRefs(sources.sources, sources.bouquets) : rawCatalogRefs(sourcesRaw);
  crossCheck(config, label, clientRefs, catalog, parsed, issues);
  if (issues.length > 0) throw new ConfigError(sortIssues(issues, label, clientKeys));
  config.version = configVersion(config.files);
  return config;
}

/** One id for a set of config files: `cfg-` + the first 12 hex digits of a hash over the sorted file hashes. */
export function configVersion(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const [name, digest] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
    hash.update(`${name}\0${digest}\n`);
  return `cfg-${hash.digest("hex").slice(0, 12)}`;
}

function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  issues: ConfigIssue[],
  onRaw?: (raw: unknown) => void,
): z.output<S> | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  const [first, ...rest] = doc.errors;
  if (first) {
    // Only the first syntax error is reliable: the parser's later errors are mostly echoes of it.
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const more =
      rest.length > 0 ? ` (${rest.length} more syntax error${rest.length === 1 ? "" : "s"} after it)` : "";
    issues.push({
      file,
      path: `line ${line}, column ${col}`,
      message: `YAML syntax error: ${first.message.split("\n")[0]}${more}`,
    });
    return undefined;
  }
  if (doc.contents === null) {
    issues.push({ file, path: "", message: "file is empty" });
    return undefined;
  }
  const root: unknown = doc.toJS();
  onRaw?.(root);
  const result = schema.safeParse(root);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push(...describeZodIssue(issue, issue.path, root, file));
  return undefined;
}

/**
 * zod's issues, made to say what was found (`expected number, got "five"`). A union (an entity given as a
 * string or as `{name, aliases}`) is reported through the branch the value was meant for, so a misspelt field
 * reads `unknown field "nam"` rather than zod's bare "Invalid input".
 */
function describeZodIssue(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[],
  root: unknown,
  file: string,
): ConfigIssue[] {
  const value = valueAt(root, path);
  const got = show(value);
  const at = (message: string): ConfigIssue[] => [{ file, path: formatPath(path), message }];
  switch (issue.code) {
    case "invalid_type":
      return at(`expected ${issue.expected}, got ${got}`);
    case "unrecognized_keys":
      return at(
        `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
      );
    case "invalid_value":
      return at(`expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${got}`);
    case "invalid_format":
      return at(`${issue.format === "url" ? "expected a URL" : issue.message}, got ${got}`);
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const op = issue.code === "too_small" ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
      if (issue.origin === "string" && issue.code === "too_small" && Number(bound) === 1)
        return at("must not be empty");
      if (issue.origin === "array")
        return at(
          `expected ${op} ${String(bound)} item(s), got ${Array.isArray(value) ? value.length : got}`,
        );
      if (issue.origin === "string") return at(`expected ${op} ${String(bound)} characters, got ${got}`);
      return at(`expected a number ${op} ${String(bound)}, got ${got}`);
    }
    case "invalid_union": {
      // A discriminated union (a source's `kind`) lists its options; a plain union lists its branches' issues.
      const discriminated = issue as { options?: unknown[] };
      if (issue.errors.length === 0 && discriminated.options)
        return at(
          `expected one of ${discriminated.options.map((o) => JSON.stringify(o)).join(", ")}, got ${got}`,
        );
      // The branches that accepted the value's type: their issues say what is wrong inside it.
      const fitting = issue.errors.filter(
        (branch) => !branch.some((i) => i.code === "invalid_type" && i.path.length === 0),
      );
      if (fitting.length === 1 && fitting[0])
        return fitting[0].flatMap((inner) => describeZodIssue(inner, [...path, ...inner.path], root, file));
      const expected = [
        ...new Set(
          issue.errors.flatMap((branch) =>
            branch.flatMap((i) => (i.code === "invalid_type" && i.path.length === 0 ? [i.expected] : [])),
          ),
        ),
      ];
      return at(
        expected.length > 0
          ? `expected ${expected.join(" or ")}, got ${got}`
          : `${issue.message}, got ${got}`,
      );
    }
    default:
      return at(
        value === undefined || typeof value === "object" ? issue.message : `${issue.message}, got ${got}`,
      );
  }
}

/** A value as it appears in a message: JSON, cut to 80 characters; `nothing` when the field is absent. */
function show(value: unknown): string {
  if (value === undefined) return "nothing (field is missing)";
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Issues grouped by file in a stable order (canonical files, then clients), each file's issues in the order found. */
function sortIssues(issues: ConfigIssue[], label: string, clientKeys: string[]): ConfigIssue[] {
  const order = [...CANONICAL_FILES, ...[...clientKeys].sort()].map((key) => label + key);
  const rank = (file: string) => {
    const i = order.indexOf(file);
    return i === -1 ? order.length : i;
  };
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue.file) - rank(b.issue.file) || a.index - b.index)
    .map(({ issue }) => issue);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = root;
  for (const part of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[part];
  }
  return cursor;
}

/** Which canonical files parsed and passed their schema: cross-references into the others are not checked. */
type ParsedFiles = Record<keyof typeof CANONICAL, boolean>;

/** What a client file refers to, with each reference's index in its list (for the issue path). */
interface ClientRefs {
  file: string;
  bouquets: [number, string][];
  extra: [number, string][];
  watch: Partial<Record<keyof ClientConfig["watch"], string>>;
  sections: { index: number; id?: string; eventTypes: [number, string][] }[];
}

function validClientRefs(file: string, client: ClientConfig): ClientRefs {
  return {
    file,
    bouquets: [...client.sources.bouquets.entries()],
    extra: [...client.sources.extra.entries()],
    watch: client.watch,
    sections: client.sections.map((section, index) => ({
      index,
      id: section.id,
      eventTypes: [...section.event_types.entries()],
    })),
  };
}

/** The references of a client that failed its schema: every value of the expected shape, the rest ignored. */
function rawClientRefs(file: string, raw: unknown): ClientRefs {
  const field = (value: unknown, key: string): unknown =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const strings = (value: unknown): [number, string][] =>
    Array.isArray(value)
      ? [...value.entries()].filter((e): e is [number, string] => typeof e[1] === "string")
      : [];
  const watch: ClientRefs["watch"] = {};
  for (const kind of [
    "companies",
    "trademarks",
    "molecules",
    "technologies",
    "indications",
    "noise",
  ] as const) {
    const name = field(field(raw, "watch"), kind);
    if (typeof name === "string") watch[kind] = name;
  }
  const sections = field(raw, "sections");
  return {
    file,
    bouquets: strings(field(field(raw, "sources"), "bouquets")),
    extra: strings(field(field(raw, "sources"), "extra")),
    watch,
    sections: Array.isArray(sections)
      ? sections.map((section, index) => {
          const id = field(section, "id");
          return {
            index,
            ...(typeof id === "string" ? { id } : {}),
            eventTypes: strings(field(section, "event_types")),
          };
        })
      : [],
  };
}

function crossCheck(
  config: VectoraConfig,
  label: string,
  clientRefs: ClientRefs[],
  catalog: CatalogRefs,
  parsed: ParsedFiles,
  issues: ConfigIssue[],
): void {
  const sourceFile = label + CANONICAL.sources;
  const sourceKeys = new Set<string>();
  for (const [i, key] of catalog.keys ?? []) {
    if (sourceKeys.has(key))
      issues.push({ file: sourceFile, path: `sources[${i}].key`, message: `duplicate source key "${key}"` });
    sourceKeys.add(key);
  }
  const bouquetIds = new Set<string>();
  for (const bouquet of catalog.bouquets ?? []) {
    const i = bouquet.index;
    if (bouquet.id !== undefined) {
      if (bouquetIds.has(bouquet.id))
        issues.push({
          file: sourceFile,
          path: `bouquets[${i}].id`,
          message: `duplicate bouquet id "${bouquet.id}"`,
        });
      bouquetIds.add(bouquet.id);
    }
    for (const [j, key] of bouquet.sources)
      if (catalog.keys && !sourceKeys.has(key))
        issues.push({
          file: sourceFile,
          path: `bouquets[${i}].sources[${j}]`,
          message: `unknown source "${key}"`,
        });
  }
  for (const [i, source] of catalog.sources)
    for (const [j, pattern] of source.skip_titles.entries())
      checkRegex(pattern, sourceFile, `sources[${i}].skip_titles[${j}]`, issues);
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

  // A name or alias listed twice in one scope makes matching ambiguous (which role, which molecule?).
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

  const eventFile = label + CANONICAL.eventTypes;
  const eventIds = new Set<string>();
  config.eventTypes.forEach((type, i) => {
    if (eventIds.has(type.id))
      issues.push({
        file: eventFile,
        path: `event_types[${i}].id`,
        message: `duplicate event type "${type.id}"`,
      });
    eventIds.add(type.id);
    for (const [j, p] of type.patterns.entries())
      checkRegex(p, eventFile, `event_types[${i}].patterns[${j}]`, issues);
  });
  for (const [scope, categories] of Object.entries(config.noise))
    for (const [category, patterns] of Object.entries(categories))
      for (const [j, p] of patterns.entries())
        checkRegex(p, label + CANONICAL.noise, `scopes.${scope}.${category}[${j}]`, issues);

  const scopeTables: Record<keyof ClientConfig["watch"], Record<string, unknown>> = {
    companies: config.companies,
    trademarks: config.trademarks,
    molecules: config.molecules,
    technologies: config.technologies,
    indications: config.indications,
    noise: config.noise,
  };
  for (const { file, bouquets, extra, watch, sections } of clientRefs) {
    for (const [i, b] of bouquets)
      if (catalog.bouquets && !bouquetIds.has(b))
        issues.push({
          file,
          path: `sources.bouquets[${i}]`,
          message: `unknown bouquet "${b}" (known: ${[...bouquetIds].join(", ") || "none"})`,
        });
    for (const [i, s] of extra)
      if (catalog.keys && !sourceKeys.has(s))
        issues.push({ file, path: `sources.extra[${i}]`, message: `unknown source "${s}"` });
    for (const [kind, table] of Object.entries(scopeTables) as [
      keyof ClientConfig["watch"],
      Record<string, unknown>,
    ][]) {
      const name = watch[kind];
      if (name !== undefined && parsed[kind] && !Object.hasOwn(table, name))
        issues.push({
          file,
          path: `watch.${kind}`,
          message: `unknown ${kind} scope "${name}" (known: ${Object.keys(table).join(", ") || "none"})`,
        });
    }
    const sectionIds = new Set<string>();
    for (const section of sections) {
      if (section.id !== undefined) {
        if (sectionIds.has(section.id))
          issues.push({
            file,
            path: `sections[${section.index}].id`,
            message: `duplicate section "${section.id}"`,
          });
        sectionIds.add(section.id);
      }
      for (const [j, t] of section.eventTypes)
        if (parsed.eventTypes && t !== "*" && !eventIds.has(t))
          issues.push({
            file,
            path: `sections[${section.index}].event_types[${j}]`,
            message: `unknown event type "${t}" (known: ${[...eventIds].join(", ")})`,
          });
    }
  }
}

/**
 * The source catalog as the cross-checks see it. `keys` / `bouquets` are undefined when the file gives no
 * readable list of them (missing file, not a list): references into it are then not judged.
 */
interface CatalogRefs {
  /** Every entry's key, with the entry's index. */
  keys?: [number, string][];
  bouquets?: { index: number; id?: string; sources: [number, string][] }[];
  /** The entries that are valid on their own (their patterns and companies are checked), with their index. */
  sources: [number, SourceDef][];
}

function validCatalogRefs(sources: SourceDef[], bouquets: Bouquet[]): CatalogRefs {
  return {
    keys: sources.map((source, i) => [i, source.key]),
    bouquets: bouquets.map((bouquet, index) => ({
      index,
      id: bouquet.id,
      sources: [...bouquet.sources.entries()],
    })),
    sources: [...sources.entries()],
  };
}

/**
 * The catalog of a sources file that failed its schema, validated entry by entry: the key of any entry whose
 * `key` is a string, every bouquet's string id and source keys, and the entries that pass {@link SourceDef}.
 */
function rawCatalogRefs(raw: unknown): CatalogRefs {
  const field = (value: unknown, key: string): unknown =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const rawSources = field(raw, "sources");
  const rawBouquets = field(raw, "bouquets");
  const entries = Array.isArray(rawSources) ? [...rawSources.entries()] : undefined;
  const sources: [number, SourceDef][] = [];
  for (const [i, entry] of entries ?? []) {
    const result = SourceDef.safeParse(entry);
    if (result.success) sources.push([i, result.data]);
  }
  return {
    keys: entries?.flatMap(([i, entry]): [number, string][] => {
      const key = field(entry, "key");
      return typeof key === "string" ? [[i, key]] : [];
    }),
    // An absent `bouquets` means none (the schema's default); anything but a list leaves them unknown.
    bouquets:
      rawBouquets === undefined
        ? []
        : Array.isArray(rawBouquets)
          ? rawBouquets.map((bouquet, index) => {
              const id = field(bouquet, "id");
              const keys = field(bouquet, "sources");
              return {
                index,
                ...(typeof id === "string" ? { id } : {}),
                sources: Array.isArray(keys)
                  ? [...keys.entries()].filter((e): e is [number, string] => typeof e[1] === "string")
                  : [],
              };
            })
          : undefined,
    sources,
  };
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

function checkRegex(pattern: string, file: string, path: string, issues: ConfigIssue[]): void {
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    // V8 says "Invalid regular expression: /<pattern>/i: <reason>"; keep the reason and show the pattern as written.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
    issues.push({ file, path, message: `invalid regular expression /${pattern}/: ${reason}` });
  }
}

/**
 * Resolves what one client watches: its scopes, event types and enabled sources (bouquets + extras, in
 * catalog order, without duplicates). Throws when the client is unknown.
 */
export function clientWatch(config: VectoraConfig, clientId: string): ClientWatch {
  const client = config.clients[clientId];
  if (!client)
    throw new Error(`unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`);
  const wanted = new Set<string>(client.sources.extra);
  for (const id of client.sources.bouquets)
    for (const key of config.bouquets.find((b) => b.id === id)?.sources ?? []) wanted.add(key);
  return {
    client,
    companies: config.companies[client.watch.companies]!,
    trademarks: config.trademarks[client.watch.trademarks]!,
    molecules: config.molecules[client.watch.molecules]!,
    technologies: config.technologies[client.watch.technologies]!,
    indications: config.indications[client.watch.indications]!,
    noise: config.noise[client.watch.noise]!,
    eventTypes: config.eventTypes,
    sources: config.sources.filter((s) => wanted.has(s.key) && s.enabled),
  };
}
