/**
 * What the cross-checks look at: the references of each client file and the keys and bouquets of the source
 * catalog, taken from the parsed files or, when a file failed its schema, read leniently from its raw YAML.
 */

import { type Bouquet, CatalogEntry, type ClientConfig } from "./schema.js";

/** What a client file refers to, with each reference's index in its list (for the issue path). */
export interface ClientRefs {
  file: string;
  bouquets: [number, string][];
  extra: [number, string][];
  watch: Partial<Record<keyof ClientConfig["watch"], string>>;
  sections: { index: number; id?: string; eventTypes: [number, string][] }[];
}

/** The references of a client that passed its schema. */
export function validClientRefs(file: string, client: ClientConfig): ClientRefs {
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
export function rawClientRefs(file: string, raw: unknown): ClientRefs {
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
    "non_lai",
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

/**
 * The source catalog as the cross-checks see it. `keys` / `bouquets` are undefined when the file gives no
 * readable list of them (missing file, not a list): references into it are then not judged.
 */
export interface CatalogRefs {
  /** Every entry's key, with the entry's index. */
  keys?: [number, string][];
  bouquets?: { index: number; id?: string; sources: [number, string][] }[];
  /** The entries that are valid on their own (their patterns and companies are checked), with their index. */
  sources: [number, CatalogEntry][];
}

/** The catalog of a sources file that passed its schema: every entry, every bouquet. */
export function validCatalogRefs(sources: CatalogEntry[], bouquets: Bouquet[]): CatalogRefs {
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
 * `key` is a string, every bouquet's string id and source keys, and the entries that pass {@link CatalogEntry}.
 */
export function rawCatalogRefs(raw: unknown): CatalogRefs {
  const field = (value: unknown, key: string): unknown =>
    value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const rawSources = field(raw, "sources");
  const rawBouquets = field(raw, "bouquets");
  const entries = Array.isArray(rawSources) ? [...rawSources.entries()] : undefined;
  const sources: [number, CatalogEntry][] = [];
  for (const [i, entry] of entries ?? []) {
    const result = CatalogEntry.safeParse(entry);
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
