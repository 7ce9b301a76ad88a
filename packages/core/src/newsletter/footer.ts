/**
 * The scope footer of an issue — what was read, what was set aside and why, how summaries were made — as plain
 * text lines both renderers print (and escape), and the operators' one-line LLM summary.
 */
import { describeWindowBasis } from "../ledger/issue-window.js";
import type { LlmUsageSummary, NewsletterDocument } from "./document.js";
import { formatLongDate } from "./format.js";

/** Plural-aware labels of the kinds of sources, for the scope footer. */
const ACTOR_LABELS: Record<string, [string, string]> = {
  press_corporate: ["corporate news page", "corporate news pages"],
  press_sector: ["sector press feed", "sector press feeds"],
  database: ["database", "databases"],
  unknown: ["other source", "other sources"],
};

/** `5 corporate news pages, 3 sector press feeds and 2 databases`. */
function describeSourcesRead(readByActor: Record<string, number>): string {
  const parts = Object.entries(readByActor)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => Object.keys(ACTOR_LABELS).indexOf(a) - Object.keys(ACTOR_LABELS).indexOf(b))
    .map(([actor, n]) => `${n} ${(ACTOR_LABELS[actor] ?? [actor, actor])[n === 1 ? 0 : 1]}`);
  if (parts.length === 0) return "no source";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

/** The lines of the scope footer, as plain text (the renderers escape them). */
export function scopeLines(doc: NewsletterDocument): string[] {
  const lines = [
    `Scope: ${describeSourcesRead(doc.scope.read_by_actor_type)} read, news published ${formatLongDate(doc.window.from)} – ${formatLongDate(doc.window.to)}.`,
    countsLine(doc.counts),
  ];
  const window = windowLines(doc);
  lines.splice(1, 0, ...window);
  const undated = doc.scope.sources.flatMap((s) =>
    (s.undated_entries ?? []).map((e) => `“${e.title}” (${s.name})`),
  );
  if (undated.length > 0) lines.push(`Undated, not used (${undated.length}): ${undated.join("; ")}.`);
  // Failed, and — when a run was cut short by its deadline — deferred (never started) or abandoned (in flight).
  const notRead = doc.scope.sources.filter((s) => s.status !== "ok");
  if (notRead.length === 0) lines.push("Every source was read successfully.");
  else
    lines.push(
      `Not read (${notRead.length}): ${notRead.map((s) => `${s.name} (${s.source_key}): ${s.reason ?? s.status}`).join("; ")}.`,
    );
  const toCheck = doc.scope.sources_to_check;
  if (toCheck.length > 0)
    lines.push(
      `Sources to check (${toCheck.length}): ${toCheck.map((s) => `${s.name} (${s.source_key}): ${s.message}`).join("; ")}.`,
    );
  lines.push(llmLine(doc));
  lines.push(`Config ${doc.config_version}; generated ${doc.generated_at}.`);
  return lines;
}

/**
 * Why the issue covers the days the scope line names (`Window: since the issue of 10 December 2025.`), and the
 * late arrivals it prints, if any. Nothing for an issue written before the ledger existed.
 */
function windowLines(doc: NewsletterDocument): string[] {
  if (!doc.window_basis) return [];
  const lines = [`Window: ${describeWindowBasis(doc.window_basis, formatLongDate)}.`];
  const late = doc.sections.flatMap((s) => s.items).filter((i) => i.late).length;
  const previous = "previous_as_of" in doc.window_basis ? doc.window_basis.previous_as_of : null;
  if (late > 0)
    lines.push(
      `Late arrivals (${late}): published before this window but first read after the ${previous ? `issue of ${formatLongDate(previous)}` : "previous issue"} (a source was down or late); printed once, marked late.`,
    );
  return lines;
}

/**
 * `12 of 45 items in the window selected (6 noise, …, 4 over the limits); 22 outside the window, 2 undated (not
 * used).` The parenthesis accounts for every item of the window; what ingest set aside (outside the window,
 * undated) is added after it, so no count hides another.
 */
function countsLine(counts: NewsletterDocument["counts"]): string {
  const inWindow = counts.input - counts.outside_window;
  const outside = counts.outside_window + counts.ingest_out_of_window;
  return (
    `${counts.kept} of ${inWindow} items in the window selected (${counts.noise} noise, ` +
    (counts.editor_drop > 0 ? `${counts.editor_drop} dropped by the editor, ` : "") +
    `${counts.not_lai} without an LAI signal, ` +
    `${counts.duplicates} ${counts.duplicates === 1 ? "duplicate" : "duplicates"}, ` +
    (counts.already_published > 0 ? `${counts.already_published} already in an earlier issue, ` : "") +
    `${counts.below_min_score} below the minimum score, ` +
    `${counts.not_selected} over the limits); ${outside} outside the window, ${counts.undated} undated (not used).`
  );
}

/**
 * The footer's LLM sentence. It counts the PRINTED items whose summary is the LLM's (`summary_by: "llm"`), not the
 * items enriched: a summary rejected by grounding leaves the rule summary, and the sentence must not claim it.
 * Fallbacks are named with their first reason (silent fallbacks were the earlier system's failure #3).
 */
function llmLine(doc: NewsletterDocument): string {
  const llm = doc.llm;
  if (!llm.enabled) return "Summaries are taken from the items' own sentences (no LLM).";
  const printed = doc.sections.flatMap((s) => s.items);
  const byLlm = printed.filter((i) => i.summary_by === "llm").length;
  const notes = [
    `${llm.calls} calls`,
    `${llm.input_tokens + llm.output_tokens} tokens`,
    `$${llm.cost_usd.toFixed(4)} of a $${llm.max_cost_usd.toFixed(2)} cap`,
  ];
  if (llm.fallbacks.length > 0)
    notes.push(`${llm.fallbacks.length} fell back to rules, first: ${llm.fallbacks[0]!.reason}`);
  if (llm.summaries_rejected > 0)
    notes.push(
      `${llm.summaries_rejected} ${llm.summaries_rejected === 1 ? "summary" : "summaries"} rejected as not grounded`,
    );
  if (llm.stopped_by_cost_cap) notes.push("stopped at the cost cap");
  const rest = byLlm === printed.length ? "" : ", the rest from the items' own sentences";
  return `Summaries: ${byLlm} of ${printed.length} printed by ${llm.model ?? "an LLM"} (${notes.join("; ")})${rest}.`;
}

/**
 * One line on the run's LLM use for operators (`vectora run`'s "LLM:" line): `7 items by <model>, $0.0123 of
 * $2.00; 2 fell back to rules (first: <item_id>: <reason>)`, or `off (rule summaries)`. Fallbacks are always
 * shown with the first reason: a silent fallback was the earlier system's failure #3.
 *
 * @example
 * ```ts
 * llmUsageLine(NO_LLM); // "off (rule summaries)"
 * ```
 */
export function llmUsageLine(llm: LlmUsageSummary): string {
  if (!llm.enabled) return "off (rule summaries)";
  const parts = [
    `${llm.items_enriched} items by ${llm.model ?? "an LLM"}, $${llm.cost_usd.toFixed(4)} of $${llm.max_cost_usd.toFixed(2)}`,
  ];
  const first = llm.fallbacks[0];
  parts.push(
    first
      ? `${llm.fallbacks.length} fell back to rules (first: ${first.item_id}: ${first.reason})`
      : "0 fell back to rules",
  );
  if (llm.borderline)
    parts.push(
      `asked to rule on ${llm.borderline.asked} of ${llm.borderline.band} borderline item(s): ${llm.borderline.keep} keep, ${llm.borderline.drop} drop`,
    );
  if (llm.summaries_rejected > 0) parts.push(`${llm.summaries_rejected} summaries rejected as not grounded`);
  if (llm.stopped_by_cost_cap) parts.push("stopped by the cost cap");
  return parts.join("; ");
}
