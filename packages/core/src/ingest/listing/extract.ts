/**
 * Generic listing extraction: a newsroom page's HTML and URL → its news entries (title, absolute URL, date),
 * without per-site selectors. Pure: no I/O, no clock, no locale; `discover` and `check` reuse it as is.
 *
 * 1. Every usable link (not social, legal, `mailto:`…) climbs to its entry block: the smallest ancestor that
 *    repeats among its siblings (`blocks.ts`).
 * 2. Blocks are grouped by structural path; each block yields a title, a link, a date and a teaser (`entry.ts`),
 *    or a date written beside it (`sibling-dates.ts`).
 * 3. Groups are scored (`score.ts`); the best one is the list, joined by other dated content groups that link
 *    into the same newsroom (a featured first entry in other markup).
 * 4. Furniture titles, duplicate links and — in a list whose entries carry dates — undated blocks (pinned
 *    notices) are dropped, each with its reason in the diagnostics.
 */
import { analysePage, type BlockGroup, type PageModel } from "./blocks.js";
import { dateFromUrl, type SlashOrder, slashOrderOf } from "./date-scan.js";
import { attr, contains, descendants, type Element, parentElement, parseDocument, textOf } from "./dom.js";
import { type BlockEntry, readBlock } from "./entry.js";
import { furnitureRegion, furnitureTextMatcher } from "./furniture.js";
import { documentBaseUrl, linkPattern } from "./links.js";
import { javascriptShellReason, notHtmlReason } from "./page-checks.js";
import { type GroupScore, MIN_GROUP_SCORE, scoreGroup } from "./score.js";
import { assignSiblingDates } from "./sibling-dates.js";

/** How an entry was read: by the generic extractor, a source's CSS selectors, or a feed. */
export type ExtractionMethod = "generic" | "selectors" | "feed";

/** One news entry of a listing page. */
export interface ListingEntry {
  title: string;
  /** Absolute. */
  url: string;
  /** `YYYY-MM-DD` as written on the page; absent when the entry carries no readable date. */
  published_at?: string;
  method: ExtractionMethod;
  /** Teaser text, possibly empty. */
  content: string;
  /** Where the date was read (see `BlockEntry`). */
  date_source?: "attribute" | "text" | "sibling" | "url";
}

export interface ListingOptions {
  /** Whole-title regular expressions of the source's own furniture (its `skip_titles`). */
  skipTitles?: readonly string[];
  /** Order of slashed `a/b/yyyy` dates when the page does not settle it (a source's `date_order`). */
  dateOrder?: SlashOrder;
}

/** A group as the diagnostics show it. */
export interface GroupSummary {
  signature: string;
  blocks: number;
  entries: number;
  dated: number;
  score: number;
  /** The furniture region its blocks sit in, if any (`nav`, `aside`, `div.sidebar`…). */
  region?: string;
}

export type DroppedReason = "furniture" | "no_link" | "duplicate" | "undated_in_dated_list";

export interface ListingDiagnostics {
  /** The URL relative links were resolved against (`<base href>` or the page URL). */
  base_url: string;
  date_order: { order: SlashOrder; reason: string };
  links: number;
  blocks_considered: number;
  groups_considered: number;
  chosen?: GroupSummary;
  /** Other groups whose entries joined the chosen one's. */
  joined: GroupSummary[];
  runner_up?: GroupSummary;
  /** Entries kept without a date (a list that shows no dates). */
  undated: number;
  /** Blocks of the chosen groups left out, with why. */
  dropped: { title?: string; url?: string; reason: DroppedReason }[];
  failure?: { code: "not_html" | "js_shell" | "no_entries"; message: string };
}

export interface ListingResult {
  entries: ListingEntry[];
  diagnostics: ListingDiagnostics;
}

interface Evaluated {
  group: BlockGroup;
  entries: BlockEntry[];
  score: GroupScore;
}

/** Extracts the news entries of a listing page. Never throws on page content; see `diagnostics.failure`. */
export function extractListing(html: string, url: string, options: ListingOptions = {}): ListingResult {
  const pageUrl = new URL(url);
  const notHtml = notHtmlReason(html);
  if (notHtml)
    return failed(
      { base_url: url, date_order: { order: "mdy", reason: "no page" } },
      { code: "not_html", message: notHtml },
    );

  const document = parseDocument(html);
  const baseUrl = documentBaseUrl(document, url);
  const model = analysePage(document, pageUrl, baseUrl, options.skipTitles ?? []);
  const htmlElement = descendants(document, true).find((e) => e.tagName === "html");
  const lang = htmlElement ? attr(htmlElement, "lang") : undefined;
  const dateOrder = slashOrderOf(textOf(model.body), lang, url, options.dateOrder);
  const isFurniture = furnitureTextMatcher(options.skipTitles ?? []);
  const bodyLength = model.textLength(model.body);
  const isMinor = (e: Element) => model.textLength(e) < bodyLength / 2;

  const evaluated: Evaluated[] = model.groups.map((group) => {
    const entries = group.blocks.map((block) =>
      readBlock(block, model.anchorsOf(block), { slash: dateOrder.order, isFurniture }),
    );
    assignSiblingDates(entries, model.body, dateOrder.order, model.textLength);
    for (const entry of entries) {
      const fromUrl = entry.published_at || !entry.url ? undefined : dateFromUrl(entry.url.href);
      if (fromUrl) {
        entry.published_at = fromUrl;
        entry.date_source = "url";
      }
    }
    const regions = group.blocks.map((block) => furnitureRegion(block, isMinor));
    return { group, entries, score: scoreGroup(entries, regions) };
  });
  demoteNestedGroups(evaluated);
  dropWrappers(evaluated);
  const ranked = [...evaluated].sort((a, b) => b.score.score - a.score.score);
  const base: Omit<ListingDiagnostics, "dropped" | "undated" | "joined"> = {
    base_url: baseUrl,
    date_order: dateOrder,
    links: model.anchors.length,
    blocks_considered: model.groups.reduce((n, g) => n + g.blocks.length, 0),
    groups_considered: model.groups.length,
  };
  const best = ranked[0];
  if (
    !best ||
    best.score.score < MIN_GROUP_SCORE ||
    (best.score.usable.length < 2 && best.score.dated === 0)
  ) {
    const shell = javascriptShellReason(document, model.body);
    const message =
      shell ??
      (best
        ? `no list of news entries found: ${model.anchors.length} links in ${evaluated.length} groups of blocks; the best, ${describe(best)}, scores ${best.score.score.toFixed(2)} (< ${MIN_GROUP_SCORE})`
        : `no list of news entries found: the page has no usable link`);
    return failed(
      { ...base, ...(best ? { runner_up: summary(best) } : {}) },
      { code: shell ? "js_shell" : "no_entries", message },
    );
  }

  const joined = ranked.filter((e) => e !== best && joins(e, best));
  const chosenEntries = [best, ...joined].flatMap((e) => e.entries);
  chosenEntries.sort((a, b) => (model.order.get(a.block) ?? 0) - (model.order.get(b.block) ?? 0));
  const { entries, dropped, undated } = finalEntries(chosenEntries, model.anchorsOf);
  const runnerUp = ranked.find((e) => e !== best && !joined.includes(e));
  return {
    entries,
    diagnostics: {
      ...base,
      chosen: summary(best),
      joined: joined.map(summary),
      ...(runnerUp ? { runner_up: summary(runnerUp) } : {}),
      undated,
      dropped,
    },
  };
}

/**
 * A group whose blocks all sit inside the blocks of another list (each release's attachments, tags or
 * sub-links) is that list's detail, not the list: its score is halved.
 */
function demoteNestedGroups(evaluated: Evaluated[]): void {
  const owner = new Map<Element, Evaluated>();
  for (const e of evaluated) if (e.score.usable.length >= 2) for (const b of e.group.blocks) owner.set(b, e);
  for (const e of evaluated) {
    // Inside blocks of another group, and spread over two of them at least (one outer block is a wrapper).
    const outerBlocks = new Set<Element>();
    const nested = e.group.blocks.every((block) => {
      for (let p = parentElement(block); p; p = parentElement(p)) {
        const o = owner.get(p);
        if (o && o !== e) {
          outerBlocks.add(p);
          return true;
        }
      }
      return false;
    });
    if (nested && outerBlocks.size >= 2) e.score.score /= 2;
  }
}

/**
 * A group whose blocks hold two or more blocks of a better group is made of wrappers (a page section a lone
 * link climbed to), not entries: its score drops to 0.
 */
function dropWrappers(evaluated: Evaluated[]): void {
  const ranked = [...evaluated].sort((a, b) => b.score.score - a.score.score);
  const rank = new Map(ranked.map((e, i) => [e, i]));
  const owner = new Map<Element, Evaluated>();
  for (const e of evaluated) for (const b of e.group.blocks) owner.set(b, e);
  for (const better of ranked) {
    if (better.score.score === 0) break;
    const held = new Map<Element, number>();
    for (const block of better.group.blocks)
      for (let p = parentElement(block); p; p = parentElement(p)) {
        const o = owner.get(p);
        if (o && o !== better && rank.get(o)! > rank.get(better)!) held.set(p, (held.get(p) ?? 0) + 1);
      }
    for (const [wrapper, count] of held) if (count >= 2) owner.get(wrapper)!.score.score = 0;
  }
}

/**
 * Another group joins the chosen list when it is content (no furniture region), mostly dated like the list,
 * reads as titles, and links into the same newsroom (same site section, or PDFs when the list links PDFs).
 */
function joins(candidate: Evaluated, best: Evaluated): boolean {
  const s = candidate.score;
  // A block around the list's blocks (a page wrapper a stray link climbed to) or inside one is not an entry.
  const nested = candidate.group.blocks.some((c) =>
    best.group.blocks.some((b) => contains(c, b) || contains(b, c)),
  );
  if (nested || s.usable.length === 0 || s.inFurniture > 0 || s.factors.titles < 0.6) return false;
  const bestDated = best.score.dated / Math.max(1, best.score.usable.length);
  if (bestDated < 0.5 || s.dated / s.usable.length < 0.5) return false;
  const patterns = new Set(best.score.usable.map((e) => linkPattern(e.url!)));
  return s.usable.some((e) => patterns.has(linkPattern(e.url!)));
}

/** The chosen blocks → entries, with furniture, link-less, duplicate and (in a dated list) undated ones dropped. */
function finalEntries(
  blocks: BlockEntry[],
  anchorsOf: PageModel["anchorsOf"],
): Pick<ListingResult, "entries"> & Pick<ListingDiagnostics, "dropped" | "undated"> {
  const dropped: ListingDiagnostics["dropped"] = [];
  const titled = blocks.filter((b) => {
    if (b.title && b.url) return true;
    // Name what was left out by the text a reader sees ("Download attachment") and where it pointed.
    const first = anchorsOf(b.block)[0];
    const title = b.title ?? first?.text;
    const url = b.url?.href ?? first?.url.href;
    dropped.push({
      ...(title ? { title } : {}),
      ...(url ? { url } : {}),
      reason: b.title ? "no_link" : "furniture",
    });
    return false;
  });
  const datedShare = titled.filter((b) => b.published_at).length / Math.max(1, titled.length);
  const seen = new Set<string>();
  const entries: ListingEntry[] = [];
  let undated = 0;
  for (const b of titled) {
    const url = b.url!.href;
    if (seen.has(url)) {
      dropped.push({ title: b.title!, url, reason: "duplicate" });
      continue;
    }
    // In a list whose entries carry dates, a block without one is a pinned notice or a promotion.
    if (!b.published_at && datedShare >= 0.5) {
      dropped.push({ title: b.title!, url, reason: "undated_in_dated_list" });
      continue;
    }
    seen.add(url);
    if (!b.published_at) undated++;
    entries.push({
      title: b.title!,
      url,
      ...(b.published_at ? { published_at: b.published_at } : {}),
      method: "generic",
      content: b.content,
      ...(b.date_source ? { date_source: b.date_source } : {}),
    });
  }
  return { entries, dropped, undated };
}

function summary(e: Evaluated): GroupSummary {
  return {
    signature: e.group.signature,
    blocks: e.group.blocks.length,
    entries: e.score.usable.length,
    dated: e.score.dated,
    score: Math.round(e.score.score * 100) / 100,
    ...(e.score.region ? { region: e.score.region } : {}),
  };
}

function describe(e: Evaluated): string {
  const s = summary(e);
  return `${s.signature} (${s.entries} ${s.entries === 1 ? "entry" : "entries"}, ${s.dated} dated${s.region ? `, in ${s.region}` : ""})`;
}

function failed(
  base: Pick<ListingDiagnostics, "base_url" | "date_order"> & Partial<ListingDiagnostics>,
  failure: NonNullable<ListingDiagnostics["failure"]>,
): ListingResult {
  return {
    entries: [],
    diagnostics: {
      links: 0,
      blocks_considered: 0,
      groups_considered: 0,
      joined: [],
      undated: 0,
      dropped: [],
      ...base,
      failure,
    },
  };
}
