/**
 * Small, hand-built client watches for normalize tests, plus a RawItem builder. The vocabulary mirrors the real
 * LAI config in miniature (a few companies per role, one trademark, a few molecules, platforms, context words,
 * counter-signals, noise regexes and ordered event types) so tests read like the real domain without
 * depending on `config/`.
 */
import { createHash } from "node:crypto";
import { CompanyScope, EntityEntry, TechnologyScope } from "../../src/config/index.js";
import { ClientConfig, type ClientWatch, EventTypeDef, type RawItem, SourceDef } from "../../src/index.js";
import { PLACEHOLDER_WATCH_REFS } from "./repo.js";

const entries = (list: (string | { name: string; aliases?: string[] })[]) =>
  list.map((e) => EntityEntry.parse(e));

/** A valid client config; `llm` and other fields can be overridden. */
export function makeClient(overrides: Record<string, unknown> = {}): ClientConfig {
  return ClientConfig.parse({
    client_id: "lai_mini",
    name: "LAI Mini",
    sources: { bouquets: [], extra: [] },
    watch: PLACEHOLDER_WATCH_REFS,
    sections: [{ id: "all", title: "All", event_types: ["*"], max_items: 5 }],
    max_items_total: 5,
    ...overrides,
  });
}

/** Event types in config order: noise-flagged hiring before the business types, "other" last. */
export const MINI_EVENT_TYPES = [
  {
    id: "regulatory",
    label: "Regulatory",
    weight: 7,
    patterns: [
      "\\b(FDA|EMA)\\b[^.\\n]{0,80}\\bapprov\\w*",
      "\\bnew drug application\\b[^.\\n]{0,40}\\bsubmission\\b",
    ],
  },
  {
    id: "partnership",
    label: "Partnership",
    weight: 8,
    patterns: ["\\blicen[cs]e( and option)? agreement\\b", "\\bpartnership\\b"],
  },
  {
    id: "funding",
    label: "Funding",
    weight: 8,
    patterns: ["\\b(awarded|receives?)\\b[^.\\n]{0,60}\\bgrants?\\b"],
  },
  { id: "hiring", label: "Hiring", weight: 0, noise: true, patterns: ["\\b(we are|now) hiring\\b"] },
  { id: "corporate_move", label: "Corporate move", weight: 5, patterns: ["\\bappoints?\\b"] },
  {
    id: "financial_results",
    label: "Financial results",
    weight: 3,
    noise: true,
    patterns: ["\\binterim report\\b", "\\bhalf-year\\b"],
  },
  {
    id: "conference",
    label: "Conference",
    weight: 2,
    noise: true,
    patterns: ["\\b(convention|conference)\\b"],
  },
  { id: "other", label: "Other", weight: 2, patterns: [] },
];

export interface WatchOverrides {
  client?: ClientConfig;
  companies?: Partial<
    Record<
      "core_pure_players" | "pure_players" | "hybrids" | "others",
      (string | { name: string; aliases?: string[] })[]
    >
  >;
  trademarks?: (string | { name: string; aliases?: string[] })[];
  molecules?: (string | { name: string; aliases?: string[] })[];
  indications?: (string | { name: string; aliases?: string[] })[];
  technologies?: Partial<
    Record<"core_phrases" | "broad_terms" | "injectable_context" | "counter_signals", string[]>
  > & {
    platforms?: (string | { name: string; aliases?: string[] })[];
  };
  noise?: Record<string, string[]>;
  eventTypes?: Record<string, unknown>[];
  sources?: Record<string, unknown>[];
}

/** A small client watch; every part can be replaced through `overrides`. */
export function makeWatch(overrides: WatchOverrides = {}): ClientWatch {
  const companies = {
    core_pure_players: [
      { name: "MedinCell", aliases: ["Medincell"] },
      { name: "Nanexa", aliases: ["Nanexa AB"] },
      "Camurus",
    ],
    pure_players: ["Durect"],
    hybrids: [
      { name: "Teva Pharmaceutical", aliases: ["Teva", "Teva Pharmaceuticals"] },
      "Pfizer",
      "Moderna",
    ],
    others: ["Acme Bio"],
    ...overrides.companies,
  };
  return {
    client: overrides.client ?? makeClient(),
    companies: CompanyScope.parse(companies),
    trademarks: entries(
      overrides.trademarks ?? [{ name: "UZEDY", aliases: ["Uzedy"] }, "Abilify Maintena", "Sublocade"],
    ),
    molecules: entries(overrides.molecules ?? ["risperidone", "olanzapine", "aripiprazole", "buprenorphine"]),
    indications: entries(
      overrides.indications ?? ["schizophrenia", "bipolar I disorder", "malaria", "opioid use disorder"],
    ),
    technologies: TechnologyScope.parse({
      core_phrases: [
        "long-acting injectable",
        "extended-release injectable suspension",
        "extended-release injectable",
        "LAI",
      ],
      platforms: [{ name: "PharmaShell", aliases: ["Pharma Shell"] }, "BEPO", "FluidCrystal"],
      broad_terms: ["microspheres", "PEGylation", "extended-release", "hydrogel"],
      injectable_context: [
        "injectable",
        "injection",
        "subcutaneous",
        "intramuscular",
        "depot",
        "extended-release",
      ],
      counter_signals: ["oral", "tablet", "tablets", "pill", "capsule"],
      ...overrides.technologies,
    }),
    noise: overrides.noise ?? {
      hiring: ["\\b(we are|now) hiring\\b", "\\bjoin our team\\b"],
      interim_report: ["\\binterim report\\b", "\\bhalf-year\\b[^.\\n]{0,60}\\bresults\\b"],
      conference: ["\\b(convention|conference|summit) 20\\d\\d\\b"],
      appointment: ["\\bappoints?\\b"],
      index_inclusion: ["\\bMSCI\\b"],
    },
    eventTypes: (overrides.eventTypes ?? MINI_EVENT_TYPES).map((t) => EventTypeDef.parse(t)),
    sources: (
      overrides.sources ?? [
        {
          key: "press_corporate__medincell",
          name: "Medincell",
          actor_type: "press_corporate",
          kind: "rss",
          url: "https://medincell.example/rss",
          company: "MedinCell",
        },
        {
          key: "press_corporate__nanexa",
          name: "Nanexa",
          actor_type: "press_corporate",
          kind: "rss",
          url: "https://nanexa.example/rss",
          company: "Nanexa",
        },
        {
          key: "press_sector__fiercepharma",
          name: "FiercePharma",
          actor_type: "press_sector",
          kind: "rss",
          url: "https://www.fiercepharma.com/rss/xml",
        },
      ]
    ).map((s) => SourceDef.parse(s)),
  };
}

let counter = 0;

/** A RawItem with realistic defaults; `title`, `content` and `source_key` are what tests usually set. */
export function makeRawItem(fields: Partial<RawItem> & { title: string }): RawItem {
  const content = fields.content ?? "";
  const url = fields.url ?? `https://news.example/item-${++counter}`;
  const digest = (s: string) => createHash("sha256").update(s).digest("hex");
  return {
    item_id: `itm_${digest(url).slice(0, 16)}`,
    source_key: "press_sector__fiercepharma",
    source_type: "press_sector",
    source_kind: "rss",
    url,
    canonical_url: url,
    published_at: "2025-12-10",
    content,
    content_hash: `sha256:${digest(`${fields.title}\n${content}`)}`,
    ingested_at: "2025-12-17T13:49:39Z",
    run_id: "run-test",
    ...fields,
  };
}
