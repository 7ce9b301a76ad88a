/** The reader registry: one reader per source kind. */
import type { SourceDef } from "../../config/schema.js";
import { clinicalTrialsReader } from "./clinicaltrials.js";
import { htmlReader } from "./html.js";
import { pubmedReader } from "./pubmed.js";
import { rssReader } from "./rss.js";
import type { ReaderContext, ReaderResult } from "./types.js";

export { parseStudies } from "./clinicaltrials.js";
export { parseListing } from "./html.js";
export { parsePubmedArticles } from "./pubmed.js";
export { parseFeed } from "./rss.js";
export type { RawEntry, ReaderContext, ReaderResult } from "./types.js";
export { SourceReadError } from "./types.js";

/** Reads one source with the reader of its kind. */
export async function readSource(source: SourceDef, context: ReaderContext): Promise<ReaderResult> {
  switch (source.kind) {
    case "rss":
      return rssReader.read(source, context);
    case "html":
      return htmlReader.read(source, context);
    case "pubmed":
      return pubmedReader.read(source, context);
    case "clinicaltrials":
      return clinicalTrialsReader.read(source, context);
  }
}
