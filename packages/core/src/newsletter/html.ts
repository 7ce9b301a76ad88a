/**
 * The HTML rendering of a {@link NewsletterDocument}: one self-contained, email-friendly page — table layout,
 * inline CSS only, no scripts, no external resources (images, fonts, stylesheets). Every piece of source text
 * is escaped; links are emitted only for http(s) URLs.
 */
import type { NewsletterDocument, NewsletterItem } from "./document.js";
import { scopeLines } from "./footer.js";
import { formatLongDate, LATE_LABEL, summaryAddsToTitle } from "./format.js";
import { alsoReported, whoLine } from "./markdown.js";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and (double-quoted) attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** The URL for an `href`, or `undefined` when it is not http(s) (a `javascript:` link never reaches the page). */
export function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? escapeHtml(url) : undefined;
}

/** The newsletter's font and colours, shared with the archive page so both look alike. */
export const FONT = "font-family:Arial,Helvetica,sans-serif;";
export const COLORS = {
  ink: "#1f2937",
  muted: "#6b7280",
  accent: "#0f766e",
  rule: "#e5e7eb",
  page: "#f3f4f6",
  band: "#0f3d3e",
  late: "#92400e",
  lateBg: "#fef3c7",
} as const;

export const LINK_STYLE = `color:${COLORS.accent};text-decoration:underline;`;

function link(label: string, url: string, style: string = LINK_STYLE): string {
  const href = safeHref(url);
  return href ? `<a href="${href}" style="${style}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function renderItem(item: NewsletterItem): string {
  const who = whoLine(item, (l) => `<strong>${escapeHtml(l)}</strong>`, escapeHtml);
  const others = alsoReported(item);
  const merged =
    others.length > 0
      ? `<p style="margin:6px 0 0;font-size:13px;color:${COLORS.muted};">Also reported: ${others.map(([label, url]) => link(label, url)).join("; ")}</p>`
      : "";
  return [
    `<tr><td style="padding:16px 28px;border-top:1px solid ${COLORS.rule};">`,
    `<h3 style="margin:0 0 4px;font-size:17px;line-height:1.35;color:${COLORS.ink};${FONT}">${link(item.title, item.url, `color:${COLORS.ink};text-decoration:none;`)}</h3>`,
    `<p style="margin:0 0 8px;font-size:13px;color:${COLORS.muted};">${escapeHtml(formatLongDate(item.published_at))} · ${escapeHtml(item.source_name)} · ${escapeHtml(item.event_label)}${item.late ? ` · <span style="padding:1px 6px;border-radius:3px;background:${COLORS.lateBg};color:${COLORS.late};font-weight:bold;">${LATE_LABEL}</span>` : ""}</p>`,
    summaryAddsToTitle(item)
      ? `<p style="margin:0 0 8px;font-size:15px;line-height:1.5;color:${COLORS.ink};">${escapeHtml(item.summary)}</p>`
      : "",
    who ? `<p style="margin:0 0 8px;font-size:13px;line-height:1.5;color:${COLORS.ink};">${who}</p>` : "",
    `<p style="margin:0;font-size:14px;">${link(`Read at ${item.source_name} →`, item.url)}</p>`,
    merged,
    "</td></tr>",
  ].join("\n");
}

/**
 * Renders the issue as one self-contained HTML page (inline CSS, no scripts, every source text escaped).
 *
 * @example
 * ```ts
 * await store.put(layout.newsletter("lai_weekly", "2025-12-17", "html"), renderHtml(doc));
 * ```
 */
export function renderHtml(doc: NewsletterDocument): string {
  const window = `News published ${formatLongDate(doc.window.from)} – ${formatLongDate(doc.window.to)}`;
  const body: string[] = [];
  if (doc.sections.length === 0)
    body.push(
      `<tr><td style="padding:20px 28px;font-size:15px;color:${COLORS.ink};">No LAI signal met the bar in this period.</td></tr>`,
    );
  for (const section of doc.sections) {
    body.push(
      `<tr><td style="padding:22px 28px 6px;"><h2 style="margin:0;font-size:13px;letter-spacing:1px;text-transform:uppercase;color:${COLORS.accent};${FONT}">${escapeHtml(section.title)}</h2></td></tr>`,
    );
    for (const item of section.items) body.push(renderItem(item));
  }
  const footer = scopeLines(doc)
    .map(
      (line) =>
        `<p style="margin:0 0 6px;font-size:12px;line-height:1.5;color:${COLORS.muted};">${escapeHtml(line)}</p>`,
    )
    .join("\n");
  const footerRow = `<tr><td style="padding:18px 28px;border-top:1px solid ${COLORS.rule};background:#fafafa;">
${footer}
</td></tr>`;
  return htmlPage(doc.title, window, [...body, footerRow]);
}

/**
 * The page every rendering shares (the newsletter, the archive): a band with the title and a subtitle, then the
 * given table rows, in one 640 px email-friendly table. `title` and `subtitle` are escaped here; rows are HTML.
 */
export function htmlPage(title: string, subtitle: string, rows: readonly string[]): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:${COLORS.page};${FONT}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${COLORS.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid ${COLORS.rule};${FONT}">
<tr><td style="padding:24px 28px;background:${COLORS.band};">
<h1 style="margin:0;font-size:22px;line-height:1.3;color:#ffffff;${FONT}">${escapeHtml(title)}</h1>
<p style="margin:6px 0 0;font-size:13px;color:#cde7e4;">${escapeHtml(subtitle)}</p>
</td></tr>
${rows.join("\n")}
</table>
</td></tr>
</table>
</body>
</html>
`;
}
