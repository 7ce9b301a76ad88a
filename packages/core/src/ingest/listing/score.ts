/**
 * How much a group of blocks looks like a page's list of news entries. The score multiplies independent
 * factors, each 0–1 except size: repetition, share of dated entries, title-like texts, plausible link targets,
 * distinct links, and a penalty for page furniture (nav, header, footer, sidebar, cookie banner).
 */
import type { BlockEntry } from "./entry.js";
import { wordCount } from "./entry.js";
import { LINK_PLAUSIBILITY } from "./links.js";

/** A group's entries and its score, with the factors that made it (shown by `vectora sources extract`). */
export interface GroupScore {
  score: number;
  /** Entries with a title and a link. */
  usable: BlockEntry[];
  dated: number;
  /** Blocks inside a furniture region, and the first region's name. */
  inFurniture: number;
  region?: string;
  factors: { size: number; dates: number; titles: number; links: number; region: number; distinct: number };
}

/** A group below this is not a news list (2 dated entries with good titles score 2; a nav menu ≈ 0.01). */
export const MIN_GROUP_SCORE = 0.5;

/** Scores one group from its read entries and the furniture region of each block (`undefined` = content). */
export function scoreGroup(
  entries: readonly BlockEntry[],
  regions: readonly (string | undefined)[],
): GroupScore {
  const usable = entries.filter((e) => e.title && e.url && e.anchor);
  const inFurniture = regions.filter(Boolean).length;
  const region = regions.find(Boolean);
  const m = usable.length;
  const dated = usable.filter((e) => e.published_at).length;
  if (m === 0)
    return {
      score: 0,
      usable,
      dated,
      inFurniture,
      ...(region ? { region } : {}),
      factors: { size: 0, dates: 0, titles: 0, links: 0, region: 0, distinct: 0 },
    };
  const factors = {
    size: m === 1 ? 0.4 : Math.min(1 + Math.log2(m), 6),
    dates: 0.25 + 0.75 * (dated / m),
    titles: titleFactor(median(usable.map((e) => wordCount(e.title!)))),
    links: Math.max(0.05, mean(usable.map((e) => LINK_PLAUSIBILITY[e.anchor!.kind]))),
    region: 1 - 0.95 * (inFurniture / Math.max(1, entries.length)),
    distinct: new Set(usable.map((e) => e.url!.href)).size / m,
  };
  const score = Object.values(factors).reduce((a, b) => a * b, 1);
  return { score, usable, dated, inFurniture, ...(region ? { region } : {}), factors };
}

/** News titles run 4–40 words; menus and tags 1–2. */
function titleFactor(words: number): number {
  if (words <= 1) return 0.05;
  if (words < 3) return 0.25;
  if (words < 4) return 0.6;
  return words <= 40 ? 1 : 0.4;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
