/**
 * Hand-built inputs for engine and newsletter tests: a small but realistic client watch (event types, companies,
 * sources, sections) and a builder of {@link NormalizedItem}s whose entity evidence spans are computed from the
 * item's own text — a builder call naming an entity the text does not contain throws, so tests can never feed
 * the engine an entity without evidence.
 */

import { CompanyScope, TechnologyScope } from "../../src/config/index.js";
import type { LaiSignals } from "../../src/domain/normalized.js";
import type { DedupCandidate } from "../../src/engine/index.js";
import {
  ClientConfig,
  type ClientWatch,
  EventTypeDef,
  type NormalizedItem,
  SourceDef,
} from "../../src/index.js";
import { PLACEHOLDER_WATCH_REFS } from "./repo.js";

/** The client used by engine tests: four sections, at most 6 items, min score 6. */
export function testClient(overrides: Partial<Record<string, unknown>> = {}): ClientConfig {
  return ClientConfig.parse({
    client_id: "lai_test",
    name: "LAI Test Weekly",
    period_days: 30,
    sources: { bouquets: [], extra: [] },
    watch: PLACEHOLDER_WATCH_REFS,
    sections: [
      {
        id: "regulatory",
        title: "Regulatory",
        event_types: ["regulatory", "safety_signal"],
        max_items: 3,
        priority: 1,
      },
      {
        id: "deals",
        title: "Partnerships & Deals",
        event_types: ["partnership", "funding"],
        max_items: 3,
        priority: 2,
        sort_by: "date",
      },
      { id: "clinical", title: "Clinical", event_types: ["clinical_update"], max_items: 3, priority: 3 },
      { id: "other", title: "Other signals", event_types: ["*"], max_items: 2, priority: 99 },
    ],
    max_items_total: 6,
    min_score: 6,
    ...overrides,
  });
}

const EVENT_TYPES = [
  { id: "regulatory", label: "Regulatory", weight: 7 },
  { id: "partnership", label: "Partnership", weight: 8 },
  { id: "funding", label: "Funding", weight: 8 },
  { id: "clinical_update", label: "Clinical", weight: 6 },
  { id: "safety_signal", label: "Safety", weight: 6 },
  { id: "commercial_update", label: "Commercial", weight: 5 },
  { id: "corporate_move", label: "Corporate", weight: 5 },
  { id: "scientific_publication", label: "Scientific", weight: 4 },
  { id: "financial_results", label: "Financial results", weight: 3, noise: true },
  { id: "conference", label: "Conference", weight: 2, noise: true },
  { id: "hiring", label: "Hiring", weight: 0, noise: true },
  { id: "other", label: "Other", weight: 2 },
];

/** A client watch with the real roles of real companies and one corporate source per core pure player. */
export function testWatch(client: ClientConfig = testClient()): ClientWatch {
  const corporate = (key: string, company: string) =>
    SourceDef.parse({
      key: `press_corporate__${key}`,
      name: company,
      actor_type: "press_corporate",
      kind: "rss",
      url: `https://${key}.example/rss`,
      company,
    });
  return {
    client,
    companies: CompanyScope.parse({
      core_pure_players: [
        { name: "MedinCell", aliases: ["Medincell"] },
        "Nanexa",
        "Camurus",
        "DelSiTech",
        "Peptron",
      ],
      pure_players: ["Durect"],
      hybrids: [
        { name: "Teva Pharmaceutical", aliases: ["Teva", "Teva Pharmaceuticals"] },
        "Pfizer",
        "Moderna",
        "Alkermes",
      ],
      others: ["Acme Bio"],
    }),
    trademarks: [{ name: "UZEDY", aliases: ["UZEDY®"] }],
    molecules: [entry("risperidone"), entry("olanzapine")],
    technologies: TechnologyScope.parse({
      core_phrases: ["long-acting injectable"],
      platforms: ["PharmaShell"],
      counter_signals: ["oral", "tablet"],
    }),
    indications: [entry("schizophrenia"), entry("malaria")],
    noise: { hiring: ["\\bhiring\\b"] },
    eventTypes: EVENT_TYPES.map((t) => EventTypeDef.parse(t)),
    sources: [
      corporate("medincell", "MedinCell"),
      corporate("nanexa", "Nanexa"),
      corporate("delsitech", "DelSiTech"),
      SourceDef.parse({
        key: "press_sector__fiercepharma",
        name: "FiercePharma",
        actor_type: "press_sector",
        kind: "rss",
        url: "https://www.fiercepharma.com/rss/xml",
      }),
    ],
  };
}

const entry = (name: string) => ({ name, aliases: [] as string[] });

type Role = "core_pure_player" | "pure_player" | "hybrid" | "other";

/** A company an item names: its watch-list name, its role, and how the text writes it when that differs. */
export interface CompanySpec {
  name: string;
  role: Role;
  as?: string;
}

export interface ItemSpec {
  title: string;
  content?: string;
  source_key?: string;
  source_type?: NormalizedItem["source_type"];
  published_at?: string;
  event_type?: string;
  url?: string;
  /** Company names (as written in the text) with their role. */
  companies?: CompanySpec[];
  trademarks?: string[];
  molecules?: string[];
  technologies?: string[];
  indications?: string[];
  signals?: Partial<LaiSignals>;
  summary?: string;
}

/**
 * The companies engine tests name, with the role the client's watch gives them (one place, so a role is never
 * spelled two ways). `as` is how the item's text writes the name when it differs.
 */
export const COMPANY = {
  camurus: { name: "Camurus", role: "core_pure_player" },
  delsitech: { name: "DelSiTech", role: "core_pure_player" },
  medincell: { name: "MedinCell", as: "Medincell", role: "core_pure_player" },
  moderna: { name: "Moderna", role: "hybrid" },
  nanexa: { name: "Nanexa", role: "core_pure_player" },
  peptron: { name: "Peptron", role: "core_pure_player" },
  pfizer: { name: "Pfizer", role: "hybrid" },
  teva: { name: "Teva Pharmaceutical", as: "Teva", role: "hybrid" },
} as const satisfies Record<string, CompanySpec>;

let counter = 0;

/**
 * Builds a valid {@link NormalizedItem}. Entities are located in `title + "\n\n" + content`; naming one that the
 * text lacks throws. `signals.company_role` defaults to the strongest role among `companies`.
 */
export function buildItem(spec: ItemSpec): NormalizedItem {
  counter++;
  const content = spec.content ?? "";
  const text = `${spec.title}\n\n${content}`;
  const url =
    spec.url ??
    `https://news.example/${counter}-${spec.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .slice(0, 40)}`;
  const match = (name: string, as = name) => {
    const start = text.toLowerCase().indexOf(as.toLowerCase());
    if (start < 0) throw new Error(`buildItem: "${as}" does not occur in the text of "${spec.title}"`);
    return {
      name,
      evidence: [{ start, end: start + as.length, matched: text.slice(start, start + as.length) }],
    };
  };
  const companies = (spec.companies ?? []).map((c) => ({ ...match(c.name, c.as ?? c.name), role: c.role }));
  const rank: Role[] = ["core_pure_player", "pure_player", "hybrid", "other"];
  const strongest = rank.find((r) => companies.some((c) => c.role === r)) ?? "none";
  const sourceKey = spec.source_key ?? "press_sector__fiercepharma";
  const sourceType =
    spec.source_type ?? (sourceKey.startsWith("press_corporate") ? "press_corporate" : "press_sector");
  const hex = counter.toString(16).padStart(16, "0");
  return {
    item_id: `itm_${hex}`,
    source_key: sourceKey,
    source_type: sourceType,
    source_kind: "rss",
    title: spec.title,
    url,
    canonical_url: url,
    published_at: spec.published_at ?? "2025-12-10",
    content,
    content_hash: `sha256:${hex.repeat(4)}`,
    ingested_at: "2025-12-17T08:00:00Z",
    run_id: "run_test",
    text,
    entities: {
      companies,
      molecules: (spec.molecules ?? []).map((m) => match(m)),
      technologies: (spec.technologies ?? []).map((t) => match(t)),
      trademarks: (spec.trademarks ?? []).map((t) => match(t)),
      indications: (spec.indications ?? []).map((i) => match(i)),
    },
    event_type: spec.event_type ?? "other",
    signals: {
      core_phrase: false,
      platform: (spec.technologies ?? []).length > 0,
      trademark: (spec.trademarks ?? []).length > 0,
      molecule_in_context: false,
      broad_technology_in_context: false,
      company_role: strongest,
      counter_signals: [],
      noise: [],
      ...spec.signals,
    },
    summary: spec.summary ?? (content ? `${spec.title}. ${content}` : spec.title),
    enrichment: { by: "rules" },
  };
}

/**
 * A company's own press release: its source is the company's corporate feed (`press_corporate__<company>`, a source
 * the watch may not list) and its text names the company, first among `spec.companies`.
 */
export function companyRelease(
  company: keyof typeof COMPANY,
  spec: Omit<ItemSpec, "source_key" | "source_type">,
): NormalizedItem {
  return buildItem({
    ...spec,
    source_key: `press_corporate__${company}`,
    companies: [COMPANY[company], ...(spec.companies ?? [])],
  });
}

/** The real LAI items of the week of 2025-12-17 (domain.md), plus the noise around them, hand-normalized. */
export type LaiWeekKey =
  | "licence"
  | "approval"
  | "nda"
  | "grant"
  | "growth"
  | "hiring"
  | "interim"
  | "conference"
  | "appointment"
  | "offTopic";

/** The real LAI items of the week (see above), by key. */
export function laiWeek(): Record<LaiWeekKey, NormalizedItem> {
  return {
    licence: pharmaShellDeal({
      title:
        "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
      content:
        "The agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million.",
      published_at: "2025-12-10",
    }),
    approval: buildItem({
      title:
        "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I Disorder",
      source_key: "press_corporate__medincell",
      published_at: "2025-11-28",
      event_type: "regulatory",
      trademarks: ["UZEDY"],
      molecules: ["risperidone"],
      signals: { core_phrase: true, molecule_in_context: true },
    }),
    nda: companyRelease("medincell", {
      title:
        "Medincell's Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension",
      published_at: "2025-12-09",
      event_type: "regulatory",
      companies: [{ name: "Teva Pharmaceutical", as: "Teva Pharmaceuticals", role: "hybrid" }],
      molecules: ["olanzapine"],
      signals: { core_phrase: true, molecule_in_context: true },
    }),
    grant: companyRelease("medincell", {
      title: "Medincell Awarded New Grant to Fight Malaria",
      published_at: "2025-11-24",
      event_type: "funding",
      indications: ["malaria"],
    }),
    growth: buildItem({
      title:
        "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
      source_key: "press_corporate__medincell",
      published_at: "2025-11-20",
      event_type: "commercial_update",
      companies: [COMPANY.teva],
      trademarks: ["UZEDY"],
      molecules: ["olanzapine"],
    }),
    hiring: companyRelease("delsitech", {
      title: "DelSiTech is hiring a Process Engineer",
      published_at: "2025-12-08",
      event_type: "hiring",
      signals: { noise: ["hiring"] },
    }),
    interim: companyRelease("nanexa", {
      title: "Nanexa publishes interim report for January-September 2025",
      content:
        "We have progressed with the optimization of our GLP-1 formulations and extended an existing commercial partnership.",
      published_at: "2025-12-05",
      event_type: "financial_results",
      signals: { noise: ["interim_report"] },
    }),
    conference: buildItem({
      title: "Partnership Opportunities in Drug Delivery 2025 Boston, October 27-28",
      source_key: "press_corporate__delsitech",
      published_at: "2025-12-01",
      event_type: "conference",
      signals: { noise: ["conference"] },
    }),
    appointment: companyRelease("medincell", {
      title: "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance",
      published_at: "2025-12-03",
      event_type: "corporate_move",
      signals: { noise: ["appointment"] },
    }),
    offTopic: buildItem({
      title: "Pfizer posts oral antibiotic extended-release tablet data",
      content: "The once-daily oral tablet met its primary endpoint.",
      source_key: "press_sector__fiercepharma",
      published_at: "2025-12-11",
      event_type: "clinical_update",
      companies: [COMPANY.pfizer],
      signals: { counter_signals: ["oral", "tablet"] },
    }),
  };
}

/**
 * Nanexa's PharmaShell licence to Moderna (the deal of 10 December 2025) as `spec.title` tells it: by default from
 * Nanexa's own feed, naming both companies and the platform; `spec` says which source, day or wording differs.
 */
export function pharmaShellDeal(spec: ItemSpec): NormalizedItem {
  return buildItem({
    source_key: "press_corporate__nanexa",
    event_type: "partnership",
    companies: [COMPANY.nanexa, COMPANY.moderna],
    technologies: ["PharmaShell"],
    ...spec,
  });
}

/**
 * A regulatory item on Teva's olanzapine LAI naming MedinCell and Teva (the NDA of December 2025): the same event
 * told by several sources, or a later event on the same product, by `title` and `content`.
 */
export function olanzapineItem(
  source_key: string,
  title: string,
  content: string,
  published_at: string,
): NormalizedItem {
  return buildItem({
    title,
    content,
    source_key,
    published_at,
    event_type: "regulatory",
    companies: [COMPANY.medincell, COMPANY.teva],
    molecules: ["olanzapine"],
    signals: { core_phrase: true, molecule_in_context: true },
  });
}

/**
 * An undated regulatory de-duplication candidate at `https://news.example/<id>`: undated, so the day rule cannot
 * separate two of them and only their facets (`fields`: title, companies, products, subject…) can.
 */
export function undatedCandidate(
  id: string,
  fields: Partial<DedupCandidate> & Pick<DedupCandidate, "title" | "companies" | "products">,
): DedupCandidate {
  return {
    id,
    url: `https://news.example/${id}`,
    canonicalUrl: `https://news.example/${id}`,
    publishedAt: undefined,
    eventType: "regulatory",
    ...fields,
  };
}

/**
 * Teva's olanzapine NDA (9 December 2025) told twice: by MedinCell's release the day of the filing, and by a
 * FiercePharma story eight days later, in other words and with more detail.
 */
export function olanzapineNda(): { release: NormalizedItem; story: NormalizedItem } {
  return {
    release: olanzapineItem(
      "press_corporate__medincell",
      "Medincell's Partner Teva Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension",
      "Teva has submitted a New Drug Application for olanzapine, a long-acting injectable from phase 3.",
      "2025-12-09",
    ),
    story: olanzapineItem(
      "press_sector__fiercepharma",
      "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
      "Teva has filed its olanzapine extended-release injectable suspension with the FDA. Partnered with Medincell, the long-acting injectable avoided the post-injection syndrome in phase 3.",
      "2025-12-17",
    ),
  };
}
