/**
 * Step 6 of the engine (see run-engine.ts): filling the newsletter's sections from the candidates, must-keep
 * items first, within each section's and the limits, and recording why a candidate found no room.
 */
import type { SectionDef } from "../config/schema.js";
import type { EngineSection, EngineSectionItem } from "./run-engine.js";
import { dayNumber } from "./window.js";

/** True when a section takes items of this event type by name (not through `"*"`). */
function takesByName(section: SectionDef, eventType: string): boolean {
  return section.event_types.includes(eventType);
}

/**
 * Fills sections by ascending priority (config order breaks ties), in two passes: the must-keep items first
 * (every section, then the total limit, sees them before anything else), then the others in what room is left.
 * Within a section, must-keep items are listed first, then the section's `sort_by` order. In a section sorted by
 * score, must-keep items rank among themselves by weight (intrinsic score with the ruling bonuses, see rulings.ts):
 * all of them are in the window and printed, so what happened orders them, not a few days of recency. Records why each
 * unselected candidate found no room (`section_full:<id>`, `total_limit`, `no_section`) on its decision. Returns
 * only non-empty sections.
 */
export function fillSections(
  candidates: EngineSectionItem[],
  sectionDefs: readonly SectionDef[],
  maxTotal: number,
  mustKeep: ReadonlySet<string>,
): EngineSection[] {
  const ordered = sectionDefs
    .map((def, index) => ({ def, index }))
    .sort((a, b) => a.def.priority - b.def.priority || a.index - b.index);
  const taken = new Set<string>();
  const misses = new Map<string, string[]>();
  const miss = (id: string, code: string) => {
    const list = misses.get(id) ?? [];
    if (!list.includes(code)) list.push(code);
    misses.set(id, list);
  };
  const filled = ordered.map(
    ({ def }): EngineSection => ({ id: def.id, title: def.title, sort_by: def.sort_by, items: [] }),
  );
  let total = 0;
  const passes = [
    candidates.filter((c) => mustKeep.has(c.decision.item_id)),
    candidates.filter((c) => !mustKeep.has(c.decision.item_id)),
  ];
  for (const tier of passes) {
    ordered.forEach(({ def }, s) => {
      const section = filled[s]!;
      const wildcard = def.event_types.includes("*");
      const pool = tier.filter(
        (c) => !taken.has(c.decision.item_id) && (wildcard || takesByName(def, c.item.event_type)),
      );
      pool.sort(def.sort_by === "date" ? byDate : tier === passes[0] ? byWeight : byScore);
      for (const entry of pool) {
        // A full section is the nearer cause: report it even when the total limit is reached too.
        if (section.items.length >= def.max_items) miss(entry.decision.item_id, `section_full:${def.id}`);
        else if (total >= maxTotal) miss(entry.decision.item_id, "total_limit");
        else {
          section.items.push(entry);
          taken.add(entry.decision.item_id);
          total++;
        }
      }
    });
  }
  for (const section of filled) {
    const def = ordered.find((o) => o.def.id === section.id)!.def;
    const tierOf = (e: EngineSectionItem) => (mustKeep.has(e.decision.item_id) ? 0 : 1);
    const order = (a: EngineSectionItem, b: EngineSectionItem) =>
      def.sort_by === "date" ? byDate(a, b) : tierOf(a) === 0 ? byWeight(a, b) : byScore(a, b);
    section.items.sort((a, b) => tierOf(a) - tierOf(b) || order(a, b));
  }
  for (const { decision } of candidates) {
    if (taken.has(decision.item_id)) continue;
    decision.reasons.unshift(...(misses.get(decision.item_id) ?? ["no_section"]));
  }
  return filled.filter((section) => section.items.length > 0);
}

function byScore(a: EngineSectionItem, b: EngineSectionItem): number {
  return (
    b.decision.score - a.decision.score ||
    byDateOnly(a, b) ||
    compareStrings(a.decision.item_id, b.decision.item_id)
  );
}

/** Must-keep items of a score-sorted section: heaviest news first (intrinsic score, rulings included), then score. */
function byWeight(a: EngineSectionItem, b: EngineSectionItem): number {
  return b.decision.score_breakdown.intrinsic - a.decision.score_breakdown.intrinsic || byScore(a, b);
}

function byDate(a: EngineSectionItem, b: EngineSectionItem): number {
  return (
    byDateOnly(a, b) ||
    b.decision.score - a.decision.score ||
    compareStrings(a.decision.item_id, b.decision.item_id)
  );
}

/** Newest first. */
function byDateOnly(a: EngineSectionItem, b: EngineSectionItem): number {
  return (
    dayNumber(b.item.published_at) - dayNumber(a.item.published_at) ||
    compareStrings(b.item.published_at, a.item.published_at)
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
