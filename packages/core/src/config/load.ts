/**
 * Assembling the config: every config file's plain value validated against its schema and the whole set against
 * itself, returning the config or throwing one `ConfigError` listing every problem. Where the plain values come
 * from is the caller's: the YAML files humans edit (`loadConfigYaml`, load-yaml.ts) or the snapshot of them that
 * `vectora config sync` writes for the Lambdas (`loadConfig`, snapshot.ts). Both go through this one path, so a
 * config reads the same either way.
 */

import type * as z from "zod";
import { CANONICAL } from "./canonical-files.js";
import { checkFeedback, crossCheck, type ParsedFiles } from "./cross-check.js";
import { ConfigError, type ConfigIssue, sortIssues } from "./issues.js";
import {
  type ClientRefs,
  rawCatalogRefs,
  rawClientRefs,
  validCatalogRefs,
  validClientRefs,
} from "./references.js";
import {
  ClientConfig,
  CompaniesFile,
  DEFAULT_MIN_SCORE,
  EntityListFile,
  EventTypesFile,
  type FeedbackEntry,
  FeedbackFile,
  MoleculesFile,
  NoiseFile,
  NonLaiFile,
  type SourceDef,
  SourcesFile,
  TechnologiesFile,
  type VectoraConfig,
} from "./schema.js";
import { validateFileValue } from "./validate-file.js";
import { configVersion } from "./version.js";

// The config API has always been exported from this module (`@vectora/core` re-exports it whole): the pieces
// that moved to their own files are re-exported here so the public names stay where they were.
export { CANONICAL_FILES } from "./canonical-files.js";
export { clientWatch } from "./client-watch.js";
export { ConfigError, type ConfigIssue, formatIssue, formatPath } from "./issues.js";
export { configVersion } from "./version.js";

/** Options of the config loaders (`loadConfig`, `loadConfigYaml`). */
export interface LoadConfigOptions {
  /** Prefix shown before file names in messages (`config/` for the repo directory, `s3://bucket/` …). */
  label?: string;
}

/** One config file as read, before its schema: its plain value and its digest (`sha256:<hex>` of its text). */
export type ConfigFileRead =
  | { status: "ok"; digest: string; value: unknown }
  /** Present but unreadable (a YAML syntax error…): the reader pushed the issue. */
  | { status: "unreadable"; digest: string }
  | { status: "missing" };

/** Where {@link assembleConfig} reads the config files from. */
export interface ConfigFiles {
  /** The keys of the config files under `prefix` (`clients/`, `feedback/`), sorted. */
  list(prefix: string): Promise<string[]>;
  /** One file; `file` is its name in messages (label + key), for the issues the reader pushes. */
  read(key: string, file: string, issues: ConfigIssue[]): Promise<ConfigFileRead>;
}

/** A config file's key names YAML (`clients/lai_weekly.yaml`): only those are config files. */
export const isYamlKey = (key: string): boolean => /\.ya?ml$/.test(key);

/**
 * Validates the config files `files` gives — each against its schema, then the set against itself — and returns
 * the config. Collects every problem (unreadable file, schema, cross-references) and throws one
 * {@link ConfigError}.
 */
export async function assembleConfig(
  files: ConfigFiles,
  options: LoadConfigOptions = {},
): Promise<VectoraConfig> {
  const label = options.label ?? "";
  const issues: ConfigIssue[] = [];
  const notices: ConfigIssue[] = [];
  const digests: Record<string, string> = {};

  async function read<S extends z.ZodType>(
    key: string,
    schema: S,
    onRaw?: (raw: unknown) => void,
  ): Promise<z.output<S> | undefined> {
    const file = label + key;
    const got = await files.read(key, file, issues);
    if (got.status === "missing") {
      issues.push({ file, path: "", message: "file is missing" });
      return undefined;
    }
    digests[key] = got.digest;
    if (got.status === "unreadable") return undefined;
    return validateFileValue(got.value, file, schema, issues, onRaw);
  }

  // The catalog's plain value: when the file fails its schema, its keys and bouquets are still read from it, so
  // the clients' references are checked in the same run as the catalog's own errors.
  let sourcesRaw: unknown;
  const [companies, trademarks, molecules, technologies, indications, noise, nonLai, eventTypes, sources] =
    await Promise.all([
      read(CANONICAL.companies, CompaniesFile),
      read(CANONICAL.trademarks, EntityListFile),
      read(CANONICAL.molecules, MoleculesFile),
      read(CANONICAL.technologies, TechnologiesFile),
      read(CANONICAL.indications, EntityListFile),
      read(CANONICAL.noise, NoiseFile),
      read(CANONICAL.nonLai, NonLaiFile),
      read(CANONICAL.eventTypes, EventTypesFile),
      read(CANONICAL.sources, SourcesFile, (raw) => {
        sourcesRaw = raw;
      }),
    ]);

  const clientKeys = await files.list("clients/");
  if (clientKeys.length === 0)
    issues.push({ file: `${label}clients/`, path: "", message: "no client config found" });
  const clients: Record<string, z.output<typeof ClientConfig>> = {};
  // References of every client, including those that failed their schema (read leniently from the plain value),
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
    if (typeof raw === "object" && raw !== null && !("min_score" in raw))
      notices.push({
        file: label + key,
        path: "min_score",
        message: `not set: the default ${DEFAULT_MIN_SCORE} applies (every LAI item may be printed; the sections' limits still apply)`,
      });
    checkNamedAfterClient(label, key, client.client_id, issues);
    clients[client.client_id] = client;
  }

  // Editor feedback, one optional file per client (`feedback/<client_id>.yaml`).
  const feedbackKeys = await files.list("feedback/");
  const feedback: Record<string, FeedbackEntry[]> = {};
  const feedbackFiles: Array<{ file: string; clientId: string; entries: FeedbackEntry[] }> = [];
  for (const key of feedbackKeys) {
    const parsed = await read(key, FeedbackFile);
    if (!parsed) continue;
    checkNamedAfterClient(label, key, parsed.client_id, issues);
    feedback[parsed.client_id] = parsed.feedback;
    feedbackFiles.push({ file: label + key, clientId: parsed.client_id, entries: parsed.feedback });
  }

  const config: VectoraConfig = {
    companies: companies?.scopes ?? {},
    trademarks: trademarks?.scopes ?? {},
    molecules: molecules?.scopes ?? {},
    technologies: technologies?.scopes ?? {},
    indications: indications?.scopes ?? {},
    noise: noise?.scopes ?? {},
    nonLai: nonLai?.scopes ?? {},
    eventTypes: eventTypes?.event_types ?? [],
    sources: (sources?.sources ?? []).filter((entry): entry is SourceDef => entry.kind !== undefined),
    catalog: sources?.sources ?? [],
    ...(sources?.http ? { http: sources.http } : {}),
    bouquets: sources?.bouquets ?? [],
    clients,
    feedback,
    files: Object.fromEntries(Object.entries(digests).sort(([a], [b]) => a.localeCompare(b))),
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
    nonLai: nonLai !== undefined,
    eventTypes: eventTypes !== undefined,
    sources: sources !== undefined,
  };
  const catalog = sources ? validCatalogRefs(sources.sources, sources.bouquets) : rawCatalogRefs(sourcesRaw);
  crossCheck(config, label, clientRefs, catalog, parsed, issues);
  checkFeedback(
    feedbackFiles,
    clientKeys.map((k) => k.replace(/^clients\//, "").replace(/\.ya?ml$/, "")),
    issues,
  );
  if (issues.length > 0) throw new ConfigError(sortIssues(issues, label, clientKeys));
  config.version = configVersion(config.files);
  if (notices.length > 0) config.notices = notices;
  return config;
}

/** A per-client file (`clients/<id>.yaml`, `feedback/<id>.yaml`) is named after its `client_id`. */
function checkNamedAfterClient(label: string, key: string, clientId: string, issues: ConfigIssue[]): void {
  const expected = key.replace(/^[^/]+\//, "").replace(/\.ya?ml$/, "");
  if (clientId !== expected)
    issues.push({
      file: label + key,
      path: "client_id",
      message: `must match the file name ("${expected}"), got "${clientId}"`,
    });
}
