/**
 * The archive page of a client (`<client>/index.html` in the newsletters store, see `layout.archive`): every issue
 * of its ledger, newest first, with the days it covers and why, its items per section, and a RELATIVE link to its
 * HTML (`2025/12/17/newsletter.html`) so the page works from a directory and from S3 alike. Self-contained like
 * the newsletter — same look, inline CSS, no scripts, every text escaped.
 */
import { layout } from "../domain/layout.js";
import type { LedgerEntry } from "../ledger/entry.js";
import { describeWindowBasis } from "../ledger/issue-window.js";
import { formatLongDate } from "./format.js";
import { COLORS, escapeHtml, FONT, htmlPage, LINK_STYLE } from "./html.js";

/** A store key as a link relative to the key `from` lives at; `undefined` for a key that is not a plain path. */
function relativeHref(from: string, to: string): string | undefined {
  if (!/^[A-Za-z0-9_\-./]+$/.test(to) || to.split("/").some((p) => p === ".." || p === "")) return undefined;
  const base = from.split("/").slice(0, -1);
  const target = to.split("/");
  let shared = 0;
  while (shared < base.length && shared < target.length - 1 && base[shared] === target[shared]) shared++;
  return [...base.slice(shared).map(() => ".."), ...target.slice(shared)].join("/");
}

function issueRow(entry: LedgerEntry, archiveKey: string): string {
  const date = formatLongDate(entry.as_of);
  const href = relativeHref(archiveKey, entry.newsletter.html);
  const title = href
    ? `<a href="${escapeHtml(href)}" style="color:${COLORS.ink};text-decoration:none;">${escapeHtml(date)}</a>`
    : escapeHtml(date);
  const items = entry.sections.reduce((n, s) => n + s.items, 0);
  const late = entry.items.filter((i) => i.late).length;
  const perSection = entry.sections.map((s) => `${escapeHtml(s.title)} ${s.items}`).join(" · ");
  const notes = [
    `${items} ${items === 1 ? "item" : "items"}${perSection ? `: ${perSection}` : ""}`,
    ...(late > 0 ? [`${late} late ${late === 1 ? "arrival" : "arrivals"}`] : []),
    entry.delivery ? `sent ${escapeHtml(formatLongDate(entry.delivery.sent_at))}` : "not sent yet",
  ];
  return [
    `<tr><td style="padding:14px 28px;border-top:1px solid ${COLORS.rule};">`,
    `<h3 style="margin:0 0 4px;font-size:17px;line-height:1.35;color:${COLORS.ink};${FONT}">${title}</h3>`,
    `<p style="margin:0 0 4px;font-size:13px;color:${COLORS.muted};">News of ${escapeHtml(formatLongDate(entry.window.from))} – ${escapeHtml(formatLongDate(entry.window.to))}: ${escapeHtml(describeWindowBasis(entry.window_basis, formatLongDate))}</p>`,
    `<p style="margin:0;font-size:14px;color:${COLORS.ink};">${notes.join(" · ")}</p>`,
    href
      ? `<p style="margin:4px 0 0;font-size:14px;"><a href="${escapeHtml(href)}" style="${LINK_STYLE}">Read the issue →</a></p>`
      : "",
    "</td></tr>",
  ].join("\n");
}

/**
 * Renders a client's archive page from its ledger entries (any order; printed newest first).
 *
 * @example
 * ```ts
 * const { entries } = await readLedger(dataStore, "lai_weekly");
 * await newsletters.put(layout.archive("lai_weekly"), renderArchive({ id: "lai_weekly", name }, entries));
 * ```
 */
export function renderArchive(client: { id: string; name: string }, entries: readonly LedgerEntry[]): string {
  const archiveKey = layout.archive(client.id);
  const newestFirst = [...entries].sort((a, b) => (a.as_of < b.as_of ? 1 : a.as_of > b.as_of ? -1 : 0));
  const title = `${client.name} — all issues`;
  const body =
    newestFirst.length === 0
      ? `<tr><td style="padding:20px 28px;font-size:15px;color:${COLORS.ink};">No issue yet.</td></tr>`
      : newestFirst.map((e) => issueRow(e, archiveKey)).join("\n");
  const count = `${newestFirst.length} ${newestFirst.length === 1 ? "issue" : "issues"}, newest first`;
  return htmlPage(title, count, [body]);
}
