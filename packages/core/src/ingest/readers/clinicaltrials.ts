/**
 * ClinicalTrials.gov API v2 (JSON): studies matching the source's term whose record was updated in the run's
 * window. One item per study, dated by its last update post date (the day the registry published the change).
 */
import * as z from "zod";
import type { ClinicalTrialsSourceDef } from "../../config/schema.js";
import { parseDate } from "../dates.js";
import { collapseWhitespace } from "../text.js";
import { fetchJson } from "./requests.js";
import {
  MAX_CONTENT_CHARS,
  parseJsonReply,
  type RawEntry,
  type ReaderContext,
  type ReaderResult,
  type SourceReader,
} from "./types.js";

const DateStruct = z.object({ date: z.string() }).loose().optional();
const Study = z
  .object({
    protocolSection: z
      .object({
        identificationModule: z
          .object({
            nctId: z.string(),
            briefTitle: z.string().optional(),
            officialTitle: z.string().optional(),
          })
          .loose(),
        statusModule: z
          .object({
            overallStatus: z.string().optional(),
            studyFirstPostDateStruct: DateStruct,
            lastUpdatePostDateStruct: DateStruct,
          })
          .loose()
          .optional(),
        descriptionModule: z.object({ briefSummary: z.string().optional() }).loose().optional(),
        sponsorCollaboratorsModule: z
          .object({ leadSponsor: z.object({ name: z.string() }).loose().optional() })
          .loose()
          .optional(),
        conditionsModule: z
          .object({ conditions: z.array(z.string()).optional() })
          .loose()
          .optional(),
        designModule: z
          .object({ phases: z.array(z.string()).optional() })
          .loose()
          .optional(),
        armsInterventionsModule: z
          .object({
            interventions: z
              .array(z.object({ name: z.string(), type: z.string().optional() }).loose())
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose(),
  })
  .loose();
const StudiesPage = z.object({ studies: z.array(z.unknown()), nextPageToken: z.string().optional() }).loose();
const STUDIES_REPLY = { schema: StudiesPage, what: "studies reply" };

/** The studies URL for a source and window: term search, updates posted in the window, JSON. */
export function clinicalTrialsUrl(
  source: ClinicalTrialsSourceDef,
  window: { from: string; to: string },
  pageToken?: string,
): string {
  const url = new URL(source.url);
  url.searchParams.set("query.term", source.term);
  url.searchParams.set("filter.advanced", `AREA[LastUpdatePostDate]RANGE[${window.from},${window.to}]`);
  url.searchParams.set("pageSize", String(Math.min(source.max_results, 100)));
  url.searchParams.set("format", "json");
  if (pageToken) url.searchParams.set("pageToken", pageToken);
  return url.toString();
}

interface StudiesRead {
  entries: RawEntry[];
  found: number;
  invalid: number;
  next?: string;
}

/** Parses one page of `/api/v2/studies`; studies that do not match the expected shape are counted, not fatal. */
export function parseStudies(json: string, sourceKey: string): StudiesRead {
  return studiesOf(parseJsonReply(STUDIES_REPLY.schema, json, sourceKey, STUDIES_REPLY.what));
}

/** The entries of one page of studies. */
function studiesOf(page: z.output<typeof StudiesPage>): StudiesRead {
  const entries: RawEntry[] = [];
  let invalid = 0;
  for (const raw of page.studies) {
    const parsed = Study.safeParse(raw);
    if (!parsed.success) {
      invalid++;
      continue;
    }
    const p = parsed.data.protocolSection;
    const id = p.identificationModule;
    const title = collapseWhitespace(id.briefTitle ?? id.officialTitle ?? "");
    if (!title) {
      invalid++;
      continue;
    }
    const updated =
      p.statusModule?.lastUpdatePostDateStruct?.date ?? p.statusModule?.studyFirstPostDateStruct?.date;
    const published = updated ? parseDate(updated, ["iso"]) : undefined;
    entries.push({
      title,
      url: `https://clinicaltrials.gov/study/${id.nctId}`,
      content: collapseWhitespace(p.descriptionModule?.briefSummary ?? "").slice(0, MAX_CONTENT_CHARS),
      ...(published ? { published_at: published } : {}),
      extra: {
        nct_id: id.nctId,
        status: p.statusModule?.overallStatus,
        sponsor: p.sponsorCollaboratorsModule?.leadSponsor?.name,
        conditions: p.conditionsModule?.conditions ?? [],
        phases: p.designModule?.phases ?? [],
        interventions: (p.armsInterventionsModule?.interventions ?? []).map((i) => i.name),
      },
    });
  }
  return {
    entries,
    found: page.studies.length,
    invalid,
    ...(page.nextPageToken ? { next: page.nextPageToken } : {}),
  };
}

/** Reads a ClinicalTrials.gov source for the run's window, following pages up to `max_results` studies. */
export const clinicalTrialsReader: SourceReader<ClinicalTrialsSourceDef> = {
  async read(source: ClinicalTrialsSourceDef, context: ReaderContext): Promise<ReaderResult> {
    const entries: RawEntry[] = [];
    let found = 0;
    let skipped = 0;
    let token: string | undefined;
    do {
      const url = clinicalTrialsUrl(source, context.window, token);
      const page = studiesOf(await fetchJson(context, source.key, url, STUDIES_REPLY));
      entries.push(...page.entries);
      found += page.found;
      skipped += page.invalid;
      token = page.next;
    } while (token && found < source.max_results);
    return {
      entries: entries.slice(0, source.max_results),
      found,
      skipped,
      warnings: skipped ? [`${skipped} studies had an unexpected shape`] : [],
    };
  },
};
