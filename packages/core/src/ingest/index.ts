/** Ingest: source readers, identity, dates, the run report and reading a run's output back. */
export { classifyEntries } from "./classify-entries.js";
export { parseDate } from "./dates.js";
export { canonicalUrl, contentHashOf, itemIdFor } from "./identity.js";
export {
  type ExtractionMethod,
  extractListing,
  type ListingDiagnostics,
  type ListingEntry,
  type ListingOptions,
  type ListingResult,
} from "./listing/index.js";
export { type IngestedLineProblem, type ReadIngestedResult, readIngestedItems } from "./read-ingested.js";
export {
  parseFeed,
  parseListing,
  parsePubmedArticles,
  parseStudies,
  type RawEntry,
  type ReaderContext,
  type ReaderResult,
  readSource,
  SourceReadError,
} from "./readers/index.js";
export { COUNTERS, type Counter, IngestReport, SourceReport, UndatedEntry } from "./report.js";
