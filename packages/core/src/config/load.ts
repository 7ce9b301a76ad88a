import { createHash } from "node:crypto";
import { parseDocument } from "yaml";
import type { z } from "zod";
import type { BlobStore } from "../ports/blob-store.js";
import {
  ClientConfig,
  type ClientWatch,
  CompaniesFile,
  EntityListFile,
  EventTypesFile,
  NoiseFile,
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
    super(`invalid config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${issues.map(formatIssue).join("\n")}`);
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

  async function read<S extends z.ZodType>(key: string, schema: S): Promise<z.output<S> | undefined> {
    const file = label + key;
    const text = await store.getText(key);
    if (text === undefined) {
      issues.push({ file, path: "", message: "file is missing" });
      return undefined;
    }
    files[key] = `sha256:${createHash("sha256").update(text).digest("hex")}`;
    return parseYaml(text, file, schema, issues);
  }

  const [companies, trademarks, molecules, technologies, indications, noise, eventTypes, sources] = await Promise.all([
    read(CANONICAL.companies, CompaniesFile),
    read(CANONICAL.trademarks, EntityListFile),
    read(CANONICAL.molecules, EntityListFile),
    read(CANONICAL.technologies, TechnologiesFile),
    read(CANONICAL.indications, EntityListFile),
    read(CANONICAL.noise, NoiseFile),
    read(CANONICAL.eventTypes, EventTypesFile),
    read(CANONICAL.sources, SourcesFile),
  ]);

  const clientKeys = (await store.list("clients/")).map((b) => b.key).filter((k) => /\.ya?ml$/.test(k));
  if (clientKeys.length === 0) issues.push({ file: `${label}clients/`, path: "", message: "no client config found" });
  const clients: Record<string, z.output<typeof ClientConfig>> = {};
  const clientFiles: Record<string, string> = {};
  for (const key of clientKeys) {
    const client = await read(key, ClientConfig);
    if (!client) continue;
    const expected = key.replace(/^clients\//, "").replace(/\.ya?ml$/, "");
    if (client.client_id !== expected)
      issues.push({ file: label + key, path: "client_id", message: `must match the file name ("${expected}"), got "${client.client_id}"` });
    clients[client.client_id] = client;
    clientFiles[client.client_id] = label + key;
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
  if (issues.length === 0) crossCheck(config, label, clientFiles, issues);
  if (issues.length > 0) throw new ConfigError(issues);
  config.version = configVersion(config.files);
  return config;
}

/** One id for a set of config files: `cfg-` + the first 12 hex digits of a hash over the sorted file hashes. */
export function configVersion(files: Record<string, string>): string {
  const hash = createHash("sha256");
  for (const [name, digest] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) hash.update(`${name}\0${digest}\n`);
  return `cfg-${hash.digest("hex").slice(0, 12)}`;
}

function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, issues: ConfigIssue[]): z.output<S> | undefined {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const where = error.linePos?.[0] ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
      issues.push({ file, path: where, message: `YAML syntax error: ${error.message.split("\n")[0]}` });
    }
    return undefined;
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push({ file, path: formatPath(issue.path), message: describeZodIssue(issue, doc.toJS()) });
  return undefined;
}

/** zod's messages, made to say what was found: `expected number, got "five"`. */
function describeZodIssue(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code === "invalid_type") {
    const value = valueAt(root, issue.path);
    const got = value === undefined ? "nothing (field is missing)" : JSON.stringify(value);
    return `expected ${issue.expected}, got ${got}`;
  }
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cursor: unknown = root;
  for (const part of path) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<PropertyKey, unknown>)[part];
  }
  return cursor;
}

function crossCheck(config: VectoraConfig, label: string, clientFiles: Record<string, string>, issues: ConfigIssue[]): void {
  const sourceFile = label + CANONICAL.sources;
  const sourceKeys = new Set<string>();
  config.sources.forEach((source, i) => {
    if (sourceKeys.has(source.key)) issues.push({ file: sourceFile, path: `sources[${i}].key`, message: `duplicate source key "${source.key}"` });
    sourceKeys.add(source.key);
  });
  const bouquetIds = new Set<string>();
  config.bouquets.forEach((bouquet, i) => {
    if (bouquetIds.has(bouquet.id)) issues.push({ file: sourceFile, path: `bouquets[${i}].id`, message: `duplicate bouquet id "${bouquet.id}"` });
    bouquetIds.add(bouquet.id);
    bouquet.sources.forEach((key, j) => {
      if (!sourceKeys.has(key)) issues.push({ file: sourceFile, path: `bouquets[${i}].sources[${j}]`, message: `unknown source "${key}"` });
    });
  });
  config.sources.forEach((source, i) => {
    for (const [j, pattern] of source.skip_titles.entries()) checkRegex(pattern, sourceFile, `sources[${i}].skip_titles[${j}]`, issues);
  });

  const eventFile = label + CANONICAL.eventTypes;
  const eventIds = new Set<string>();
  config.eventTypes.forEach((type, i) => {
    if (eventIds.has(type.id)) issues.push({ file: eventFile, path: `event_types[${i}].id`, message: `duplicate event type "${type.id}"` });
    eventIds.add(type.id);
    for (const [j, p] of type.patterns.entries()) checkRegex(p, eventFile, `event_types[${i}].patterns[${j}]`, issues);
  });
  for (const [scope, categories] of Object.entries(config.noise))
    for (const [category, patterns] of Object.entries(categories))
      for (const [j, p] of patterns.entries()) checkRegex(p, label + CANONICAL.noise, `scopes.${scope}.${category}[${j}]`, issues);

  for (const [id, client] of Object.entries(config.clients)) {
    const file = clientFiles[id] ?? `${label}clients/${id}.yaml`;
    client.sources.bouquets.forEach((b, i) => {
      if (!bouquetIds.has(b)) issues.push({ file, path: `sources.bouquets[${i}]`, message: `unknown bouquet "${b}" (known: ${[...bouquetIds].join(", ")})` });
    });
    client.sources.extra.forEach((s, i) => {
      if (!sourceKeys.has(s)) issues.push({ file, path: `sources.extra[${i}]`, message: `unknown source "${s}"` });
    });
    const scopeTables: Record<keyof ClientConfig["watch"], Record<string, unknown>> = {
      companies: config.companies,
      trademarks: config.trademarks,
      molecules: config.molecules,
      technologies: config.technologies,
      indications: config.indications,
      noise: config.noise,
    };
    for (const [kind, table] of Object.entries(scopeTables) as [keyof ClientConfig["watch"], Record<string, unknown>][]) {
      const name = client.watch[kind];
      if (!(name in table))
        issues.push({ file, path: `watch.${kind}`, message: `unknown ${kind} scope "${name}" (known: ${Object.keys(table).join(", ") || "none"})` });
    }
    const sectionIds = new Set<string>();
    client.sections.forEach((section, i) => {
      if (sectionIds.has(section.id)) issues.push({ file, path: `sections[${i}].id`, message: `duplicate section "${section.id}"` });
      sectionIds.add(section.id);
      section.event_types.forEach((t, j) => {
        if (t !== "*" && !eventIds.has(t)) issues.push({ file, path: `sections[${i}].event_types[${j}]`, message: `unknown event type "${t}"` });
      });
    });
  }
}

function checkRegex(pattern: string, file: string, path: string, issues: ConfigIssue[]): void {
  try {
    new RegExp(pattern, "i");
  } catch (error) {
    issues.push({ file, path, message: `invalid regular expression: ${(error as Error).message}` });
  }
}

/**
 * Resolves what one client watches: its scopes, event types and enabled sources (bouquets + extras, in
 * catalog order, without duplicates). Throws when the client is unknown.
 */
export function clientWatch(config: VectoraConfig, clientId: string): ClientWatch {
  const client = config.clients[clientId];
  if (!client) throw new Error(`unknown client "${clientId}" (known: ${Object.keys(config.clients).join(", ")})`);
  const wanted = new Set<string>(client.sources.extra);
  for (const id of client.sources.bouquets) for (const key of config.bouquets.find((b) => b.id === id)?.sources ?? []) wanted.add(key);
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
