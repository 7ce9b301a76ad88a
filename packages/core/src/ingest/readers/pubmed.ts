/**
 * PubMed through the NCBI E-utilities: esearch (ids published in the run's window) then efetch (abstracts as
 * XML). The API key comes from the secrets port at run time; without it the reader still works, at NCBI's lower
 * rate (3 requests/s instead of 10). The key never appears in messages, reports or recordings.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import * as z from "zod";
import type { PubmedSourceDef } from "../../config/schema.js";
import { redactUrl } from "../../ports/http-transport.js";
import { monthNumber } from "../dates.js";
import { collapseWhitespace, htmlToText } from "../text.js";
import { fetchJson } from "./requests.js";
import {
  fetchText,
  MAX_CONTENT_CHARS,
  type RawEntry,
  type ReaderContext,
  type ReaderResult,
  SourceReadError,
  type SourceReader,
} from "./types.js";

/** NCBI's published limits: 3 requests/s without a key, 10 with one (a little margin on each). */
export const PUBMED_INTERVAL_MS = { withoutKey: 350, withKey: 110 } as const;
/** Ids per efetch request (NCBI advises ≤ 200 for GET). */
const EFETCH_BATCH = 200;

const EsearchReply = z.object({
  esearchresult: z
    .object({
      count: z.string().optional(),
      idlist: z.array(z.string()).optional(),
      ERROR: z.string().optional(),
    })
    .loose(),
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: false,
  // Titles and abstracts carry inline markup (<i>, <sup>): keep them raw and flatten to text ourselves.
  stopNodes: ["*.ArticleTitle", "*.AbstractText", "*.VernacularTitle"],
  isArray: (name) => ["PubmedArticle", "Author", "AbstractText", "ArticleDate", "ArticleId"].includes(name),
});

type Node = Record<string, unknown>;
const text = (value: unknown): string =>
  value === undefined || value === null
    ? ""
    : typeof value === "object"
      ? String((value as Node)["#text"] ?? "")
      : String(value);

/** `2025/12/04` — the date form E-utilities expect. */
function eutilsDate(isoDate: string): string {
  return isoDate.replaceAll("-", "/");
}

/** The esearch URL for a source and window (without the API key). */
export function esearchUrl(source: PubmedSourceDef, window: { from: string; to: string }): string {
  const url = new URL("esearch.fcgi", source.url.endsWith("/") ? source.url : `${source.url}/`);
  url.search = new URLSearchParams({
    db: "pubmed",
    term: source.term,
    datetype: "pdat",
    mindate: eutilsDate(window.from),
    maxdate: eutilsDate(window.to),
    retmax: String(source.max_results),
    retmode: "json",
    sort: "pub_date",
  }).toString();
  return url.toString();
}

/** The efetch URL for a batch of PMIDs (without the API key). */
export function efetchUrl(source: PubmedSourceDef, pmids: readonly string[]): string {
  const url = new URL("efetch.fcgi", source.url.endsWith("/") ? source.url : `${source.url}/`);
  url.search = new URLSearchParams({
    db: "pubmed",
    id: pmids.join(","),
    rettype: "abstract",
    retmode: "xml",
  }).toString();
  return url.toString();
}

function withKey(url: string, apiKey: string | undefined): string {
  if (!apiKey) return url;
  const parsed = new URL(url);
  parsed.searchParams.set("api_key", apiKey);
  return parsed.toString();
}

/** Parses an efetch `PubmedArticleSet` into entries. */
export function parsePubmedArticles(xml: string, sourceKey: string): RawEntry[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new SourceReadError(sourceKey, `malformed efetch XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Node;
  const set = doc["PubmedArticleSet"] as Node | undefined;
  if (!set) throw new SourceReadError(sourceKey, "efetch reply has no PubmedArticleSet");
  const entries: RawEntry[] = [];
  for (const article of (set["PubmedArticle"] as Node[] | undefined) ?? []) {
    const citation = article["MedlineCitation"] as Node | undefined;
    const details = citation?.["Article"] as Node | undefined;
    const pmid = text(citation?.["PMID"]).trim();
    if (!citation || !details || !/^\d+$/.test(pmid)) continue;
    const title = htmlToText(text(details["ArticleTitle"])).replace(/\.$/, "");
    if (!title) continue;
    const abstractParts =
      ((details["Abstract"] as Node | undefined)?.["AbstractText"] as unknown[] | undefined) ?? [];
    const abstract = abstractParts
      .map((part) => {
        const label = typeof part === "object" && part !== null ? (part as Node)["@_Label"] : undefined;
        const body = htmlToText(text(part));
        return label ? `${String(label)}: ${body}` : body;
      })
      .filter(Boolean)
      .join(" ");
    const journal = details["Journal"] as Node | undefined;
    const authors = (((details["AuthorList"] as Node | undefined)?.["Author"] as Node[] | undefined) ?? [])
      .map((a) =>
        a["CollectiveName"]
          ? text(a["CollectiveName"])
          : [text(a["LastName"]), text(a["Initials"])].filter(Boolean).join(" "),
      )
      .filter(Boolean);
    const { date, precision } = articleDate(details, journal);
    const extra: Record<string, unknown> = {
      pmid,
      journal: collapseWhitespace(text(journal?.["Title"])),
      authors,
    };
    if (precision === "month") extra["date_precision"] = "month";
    entries.push({
      title,
      url: `https://pubmed.ncbi.nlm.nih.gov/${pmid}/`,
      content: abstract.slice(0, MAX_CONTENT_CHARS),
      ...(date ? { published_at: date } : {}),
      extra,
    });
  }
  return entries;
}

/**
 * The electronic publication date (ArticleDate) when complete, else the journal issue's PubDate; an issue dated
 * only by year and month is placed on the 1st and flagged `date_precision: month`. No year → undated.
 */
function articleDate(
  details: Node,
  journal: Node | undefined,
): { date?: string; precision?: "day" | "month" } {
  for (const candidate of (details["ArticleDate"] as Node[] | undefined) ?? []) {
    const date = ymd(text(candidate["Year"]), text(candidate["Month"]), text(candidate["Day"]));
    if (date) return { date, precision: "day" };
  }
  const pubDate = ((journal?.["JournalIssue"] as Node | undefined)?.["PubDate"] as Node | undefined) ?? {};
  const year = text(pubDate["Year"]) || (/^(\d{4})/.exec(text(pubDate["MedlineDate"]))?.[1] ?? "");
  const month =
    text(pubDate["Month"]) || (/^\d{4}\s+([A-Za-z]{3})/.exec(text(pubDate["MedlineDate"]))?.[1] ?? "");
  const day = text(pubDate["Day"]);
  if (year && month && day) {
    const date = ymd(year, month, day);
    if (date) return { date, precision: "day" };
  }
  if (year && month) {
    const date = ymd(year, month, "1");
    if (date) return { date, precision: "month" };
  }
  return {};
}

function ymd(year: string, month: string, day: string): string | undefined {
  const y = Number(year);
  const m = /^\d+$/.test(month.trim()) ? Number(month) : monthNumber(month.trim());
  const d = Number(day);
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Reads a PubMed source for the run's window. */
export const pubmedReader: SourceReader<PubmedSourceDef> = {
  async read(source: PubmedSourceDef, context: ReaderContext): Promise<ReaderResult> {
    const warnings: string[] = [];
    let apiKey: string | undefined;
    try {
      apiKey = await context.secrets.get("pubmed_api_key");
    } catch (error) {
      warnings.push(`PubMed API key unavailable, running at the keyless rate: ${(error as Error).message}`);
    }
    const minIntervalMs = apiKey ? PUBMED_INTERVAL_MS.withKey : PUBMED_INTERVAL_MS.withoutKey;

    const searchUrl = esearchUrl(source, context.window);
    const reply = await fetchJson(
      context,
      source.key,
      withKey(searchUrl, apiKey),
      { schema: EsearchReply, what: "esearch reply" },
      { minIntervalMs, displayUrl: searchUrl },
    );
    if (reply.esearchresult.ERROR)
      throw new SourceReadError(source.key, `esearch error: ${reply.esearchresult.ERROR}`);
    const ids = reply.esearchresult.idlist ?? [];
    const entries: RawEntry[] = [];
    for (let i = 0; i < ids.length; i += EFETCH_BATCH) {
      const fetchUrl = efetchUrl(source, ids.slice(i, i + EFETCH_BATCH));
      const fetched = await fetchText(context, source.key, withKey(fetchUrl, apiKey), {
        accept: "application/xml",
        minIntervalMs,
        displayUrl: redactUrl(fetchUrl),
      });
      entries.push(...parsePubmedArticles(fetched.body, source.key));
    }
    return { entries, found: ids.length, skipped: ids.length - entries.length, warnings };
  },
};
