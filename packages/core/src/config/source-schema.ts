/**
 * The source catalog's schemas (`canonical/sources.yaml`): the readable sources by kind, the leads (candidates
 * known by a homepage only), their statuses, the bouquets, and the tools' `http:` identity. Re-exported by
 * `schema.ts` with the rest of the config model.
 */
import * as z from "zod";
import { parseSelector, SelectorError } from "../ingest/css-selector.js";
import { HttpSettings } from "./http-identity.js";

/** Date formats the source readers understand. `iso` covers `2025-12-09` and full ISO timestamps. */
export const DateFormat = z.enum([
  "iso",
  "rfc822",
  "MMMM d, yyyy",
  "MMM d, yyyy",
  "d MMMM, yyyy",
  "d MMMM yyyy",
  "yyyy.MM.dd",
  "dd.MM.yyyy",
]);
export type DateFormat = z.output<typeof DateFormat>;

export const ActorType = z.enum(["press_corporate", "press_sector", "database"]);
export type ActorType = z.output<typeof ActorType>;

/**
 * Where a source stands in the catalog: `active` sources are read by the runs of the clients whose bouquets
 * name them; `candidate` and `rejected` ones never are (`vectora sources activate|reject` move them).
 */
export const SourceStatus = z.enum(["active", "candidate", "rejected"]);
export type SourceStatus = z.output<typeof SourceStatus>;

/**
 * Largest response accepted, in bytes: 1 KB to 100 MB. A client's `ingest.max_response_bytes` and a source's own
 * `max_response_bytes` (which overrides it) are both this.
 */
export const ResponseBytesCap = z
  .number()
  .int()
  .min(1024)
  .max(100 * 1024 * 1024);

/**
 * Entries kept per source and run, newest first: 1 to 10,000. A client's `ingest.max_items_per_source` and a
 * source's own `max_items` (which overrides it) are both this.
 */
export const EntriesCap = z.number().int().min(1).max(10_000);

/** What every catalog entry has, read by the weekly runs or not. */
const catalogCommon = {
  key: z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case key (e.g. press_corporate__medincell)"),
  name: z.string().min(1),
  actor_type: ActorType,
  /** Company behind a corporate source (a name from companies.yaml). */
  company: z.string().optional(),
  /** The site's homepage: where `vectora sources discover` looks for the news listing and feeds. */
  homepage: z.url().optional(),
  /** Why the source was rejected (required with `status: rejected`). */
  reason: z.string().min(1).optional(),
  notes: z.string().optional(),
};

const sourceCommon = {
  ...catalogCommon,
  status: SourceStatus.default("active"),
  enabled: z.boolean().default(true),
  /** Titles that are page furniture, not news (matched case-insensitively as whole-title regexes). */
  skip_titles: z.array(z.string()).default([]),
  /** Largest response accepted from this source, in bytes; overrides the client's `ingest.max_response_bytes`. */
  max_response_bytes: ResponseBytesCap.optional(),
  /** Entries kept per run from this source, newest first; overrides the client's `ingest.max_items_per_source`. */
  max_items: EntriesCap.optional(),
};

/**
 * A CSS selector in the subset the selectors reader supports (`ingest/css-selector.ts`): one it does not is
 * refused when the config is loaded, named with the reason, instead of matching nothing at every run.
 */
const CssSelector = z.string().superRefine((text, context) => {
  try {
    parseSelector(text);
  } catch (error) {
    if (!(error instanceof SelectorError)) throw error;
    // The issue's rendering adds `got "<selector>"`.
    context.addIssue({ code: "custom", message: `unsupported CSS selector: ${error.explanation}` });
  }
});

export const HtmlSelectors = z
  .object({
    /** CSS selector of one listing entry. */
    item: CssSelector,
    /** Selector (inside the entry) of the title text; defaults to the link text. */
    title: CssSelector.optional(),
    /** Selector of the `<a>` whose href is the item link. */
    link: CssSelector,
    /** Selector of the element holding the date (text, or `datetime` attribute). */
    date: CssSelector.optional(),
    /** Selector of a teaser / summary paragraph. */
    content: CssSelector.optional(),
  })
  .strict();

export const RssSource = z.object({ ...sourceCommon, kind: z.literal("rss"), url: z.url() }).strict();
export const HtmlSource = z
  .object({
    ...sourceCommon,
    kind: z.literal("html"),
    url: z.url(),
    /**
     * CSS selectors of the page's entries: an override for a page the generic extractor reads wrongly.
     * Without them the generic extractor finds the entries itself (`vectora sources extract` shows what it finds).
     */
    selectors: HtmlSelectors.optional(),
    /** With `selectors`: the formats tried on the date text, in order. The generic extractor reads them all. */
    date_formats: z
      .array(DateFormat)
      .min(1)
      .default([...DateFormat.options]),
    /** Generic extraction: the order of slashed dates (`03/04/2025`) when the page itself does not settle it. */
    date_order: z.enum(["dmy", "mdy"]).optional(),
  })
  .strict();

/**
 * A search API source: the items its API finds for `term` in the run's window, at most `max_results` (50 by
 * default, `maxResults` at the most: what the API allows a run). `url` is the API's, overridable for tests.
 */
function apiSource<K extends string>(kind: K, apiUrl: string, maxResults: number) {
  return z
    .object({
      ...sourceCommon,
      kind: z.literal(kind),
      url: z.url().default(apiUrl),
      term: z.string().min(1),
      max_results: z.number().int().positive().max(maxResults).default(50),
    })
    .strict();
}
/** PubMed through the E-utilities. */
export const PubmedSource = apiSource("pubmed", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/", 500);
/** ClinicalTrials.gov's API v2. */
export const ClinicalTrialsSource = apiSource(
  "clinicaltrials",
  "https://clinicaltrials.gov/api/v2/studies",
  1000,
);

export const SourceDef = z.discriminatedUnion("kind", [
  RssSource,
  HtmlSource,
  PubmedSource,
  ClinicalTrialsSource,
]);
export type SourceDef = z.output<typeof SourceDef>;
export type HtmlSourceDef = z.output<typeof HtmlSource>;
export type HtmlSelectorsDef = z.output<typeof HtmlSelectors>;
export type RssSourceDef = z.output<typeof RssSource>;
export type PubmedSourceDef = z.output<typeof PubmedSource>;
export type ClinicalTrialsSourceDef = z.output<typeof ClinicalTrialsSource>;

/**
 * A catalog entry not yet readable: no `kind` or `url`, only what is known of the site (its homepage). It is a
 * `candidate` until `vectora sources activate` finds its listing and gives it a kind and a URL, or `rejected`.
 */
export const SourceLead = z
  .object({
    ...catalogCommon,
    kind: z.undefined().optional(),
    status: z.enum(["candidate", "rejected"], {
      error:
        "a source without kind and url is a candidate or rejected; `vectora sources activate KEY` makes it active",
    }),
  })
  .strict();
export type SourceLead = z.output<typeof SourceLead>;

/** One entry of the catalog: a readable source (any status) or a lead. */
export const CatalogEntry = z.discriminatedUnion("kind", [...SourceDef.options, SourceLead]);
export type CatalogEntry = z.output<typeof CatalogEntry>;

export const Bouquet = z
  .object({ id: z.string().min(1), description: z.string().optional(), sources: z.array(z.string()).min(1) })
  .strict();
export type Bouquet = z.output<typeof Bouquet>;

export const SourcesFile = z
  .object({
    http: HttpSettings.optional(),
    sources: z.array(CatalogEntry).min(1),
    bouquets: z.array(Bouquet).default([]),
  })
  .strict();
