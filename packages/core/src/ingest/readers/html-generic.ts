/** HTML listing pages without selectors → raw entries, read by the generic listing extractor. */
import type { HtmlSourceDef } from "../../config/schema.js";
import { extractListing } from "../listing/index.js";
import { type ReaderResult, SourceReadError } from "./types.js";

type GenericSource = Pick<HtmlSourceDef, "key" | "skip_titles" | "date_order">;

/**
 * Reads a listing page with the generic extractor. A page it cannot read (a JavaScript shell, no list of
 * entries, not HTML) is a {@link SourceReadError} with the extractor's reason; entries it left out that may be
 * news (undated in a dated list, without a link) are named in the warnings.
 */
export function parseGenericListing(html: string, source: GenericSource, pageUrl: string): ReaderResult {
  const { entries, diagnostics } = extractListing(html, pageUrl, {
    skipTitles: source.skip_titles,
    ...(source.date_order ? { dateOrder: source.date_order } : {}),
  });
  if (diagnostics.failure) throw new SourceReadError(source.key, diagnostics.failure.message);
  const warnings = diagnostics.dropped
    .filter((d) => d.reason === "undated_in_dated_list" || d.reason === "no_link")
    .map(
      (d) =>
        `left out (${d.reason === "no_link" ? "no link" : "no date in a dated list"}): "${d.title ?? ""}"${d.url ? ` ${d.url}` : ""}`,
    );
  return {
    entries: entries.map((e) => ({
      title: e.title,
      url: e.url,
      content: e.content,
      ...(e.published_at ? { published_at: e.published_at } : {}),
    })),
    found: entries.length + diagnostics.dropped.length,
    skipped: diagnostics.dropped.length,
    warnings,
    method: "generic",
  };
}
