/** The Markdown rendering of a {@link NewsletterDocument}: what the reviewer reads on Mondays. */
import {
  type EntityNames,
  formatLongDate,
  type NewsletterDocument,
  type NewsletterItem,
  scopeLines,
  summaryAddsToTitle,
} from "./document.js";

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

function renderItem(item: NewsletterItem): string[] {
  const lines = [
    `### ${escapeMarkdown(item.title)}`,
    "",
    `*${formatLongDate(item.published_at)} · ${escapeMarkdown(item.source_name)} · ${escapeMarkdown(item.event_label)}*`,
  ];
  if (summaryAddsToTitle(item)) lines.push("", escapeMarkdown(item.summary));
  const who = entityLine(item.entities, (l) => `**${l}**`, escapeMarkdown);
  if (who) lines.push("", who);
  lines.push("", `${markdownLink(`Read at ${item.source_name} →`, item.url)}`);
  if (item.merged_urls.length > 0)
    lines.push(
      "",
      `Also reported: ${item.merged_urls.map((u) => markdownLink(new URL(u).hostname, u)).join(", ")}`,
    );
  lines.push("");
  return lines;
}

/** Renders the issue as Markdown. Sections are never empty (the document schema forbids it). */
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
