/** The Markdown rendering of a {@link NewsletterDocument}: what the reviewer reads on Mondays. */
import type { EntityNames, NewsletterDocument, NewsletterItem } from "./document.js";
import { scopeLines } from "./footer.js";
import { formatLongDate, LATE_LABEL, publisherToShow, summaryAddsToTitle } from "./format.js";

/**
 * Escapes text from sources for Markdown: backslash before the characters that would start emphasis, links,
 * code, headings or raw HTML, so a title like `<script>` or `*NEW*` prints as written.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_[\]<>|~]/g, "\\$&")
    .replace(/^([#+-]|\d+(?=[.)]))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/** `<https://…>` when the URL is http(s), else the escaped text (never a clickable foreign scheme). */
function markdownLink(label: string, url: string): string {
  return /^https?:\/\//i.test(url)
    ? `[${escapeMarkdown(label)}](${url.replace(/[()\s]/g, encodeURIComponent)})`
    : escapeMarkdown(url);
}

/** `**Who:** Nanexa, Moderna · **Technology:** PharmaShell`, or nothing when no entity was found. */
export function entityLine(
  entities: EntityNames,
  bold: (label: string) => string,
  escapeText: (text: string) => string,
): string {
  const parts: string[] = [];
  const add = (label: string, names: string[]) => {
    if (names.length > 0) parts.push(`${bold(label)} ${names.map(escapeText).join(", ")}`);
  };
  add("Who:", entities.companies);
  add("Products:", entities.trademarks);
  add("Molecules:", entities.molecules);
  add("Technology:", entities.technologies);
  add("Indications:", entities.indications);
  return parts.join(" · ");
}

/**
 * `**From:** Camurus · **Products:** Oclaiz …`: the entity line, led by the publishing company when the text never
 * names it (see {@link publisherToShow}); empty when there is nothing to say.
 */
export function whoLine(
  item: Pick<NewsletterItem, "publisher" | "entities">,
  bold: (label: string) => string,
  escapeText: (text: string) => string,
): string {
  const from = publisherToShow(item);
  const entities = entityLine(item.entities, bold, escapeText);
  return [from ? `${bold("From:")} ${escapeText(from)}` : "", entities].filter(Boolean).join(" · ");
}

/**
 * The other reports of an item's news, as (label, url): `FiercePharma, 9 December 2025` for each merged
 * near-duplicate, the bare host only for a merged URL the document has no source for.
 */
export function alsoReported(
  item: Pick<NewsletterItem, "merged_urls" | "also_reported">,
): Array<[string, string]> {
  const known = item.also_reported.map((r): [string, string] => [
    `${r.source_name}, ${formatLongDate(r.published_at)}`,
    r.url,
  ]);
  const unknown = item.merged_urls
    .filter((u) => !item.also_reported.some((r) => r.url === u))
    .map((u): [string, string] => [new URL(u).hostname, u]);
  return [...known, ...unknown];
}

function renderItem(item: NewsletterItem): string[] {
  const lines = [
    `### ${escapeMarkdown(item.title)}`,
    "",
    `*${formatLongDate(item.published_at)} · ${escapeMarkdown(item.source_name)} · ${escapeMarkdown(item.event_label)}${item.late ? ` · ${LATE_LABEL}` : ""}*`,
  ];
  if (summaryAddsToTitle(item)) lines.push("", escapeMarkdown(item.summary));
  const who = whoLine(item, (l) => `**${l}**`, escapeMarkdown);
  if (who) lines.push("", who);
  lines.push("", `${markdownLink(`Read at ${item.source_name} →`, item.url)}`);
  const others = alsoReported(item);
  if (others.length > 0)
    lines.push("", `Also reported: ${others.map(([label, url]) => markdownLink(label, url)).join("; ")}`);
  lines.push("");
  return lines;
}

/**
 * Renders the issue as Markdown. Sections are never empty (the document schema forbids it).
 *
 * @example
 * ```ts
 * renderMarkdown(NewsletterDocument.parse(JSON.parse(json))); // "# LAI Weekly — 17 December 2025\n…"
 * ```
 */
export function renderMarkdown(doc: NewsletterDocument): string {
  const lines = [
    `# ${escapeMarkdown(doc.title)}`,
    "",
    `*News published ${formatLongDate(doc.window.from)} – ${formatLongDate(doc.window.to)}*`,
    "",
  ];
  if (doc.sections.length === 0) lines.push("No LAI signal met the bar in this period.", "");
  for (const section of doc.sections) {
    lines.push(`## ${escapeMarkdown(section.title)}`, "");
    for (const item of section.items) lines.push(...renderItem(item));
  }
  lines.push("---", "", ...scopeLines(doc).map((l) => `${escapeMarkdown(l)}  `), "");
  return lines.join("\n");
}
