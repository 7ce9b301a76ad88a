/**
 * Expectations on the generic listing extractor, in the shape its tests write them: one `[date, title, url]` row
 * per entry, in page order.
 */
import { expect } from "vitest";
import { extractListing, type ListingResult } from "../../src/ingest/listing/index.js";

/** An entry as the tests expect it: its date (`null` when it has none), its title and its absolute URL. */
export type ListingRow = [date: string | null, title: string, url: string];

/** The entries of `result` as `[date, title, url]` rows, in page order. */
export function rows(result: ListingResult): ListingRow[] {
  return result.entries.map((e) => [e.published_at ?? null, e.title, e.url]);
}

/**
 * Extracts `html` as the page at `url` and expects exactly the `expected` rows; returns the result for the test's
 * further checks.
 */
export function expectRows(html: string, url: string, expected: ListingRow[]): ListingResult {
  const result = extractListing(html, url);
  expect(rows(result)).toEqual(expected);
  return result;
}
