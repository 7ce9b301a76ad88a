/** Formatting helpers the renderers share: long dates, whether a summary adds to its title, the "From:" company. */
import type { NewsletterItem } from "./document.js";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** How a late arrival is marked next to its date (the footer says what it means). */
export const LATE_LABEL = "late arrival";

/** `2025-12-10` (or a timestamp, taken in UTC) → `10 December 2025`; anything unparsable is returned as is. */
export function formatLongDate(dateOrDateTime: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(dateOrDateTime)
    ? Date.parse(`${dateOrDateTime}T00:00:00Z`)
    : Date.parse(dateOrDateTime);
  if (Number.isNaN(ms)) return dateOrDateTime;
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * True when an item's summary says more than its title. Listing pages often give only a title (a PDF link):
 * the renderers then print the title once instead of repeating it as the summary.
 */
export function summaryAddsToTitle(item: Pick<NewsletterItem, "title" | "summary">): boolean {
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
  const summary = words(item.summary);
  return summary.length > 0 && summary !== words(item.title);
}

/**
 * The company to print as "From:" for an item of a company's own page whose text never names the company (a
 * Camurus release that names only Oclaiz); `undefined` when there is none or "Who:" already names it.
 */
export function publisherToShow(item: Pick<NewsletterItem, "publisher" | "entities">): string | undefined {
  const publisher = item.publisher;
  if (!publisher) return undefined;
  const named = item.entities.companies.some((c) => c.toLowerCase() === publisher.toLowerCase());
  return named ? undefined : publisher;
}
