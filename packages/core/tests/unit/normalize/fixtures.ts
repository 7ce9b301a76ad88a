/**
 * Realistic raw items, written for these tests after the shapes real sources deliver (corporate listing pages
 * that glue dates and "READ MORE" to the text, RSS teasers, titles repeated in the content). Each carries the
 * ruling the newsletter's author made on such an item.
 */
import type { RawItem } from "../../../src/index.js";
import { makeRawItem } from "../../support/watch.js";

/**
 * The raw items of one source, `source_key` `<source_type>__<name>`, each made from its title and content (the
 * rest as {@link makeRawItem} fills it in).
 */
function itemsOf(
  source_type: RawItem["source_type"],
  name: string,
  source_kind: RawItem["source_kind"],
): (title: string, content: string) => RawItem {
  const source = { source_key: `${source_type}__${name}`, source_type, source_kind };
  return (title, content) => makeRawItem({ ...source, title, content });
}

const medincell = itemsOf("press_corporate", "medincell", "html");
const nanexa = itemsOf("press_corporate", "nanexa", "html");
const delsitech = itemsOf("press_corporate", "delsitech", "html");
const camurus = itemsOf("press_corporate", "camurus", "html");
const fierce = itemsOf("press_sector", "fiercepharma", "rss");

export interface Fixture {
  name: string;
  raw: RawItem;
  /** The author's ruling: should the item reach the expensive steps? */
  keep: boolean;
}

export const uzedyApproval = medincell(
  "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I Disorder",
  "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I DisorderOctober 10, 2025October 10, 2025",
);

export const olanzapineNda = medincell(
  "Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension (TEV-‘749 / mdc-TJK) for the Once-Monthly Treatment of Schizophrenia in Adults",
  "December 9, 2025December 9, 2025",
);

export const nanexaModerna = nanexa(
  "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
  "PRESSRELEASES10 December, 2025Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based productsThe agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments as well as a tiered single-digit royalty on product sales.READ MORE6 November, 2025Nanexa publishes interim report for January-September 2025We have progresse",
);

export const medincellGrant = medincell(
  "Medincell Awarded New Grant to Fight Malaria",
  "Medincell Awarded New Grant to Fight MalariaNovember 24, 2025November 24, 2025",
);

export const uzedyGrowth = medincell(
  "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
  "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025November 5, 2025November 5, 2025",
);

export const nanexaInterim = nanexa(
  "Nanexa publishes interim report for January-September 2025",
  "6 November, 2025Nanexa publishes interim report for January-September 2025We have progressed with the optimization of our GLP-1 formulations, extended an existing commercial partnership, received approval for a PharmaShell patent application in Japan and submitted three new patent applications.READ MORE",
);

export const medincellHalfYear = medincell(
  "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
  "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)December 9, 2025December 9, 2025",
);

export const medincellAppointment = medincell(
  "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance, to Advance into Next Stage of US Capital Growth",
  "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance, to Advance into Next Stage of US Capital GrowthNovember 11, 2025November 11, 2025",
);

export const medincellMsci = medincell(
  "Medincell to Join MSCI World Small Cap Index, a Leading Global Benchmark",
  "Medincell to Join MSCI World Small Cap Index, a Leading Global BenchmarkNovember 10, 2025November 10, 2025",
);

export const delsitechConference = delsitech(
  "BIO International Convention 2025 Boston, June 16-19",
  "BIO International Convention 2025 Boston, June 16-19Aleksi Leino2025-06-12T15:59:56+02:00June 12th, 2025|Read More",
);

export const camurusHiring = camurus(
  "We are hiring: Process Engineer, long-acting injectable manufacturing",
  "Join our team in Lund and help scale up our FluidCrystal® long-acting injectable products.",
);

export const oralTablet = fierce(
  "Pfizer wins FDA nod for once-daily aripiprazole extended-release tablet",
  "<p>Pfizer said the FDA approved its aripiprazole extended-release tablet for adults.</p> <p>The oral pill is taken once a day with or without food.</p>",
);

export const sectorOffTopic = fierce(
  "Pfizer trims 2026 outlook as vaccine sales slide",
  "Pfizer lowered its revenue outlook for next year, citing weaker demand for its respiratory vaccines.",
);

export const sectorLai = fierce(
  "Alkermes-style depot rivals line up as Teva&#8217;s olanzapine LAI nears FDA decision",
  "Teva&rsquo;s olanzapine, given as a once-monthly subcutaneous injection, could become the first long-acting injectable olanzapine without a post-injection monitoring requirement. Analysts expect peak sales above $1 billion. Teva's partner Medincell developed the formulation.",
);

export const downloadAttachment = nanexa("Download attachment", "Download attachment");

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
