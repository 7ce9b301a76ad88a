/**
 * The config model: zod schemas for every file under `config/`.
 *
 * Layout (all YAML):
 * - `canonical/companies.yaml`, `trademarks.yaml`, `molecules.yaml`, `technologies.yaml`, `indications.yaml`,
 *   `noise.yaml`, `non_lai.yaml` — named *scopes* of LAI knowledge (non_lai: the near misses known NOT to be LAI);
 * - `canonical/event_types.yaml` — the event types, their weights and the phrases that reveal them;
 * - `canonical/sources.yaml` — the source catalog and bouquets;
 * - `clients/<client_id>.yaml` — one newsletter each: sources, period, sections, limits, tone, the ruling;
 * - `feedback/<client_id>.yaml` — optional: the editor's corrections (URL → keep/drop + reason).
 */
import * as z from "zod";
import { DeliverySettings } from "./delivery-schema.js";
import type { HttpSettings } from "./http-identity.js";
import { type FeedbackEntry, type NonLaiScope, RelevanceSettings, Ruling } from "./ruling-schema.js";
import {
  type Bouquet,
  type CatalogEntry,
  EntriesCap,
  ResponseBytesCap,
  type SourceDef,
} from "./source-schema.js";

export { DeliverySettings, EmailDelivery, MAX_RECIPIENTS } from "./delivery-schema.js";
export { HttpSettings } from "./http-identity.js";
export {
  FeedbackEntry,
  FeedbackFile,
  NonLaiClass,
  NonLaiEntry,
  NonLaiFile,
  NonLaiScope,
  RelevanceSettings,
  Ruling,
} from "./ruling-schema.js";
export {
  ActorType,
  Bouquet,
  CatalogEntry,
  ClinicalTrialsSource,
  type ClinicalTrialsSourceDef,
  DateFormat,
  HtmlSelectors,
  type HtmlSelectorsDef,
  HtmlSource,
  type HtmlSourceDef,
  PubmedSource,
  type PubmedSourceDef,
  RssSource,
  type RssSourceDef,
  SourceDef,
  SourceLead,
  SourceStatus,
  SourcesFile,
} from "./source-schema.js";

const entityFields = {
  name: z.string().min(1),
  aliases: z.array(z.string().min(1)).default([]),
  /** Free-form facts about the entity (owner company, molecule, …). */
  company: z.string().optional(),
  molecule: z.string().optional(),
  /** What makes a product long-acting: its formulation or device ("PLGA microspheres", "intravitreal implant"). */
  technology: z.string().optional(),
  /** Its dosing interval as labelled ("monthly", "every 2 months", "every 6 months", "weekly or monthly"). */
  interval: z.string().optional(),
  note: z.string().optional(),
};

/** An entity entry with fields of its own list: a bare string is shorthand for `{ name }`. */
function entityEntry<T extends z.ZodRawShape>(extra: T) {
  return z.union([
    z
      .string()
      .min(1)
      .transform((name) => ({ name, aliases: [] as string[] })),
    z.object({ ...entityFields, ...extra }).strict(),
  ]);
}

/** An entity name with optional spelling variants. A bare string is shorthand for `{ name }`. */
export const EntityEntry = entityEntry({});
export type EntityEntry = z.output<typeof EntityEntry>;

/**
 * A molecule (molecules.yaml). `forms` says which forms of it exist: `lai` when every marketed form is long-acting
 * (lenacapavir, cabotegravir, goserelin…: a licence, generic deal or guideline naming it is about an LAI), `mixed`
 * when it also exists as daily, oral or other non-LAI forms (leuprolide, octreotide, naltrexone, risperidone…: the
 * subject's own dosing decides). Unset: nothing is assumed (treated like `mixed`).
 */
export const MoleculeEntry = entityEntry({ forms: z.enum(["lai", "mixed"]).optional() });
export type MoleculeEntry = z.output<typeof MoleculeEntry>;

/**
 * A named delivery platform (technologies.yaml `platforms`). `class`: `lai` (default) for LAI technologies (a depot,
 * microspheres, an implant, a carrier-linked prodrug…), `hle` for half-life-extension platforms (Fc or albumin
 * conjugates, XTEN, PASylation…): those mark a half-life-extended biologic, out by default like the class.
 */
export const PlatformEntry = entityEntry({ class: z.enum(["lai", "hle"]).optional() });
export type PlatformEntry = z.output<typeof PlatformEntry>;

/** A company: an entity with, when known, its website (where `vectora sources discover` starts). */
export const CompanyEntry = entityEntry({ homepage: z.url().optional() });
export type CompanyEntry = z.output<typeof CompanyEntry>;

const entityList = z.array(EntityEntry);
const companyList = z.array(CompanyEntry);

/** Companies grouped by the role that drives the relevance asymmetry (pure player vs hybrid). */
export const CompanyScope = z
  .object({
    /** The core LAI pure players whose corporate pages we read. Any deal or grant of theirs is LAI news. */
    core_pure_players: companyList,
    /** Other companies whose business is (almost) only LAI. */
    pure_players: companyList.default([]),
    /** Diversified pharma with LAI products: their items need an explicit LAI signal. */
    hybrids: companyList.default([]),
    /** Other companies active in LAI; recognised as entities but worth no bonus. */
    others: companyList.default([]),
  })
  .strict();
export type CompanyScope = z.output<typeof CompanyScope>;

export const CompaniesFile = z.object({ scopes: z.record(z.string(), CompanyScope) }).strict();
export const EntityListFile = z.object({ scopes: z.record(z.string(), entityList) }).strict();
export const MoleculesFile = z.object({ scopes: z.record(z.string(), z.array(MoleculeEntry)) }).strict();

/** Technology vocabulary split by precision. */
export const TechnologyScope = z
  .object({
    /** Phrases that alone say "long-acting injectable" (high precision). */
    core_phrases: z.array(z.string().min(1)),
    /** Named LAI delivery platforms (BEPO, PharmaShell, FluidCrystal, …): alone a strong signal. */
    platforms: z.array(PlatformEntry).default([]),
    /** Technology words that need an injectable context to count (microspheres, PEGylation, hydrogel…). */
    broad_terms: z.array(z.string().min(1)).default([]),
    /** Words that establish an injectable / extended-release context (injection, subcutaneous, depot…). */
    injectable_context: z.array(z.string().min(1)).default([]),
    /** Words that argue against LAI (oral, tablet, pill, daily, infusion, vaccine…) when they describe the subject. */
    counter_signals: z.array(z.string().min(1)).default([]),
    /** Words that mark a half-life-extended biologic (Fc fusion, antibody, insulin, GLP-1…): out by default. */
    hle_terms: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type TechnologyScope = z.output<typeof TechnologyScope>;
export const TechnologiesFile = z.object({ scopes: z.record(z.string(), TechnologyScope) }).strict();

/** Regular expressions (case-insensitive) that mark an item as noise, by category. */
export const NoiseScope = z.record(z.string().min(1), z.array(z.string().min(1)));
export type NoiseScope = z.output<typeof NoiseScope>;
export const NoiseFile = z.object({ scopes: z.record(z.string(), NoiseScope) }).strict();

export const EventTypeId = z.string().regex(/^[a-z][a-z0-9_]*$/, "lower_snake_case id");

export const EventTypeDef = z
  .object({
    id: EventTypeId,
    label: z.string().min(1),
    /** Base score of an item of this type. */
    weight: z.number().min(0),
    /** True for types that are never newsletter material (hiring, conferences, interim reports…). */
    noise: z.boolean().default(false),
    /** Case-insensitive regular expressions over title + text; the first type whose pattern matches wins. */
    patterns: z.array(z.string().min(1)).default([]),
    description: z.string().optional(),
  })
  .strict();
export type EventTypeDef = z.output<typeof EventTypeDef>;
export const EventTypesFile = z.object({ event_types: z.array(EventTypeDef).min(1) }).strict();

export const SectionDef = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    title: z.string().min(1),
    /** Event type ids this section takes; `"*"` takes whatever the earlier sections left. */
    event_types: z.array(z.string().min(1)).min(1),
    max_items: z.number().int().min(1),
    /** Sections are filled in ascending priority order. */
    priority: z.number().int().default(100),
    sort_by: z.enum(["score", "date"]).default("score"),
  })
  .strict();
export type SectionDef = z.output<typeof SectionDef>;

/**
 * How consecutive issues of a client share out the news: each issue covers the days since the previous one.
 * Defaults suit a weekly newsletter.
 */
export const IssueWindowConfig = z
  .object({
    /** Days between two scheduled issues: a longer gap since the previous issue makes this one a catch-up. */
    cadence_days: z.number().int().min(1).max(366).default(7),
    /** The longest window an issue covers after a gap (5 weeks): older news is left out, and the footer says so. */
    max_days: z.number().int().min(1).max(366).default(35),
    /**
     * Late arrivals: an item dated up to this many days before the previous issue, but first read after it (its
     * page was down, its feed entry came late), is printed once in the next issue, marked late. 0 turns this off.
     */
    late_days: z.number().int().min(0).max(366).default(14),
  })
  .strict()
  .default({ cadence_days: 7, max_days: 35, late_days: 14 });
export type IssueWindowConfig = z.output<typeof IssueWindowConfig>;

/** Defaults of a client's `ingest` block. */
export const INGEST_DEFAULTS = {
  /** Sources read at once (the live transport also allows at most 2 requests in flight per host). */
  concurrency: 16,
  /** 5 MB: a feed or listing page is a few hundred KB; a bigger answer is an error page, a dump or an attack. */
  max_response_bytes: 5 * 1024 * 1024,
  /** Entries kept per source and run, newest first: a listing of 10,000 entries keeps its 200 newest. */
  max_items_per_source: 200,
} as const;

/** How a client's ingest runs read their sources. Every field has a default ({@link INGEST_DEFAULTS}). */
export const IngestSettings = z
  .object({
    concurrency: z.number().int().min(1).max(64).default(INGEST_DEFAULTS.concurrency),
    max_response_bytes: ResponseBytesCap.default(INGEST_DEFAULTS.max_response_bytes),
    max_items_per_source: EntriesCap.default(INGEST_DEFAULTS.max_items_per_source),
  })
  .strict();
export type IngestSettings = z.output<typeof IngestSettings>;

/** `min_score` when a client does not set it: every LAI item may be printed (the sections' limits still apply). */
export const DEFAULT_MIN_SCORE = 0;

export const ClientConfig = z
  .object({
    client_id: z.string().regex(/^[a-z0-9_]+$/),
    name: z.string().min(1),
    language: z.string().min(2).default("en"),
    tone: z.enum(["executive", "technical", "neutral"]).default("executive"),
    /**
     * Days of news a client's FIRST issue covers, ending on its as-of date. Later issues cover the days since the
     * previous issue (see {@link IssueWindowConfig} and `ledger/issue-window.ts`); an explicit `period_days` in an
     * event or a flag overrides both.
     */
    period_days: z.number().int().min(1).max(366).default(7),
    window: IssueWindowConfig,
    sources: z
      .object({
        bouquets: z.array(z.string()).default([]),
        extra: z.array(z.string()).default([]),
      })
      .strict(),
    /** Which canonical scopes this client watches. */
    watch: z
      .object({
        companies: z.string(),
        trademarks: z.string(),
        molecules: z.string(),
        technologies: z.string(),
        indications: z.string(),
        noise: z.string(),
        /** Near-miss products and molecules known NOT to be LAI (canonical/non_lai.yaml); optional. */
        non_lai: z.string().optional(),
      })
      .strict(),
    /** How the engine decides what is LAI news for this client (see {@link RelevanceSettings}). */
    relevance: RelevanceSettings.default(RelevanceSettings.parse({})),
    /**
     * The editor's ruling in words: what counts as LAI news for this client. The code uses it as the LLM's rubric
     * (borderline items only); the rules implement the same ruling (README, "What counts as LAI news").
     */
    ruling: Ruling.optional(),
    sections: z.array(SectionDef).min(1),
    max_items_total: z.number().int().min(1),
    /**
     * Items whose intrinsic score (event weight + entity bonuses, before recency) is below this never reach the
     * newsletter. Optional: {@link DEFAULT_MIN_SCORE} (0, every LAI item may be printed) when absent —
     * `vectora config validate` says so for every client that relies on it.
     */
    min_score: z
      .number()
      .min(0)
      .default(DEFAULT_MIN_SCORE)
      .describe(
        `items scoring below it never reach the newsletter; default ${DEFAULT_MIN_SCORE} (every LAI item may be printed) when absent`,
      ),
    /** Optional LLM enrichment settings (off unless the run asks for it). */
    llm: z
      .object({
        max_items: z.number().int().min(0).default(40),
        max_cost_usd: z.number().min(0).default(1),
        concurrency: z.number().int().min(1).max(16).default(2),
      })
      .strict()
      .default({ max_items: 40, max_cost_usd: 1, concurrency: 2 }),
    /** How ingest reads the sources (concurrency, response size cap, entries per source). */
    ingest: IngestSettings.default({ ...INGEST_DEFAULTS }),
    /** Who the issue is emailed to (optional: no block, no email). */
    delivery: DeliverySettings.optional(),
  })
  .strict();
export type ClientConfig = z.output<typeof ClientConfig>;

/** The whole validated config, as the pipeline uses it. */
export interface VectoraConfig {
  companies: Record<string, CompanyScope>;
  trademarks: Record<string, EntityEntry[]>;
  molecules: Record<string, MoleculeEntry[]>;
  technologies: Record<string, TechnologyScope>;
  indications: Record<string, EntityEntry[]>;
  noise: Record<string, NoiseScope>;
  nonLai: Record<string, NonLaiScope>;
  eventTypes: EventTypeDef[];
  /** The catalog's readable sources (with a kind), of any status: only `active` ones are read by runs. */
  sources: SourceDef[];
  /** Every entry of the catalog in file order: the readable sources and the leads (candidates without a kind). */
  catalog: CatalogEntry[];
  /** How the tools fetch sites (`canonical/sources.yaml` `http:`), when set. */
  http?: HttpSettings;
  bouquets: Bouquet[];
  clients: Record<string, ClientConfig>;
  /** Editor feedback by client id (`feedback/<client>.yaml`; a client without a file has none). */
  feedback: Record<string, FeedbackEntry[]>;
  /** Content hash of every config file (`canonical/sources.yaml` → `sha256:…`). */
  files: Record<string, string>;
  /** One id for the whole config: a hash over `files`. Runs record it. */
  version: string;
  /** What is valid but worth saying (a default a client relies on), by file and field; `config validate` prints it. */
  notices?: Array<{ file: string; path: string; message: string }>;
}

/** What a client watches, with its scopes resolved. */
export interface ClientWatch {
  client: ClientConfig;
  companies: CompanyScope;
  trademarks: EntityEntry[];
  molecules: MoleculeEntry[];
  technologies: TechnologyScope;
  indications: EntityEntry[];
  noise: NoiseScope;
  /** Near-miss knowledge (`watch.non_lai`); absent or empty when the client watches none. */
  nonLai?: NonLaiScope;
  /** The editor's corrections for this client (`feedback/<client>.yaml`). */
  feedback?: readonly FeedbackEntry[];
  eventTypes: EventTypeDef[];
  sources: SourceDef[];
}
