/**
 * Evaluation of the engine's verdicts against an editor's labels (`vectora eval`): which LAI events it found,
 * which items it kept that are not LAI news, which events it kept twice, and — for every mistake — the engine's
 * decisive reason, so the editor sees *why* and the developer sees *where*.
 *
 * Vocabulary:
 * - a **label** says whether one item (by `id`, else by URL) should be kept, and which **event** it tells
 *   (`event_key`; items without one are their own event). Two items with one `event_key` are the same news told
 *   twice (a press release and a trade-press story): keeping either finds the event, keeping both is a duplicate;
 * - an event is **found** when any of its items is kept;
 * - a **false keep** is a kept item whose label says drop; the false-keep rate is over the items labelled drop;
 * - a **merged distinct event** is an item dropped as a duplicate of an item that tells another event (the
 *   de-duplication merged two different news).
 *
 * Pure: the caller runs the engine (triage) and passes its verdicts.
 */
import * as z from "zod";
import { type ConfigIssue, formatIssue } from "../config/issues.js";
import { validateFileValue } from "../config/validate-file.js";
import { canonicalUrl } from "../ingest/identity.js";

/** One editor label. `id` (an item id of the input) or `url` identifies the item. */
export const EvalLabel = z
  .object({
    id: z.string().min(1).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    keep: z.boolean(),
    /** Items that tell the same news share an event key; default: the item's own id or URL. */
    event_key: z.string().min(1).optional(),
    /** What kind of news or non-news it is (approval, trial_result, oral, hle_biologic, noise_hiring…). */
    kind: z.string().min(1).optional(),
    /** One line: why keep or drop. */
    reason: z.string().min(1).optional(),
  })
  .loose()
  .refine((label) => label.id !== undefined || label.url !== undefined, {
    message: "a label needs an id or a url",
  });
export type EvalLabel = z.output<typeof EvalLabel>;

/** A labels file: a JSON array of labels, or `{ "labels": [...] }`. */
export const EvalLabelsFile = z.union([z.array(EvalLabel), z.object({ labels: z.array(EvalLabel) }).loose()]);

/** What the evaluation needs from one engine verdict (a `vectora triage` output line). */
export interface EvalVerdict {
  /** The input line's `id`, when it had one. */
  id?: string;
  url: string;
  title?: string;
  keep: boolean;
  /** `reasons[0]` is decisive (`keep`, `no_lai_signal`, `duplicate_of:<url>`…). */
  reasons: string[];
}

/** One item in a report line: who it is and what the engine said. */
export interface EvalItemRef {
  id?: string;
  url: string;
  title?: string;
  /** The engine's decisive reason: `reasons[0]`, or for a kept item the evidence after `keep`. */
  decisive: string;
  reasons: string[];
  /** The label's one-line reason. */
  label_reason?: string;
  kind?: string;
}

export interface EvalMiss {
  event_key: string;
  kind?: string;
  items: EvalItemRef[];
}

export interface EvalReport {
  /** Verdicts evaluated (one per input item). */
  items: number;
  /** Items with a label. */
  labelled: number;
  /** Items no label names. */
  unlabelled: Array<{ id?: string; url: string }>;
  /** Labels that name no input item (a typo in a URL or id, or a stale label). */
  labels_without_item: Array<{ id?: string; url?: string }>;
  /** LAI events (events whose labels say keep). */
  keep_events: number;
  events_found: number;
  missed_events: EvalMiss[];
  /** Items labelled drop. */
  drop_items: number;
  false_keeps: EvalItemRef[];
  /** Events kept more than once. */
  duplicates_kept_twice: Array<{ event_key: string; items: EvalItemRef[] }>;
  /** Items dropped as duplicates of an item that tells another event. */
  merged_distinct_events: Array<{
    item: EvalItemRef;
    event_key: string;
    into_url: string;
    into_event_key: string;
  }>;
  /** Percentages, one decimal: events found of keep events, false keeps of drop items. */
  figures: { events_found_pct: number; false_keep_pct: number };
}

/** Parses a labels file's JSON text; throws an Error naming the file and the field of the first problems. */
export function parseEvalLabels(text: string, file: string): EvalLabel[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON: ${(error as Error).message}`);
  }
  // Parse by the shape given, so a bad label is reported at its path, not as "(root): Invalid input"; worded like
  // the config's problems (`expected boolean, got nothing (field is missing)`), by the config's own formatter.
  const schema = Array.isArray(json) ? z.array(EvalLabel) : z.object({ labels: z.array(EvalLabel) }).loose();
  const issues: ConfigIssue[] = [];
  const labels = validateFileValue(json, file, schema, issues);
  if (labels === undefined)
    throw new Error(
      issues
        .slice(0, 5)
        .map((i) => formatIssue({ ...i, path: i.path || "(root)" }))
        .join("\n"),
    );
  return Array.isArray(labels) ? labels : labels.labels;
}

function urlKey(url: string): string {
  try {
    return canonicalUrl(url);
  } catch {
    return url.trim();
  }
}

/** The decisive reason of a verdict: its first reason, or for a kept item the evidence after `keep`. */
export function decisiveReason(verdict: Pick<EvalVerdict, "keep" | "reasons">): string {
  const [first, ...rest] = verdict.reasons;
  if (!verdict.keep || first !== "keep") return first ?? "(no reason)";
  const evidence = rest.filter((r) => !r.startsWith("counter_signal:"));
  return `keep (${evidence.join(", ") || "no evidence recorded"})`;
}

/**
 * Evaluates verdicts against labels (see the top of this file). Throws when one event key is labelled both keep
 * and drop, since the figures would mean nothing.
 */
export function evaluateVerdicts(verdicts: readonly EvalVerdict[], labels: readonly EvalLabel[]): EvalReport {
  const byId = new Map<string, EvalLabel>();
  const byUrl = new Map<string, EvalLabel>();
  for (const label of labels) {
    if (label.id !== undefined) byId.set(label.id, label);
    if (label.url !== undefined) byUrl.set(urlKey(label.url), label);
  }
  const eventOf = (label: EvalLabel) => label.event_key ?? label.id ?? urlKey(label.url ?? "");
  const keepOfEvent = new Map<string, boolean>();
  for (const label of labels) {
    const event = eventOf(label);
    const known = keepOfEvent.get(event);
    if (known !== undefined && known !== label.keep)
      throw new Error(`event "${event}" is labelled both keep and drop`);
    keepOfEvent.set(event, label.keep);
  }

  const used = new Set<EvalLabel>();
  const labelOf = (v: EvalVerdict) =>
    (v.id !== undefined ? byId.get(v.id) : undefined) ?? byUrl.get(urlKey(v.url));
  const ref = (v: EvalVerdict, label: EvalLabel | undefined): EvalItemRef => ({
    ...(v.id !== undefined ? { id: v.id } : {}),
    url: v.url,
    ...(v.title !== undefined ? { title: v.title } : {}),
    decisive: decisiveReason(v),
    reasons: v.reasons,
    ...(label?.reason !== undefined ? { label_reason: label.reason } : {}),
    ...(label?.kind !== undefined ? { kind: label.kind } : {}),
  });

  const report: EvalReport = {
    items: verdicts.length,
    labelled: 0,
    unlabelled: [],
    labels_without_item: [],
    keep_events: 0,
    events_found: 0,
    missed_events: [],
    drop_items: 0,
    false_keeps: [],
    duplicates_kept_twice: [],
    merged_distinct_events: [],
    figures: { events_found_pct: 0, false_keep_pct: 0 },
  };
  const eventItems = new Map<string, Array<{ verdict: EvalVerdict; label: EvalLabel }>>();
  const eventByUrl = new Map<string, string>();
  for (const verdict of verdicts) {
    const label = labelOf(verdict);
    if (!label) {
      report.unlabelled.push({ ...(verdict.id !== undefined ? { id: verdict.id } : {}), url: verdict.url });
      continue;
    }
    used.add(label);
    report.labelled++;
    const event = eventOf(label);
    eventByUrl.set(urlKey(verdict.url), event);
    const list = eventItems.get(event) ?? [];
    list.push({ verdict, label });
    eventItems.set(event, list);
    if (!label.keep) {
      report.drop_items++;
      if (verdict.keep) report.false_keeps.push(ref(verdict, label));
    }
  }
  for (const label of labels)
    if (!used.has(label))
      report.labels_without_item.push({
        ...(label.id !== undefined ? { id: label.id } : {}),
        ...(label.url !== undefined ? { url: label.url } : {}),
      });

  for (const [event, entries] of eventItems) {
    if (!keepOfEvent.get(event)) continue;
    report.keep_events++;
    const kept = entries.filter((e) => e.verdict.keep);
    if (kept.length > 0) report.events_found++;
    else
      report.missed_events.push({
        event_key: event,
        ...(entries[0]?.label.kind !== undefined ? { kind: entries[0].label.kind } : {}),
        items: entries.map((e) => ref(e.verdict, e.label)),
      });
    if (kept.length > 1)
      report.duplicates_kept_twice.push({
        event_key: event,
        items: kept.map((e) => ref(e.verdict, e.label)),
      });
  }

  for (const [event, entries] of eventItems)
    for (const { verdict, label } of entries) {
      const into = verdict.reasons.find((r) => r.startsWith("duplicate_of:"))?.slice("duplicate_of:".length);
      if (into === undefined) continue;
      const intoEvent = eventByUrl.get(urlKey(into));
      if (intoEvent !== undefined && intoEvent !== event)
        report.merged_distinct_events.push({
          item: ref(verdict, label),
          event_key: event,
          into_url: into,
          into_event_key: intoEvent,
        });
    }

  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
  report.figures = {
    events_found_pct: pct(report.events_found, report.keep_events),
    false_keep_pct: pct(report.false_keeps.length, report.drop_items),
  };
  return report;
}
