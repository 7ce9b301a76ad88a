/**
 * Valid {@link RawItem}s for pipeline tests, with identity and content hash computed the way ingest does.
 * The texts are those of real December 2025 releases (domain.md), with their real publication dates.
 */
import { canonicalUrl, contentHashOf, itemIdFor, type RawItem } from "../../src/index.js";

export interface RawSpec {
  source_key: string;
  title: string;
  url: string;
  published_at: string;
  content?: string;
  source_type?: RawItem["source_type"];
  source_kind?: RawItem["source_kind"];
}

/** Builds one valid raw item (as ingest would write it). */
export function rawItem(spec: RawSpec, runId = "ing_20251217_test"): RawItem {
  const canonical = canonicalUrl(spec.url);
  return {
    item_id: itemIdFor(canonical),
    source_key: spec.source_key,
    source_type:
      spec.source_type ??
      (spec.source_key.startsWith("press_corporate")
        ? "press_corporate"
        : spec.source_key.startsWith("press_sector")
          ? "press_sector"
          : "database"),
    source_kind: spec.source_kind ?? (spec.source_key.startsWith("press_sector") ? "rss" : "html"),
    title: spec.title,
    url: spec.url,
    canonical_url: canonical,
    published_at: spec.published_at,
    content: spec.content ?? "",
    content_hash: contentHashOf(spec.title, spec.content ?? ""),
    ingested_at: "2025-12-17T08:00:00.000Z",
    run_id: runId,
  };
}

const MDC = "https://www.medincell.com/wp-content/uploads";

/** The items of the corporate pages in mid-December 2025: four real signals and the noise around them. */
export const DECEMBER_2025: Record<string, RawSpec> = {
  licence: {
    source_key: "press_corporate__nanexa",
    title:
      "Nanexa and Moderna enter into license and option agreement for the development of PharmaShell®-based products",
    content:
      "The agreement covers the development of up to five undisclosed compounds. Nanexa will receive an upfront payment of USD 3 million and is entitled to up to USD 500 million in potential milestone payments as well as a tiered single-digit royalty on product sales.",
    url: "https://nanexa.com/mfn_news/nanexa-and-moderna-enter-into-license-and-option-agreement-for-the-development-of-pharmashell-based-products/",
    published_at: "2025-12-10",
  },
  interim: {
    source_key: "press_corporate__nanexa",
    title: "Nanexa publishes interim report for January-September 2025",
    content:
      "We have progressed with the optimization of our GLP-1 formulations, extended an existing commercial partnership, received approval for a PharmaShell patent application in Japan.",
    url: "https://nanexa.com/mfn_news/nanexa-publishes-interim-report-for-january-september-2025/",
    published_at: "2025-11-06",
  },
  halfYear: {
    source_key: "press_corporate__medincell",
    title:
      "Medincell Publishes its Consolidated Half-Year Financial Results (April 1st , 2025 – September 30, 2025)",
    url: `${MDC}/2025/12/MDC_HY-Results-EN_09122025-1.pdf`,
    published_at: "2025-12-09",
  },
  nda: {
    source_key: "press_corporate__medincell",
    title:
      "Medincell’s Partner Teva Pharmaceuticals Announces the New Drug Application Submission to U.S. FDA for Olanzapine Extended-Release Injectable Suspension (TEV-‘749 / mdc-TJK) for the Once-Monthly Treatment of Schizophrenia in Adults",
    url: `${MDC}/2025/12/MDC_Olanzapine-NDA-filing_09122025_EN_vf-2.pdf`,
    published_at: "2025-12-09",
  },
  grant: {
    source_key: "press_corporate__medincell",
    title: "Medincell Awarded New Grant to Fight Malaria",
    url: `${MDC}/2025/11/MDC_Gates-Malaria_PR_24112025_vf.pdf`,
    published_at: "2025-11-24",
  },
  appointment: {
    source_key: "press_corporate__medincell",
    title:
      "Medincell Appoints Dr Grace Kim, Chief Strategy Officer, U.S. Finance, to Advance into Next Stage of US Capital Growth",
    url: `${MDC}/2025/11/MDC_G_KIM_10112025_EN_vf.pdf`,
    published_at: "2025-11-11",
  },
  index: {
    source_key: "press_corporate__medincell",
    title: "Medincell to Join MSCI World Small Cap Index, a Leading Global Benchmark",
    url: `${MDC}/2025/11/MDC_MSCI-Small-Index_10112025_EN_vf.pdf`,
    published_at: "2025-11-10",
  },
  growth: {
    source_key: "press_corporate__medincell",
    title:
      "UZEDY® continues strong growth; Teva setting the stage for US NDA Submission for Olanzapine LAI in Q4 2025",
    url: `${MDC}/2025/11/PR_MDC_Teva-earnings-Q3_2025_05112025_vf.pdf`,
    published_at: "2025-11-05",
  },
  approval: {
    source_key: "press_corporate__medincell",
    title:
      "FDA Approves Expanded Indication for UZEDY® (risperidone) Extended-Release Injectable Suspension as a Treatment for Adults Living with Bipolar I Disorder",
    url: `${MDC}/2025/10/MDC_UZEDY-BDI_EN_10102025_vf.pdf`,
    published_at: "2025-10-10",
  },
  conference: {
    source_key: "press_corporate__delsitech",
    title: "Partnership Opportunities in Drug Delivery 2025 Boston, October 27-28",
    url: "https://www.delsitech.com/partnership-opportunities-in-drug-delivery-2025-boston-october-27-28/",
    published_at: "2025-08-15",
  },
  offTopic: {
    source_key: "press_sector__fiercepharma",
    title: "Pfizer's oral extended-release antibiotic tablet wins FDA nod",
    content: "The once-daily extended-release tablet is taken by mouth for urinary tract infections.",
    url: "https://www.fiercepharma.com/pharma/pfizer-oral-er-antibiotic-tablet-fda",
    published_at: "2025-12-12",
  },
};
