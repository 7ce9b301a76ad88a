/**
 * The three files of an issue as readers see them: the JSON is written last, and the Markdown, HTML and JSON
 * carry one `generation` (a hash of the JSON text) in their metadata, so a reader trusts an issue only when all
 * three are of the JSON's generation — never a new Markdown next to last run's JSON.
 */
import { createHash } from "node:crypto";
import { layout } from "../domain/layout.js";
import type { BlobStore } from "../ports/blob-store.js";

/** The generation of an issue: the first 16 hex digits of the SHA-256 of its JSON text. */
export function newsletterGeneration(jsonText: string): string {
  return createHash("sha256").update(jsonText).digest("hex").slice(0, 16);
}

/** A complete issue, or why it is not (missing, being written, cut by a crash). */
export type NewsletterFiles =
  | { complete: true; generation: string; md: string; html: string; json: string }
  | { complete: false; reason: string };

/**
 * Reads an issue's three files and returns them only if they are one generation: the JSON's `generation` and
 * hash agree, and the Markdown and HTML carry the same `generation`. Files written before generations existed
 * (no metadata) are accepted when all three lack it.
 *
 * @example
 * ```ts
 * const issue = await readNewsletterFiles(newsletters, "lai_weekly", "2025-12-17");
 * if (issue.complete) publish(issue.html); else console.warn(issue.reason);
 * ```
 */
export async function readNewsletterFiles(
  store: BlobStore,
  clientId: string,
  targetDate: string,
): Promise<NewsletterFiles> {
  const key = (ext: "md" | "html" | "json") => layout.newsletter(clientId, targetDate, ext);
  const [jsonInfo, mdInfo, htmlInfo] = await Promise.all([
    store.head(key("json")),
    store.head(key("md")),
    store.head(key("html")),
  ]);
  if (!jsonInfo) return { complete: false, reason: `${store.location}/${key("json")} does not exist (yet)` };
  const [json, md, html] = await Promise.all([
    store.getText(key("json")),
    store.getText(key("md")),
    store.getText(key("html")),
  ]);
  if (json === undefined) return { complete: false, reason: `${store.location}/${key("json")} vanished` };
  const generation = jsonInfo.metadata?.["generation"];
  if (generation !== undefined && generation !== newsletterGeneration(json))
    return { complete: false, reason: `${key("json")} does not match its generation ${generation}` };
  for (const [ext, info, text] of [
    ["md", mdInfo, md],
    ["html", htmlInfo, html],
  ] as const) {
    if (!info || text === undefined) return { complete: false, reason: `${key(ext)} is missing` };
    const other = info.metadata?.["generation"];
    if (other !== generation)
      return {
        complete: false,
        reason: `${key(ext)} is of generation ${other ?? "(none)"}, the JSON of ${generation ?? "(none)"}: the issue is being written, or its writer stopped`,
      };
  }
  return { complete: true, generation: generation ?? "", md: md!, html: html!, json };
}
