/** Generic listing extraction: a newsroom page → its news entries, without per-site selectors. */

export {
  type DateHit,
  firstDate,
  isDatePhrase,
  type SlashOrder,
  scanDates,
  slashOrderOf,
} from "./date-scan.js";
export {
  type DroppedReason,
  type ExtractionMethod,
  extractListing,
  type GroupSummary,
  type ListingDiagnostics,
  type ListingEntry,
  type ListingOptions,
  type ListingResult,
} from "./extract.js";
