/**
 * From a normalized item to what de-duplication compares (dedup.ts): the candidate with its companies (and the
 * publisher behind a corporate page), products, summary and subject (title and lead entities), and the order in
 * which candidates are offered (primary sources first).
 */
import type { ClientWatch } from "../config/schema.js";
import type { NormalizedItem } from "../domain/normalized.js";
import type { DedupCandidate } from "./dedup.js";
import type { ScoreBreakdown } from "./score.js";
import { compareStrings } from "./sections.js";

/**
 * Best-first order for de-duplication: the primary source first (a company's own release before the sector
 * article or database record retelling it: it is the original, with the company's own wording and link), then
 * intrinsic score (without recency, so a re-post a day later does not beat the original), then richer text, then
 * the earlier publication (the original), then id.
 */
export function bestFirst(
  a: { score: ScoreBreakdown; item: NormalizedItem },
  b: { score: ScoreBreakdown; item: NormalizedItem },
): number {
  return (
    primaryRank(a.item) - primaryRank(b.item) ||
    b.score.intrinsic - a.score.intrinsic ||
    b.item.content.length - a.item.content.length ||
    compareStrings(a.item.published_at, b.item.published_at) ||
    compareStrings(a.item.item_id, b.item.item_id)
  );
}

/** The company behind a corporate source (from the source catalog), `undefined` for other sources. */
export function publisherCompany(item: NormalizedItem, watch: ClientWatch): string | undefined {
  if (item.source_type !== "press_corporate") return undefined;
  const listed = watch.sources.find((s) => s.key === item.source_key)?.company;
  if (listed) return listed;
  // A page outside the catalog names its company in its key, by the operators' convention
  // (`press_corporate__halcyon`): the name the trade press will use for it too.
  const slug = /^press_corporate__([a-z0-9_]+)$/.exec(item.source_key)?.[1];
  return slug ? slug.replace(/_/g, " ") : undefined;
}

/** 0 for a primary (corporate) source, 1 for everything that retells news. */
function primaryRank(item: NormalizedItem): number {
  return item.source_type === "press_corporate" ? 0 : 1;
}

/**
 * The input de-duplication needs from a normalized item. `publisher` is the company behind a corporate source
 * (Camurus for Camurus's page): its releases often name only the product, yet the company is a party to the news.
 */
export function dedupCandidate(
  item: NormalizedItem,
  publishedAt: string | undefined = item.published_at,
  publisher?: string,
  platformNames?: ReadonlySet<string>,
): DedupCandidate {
  const companies = item.entities.companies.map((c) => c.name);
  // The publisher is a party unless a company entity already names it ("titan" from the source key is
  // "Titan Pharmaceuticals" in the text).
  const namesPublisher = (name: string, publisherName: string) =>
    ` ${name.toLowerCase()} `.includes(` ${publisherName.toLowerCase()} `);
  if (publisher && !companies.some((c) => namesPublisher(c, publisher))) companies.push(publisher);
  // The subject: entities named in the title, and in the lead sentences (where the item says what it is about),
  // outside the stretches set aside there (a comparator, a combination partner, a competitor).
  const titleEnd = item.title.length;
  const subjectEnd = item.signals.subject?.subject_end ?? titleEnd;
  const aside = item.signals.subject?.aside_spans ?? [];
  const setAside = (at: number) => aside.some(([from, to]) => at >= from && at < to);
  type Named = ReadonlyArray<{ name: string; evidence: ReadonlyArray<{ start: number }> }>;
  const within = (list: Named, from: number, to: number) =>
    list
      .filter((e) =>
        e.evidence.some((span) => span.start >= from && span.start < to && !setAside(span.start)),
      )
      .map((e) => e.name);
  const names = (from: number, to: number) => ({
    trademarks: within(item.entities.trademarks, from, to),
    molecules: within(item.entities.molecules, from, to),
    indications: within(item.entities.indications, from, to),
  });
  const parties = within(item.entities.companies, 0, subjectEnd);
  if (publisher && !parties.some((c) => namesPublisher(c, publisher))) parties.push(publisher);
  return {
    id: item.item_id,
    title: item.title,
    url: item.url,
    canonicalUrl: item.canonical_url,
    publishedAt,
    companies,
    eventType: item.event_type,
    products: [...item.entities.trademarks, ...item.entities.molecules].map((e) => e.name),
    summary: item.summary,
    ...(publisher ? { publisher } : {}),
    subject: {
      title: names(0, titleEnd),
      lead: names(titleEnd, subjectEnd),
      companies: parties,
      platforms: item.entities.technologies.map((t) => t.name).filter((n) => platformNames?.has(n) ?? false),
    },
  };
}

/** The names of a watch's LAI platforms (de-duplication compares them). */
export function platformNamesOf(watch: ClientWatch): ReadonlySet<string> {
  return new Set(watch.technologies.platforms.map((p) => p.name));
}
