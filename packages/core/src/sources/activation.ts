/**
 * Turning a finding into the change that makes a catalog source active: which fields to set in its entry (and
 * which to drop: a candidate's status and reason, selectors when a page turns out to be read as a feed).
 */
import type { CatalogEntry } from "../config/schema.js";
import type { SourceFinding } from "./finding.js";

/** Fields only an `html` source has: dropped when a source becomes a feed. */
const HTML_ONLY = ["selectors", "date_formats", "date_order"];

/** The edit of an entry that activates it, or why the finding does not allow it. */
export type Activation = { fields: Record<string, unknown> } | { refused: string };

/**
 * The fields to set (`undefined` removes one) for `entry` to become active as `finding` found it. A finding
 * that is not `ok` refuses (a `weak` one is accepted with `force`): the entry is not touched.
 */
export function activationFields(entry: CatalogEntry, finding: SourceFinding, force = false): Activation {
  const acceptable = finding.verdict === "ok" || (force && finding.verdict === "weak");
  if (!acceptable)
    return {
      refused:
        finding.verdict === "weak"
          ? `only a weak listing (${finding.reason ?? "few or mostly undated entries"}): check it, then --force`
          : `${finding.verdict}: ${finding.reason ?? "no listing found"}`,
    };
  const fields: Record<string, unknown> = { status: undefined, reason: undefined };
  const found = finding.config_entry;
  if (found) {
    fields["kind"] = found["kind"];
    fields["url"] = found["url"];
    if (entry.kind === "html" && found["kind"] !== "html") for (const f of HTML_ONLY) fields[f] = undefined;
    if (!entry.homepage && found["homepage"]) fields["homepage"] = found["homepage"];
  }
  return { fields };
}
