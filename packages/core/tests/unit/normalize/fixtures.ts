/**
 * Realistic raw items, written for these tests after the shapes real sources deliver (corporate listing pages
 * that glue dates and "READ MORE" to the text, RSS teasers, titles repeated in the content). Each carries the
 * ruling the newsletter's author made on such an item.
 */
import type { RawItem } from "../../../src/index.js";
import { makeRawItem } from "../../support/watch.js";

const medincell = {
  source_key: "press_corporate__medincell",
  source_type: "press_corporate",
  source_kind: "html",
} as const;
const nanexa = {
  source_key: "press_corporate__nanexa",
  source_type: "press_corporate",
  source_kind: "html",
} as const;
const delsitech = {
  source_key: "press_corporate__delsitech",
  source_type: "press_corporate",
  source_kind: "html",
} as const;
const fierce = {
  source_key: "press_sector__fiercepharma",
  source_type: "press_sector",
  source_kind: "rss",
} as const;

export interface Fixture {
  name: string;
  raw: RawItem;
  /** The author's ruling: should the item reach the expensive steps? */
  keep: boolean;
}

export const uzedyApproval = makeRawItem({
  ...medincell,
  title:
    "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I Disorder",
  content:
    "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I DisorderOctober 10, 2025October 10, 2025",
});

export const olanzapineNda = makeRawItem({
  ...medincell,
  title:
    "Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension (TEV-‘749 / mdc-TJK) for the Once-Monthly Treatment of Schizophrenia in Adults",
  content: "December 9, 2025December 9, 2025",
});

export const nanexaModerna = makeRawItem({
  ...nanexa,
  title:
    "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
  content:
    "PRESSRELEASES10 December, 2025Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based productsThe agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments as well as a tiered single-digit royalty on product sales.READ MORE6 November, 2025Nanexa publishes interim report for January-September 2025We have progresse",
});

export const medincellGrant = makeRawItem({
  ...medincell,
  title: "Medincell Awarded New Grant to Fight Malaria",
  content: "Medincell Awarded New Grant to Fight MalariaNovember 24, 2025November 24, 2025",
});

export const uzedyGrowth = makeRawItem({
  ...medincell,
  title:
    "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
  content:
    "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025November 5, 2025November 5, 2025",
});

export const nanexaInterim = makeRawItem({
  ...nanexa,
  title: "Nanexa publishes interim report for January-September 2025",
  content:
    "6 November, 2025Nanexa publishes interim report for January-September 2025We have progressed with the optimization of our GLP-1 formulations, extended an existing commercial partnership, received approval for a PharmaShell patent application in Japan and submitted three new patent applications.READ MORE",
});

export const medincellHalfYear = makeRawItem({
  ...medincell,
  title:
    "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
  content:
    "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)December 9, 2025December 9, 2025",
});

export const medincellAppointment = makeRawItem({
  ...medincell,
  title:
    "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance, to Advance into Next Stage of US Capital Growth",
  content:
    "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance, to Advance into Next Stage of US Capital GrowthNovember 11, 2025November 11, 2025",
});

export const medincellMsci = makeRawItem({
  ...medincell,
  title: "Medincell to Join MSCI World Small Cap Index, a Leading Global Benchmark",
  content:
    "Medincell to Join MSCI World Small Cap Index, a Leading Global BenchmarkNovember 10, 2025November 10, 2025",
});

export const delsitechConference = makeRawItem({
  ...delsitech,
  title: "BIO International Convention 2025 Boston, June 16-19",
  content:
    "BIO International Convention 2025 Boston, June 16-19Aleksi Leino2025-06-12T15:59:56+02:00June 12th, 2025|Read More",
});

export const camurusHiring = makeRawItem({
  source_key: "press_corporate__camurus",
  source_type: "press_corporate",
  source_kind: "html",
  title: "We are hiring: Process Engineer, long-acting injectable manufacturing",
  content: "Join our team in Lund and help scale up our FluidCrystal® long-acting injectable products.",
});

export const oralTablet = makeRawItem({
  ...fierce,
  title: "Pfizer wins FDA nod for once-daily aripiprazole extended-release tablet",
  content:
    "<p>Pfizer said the FDA approved its aripiprazole extended-release tablet for adults.</p> <p>The oral pill is taken once a day with or without food.</p>",
});

export const sectorOffTopic = makeRawItem({
  ...fierce,
  title: "Pfizer trims 2026 outlook as vaccine sales slide",
  content:
    "Pfizer lowered its revenue outlook for next year, citing weaker demand for its respiratory vaccines.",
});

export const sectorLai = makeRawItem({
  ...fierce,
  title: "Alkermes-style depot rivals line up as Teva&#8217;s olanzapine LAI nears FDA decision",
  content:
    "Teva&rsquo;s olanzapine, given as a once-monthly subcutaneous injection, could become the first long-acting injectable olanzapine without a post-injection monitoring requirement. Analysts expect peak sales above $1 billion. Teva's partner Medincell developed the formulation.",
});

export const downloadAttachment = makeRawItem({
  ...nanexa,
  title: "Download attachment",
  content: "Download attachment",
});

/** Every fixture with the author's ruling on it. */
export const FIXTURES: Fixture[] = [
  { name: "UZEDY expanded indication", raw: uzedyApproval, keep: true },
  { name: "olanzapine NDA submission", raw: olanzapineNda, keep: true },
  { name: "Nanexa–Moderna PharmaShell licence", raw: nanexaModerna, keep: true },
  { name: "Medincell malaria grant", raw: medincellGrant, keep: true },
  { name: "UZEDY strong growth", raw: uzedyGrowth, keep: true },
  { name: "sector press LAI story", raw: sectorLai, keep: true },
  { name: "Nanexa interim report", raw: nanexaInterim, keep: false },
  { name: "Medincell half-year results", raw: medincellHalfYear, keep: false },
  { name: "Medincell appointment", raw: medincellAppointment, keep: false },
  { name: "Medincell MSCI index", raw: medincellMsci, keep: false },
  { name: "DelSiTech conference", raw: delsitechConference, keep: false },
  { name: "Camurus hiring", raw: camurusHiring, keep: false },
  { name: "oral extended-release tablet", raw: oralTablet, keep: false },
  { name: "sector press off-topic", raw: sectorOffTopic, keep: false },
  { name: "Download attachment", raw: downloadAttachment, keep: false },
];
