/**
 * Each catalog source read from the project's recordings with the catalog's own selectors: titles, canonical
 * URLs and real publication dates, boilerplate gone. Expectations were written from the fixture pages.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ReplayHttpTransport } from "../../../src/adapters/replay-http.js";
import { canonicalUrl, NoSecrets, type SourceDef } from "../../../src/index.js";
import { type RawEntry, type ReaderResult, readSource } from "../../../src/ingest/index.js";
import { AS_OF, FAULTS, loadCatalog, RECORDINGS, recordingsCopy } from "../../support/ingest-fixtures.js";

let sources: SourceDef[];
beforeAll(async () => {
  ({ sources } = await loadCatalog());
});

async function read(key: string, dir = RECORDINGS): Promise<ReaderResult> {
  const source = sources.find((s) => s.key === key);
  if (!source) throw new Error(`${key} missing from the catalog`);
  return readSource(source, {
    transport: new ReplayHttpTransport(dir),
    secrets: new NoSecrets(),
    window: { from: "2025-12-04", to: AS_OF },
  });
}

/** `[date, title, canonical URL]` per entry, in page order. */
function rows(result: ReaderResult): [string | undefined, string, string][] {
  return result.entries.map((e: RawEntry) => [e.published_at, e.title, canonicalUrl(e.url)]);
}

/** Reads `key` and checks the entries it saw (`found`) and dropped (`skipped`), where given. */
async function readCounted(
  key: string,
  counts: { found?: number; skipped?: number },
  dir = RECORDINGS,
): Promise<ReaderResult> {
  const result = await read(key, dir);
  if (counts.found !== undefined) expect(result.found).toBe(counts.found);
  if (counts.skipped !== undefined) expect(result.skipped).toBe(counts.skipped);
  return result;
}

const BOILERPLATE = /^(download attachment|read the presentation|read more)$/i;
/** The trade feeds' newest entries: one each weekday from the recordings' last day back to Monday 8 December. */
const EVERY_WEEKDAY_DEC_16_TO_8 = [
  "2025-12-16",
  "2025-12-15",
  "2025-12-12",
  "2025-12-11",
  "2025-12-10",
  "2025-12-09",
  "2025-12-08",
];

describe("press_corporate__medincell (listing of PDF links, relative hrefs, date repeated after the title)", () => {
  it("yields every dated release with its own date, resolves relative links and drops 'Read the presentation'", async () => {
    const result = await readCounted("press_corporate__medincell", { found: 12, skipped: 1 });
    const got = rows(result);
    expect(got.slice(0, 3)).toEqual([
      [
        "2025-12-15",
        "Medincell Receives Milestone Payment as Partner Doses First Patient in Phase 1 Study of a BEPO®-Based Long-Acting Injectable",
        "https://www.medincell.com/wp-content/uploads/2025/12/MDC_Milestone-Phase1_15122025_EN_vf.pdf",
      ],
      [
        "2025-12-11",
        "Medincell to Participate in Upcoming Investor Conferences in January 2026",
        "https://www.medincell.com/wp-content/uploads/2025/12/MDC_Investor-conferences_11122025_EN.pdf",
      ],
      [
        "2025-12-09",
        "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
        "https://www.medincell.com/wp-content/uploads/2025/12/MDC_HY-Results-EN_09122025-1.pdf",
      ],
    ]);
    const byTitle = new Map(result.entries.map((e) => [e.title, e]));
    const nda = result.entries.find((e) =>
      e.title.startsWith("Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application"),
    );
    expect(nda?.published_at).toBe("2025-12-09");
    expect(nda?.title).toContain("(TEV-‘749 / mdc-TJK)");
    expect(nda?.content).toMatch(/once-monthly subcutaneous long-acting injectable/);
    expect(byTitle.get("Medincell Awarded New Grant to Fight Malaria")?.published_at).toBe("2025-11-24");
    const uzedy = result.entries.find((e) =>
      e.title.startsWith("FDA Approves Expanded Indication for UZEDY®"),
    );
    expect(uzedy?.published_at).toBe("2025-10-10");
    expect(uzedy?.url).toBe(
      "https://www.medincell.com/wp-content/uploads/2025/10/MDC_UZEDY-BDI_EN_10102025_vf.pdf",
    );
    // The pipeline page carries no date: undated, not "today".
    const glance = byTitle.get("Medincell at a glance: our long-acting injectable pipeline");
    expect(glance?.url).toBe("https://www.medincell.com/pipeline/");
    expect(glance?.published_at).toBeUndefined();
    expect(result.entries.map((e) => e.title).filter((t) => BOILERPLATE.test(t))).toEqual([]);
  });
});

/** An entry as `[date, title, canonical URL]`. */
type Row = [string | undefined, string, string];

/**
 * The listings whose every entry is checked: per source, what its reader shows on the recording (`reads`), the
 * entries it saw (`found`) and dropped (`skipped`) where that is the point, and the entries it kept, in page order.
 * `overlay` names the faults fixture laid over the recordings (the site answering where it failed).
 */
const LISTINGS: {
  key: string;
  reads: string;
  found?: number;
  skipped?: number;
  overlay?: string;
  rows: Row[];
}[] = [
  {
    key: "press_corporate__camurus",
    reads: "dates from the datetime attribute, one from the entry's text, and the title link",
    found: 8,
    rows: [
      [
        "2025-12-16",
        "Camurus receives positive CHMP opinion for Oclaiz® (CAM2029, octreotide subcutaneous depot) in acromegaly",
        "https://www.camurus.com/media/press-releases/2025/camurus-receives-positive-chmp-opinion-for-oclaiz-in-acromegaly",
      ],
      [
        "2025-12-15",
        "Camurus publishes updated financial calendar for 2026",
        "https://www.camurus.com/media/press-releases/2025/camurus-publishes-updated-financial-calendar-for-2026",
      ],
      [
        "2025-12-11",
        "Camurus enters FluidCrystal® license agreement for a once-monthly incretin therapy",
        "https://www.camurus.com/media/press-releases/2025/camurus-enters-fluidcrystal-license-agreement-for-once-monthly-incretin",
      ],
      [
        "2025-12-08",
        "Oclaiz® (CAM2029) NDA for acromegaly accepted for review by the US FDA",
        "https://www.camurus.com/media/press-releases/2025/oclaiz-cam2029-nda-accepted-for-review-by-fda",
      ],
      [
        "2025-12-04",
        "Buvidal® approved for treatment of opioid dependence in adolescents in the EU",
        "https://www.camurus.com/media/press-releases/2025/buvidal-approved-for-adolescents-in-the-eu",
      ],
      [
        "2025-12-01",
        "Notice of extraordinary general meeting in Camurus AB",
        "https://www.camurus.com/media/press-releases/2025/notice-of-extraordinary-general-meeting-in-camurus-ab",
      ],
      [
        "2025-10-20",
        "Camurus presents new CAM2029 data in neuroendocrine tumours at ESMO",
        "https://www.camurus.com/media/press-releases/2025/camurus-presents-new-cam2029-data-at-esmo",
      ],
      [
        "2025-11-06",
        "Camurus interim report January–September 2025",
        "https://www.camurus.com/media/press-releases/2025/camurus-interim-report-january-september-2025",
      ],
    ],
  },
  {
    key: "press_corporate__delsitech",
    reads: "ISO timestamps as their day and ordinal dates from the text",
    rows: [
      [
        "2025-12-15",
        "We are hiring: Senior Formulation Scientist",
        "https://www.delsitech.com/we-are-hiring-senior-formulation-scientist",
      ],
      [
        "2025-12-12",
        "DelSiTech awarded EUR 1.2 million Business Finland grant to scale up silica matrix production",
        "https://www.delsitech.com/delsitech-awarded-business-finland-grant-to-scale-up-silica-matrix-production",
      ],
      [
        "2025-12-10",
        "DelSiTech signs feasibility agreement with a Nordic pharmaceutical company for a silica-matrix long-acting injectable",
        "https://www.delsitech.com/delsitech-signs-feasibility-agreement-for-a-silica-matrix-long-acting-injectable",
      ],
      [
        "2025-12-08",
        "DelSiTech appoints Dr. Mika Koskinen as Chief Business Officer",
        "https://www.delsitech.com/delsitech-appoints-dr-mika-koskinen-as-chief-business-officer",
      ],
      [
        "2025-12-03",
        "DelSiTech presents sustained-release silica depot data at CRS Nordic Chapter meeting",
        "https://www.delsitech.com/delsitech-presents-sustained-release-silica-depot-data-at-crs-nordic",
      ],
      [
        "2025-11-18",
        "DelSiTech completes GMP manufacturing upgrade in Turku",
        "https://www.delsitech.com/delsitech-completes-gmp-manufacturing-upgrade-in-turku",
      ],
      [
        "2025-08-15",
        "Partnership Opportunities in Drug Delivery 2025 Boston, October 27-28",
        "https://www.delsitech.com/partnership-opportunities-in-drug-delivery-2025-boston-october-27-28",
      ],
      [
        "2025-06-12",
        "BIO International Convention 2025 Boston, June 16-19",
        "https://www.delsitech.com/bio-international-convention-2025-boston-june-16-19",
      ],
    ],
  },
  {
    key: "press_corporate__nanexa",
    reads: "the releases, every 'Download attachment' PDF entry dropped",
    found: 9,
    skipped: 3,
    rows: [
      [
        "2025-12-15",
        "Bulletin from Nanexa's extraordinary general meeting",
        "https://nanexa.com/mfn_news/bulletin-from-nanexas-extraordinary-general-meeting",
      ],
      [
        "2025-12-10",
        "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
        "https://nanexa.com/mfn_news/nanexa-and-moderna-enter-into-license-and-option-agreement-for-the-development-of-pharmashell-based-products",
      ],
      [
        "2025-12-10",
        "Nanexa carries out a directed share issue of approximately SEK 40 million",
        "https://nanexa.com/mfn_news/nanexa-carries-out-a-directed-share-issue-of-approximately-sek-40-million",
      ],
      [
        "2025-12-04",
        "Nanexa presents new preclinical data for NEX-22, a one-month GLP-1 formulation",
        "https://nanexa.com/mfn_news/nanexa-presents-new-preclinical-data-for-nex-22",
      ],
      [
        "2025-11-06",
        "Nanexa publishes interim report for January-September 2025",
        "https://nanexa.com/mfn_news/nanexa-publishes-interim-report-for-january-september-2025",
      ],
      [
        "2025-08-27",
        "Nanexa publishes interim report for January-June 2025",
        "https://nanexa.com/mfn_news/nanexa-publishes-interim-report-for-january-june-2025",
      ],
    ],
  },
  {
    key: "press_corporate__peptron",
    reads: "the board's '2025.12.09' dates and relative view.php links when the site answers",
    overlay: "peptron-ok",
    rows: [
      [
        "2025-12-15",
        "PEPTRON to present at the J.P. Morgan Healthcare Conference 2026",
        "https://www.peptron.co.kr/eng/pr/view.php?idx=214&page=1",
      ],
      [
        "2025-12-09",
        "PEPTRON signs SmartDepot™ technology evaluation agreement with a global pharmaceutical company",
        "https://www.peptron.co.kr/eng/pr/view.php?idx=213&page=1",
      ],
      [
        "2025-12-02",
        "PT320 (exenatide microsphere) Phase 2 topline results in early Parkinson's disease",
        "https://www.peptron.co.kr/eng/pr/view.php?idx=212&page=1",
      ],
      [
        "2025-11-20",
        "PEPTRON completes construction of its Osong GMP microsphere plant",
        "https://www.peptron.co.kr/eng/pr/view.php?idx=211&page=1",
      ],
      [
        "2025-11-14",
        "PEPTRON 2025 3Q business report",
        "https://www.peptron.co.kr/eng/pr/view.php?idx=210&page=1",
      ],
    ],
  },
  {
    key: "pubmed__lai",
    reads: "articles with PubMed URLs, electronic dates first",
    found: 6,
    rows: [
      [
        "2025-12-15",
        "Real-world discontinuation of long-acting injectable aripiprazole lauroxil versus paliperidone palmitate in schizophrenia: a claims database study",
        "https://pubmed.ncbi.nlm.nih.gov/41398211",
      ],
      [
        "2025-12-11",
        "In situ forming PLGA depot of leuprolide: in vitro release and pharmacokinetics over three months in rats",
        "https://pubmed.ncbi.nlm.nih.gov/41392875",
      ],
      [
        "2025-12-08",
        "Cabotegravir long-acting injectable for HIV pre-exposure prophylaxis in adolescents: 48-week safety outcomes",
        "https://pubmed.ncbi.nlm.nih.gov/41387420",
      ],
      [
        "2025-12-04",
        "Extended-release microspheres of exenatide: effect of polymer end-group on release kinetics",
        "https://pubmed.ncbi.nlm.nih.gov/41380016",
      ],
      [
        "2025-11-27",
        "Patient preferences for monthly versus twice-yearly antipsychotic injections: a discrete choice experiment",
        "https://pubmed.ncbi.nlm.nih.gov/41366502",
      ],
      [
        "2025-12-01",
        "Buprenorphine extended-release injection after release from incarceration: a randomised trial",
        "https://pubmed.ncbi.nlm.nih.gov/41401133",
      ],
    ],
  },
];

describe("listings read entry by entry", () => {
  it.each(LISTINGS)("$key: $reads", async ({ key, found, skipped, overlay, rows: expected }) => {
    const result = await readCounted(
      key,
      { found, skipped },
      overlay ? await recordingsCopy(overlay) : RECORDINGS,
    );
    expect(rows(result)).toEqual(expected);
  });
});

describe("press_corporate__camurus (<time datetime>, one entry dated only in its text)", () => {
  it("keeps the teaser of the entry as its content", async () => {
    const result = await read("press_corporate__camurus");
    expect(result.entries[2]?.content).toMatch(
      /^Camurus has signed a license agreement .* tiered royalties\.$/,
    );
  });
});

describe("press_corporate__delsitech (WordPress: ISO span.updated, 'December 3rd, 2025' fallback)", () => {
  it("keeps the teaser only: not the title, author and 'Read More' of the post header", async () => {
    const result = await read("press_corporate__delsitech");
    expect(result.entries[2]?.content).toMatch(/^DelSiTech has signed a feasibility agreement/);
    expect(result.entries[1]?.content).toMatch(/^DelSiTech has been awarded a grant of EUR 1\.2 million/);
    for (const entry of result.entries) expect(entry.content).not.toContain("Read More");
  });
});

describe("press_corporate__nanexa (mfn_news: '10 December, 2025', attachments listed as entries)", () => {
  it("keeps a release's teaser whole as its content", async () => {
    const result = await read("press_corporate__nanexa");
    expect(result.entries[1]?.content).toBe(
      "The agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments as well as a tiered single-digit royalty on product sales.",
    );
  });
});

describe("press_corporate__peptron (board table, '2025.12.09', relative view.php links)", () => {
  it("fails with the recorded TLS fault in the default recordings", async () => {
    await expect(read("press_corporate__peptron")).rejects.toThrow(
      /tls for GET https:\/\/www\.peptron\.co\.kr\/eng\/pr\/news\.php: unable to verify the first certificate/,
    );
    expect(FAULTS).toContain("faults");
  });
});

describe("press_sector__fiercebiotech (RSS, entity-escaped <a> titles, one undated sponsor post)", () => {
  it("strips the title markup, keeps tracking params in url only, and leaves the sponsor post undated", async () => {
    const result = await readCounted("press_sector__fiercebiotech", { found: 11 });
    const gilead = result.entries[1]!;
    expect(gilead.title).toBe(
      "Gilead's twice-yearly PrEP shot Yeztugo off to a strong start as payers sign on",
    );
    expect(gilead.published_at).toBe("2025-12-15");
    expect(gilead.url).toContain("utm_medium=fiercebiotech");
    expect(canonicalUrl(gilead.url)).toBe(
      "https://www.fiercepharma.com/pharma/gileads-twice-yearly-prep-shot-yeztugo-strong-start-payers-sign",
    );
    expect(result.entries[4]?.title).toBe("ADC biotech posts mixed phase 2 data in HER2-low breast cancer");
    expect(result.entries[7]?.title).toBe(
      "Chutes & Ladders—Biotech veteran takes CEO role at gene editing startup",
    );
    expect(result.entries[3]).toMatchObject({
      title:
        "Weekly extended-release buprenorphine injection hits primary endpoint in phase 3 opioid use disorder trial",
      published_at: "2025-12-11",
    });
    expect(result.entries[3]?.content).toMatch(
      /^A weekly subcutaneous extended-release buprenorphine injection/,
    );
    expect(result.entries.map((e) => e.published_at)).toEqual([
      ...EVERY_WEEKDAY_DEC_16_TO_8,
      "2025-12-05",
      "2025-12-03",
      "2025-11-28",
      undefined,
    ]);
    expect(result.entries.every((e) => !/[<>]|&amp;|&lt;/.test(e.title + e.content))).toBe(true);
  });
});

/** Two trade feeds' entries seen, and the first as the feed published it (title, link, the publisher's own day). */
const FEED_HEADS = [
  {
    key: "press_sector__fiercepharma",
    found: 10,
    first: {
      title: "Teva submits olanzapine long-acting injectable to FDA, eyeing 2026 launch in schizophrenia",
      url: "https://www.fiercepharma.com/pharma/teva-submits-olanzapine-long-acting-injectable-fda-eyeing-2026-launch",
      published_at: "2025-12-17",
    },
  },
  {
    key: "press_sector__endpoints_news",
    found: 10,
    first: {
      title: "FDA approves Sublocade label update letting patients start Indivior’s monthly shot faster",
      url: "https://endpts.com/indiviors-sublocade-label-update-lets-patients-start-the-monthly-shot-faster/",
      published_at: "2025-12-16",
    },
  },
];

describe("trade feeds' first entries", () => {
  it.each(FEED_HEADS)(
    "$key: $found entries, the first one read as published",
    async ({ key, found, first }) => {
      const result = await readCounted(key, { found });
      expect(result.entries[0]).toMatchObject(first);
    },
  );
});

describe("press_sector__fiercepharma (RSS, CDATA <a>-wrapped titles, -0500 pubDates)", () => {
  it("unwraps titles, decodes entities and keeps the publisher's own day", async () => {
    const result = await read("press_sector__fiercepharma");
    expect(result.entries[4]?.title).toBe(
      "J&J touts relapse data for twice-yearly Invega Hafyera in schizophrenia",
    );
    expect(result.entries[4]?.content).toMatch(/^Johnson & Johnson presented long-term data/);
    // Same article as FierceBiotech's cross-post: one canonical URL.
    expect(canonicalUrl(result.entries[1]!.url)).toBe(
      "https://www.fiercepharma.com/pharma/gileads-twice-yearly-prep-shot-yeztugo-strong-start-payers-sign",
    );
    expect(result.entries[9]?.published_at).toBe("2025-11-26");
    expect(result.entries[6]?.title).toBe(
      "Sandoz launches first generic of extended-release antibiotic tablet",
    );
  });
});

describe("press_sector__endpoints_news (WordPress feed: &#8217; titles, content:encoded)", () => {
  it("decodes numeric entities and prefers content:encoded over the teaser", async () => {
    const result = await read("press_sector__endpoints_news");
    expect(result.entries[0]?.content).toMatch(/Indivior’s monthly extended-release buprenorphine injection/);
    expect(result.entries[0]?.content).not.toContain("[…]");
    expect(result.entries[5]?.title).toBe("Big Pharma M&A rebounds: five deals topping $1B in a single week");
    expect(result.entries[0]?.extra).toMatchObject({ author: "Max Gelman", categories: ["News"] });
    expect(result.entries.map((e) => e.published_at)).toEqual([
      ...EVERY_WEEKDAY_DEC_16_TO_8,
      "2025-12-04",
      "2025-12-02",
      "2025-11-30",
    ]);
  });
});

describe("pubmed__lai (esearch for the window, efetch abstracts)", () => {
  it("keeps the abstract as content and PMID, journal and authors as extras", async () => {
    const result = await read("pubmed__lai");
    expect(result.entries[0]?.content).toMatch(
      /^BACKGROUND: Long-acting injectable \(LAI\) antipsychotics .* CONCLUSIONS: Both LAIs/,
    );
    expect(result.entries[0]?.url).toBe("https://pubmed.ncbi.nlm.nih.gov/41398211/");
    expect(result.entries[0]?.extra).toEqual({
      pmid: "41398211",
      journal: "Schizophrenia research",
      authors: ["Nguyen T", "Patel RK", "Schmidt M"],
    });
    expect(result.entries[2]?.extra?.["authors"]).toEqual([
      "Mokoena P",
      "Johnson AB",
      "HPTN 084-01 Study Team",
    ]);
    // "2025 Dec-2026 Jan" issue without an electronic date: first of the month, flagged.
    expect(result.entries[5]?.extra?.["date_precision"]).toBe("month");
  });
});
