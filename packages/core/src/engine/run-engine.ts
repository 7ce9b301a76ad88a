/**
 * The engine: from normalized items to the sections of one newsletter issue, with a recorded reason for every
 * item kept or dropped. Pure and deterministic — same input, same output, no clock, no I/O.
 *
 * Steps, in order (the first failing step gives an item its decisive reason, `reasons[0]`):
 * 1. window      — published outside the window → `outside_window`; a late arrival (dated before the
 *                  window, first read after the previous issue: the caller names them) is judged as if inside it
 *                  and marked `late`;
 * 2. relevance   — noise (`noise:<category>`), `no_lai_signal`, `counter_signal:<word>` (see relevance.ts);
 * 3. score       — event type weight + signal bonuses, × recency (see score.ts); a late arrival's age runs to the
 *                  end of the window it belonged to (the previous issue's as-of), not to this as-of;
 * 4. duplicates  — an item an earlier issue of the client printed (same id or canonical URL, or merged into a
 *                  printed item), or a near-duplicate of one under the same rules → `published_in:<as_of>`,
 *                  `published_as:<item_id>` (then `merged_by:<rule>` for a near-duplicate): never printed twice;
 *                  near-duplicates of a better item (the primary source first) → `duplicate_of:<item_id>`,
 *                  then `merged_by:same_url|same_title|same_event` (see dedup.ts);
 * 5. min_score   — intrinsic score (weight + bonuses, before recency) below the client's `min_score` →
 *                  `below_min_score`. Age already decides the window; inside it, recency only ranks. Must-keep
 *                  items (step 6) are exempt, and so are items the ruling keeps whatever their score: an LAI
 *                  subject (title or lead) with an event type of `relevance.keep_event_types`, or an explicit
 *                  one — a months-long interval, an injection and a known LAI molecule — in a news item
 *                  (relevance.ts);
 * 6. sections    — filled in ascending priority, each up to `max_items`, all together up to `max_items_total`;
 *                  a `"*"` section takes what earlier sections left. Items the author's rulings always keep
 *                  (`ruling:<code>`, see rulings.ts) are placed first, in every section and against the total
 *                  limit; the other items fill what is left. Items that find no room → `section_full:<id>`
 *                  / `total_limit`; items no section takes → `no_section`. Kept items → `section:<id>`.
 * Empty sections are dropped from the result, never printed.
 *
 * The total limit is what keeps lower-priority news (e.g. a core player's commercial update) for short issues
 * only: in a busy week the higher-priority sections use up `max_items_total` first.
 */
import type { ClientWatch, SectionDef } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { type DedupOptions, findDuplicates } from "./dedup.js";
import { bestFirst, dedupCandidate, platformNamesOf, publisherCompany } from "./dedup-candidate.js";
import {
  type PrintedBefore,
  type PublishedItem,
  printedBeforeLookup,
  publishedCandidates,
  publishedWinner,
} from "./published.js";
import { decideRelevance, isRulingKeep, type RelevanceDecision } from "./relevance.js";
import { mustKeepRulings, rulingBonuses } from "./rulings.js";
import { type ScoreBreakdown, scoreItem } from "./score.js";
import { fillSections } from "./sections.js";
import { type DateWindow, dayNumber, isInWindow, isoDay, windowFor } from "./window.js";

// Where they always were for importers: the de-duplication inputs now live in dedup-candidate.ts.
export { bestFirst, dedupCandidate, platformNamesOf, publisherCompany } from "./dedup-candidate.js";

/** What the engine decided about one item, and why. */
export interface EngineDecision {
  item_id: string;
  url: string;
  title: string;
  source_key: string;
  source_type: NormalizedItem["source_type"];
  published_at: string;
  event_type: string;
  /** LAI news for this client (before duplicates, min_score and limits). */
  relevant: boolean;
  /** In the newsletter. */
  kept: boolean;
  /** Section id when kept. */
  section: string | null;
  /** A late arrival: dated before the window, first read after the previous issue. */
  late: boolean;
  score: number;
  score_breakdown: ScoreBreakdown;
  /** Reason codes; `reasons[0]` is the decisive one (`section:<id>` for kept items). */
  reasons: string[];
  /** The item this one was merged into. */
  duplicate_of: string | null;
  /** URLs of the near-duplicates merged into this item. */
  merged_urls: string[];
}

export interface EngineSectionItem {
  item: NormalizedItem;
  decision: EngineDecision;
}

export interface EngineSection {
  id: string;
  title: string;
  sort_by: SectionDef["sort_by"];
  /** Never empty. */
  items: EngineSectionItem[];
}

export interface EngineCounts {
  input: number;
  outside_window: number;
  noise: number;
  /** Ruled out by the editor's feedback (`feedback/<client>.yaml`, `editor:drop`): a ruling, not a missing signal. */
  editor_drop: number;
  not_lai: number;
  duplicates: number;
  /** Printed by an earlier issue (or a near-duplicate of an item that was). */
  already_published: number;
  below_min_score: number;
  not_selected: number;
  kept: number;
}

export interface EngineResult {
  as_of: string;
  period_days: number;
  window: DateWindow;
  min_score: number;
  max_items_total: number;
  /** Non-empty sections, in priority order. */
  sections: EngineSection[];
  /** One decision per input item, in input order. */
  decisions: EngineDecision[];
  counts: EngineCounts;
}

export interface RunEngineInput {
  items: readonly NormalizedItem[];
  watch: ClientWatch;
  /** Last day of the issue, `YYYY-MM-DD`. */
  asOf: string;
  /** Days covered; defaults to the client's `period_days`. Ignored when `window` is given. */
  periodDays?: number;
  /** The window (from the ledger, see `ledger/issue-window.ts`); default: `periodDays` ending on `asOf`. */
  window?: DateWindow;
  /** Ids of late arrivals: dated before the window but first read after the previous issue (step 1). */
  late?: ReadonlySet<string>;
  /** What earlier issues of the client printed (step 4): never printed again, nor any near-duplicate of it. */
  published?: readonly PublishedItem[];
  dedup?: DedupOptions;
}

/** Relevance and score of one item, without window, duplicates or limits (shared by the engine and triage). */
export interface ItemAssessment {
  relevance: RelevanceDecision;
  score: ScoreBreakdown;
}

/** Decides relevance and scores one item; `asOf` omitted scores without recency (undated triage input). */
export function assessItem(
  item: NormalizedItem,
  watch: ClientWatch,
  options: { asOf?: string } = {},
): ItemAssessment {
  const relevance = decideRelevance(item, watch);
  const score = scoreItem(item, watch, {
    role: relevance.role,
    ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
  });
  return { relevance, score };
}

/** Runs the engine over one client's items. See the steps at the top of this file. */
export function runEngine(input: RunEngineInput): EngineResult {
  const { watch, asOf } = input;
  const client = watch.client;
  const window = input.window ?? windowFor(asOf, input.periodDays ?? client.period_days);
  const periodDays = dayNumber(window.to) - dayNumber(window.from) + 1;

  // Steps 1–3: window, relevance and score of each item; the rulings that make an item a must-keep.
  const { decisions, mustKeep, scoreExempt } = decideItems(
    input.items,
    watch,
    asOf,
    window,
    input.late ?? new Set(),
  );
  const counts = countSetAside(decisions);

  // Steps 4–5: duplicates among the relevant items (best first), then the minimum score.
  const candidates = setAsideDuplicatesAndWeak(input, decisions, { mustKeep, scoreExempt }, counts);

  // Step 6: the sections.
  const sections = fillSections(candidates, client.sections, client.max_items_total, mustKeep);
  for (const section of sections)
    for (const { decision } of section.items) {
      decision.kept = true;
      decision.section = section.id;
      decision.reasons.unshift(`section:${section.id}`);
      counts.kept++;
    }
  counts.not_selected = candidates.length - counts.kept;

  return {
    as_of: asOf,
    period_days: periodDays,
    window,
    min_score: client.min_score,
    max_items_total: client.max_items_total,
    sections,
    decisions,
    counts,
  };
}

/** One decision per item (window, relevance, score with the rulings' bonuses), and the must-keep item ids. */
function decideItems(
  items: readonly NormalizedItem[],
  watch: ClientWatch,
  asOf: string,
  window: DateWindow,
  late: ReadonlySet<string>,
): { decisions: EngineDecision[]; mustKeep: Set<string>; scoreExempt: Set<string> } {
  const mustKeep = new Set<string>();
  // LAI news by the ruling (an LAI subject with a kept event type): exempt from min_score, not placed first.
  const scoreExempt = new Set<string>();
  // A late arrival belonged to the previous issue's window: its age runs to the end of that window (the previous
  // issue's as-of, the day before this window), so lateness itself — a source that was down — costs it nothing.
  const lateAsOf = isoDay(dayNumber(window.from) - 1);
  const decisions: EngineDecision[] = items.map((item) => {
    const isLate = late.has(item.item_id) && !isInWindow(item.published_at, window);
    const inWindow = isLate || isInWindow(item.published_at, window);
    const scoredAsOf = isLate ? lateAsOf : asOf;
    const assessed = assessItem(item, watch, { asOf: scoredAsOf });
    const { relevance } = assessed;
    const rulings = relevance.relevant
      ? mustKeepRulings(item, relevance.role, relevance.editor === "keep")
      : [];
    if (isRulingKeep(relevance, item.event_type, watch)) scoreExempt.add(item.item_id);
    // A ruling weighs: its bonus ranks an NDA above a label update (see rulings.ts).
    const score =
      rulings.length === 0
        ? assessed.score
        : scoreItem(item, watch, {
            role: relevance.role,
            asOf: scoredAsOf,
            extraBonuses: rulingBonuses(rulings),
          });
    if (inWindow && rulings.length > 0) mustKeep.add(item.item_id);
    const reasons = inWindow
      ? [...rulings, ...relevance.reasons]
      : ["outside_window", ...rulings, ...relevance.reasons];
    if (isLate) reasons.push("late_arrival");
    return {
      item_id: item.item_id,
      url: item.url,
      title: item.title,
      source_key: item.source_key,
      source_type: item.source_type,
      published_at: item.published_at,
      event_type: item.event_type,
      relevant: inWindow && relevance.relevant,
      kept: false,
      section: null,
      late: isLate,
      score: score.total,
      score_breakdown: score,
      reasons,
      duplicate_of: null,
      merged_urls: [],
    };
  });
  return { decisions, mustKeep, scoreExempt };
}

/** The counts of steps 1–2 (outside the window, noise, editor drops, no LAI signal); the later steps add theirs. */
function countSetAside(decisions: readonly EngineDecision[]): EngineCounts {
  const counts: EngineCounts = {
    input: decisions.length,
    outside_window: 0,
    noise: 0,
    editor_drop: 0,
    not_lai: 0,
    duplicates: 0,
    already_published: 0,
    below_min_score: 0,
    not_selected: 0,
    kept: 0,
  };
  for (const d of decisions) {
    if (d.reasons[0] === "outside_window") counts.outside_window++;
    else if (d.reasons[0]?.startsWith("noise:")) counts.noise++;
    else if (d.reasons[0] === "editor:drop") counts.editor_drop++;
    else if (!d.relevant) counts.not_lai++;
  }
  return counts;
}

/**
 * Marks the relevant items that earlier issues printed (or near-duplicates of them, see published.ts), that are
 * near-duplicates of a better one (merging their URLs into it) or below the client's minimum score, and resolves
 * the rest — the section candidates — best first.
 */
function setAsideDuplicatesAndWeak(
  input: RunEngineInput,
  decisions: EngineDecision[],
  exempt: { mustKeep: ReadonlySet<string>; scoreExempt: ReadonlySet<string> },
  counts: EngineCounts,
): EngineSectionItem[] {
  const { mustKeep, scoreExempt } = exempt;
  const { watch } = input;
  const published = input.published ?? [];
  const printedBefore = printedBeforeLookup(published);
  const setAsidePrinted = (d: EngineDecision, before: PrintedBefore, ...more: string[]) => {
    d.reasons.unshift(`published_in:${before.as_of}`, `published_as:${before.item_id}`, ...more);
    counts.already_published++;
  };
  const relevant = input.items
    .map((item, i) => ({ item, decision: decisions[i]! }))
    .filter((e) => e.decision.relevant);
  relevant.sort((a, b) =>
    bestFirst(
      { score: a.decision.score_breakdown, item: a.item },
      { score: b.decision.score_breakdown, item: b.item },
    ),
  );
  // The very item an earlier issue printed: set aside before comparing anything.
  const fresh = relevant.filter((e) => {
    const before = printedBefore(e.item);
    if (before) setAsidePrinted(e.decision, before);
    return before === undefined;
  });
  const dedup = findDuplicates(
    [
      ...publishedCandidates(published),
      ...fresh.map((e) =>
        dedupCandidate(e.item, e.item.published_at, publisherCompany(e.item, watch), platformNamesOf(watch)),
      ),
    ],
    input.dedup,
  );
  const candidates: EngineSectionItem[] = [];
  for (const entry of fresh) {
    const d = entry.decision;
    const winner = dedup.duplicateOf.get(d.item_id);
    const rule = dedup.matchedBy.get(d.item_id) ?? "same_title";
    const before = publishedWinner(winner, published);
    d.merged_urls = dedup.mergedUrls.get(d.item_id) ?? [];
    if (before) setAsidePrinted(d, before, `merged_by:${rule}`);
    else if (winner !== undefined) {
      d.duplicate_of = winner;
      d.reasons.unshift(`duplicate_of:${winner}`, `merged_by:${rule}`);
      counts.duplicates++;
    } else if (
      d.score_breakdown.intrinsic < watch.client.min_score &&
      !mustKeep.has(d.item_id) &&
      !scoreExempt.has(d.item_id)
    ) {
      d.reasons.unshift("below_min_score");
      counts.below_min_score++;
    } else candidates.push(entry);
  }
  return candidates;
}
