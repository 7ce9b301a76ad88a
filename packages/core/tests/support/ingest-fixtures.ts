/**
 * Test support for ingest: where the recordings live, the real source catalog (config/canonical/sources.yaml,
 * so the tests check the selectors the product uses) and a minimal config around it. Nothing under /work/shared.
 */
import { cp, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { makeTempDir, RECORDINGS_DIR } from "@vectora/testing";
import { FsBlobStore } from "../../src/adapters/fs-blob-store.js";
import { ReplayHttpTransport } from "../../src/adapters/replay-http.js";
import { ConfigError, type ConfigIssue, SourcesFile } from "../../src/config/index.js";
import { parseYaml } from "../../src/config/parse-yaml.js";
import {
  ClientConfig,
  configVersion,
  NoSecrets,
  RawItem,
  type RunIngestOptions,
  type SourceDef,
  type VectoraConfig,
} from "../../src/index.js";
import type { BlobStore } from "../../src/ports/blob-store.js";
import { PLACEHOLDER_WATCH_REFS, REPO_ROOT } from "./repo.js";

export { REPO_ROOT };
/** The project's recorded fortnight (Dec 2025). */
export const RECORDINGS = RECORDINGS_DIR;
/** Overlays that turn one source of the recordings into a fault. */
export const FAULTS = resolve(import.meta.dirname, "../fixtures/faults");
export const AS_OF = "2025-12-17";

/** The source catalog as the product reads it (its YAML reader and schema); a ConfigError if it is invalid. */
export async function loadCatalog(): Promise<{
  sources: SourceDef[];
  catalog: VectoraConfig["catalog"];
  bouquets: VectoraConfig["bouquets"];
  text: string;
}> {
  const file = "config/canonical/sources.yaml";
  const text = await readFile(join(REPO_ROOT, file), "utf8");
  const issues: ConfigIssue[] = [];
  const catalog = parseYaml(text, file, SourcesFile, issues);
  if (!catalog) throw new ConfigError(issues);
  const sources = catalog.sources.filter((s): s is SourceDef => s.kind !== undefined);
  return { sources, catalog: catalog.sources, bouquets: catalog.bouquets, text };
}

/** A catalog source by key, narrowed to its kind. */
export async function catalogSource<K extends SourceDef["kind"]>(
  key: string,
  kind: K,
): Promise<Extract<SourceDef, { kind: K }>> {
  const { sources } = await loadCatalog();
  const source = sources.find((s) => s.key === key);
  if (!source || source.kind !== kind)
    throw new Error(`no ${kind} source ${key} in config/canonical/sources.yaml`);
  return source as Extract<SourceDef, { kind: K }>;
}

/**
 * The real catalog plus one client, `lai_weekly`, subscribed to every bouquet with a 14-day period. The scopes
 * ingest never reads are left empty so these tests do not depend on the other config files.
 */
export function ingestTestConfig(): Promise<VectoraConfig> {
  return catalogConfig({ client_id: "lai_weekly", name: "LAI Weekly (ingest tests)", max_items: 10 }, "test");
}

/**
 * The real catalog plus one client subscribed to every bouquet with a 14-day period, in one "all" section of
 * `max_items`; every scope is empty (ingest never reads them). `fileTag` stands in for the catalog's hash.
 */
export async function catalogConfig(
  client: { client_id: string; name: string; max_items: number },
  fileTag: string,
): Promise<VectoraConfig> {
  const { sources, bouquets } = await loadCatalog();
  const parsedClient = ClientConfig.parse({
    client_id: client.client_id,
    name: client.name,
    period_days: 14,
    sources: { bouquets: bouquets.map((b) => b.id) },
    watch: PLACEHOLDER_WATCH_REFS,
    sections: [{ id: "all", title: "All", event_types: ["*"], max_items: client.max_items }],
    max_items_total: client.max_items,
  });
  return scopelessConfig(sources, bouquets, parsedClient, fileTag);
}

/**
 * A config of `sources` and one client, with every scope empty (ingest never reads them); `fileTag` stands in for
 * the catalog's hash in the config version.
 */
export function scopelessConfig(
  sources: SourceDef[],
  bouquets: VectoraConfig["bouquets"],
  client: ClientConfig,
  fileTag: string,
): VectoraConfig {
  const files = { "canonical/sources.yaml": `sha256:${fileTag}` };
  return {
    companies: {},
    trademarks: {},
    molecules: {},
    technologies: {},
    indications: {},
    noise: {},
    nonLai: {},
    eventTypes: [],
    sources,
    // The readable sources are the whole catalog of these configs: no candidate is ever named.
    catalog: sources,
    bouquets,
    clients: { [client.client_id]: client },
    feedback: {},
    files,
    version: configVersion(files),
  };
}

/**
 * The options of an ingest run of `lai_weekly` (the client of {@link ingestTestConfig}) into `store`, replaying
 * `recordings` (the recorded fortnight unless named) as of {@link AS_OF}, with no secrets; the rest of `extra`
 * (clock, deadline, sources, concurrency…) adds to or overrides these.
 */
export function recordedIngestOptions(
  config: VectoraConfig,
  store: BlobStore,
  { recordings = RECORDINGS, ...extra }: Partial<RunIngestOptions> & { recordings?: string } = {},
): RunIngestOptions {
  return {
    config,
    clientId: "lai_weekly",
    store,
    transport: new ReplayHttpTransport(recordings),
    secrets: new NoSecrets(),
    asOf: AS_OF,
    ...extra,
  };
}

/** Every stored line of a client's items files (both layouts), counted by item id: each should appear once. */
export async function storedLinesByItem(store: BlobStore, clientId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const { key } of await store.list(`ingested/${clientId}/`)) {
    if (!key.endsWith(".jsonl")) continue;
    for (const line of ((await store.getText(key)) ?? "").split("\n").filter(Boolean)) {
      const item = RawItem.parse(JSON.parse(line));
      counts.set(item.item_id, (counts.get(item.item_id) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * A temp copy of the recordings, optionally with fault overlays (`faults/<name>/…`) copied over it. Call it
 * inside a test: the copy is removed when that test finishes.
 */
export async function recordingsCopy(...overlays: string[]): Promise<string> {
  // Imported here, not at the top: the benchmarks (run by tsx, outside vitest) import this module too.
  const { onTestFinished } = await import("vitest");
  const dir = await makeTempDir("recordings");
  onTestFinished(() => dir.remove());
  await cp(RECORDINGS, dir.path, { recursive: true });
  for (const overlay of overlays) await cp(join(FAULTS, overlay), dir.path, { recursive: true });
  return dir.path;
}

/** A directory store in a fresh temp dir, removed when the calling test finishes. */
export async function tempStore(label = "store"): Promise<FsBlobStore> {
  const { onTestFinished } = await import("vitest");
  const dir = await makeTempDir(label);
  onTestFinished(() => dir.remove());
  return new FsBlobStore(dir.path);
}

/** A fixed clock: every call answers the same instant. */
export function fixedClock(iso = "2026-01-05T08:00:00.000Z"): () => Date {
  return () => new Date(iso);
}

/**
 * A clock that moves `stepMs` (default one minute) forward at every call, from `iso`: successive runs get
 * increasing times, and a run's deadline comes after a known number of readings.
 */
export function steppingClock(iso = "2026-01-05T08:00:00.000Z", stepMs = 60_000): () => Date {
  let next = Date.parse(iso);
  return () => {
    const now = new Date(next);
    next += stepMs;
    return now;
  };
}
