/**
 * The generic listing extractor on the ten hand-written newsroom pages of fixtures/listings (see its README for
 * the structure each imitates): every entry with its exact title, absolute URL and date, in page order, and
 * none of the page's furniture.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ListingResult } from "../../../src/ingest/listing/index.js";
import { expectRows, type ListingRow } from "../../support/listing.js";
import { REPO_ROOT } from "../../support/repo.js";

const LISTINGS = join(REPO_ROOT, "fixtures/listings");

/** Link texts that are furniture on every page: none may become an entry title. */
const FURNITURE_TITLE =
  /^(read more|continue reading|lire la suite|download( attachment| pdf)?|next|previous|older posts|\d+|home|privacy policy|cookie policy|linkedin|x|subscribe|load more|all|allow all|deny)$/i;

function expectNoFurniture(result: ListingResult): void {
  for (const e of result.entries) {
    expect(e.title, e.url).not.toMatch(FURNITURE_TITLE);
    expect(e.url).toMatch(/^https?:\/\//);
    expect(e.url).not.toMatch(/linkedin|x\.com|youtube|privacy|cookie|\?page=\d+$|\/page\/\d/);
    expect(e.method).toBe("generic");
  }
  expect(new Set(result.entries.map((e) => e.url)).size, "no entry twice").toBe(result.entries.length);
}

/**
 * Extracts the fixture page `file` as the page at `url`: its entries are exactly the `expected` rows, and none of
 * them is furniture. Returns the result for the page's own further checks.
 */
function expectPage(file: string, url: string, expected: ListingRow[]): ListingResult {
  const result = expectRows(readFileSync(join(LISTINGS, file), "utf8"), url, expected);
  expectNoFurniture(result);
  return result;
}

describe("generic extraction on the fixture pages", () => {
  it("WordPress archive: published (not updated) dates, a UTC timestamp read on the publisher's day, no sidebar or widgets", () => {
    const result = expectPage("wordpress-article-list.html", "https://www.lumidepot.com/news/", [
      [
        "2025-12-10",
        "Lumidepot doses first patient in Phase 2 study of LDT-301, a three-month risperidone microsphere injection",
        "https://www.lumidepot.com/2025/12/lumidepot-doses-first-patient-in-phase-2-study-of-ldt-301/",
      ],
      [
        "2025-12-03",
        "Lumidepot and Orbis Pharma sign licence agreement for LumiSphere™ formulations in Japan",
        "https://www.lumidepot.com/2025/12/lumidepot-and-orbis-pharma-sign-licence-for-lumisphere-in-japan/",
      ],
      [
        "2025-11-24",
        "Lumidepot to present at the Jefferies London Healthcare Conference",
        "https://www.lumidepot.com/2025/11/lumidepot-to-present-at-the-jefferies-london-healthcare-conference/",
      ],
      [
        "2025-11-12",
        "Six-month pharmacokinetic data for LDT-204 published in the Journal of Controlled Release",
        "https://www.lumidepot.com/2025/11/six-month-pharmacokinetic-data-for-ldt-204-published-in-journal-of-controlled-release/",
      ],
      [
        "2025-10-28",
        "We are hiring: Head of CMC (Lyon, France)",
        "https://www.lumidepot.com/2025/10/we-are-hiring-head-of-cmc/",
      ],
    ]);
    expect(result.entries[0]?.content).toMatch(/^The first patient has been dosed/);
    expect(result.diagnostics.chosen?.signature).toMatch(/main\.site-main>article\.post$/);
    expect(result.diagnostics.date_order).toEqual({ order: "mdy", reason: "page language en-us" });
  });

  it("Drupal Views: dotted dates read day-first, the title field's link, no 'Read more' or PDF field", () => {
    const base = "https://www.depotex.ch/en/media/press-releases/";
    const result = expectPage("drupal-views-list.html", "https://www.depotex.ch/en/media/press-releases", [
      [
        "2025-12-16",
        "Depotex receives Swissmedic approval for DPX-12, a monthly octreotide depot",
        `${base}depotex-receives-swissmedic-approval-for-dpx-12-monthly-octreotide-depot`,
      ],
      [
        "2025-12-09",
        "Depotex and Aurelis enter co-development agreement for a six-month paliperidone implant",
        `${base}depotex-and-aurelis-enter-co-development-agreement-for-a-six-month-paliperidone-implant`,
      ],
      [
        "2025-12-01",
        "Invitation to the Depotex Capital Markets Day 2026",
        `${base}invitation-to-the-depotex-capital-markets-day-2026`,
      ],
      [
        "2025-11-12",
        "Depotex reports nine-month results 2025",
        `${base}depotex-reports-nine-month-results-2025`,
      ],
      [
        "2025-11-03",
        "Depotex completes Phase 1 of DPX-31, a once-monthly semaglutide depot",
        `${base}depotex-completes-phase-1-of-dpx-31-weekly-semaglutide-depot`,
      ],
      [
        "2025-10-21",
        "Depotex appoints Dr. Lea Brunner as Chief Medical Officer",
        `${base}depotex-appoints-new-chief-medical-officer`,
      ],
    ]);
    expect(result.entries.some((e) => e.url.endsWith(".pdf"))).toBe(false);
  });

  it("newswire widget: links to another host, date + time + zone, attachments not taken", () => {
    const r = "https://news.cision.com/se/sustainia-pharma-ab/r/";
    const result = expectPage(
      "cision-widget.html",
      "https://www.sustainiapharma.se/en/investors/press-releases/",
      [
        [
          "2025-12-17",
          "Sustainia Pharma reports positive topline results from Phase 2b study of SP-101 in opioid use disorder",
          `${r}sustainia-pharma-reports-positive-topline-results-from-phase-2b-study-of-sp-101,c4281733`,
        ],
        [
          "2025-12-11",
          "Sustainia Pharma resolves on a directed share issue of SEK 120 million",
          `${r}sustainia-pharma-resolves-on-a-directed-share-issue-of-sek-120-million,c4277190`,
        ],
        [
          "2025-12-02",
          "Sustainia Pharma to present at BioStock Life Science Summit",
          `${r}sustainia-pharma-to-present-at-biostock-life-science-summit,c4270012`,
        ],
        [
          "2025-11-27",
          "Sustainia Pharma receives EUR 2.5 million EIC Accelerator grant",
          `${r}sustainia-pharma-receives-eur-2-5-million-eic-accelerator-grant,c4266654`,
        ],
        [
          "2025-11-06",
          "Interim report January – September 2025",
          `${r}interim-report-january-september-2025,c4252210`,
        ],
      ],
    );
    expect(result.entries.some((e) => e.url.includes("mb.cision.com"))).toBe(false);
  });

  it("table of PDF releases: plain-text title cells, the row's PDF link, US slashed dates", () => {
    const f = "https://ir.arcadiadepot.com/static-files/";
    const result = expectPage("pdf-table.html", "https://ir.arcadiadepot.com/press-releases", [
      [
        "2025-12-15",
        "Arcadia Depot Sciences Announces FDA Acceptance of NDA for ADS-118, a Two-Month Aripiprazole Extended-Release Injectable",
        `${f}8d1c2a47-6e3f-4f0b-9a61-0c7a1f2b9e11`,
      ],
      [
        "2025-12-09",
        "Arcadia Depot Sciences to Present at the 44th Annual J.P. Morgan Healthcare Conference",
        `${f}2f9b7d10-3c44-4a2e-8b0c-5e6d7f8a9b02.pdf`,
      ],
      [
        "2025-12-01",
        "Arcadia Depot Sciences Enters Manufacturing Agreement with a US Contract Manufacturer for ADS-118 Commercial Supply",
        `${f}6a0e4c33-9d21-4e8f-b7a5-1c2d3e4f5a63.pdf`,
      ],
      [
        "2025-11-24",
        "Arcadia Depot Sciences Reports Third Quarter 2025 Financial Results and Provides Business Update",
        `${f}c7e1f8a2-0b3d-4c59-a6e7-2f1a0b9c8d74.pdf`,
      ],
      [
        "2025-10-06",
        "Arcadia Depot Sciences Appoints Dana Whitfield as Chief Financial Officer",
        `${f}0d4b6e91-7a2c-4f3e-9d8b-6c5a4b3e2f15.pdf`,
      ],
    ]);
    // 12/09/2025 is 9 December because 11/24/2025 on the same page is month-first.
    expect(result.diagnostics.date_order.order).toBe("mdy");
    expect(result.diagnostics.date_order.reason).toMatch(/above 12 second/);
  });

  it("card grid: whole-card links, abbreviated months (Sept), the featured story in other markup joins the list", () => {
    const n = "https://www.helixabio.com/news/";
    const result = expectPage("card-grid.html", "https://www.helixabio.com/news", [
      [
        "2025-12-11",
        "Helixa Bio raises USD 62 million Series B to advance HLX-7 into Phase 2",
        `${n}helixa-bio-raises-usd-62-million-series-b-to-advance-hlx-7-into-phase-2`,
      ],
      [
        "2025-12-04",
        "Helixa Bio presents HLX-7 hydrogel depot data at Controlled Release Society meeting",
        `${n}helixa-bio-presents-hlx-7-hydrogel-depot-data-at-controlled-release-society-meeting`,
      ],
      [
        "2025-11-19",
        "Helixa Bio and Northbridge University partner on long-acting HIV prevention",
        `${n}helixa-bio-and-northbridge-university-partner-on-long-acting-hiv-prevention`,
      ],
      [
        "2025-10-22",
        "Helixa Bio named to an annual list of promising private biotechs",
        `${n}helixa-bio-named-to-fierce-15-biotech-list`,
      ],
      [
        "2025-10-02",
        "Helixa Bio to attend BIO-Europe 2025 in Vienna",
        `${n}helixa-bio-to-attend-bio-europe-2025`,
      ],
      [
        "2025-09-30",
        "Helixa Bio appoints Dr. Priya Raman as Chief Scientific Officer",
        `${n}helixa-bio-appoints-chief-scientific-officer`,
      ],
      [
        "2025-08-14",
        "Helixa Bio opens GMP hydrogel pilot plant in Leiden",
        `${n}helixa-bio-opens-gmp-hydrogel-pilot-plant-in-leiden`,
      ],
    ]);
    expect(result.diagnostics.joined).toHaveLength(1);
  });

  it("Korean board: view.php?idx= links (with and without ./), yyyy.mm.dd, the undated pinned notice left out", () => {
    const v = "https://www.hanbitdepot.co.kr/kor/pr/view.php?idx=";
    const result = expectPage("korean-board.html", "https://www.hanbitdepot.co.kr/kor/pr/news.php", [
      [
        "2025-12-15",
        "한빛디포, 1개월 지속형 리스페리돈 주사제 HB-201 임상 3상 첫 환자 투약",
        `${v}131&page=1`,
      ],
      ["2025-12-09", "한빛디포, 글로벌 제약사와 마이크로스피어 플랫폼 기술이전 계약 체결", `${v}130&page=1`],
      [
        "2025-12-02",
        "Hanbit Depot to present HB-305 data at the J.P. Morgan Healthcare Conference 2026",
        `${v}129&page=1`,
      ],
      ["2025-11-20", "한빛디포, 오송 cGMP 마이크로스피어 생산시설 준공", `${v}127&page=1`],
      ["2025-11-14", "2025년 3분기 실적 발표", `${v}126&page=1`],
    ]);
    expect(result.diagnostics.dropped).toEqual([
      { title: "보도자료 게시판 이용 안내", url: `${v}1&page=1`, reason: "undated_in_dated_list" },
    ]);
  });

  it("<base href> with every relative form, dates in the dt beside each entry, file notes cut from titles", () => {
    const result = expectPage(
      "base-href-relative.html",
      "https://www.kyowadepot.co.jp/en/ir/news/index.html",
      [
        [
          "2025-12-16",
          "Kyowa Depot Pharma Receives Approval in Japan for KDP-0412, a Once-Every-Three-Months Leuprorelin Depot",
          "https://www.kyowadepot.co.jp/en/news/2025/20251216.html",
        ],
        [
          "2025-12-09",
          "Notice Concerning a License Agreement for Microsphere Technology with a European Pharmaceutical Company",
          "https://www.kyowadepot.co.jp/en/ir/news/2025/1209_license.html",
        ],
        [
          "2025-11-25",
          "Notice Concerning Revisions to Full-Year Earnings Forecasts",
          "https://www.kyowadepot.co.jp/pdf/2025/1125_e.pdf",
        ],
        [
          "2025-11-07",
          "Consolidated Financial Results for the Six Months Ended September 30, 2025 [Japan GAAP]",
          "https://disclosure.kyowadepot-ir.jp/doc/4599/tdnet/2712345/00.pdf",
        ],
        [
          "2025-10-30",
          "Kyowa Depot Pharma Completes Enrollment in Phase 3 Study of KDP-0705 Monthly Aripiprazole Depot",
          "https://www.kyowadepot.co.jp/en/ir/news/detail.html?id=2025103001",
        ],
      ],
    );
    expect(result.diagnostics.base_url).toBe("https://www.kyowadepot.co.jp/en/");
    expect(result.entries.every((e) => e.date_source === "sibling")).toBe(true);
  });

  it("date headings: every entry takes its day's heading (a one-entry day too), 'Last updated' dates nothing", () => {
    const n = "https://www.nordicdepot.no/en/newsroom/2025/";
    expectPage("date-headings.html", "https://www.nordicdepot.no/en/newsroom/", [
      [
        "2025-12-10",
        "Nordic Depot Medical announces positive Phase 1b data for NDM-220, a monthly naltrexone implant",
        `${n}nordic-depot-medical-announces-positive-phase-1b-data-for-ndm-220/`,
      ],
      [
        "2025-12-10",
        "Invitation to presentation of NDM-220 data for investors and analysts",
        `${n}invitation-to-presentation-of-ndm-220-data/`,
      ],
      [
        "2025-12-10",
        "Nordic Depot Medical grants share options to employees",
        `${n}nordic-depot-medical-grants-share-options-to-employees/`,
      ],
      [
        "2025-12-02",
        "Nordic Depot Medical signs supply agreement with a European CDMO for implant production",
        `${n}nordic-depot-medical-signs-supply-agreement-with-a-european-cdmo/`,
      ],
      [
        "2025-11-20",
        "Nordic Depot Medical: third quarter 2025 results",
        `${n}nordic-depot-medical-third-quarter-2025-results/`,
      ],
      [
        "2025-11-20",
        "Nordic Depot Medical: third quarter 2025 presentation and webcast",
        `${n}nordic-depot-medical-third-quarter-2025-presentation/`,
      ],
      [
        "2025-11-03",
        "Nordic Depot Medical receives NOK 15 million Innovation Norway grant for implant scale-up",
        `${n}nordic-depot-medical-receives-innovation-norway-grant/`,
      ],
      [
        "2025-11-03",
        "Mandatory notification of trade by primary insider",
        `${n}mandatory-notification-of-trade/`,
      ],
    ]);
  });

  it("an empty JavaScript app shell fails with 'listing is rendered by JavaScript', not 0 items", () => {
    const result = expectPage("js-shell.html", "https://www.vireolongacting.com/newsroom", []);
    expect(result.diagnostics.failure?.code).toBe("js_shell");
    expect(result.diagnostics.failure?.message).toMatch(/^listing is rendered by JavaScript \(/);
    expect(result.diagnostics.failure?.message).toContain('an empty <div id="__next">');
  });

  it("sidebar repeating the latest entries and a pinned undated notice: neither taken; a title ending in a date kept whole", () => {
    const p = "https://www.lundaform.com/media/press-releases/";
    const result = expectPage("sidebar-pinned.html", "https://www.lundaform.com/media/press-releases/", [
      [
        "2025-12-16",
        "Lundaform receives EU approval for LFM-16, a weekly and monthly buprenorphine depot",
        `${p}lundaform-receives-eu-approval-for-lfm-16-weekly-and-monthly-buprenorphine-depot/`,
      ],
      [
        "2025-12-09",
        "Lundaform enters global license agreement for its lipid depot technology with a top-20 pharmaceutical company",
        `${p}lundaform-enters-global-license-agreement-for-lipid-depot-technology/`,
      ],
      [
        "2025-11-28",
        "Lundaform to host R&D day on 21 January 2026",
        `${p}lundaform-to-host-r-and-d-day-on-21-january-2026/`,
      ],
      [
        "2025-11-06",
        "Lundaform interim report January–September 2025",
        `${p}lundaform-interim-report-january-september-2025/`,
      ],
      [
        "2025-10-14",
        "LFM-22 Phase 3 study in acromegaly meets its primary endpoint",
        `${p}lfm-22-phase-3-study-meets-primary-endpoint/`,
      ],
    ]);
    expect(result.diagnostics.dropped).toEqual([
      {
        title: "Notice: Lundaform changes its distribution service for press releases",
        url: `${p}notice-change-of-distribution-service-for-press-releases/`,
        reason: "undated_in_dated_list",
      },
    ]);
    expect(result.diagnostics.chosen?.signature).not.toMatch(/aside|sidebar/);
  });
});
