/** The ClinicalTrials.gov v2 reader on a hand-made studies page (the source is disabled in the catalog). */
import { describe, expect, it } from "vitest";
import { ClinicalTrialsSource } from "../../../src/config/schema.js";
import {
  clinicalTrialsReader,
  clinicalTrialsUrl,
  parseStudies,
} from "../../../src/ingest/readers/clinicaltrials.js";
import type { HttpRequest, HttpResponse, HttpTransport } from "../../../src/ports/http-transport.js";
import { NoSecrets } from "../../../src/ports/secrets.js";

const source = ClinicalTrialsSource.parse({
  key: "clinicaltrials__t",
  name: "CT.gov",
  kind: "clinicaltrials",
  actor_type: "database",
  term: "long-acting injectable",
  max_results: 3,
});
const window = { from: "2025-12-04", to: "2025-12-17" };
const study = (nct: string, title: string, updated?: string) => ({
  protocolSection: {
    identificationModule: { nctId: nct, briefTitle: title },
    statusModule: {
      overallStatus: "RECRUITING",
      ...(updated ? { lastUpdatePostDateStruct: { date: updated, type: "ACTUAL" } } : {}),
    },
    descriptionModule: { briefSummary: "A study of a  monthly\nsubcutaneous depot." },
    sponsorCollaboratorsModule: { leadSponsor: { name: "Camurus AB", class: "INDUSTRY" } },
    conditionsModule: { conditions: ["Acromegaly"] },
    designModule: { phases: ["PHASE3"] },
    armsInterventionsModule: { interventions: [{ type: "DRUG", name: "CAM2029" }] },
  },
});

describe("ClinicalTrials.gov reader", () => {
  it("asks for studies updated in the window", () => {
    const url = new URL(clinicalTrialsUrl(source, window));
    expect(url.origin + url.pathname).toBe("https://clinicaltrials.gov/api/v2/studies");
    expect(url.searchParams.get("query.term")).toBe("long-acting injectable");
    expect(url.searchParams.get("filter.advanced")).toBe(
      "AREA[LastUpdatePostDate]RANGE[2025-12-04,2025-12-17]",
    );
  });

  it("turns studies into entries, follows pages up to max_results and counts odd studies", async () => {
    const pages: Record<string, unknown> = {
      first: {
        studies: [study("NCT06000001", "CAM2029 in acromegaly", "2025-12-10"), { protocolSection: {} }],
        nextPageToken: "p2",
      },
      p2: {
        studies: [
          study("NCT06000002", "Undated study"),
          study("NCT06000003", "Third", "2025-12-11"),
          study("NCT06000004", "Fourth", "2025-12-12"),
        ],
        nextPageToken: "p3",
      },
    };
    const requests: string[] = [];
    const transport: HttpTransport = {
      async request(request: HttpRequest): Promise<HttpResponse> {
        requests.push(request.url);
        const token = new URL(request.url).searchParams.get("pageToken") ?? "first";
        return { status: 200, headers: {}, body: JSON.stringify(pages[token]), url: request.url };
      },
    };
    const result = await clinicalTrialsReader.read(source, { transport, secrets: new NoSecrets(), window });
    expect(requests).toHaveLength(2);
    expect(result.found).toBe(5);
    expect(result.skipped).toBe(1);
    expect(result.entries.map((e) => [e.title, e.url, e.published_at])).toEqual([
      ["CAM2029 in acromegaly", "https://clinicaltrials.gov/study/NCT06000001", "2025-12-10"],
      ["Undated study", "https://clinicaltrials.gov/study/NCT06000002", undefined],
      ["Third", "https://clinicaltrials.gov/study/NCT06000003", "2025-12-11"],
    ]);
    expect(result.entries[0]).toMatchObject({
      content: "A study of a monthly subcutaneous depot.",
      extra: {
        nct_id: "NCT06000001",
        sponsor: "Camurus AB",
        phases: ["PHASE3"],
        interventions: ["CAM2029"],
        conditions: ["Acromegaly"],
      },
    });
  });

  it("names the source for a reply that is not a studies page", () => {
    expect(() => parseStudies("<html>maintenance</html>", "clinicaltrials__t")).toThrow(
      /clinicaltrials__t: studies reply is not the expected JSON/,
    );
  });
});
