/**
 * Rule normalization: a {@link RawItem} becomes a {@link NormalizedItem} — clean text, entities with evidence
 * spans, an event type, LAI signal features and a summary taken from the item's own sentences.
 * Deterministic and offline: the same item and config always give the same result.
 */
import type { ClientWatch, SourceDef } from "../config/schema.js";
import type { RawItem } from "../domain/items.js";
import type { EvidenceSpan, LaiSignals, NormalizedItem } from "../domain/normalized.js";
import { cleanContent, cleanText } from "./clean-text.js";
import { type CompanyRole, type CompiledWatch, compileWatch, type Hit, toEntities } from "./matcher.js";
import { assessSubject } from "./subject.js";
import { ruleSummary } from "./summary.js";

/** Separator between title and content in {@link NormalizedItem.text}. */
export const TITLE_SEPARATOR = "\n\n";

/** The event type given when no configured pattern matches. */
export const FALLBACK_EVENT_TYPE = "other";

/** Noise category for items whose title is only scraper furniture (`Download attachment`) and that have no content. */
export const EMPTY_ITEM_NOISE = "empty";

const ROLE_STRENGTH: Record<CompanyRole | "none", number> = {
  core_pure_player: 4,
  pure_player: 3,
  hybrid: 2,
  other: 1,
  none: 0,
};

/**
 * Normalizes one item against a client's watch. `source` is the item's source definition; when omitted it is
 * looked up in `watch.sources` by `raw.source_key` (it tells which company a corporate source speaks for).
 */
export function normalizeItem(raw: RawItem, watch: ClientWatch, source?: SourceDef): NormalizedItem {
  const compiled = compileWatch(watch);
  const cleanedTitle = cleanText(raw.title);
  // A title that is only furniture ("Download attachment") cleans to nothing: keep the words as published.
  const title = cleanedTitle || raw.title.replace(/\s+/g, " ").trim() || raw.title;
  const content = cleanContent(raw.content, title);
  const text = title + TITLE_SEPARATOR + content;
  const contentOffset = title.length + TITLE_SEPARATOR.length;

  const companyHits = compiled.companies.scan(text);
  const technologyHits = compiled.technologies.scan(text);
  const trademarkHits = compiled.trademarks.scan(text);
  const moleculeHits = compiled.molecules.scan(text);
  const contextHits = compiled.injectableContext.scan(text);
  const counterHits = compiled.counterSignals.scan(text);
  const entities = {
    companies: toEntities(companyHits),
    molecules: toEntities(moleculeHits),
    technologies: toEntities(technologyHits),
    trademarks: toEntities(trademarkHits),
    indications: toEntities(compiled.indications.scan(text)),
  };

  const event = detectEventType(compiled, title, content, contentOffset);
  const signals = laiSignals(compiled, text, {
    companyHits,
    technologyHits,
    hasMolecule: entities.molecules.length > 0,
    hasTrademark: entities.trademarks.length > 0,
    sourceCompanyRole: sourceCompanyRole(compiled, source ?? compiled.sources.get(raw.source_key)),
    contextHits,
    counterHits,
  });
  signals.subject = assessSubject(
    compiled,
    text,
    title.length,
    contentOffset,
    {
      trademarks: trademarkHits,
      molecules: moleculeHits,
      technologies: technologyHits,
      injectableContext: contextHits,
      counterSignals: counterHits,
    },
    watch.client.relevance?.subject_sentences,
  );
  signals.noise = noiseCategories(compiled, title);
  // A noise-flagged event type (hiring, conference…) decided by the title is noise too.
  if (
    event.evidence &&
    event.evidence.end <= title.length &&
    compiled.noiseEventTypes.has(event.id) &&
    !signals.noise.includes(event.id)
  )
    signals.noise.push(event.id);
  if (!cleanedTitle && !content) signals.noise.push(EMPTY_ITEM_NOISE);

  const item: NormalizedItem = {
    ...raw,
    title,
    content,
    text,
    entities,
    event_type: event.id,
    signals,
    summary: ruleSummary(title, content),
    enrichment: { by: "rules" },
  };
  if (event.evidence) item.event_evidence = event.evidence;
  return item;
}

/** A per-item failure of {@link normalizeItems}: the item is left out and reported, the batch goes on. */
export interface NormalizeFailure {
  item_id: string;
  source_key: string;
  message: string;
}

export interface NormalizeBatch {
  items: NormalizedItem[];
  failures: NormalizeFailure[];
}

/**
 * Normalizes a batch. Sources are looked up in `watch.sources` (pass `sources` to add or override). An item
 * that throws is reported in `failures` with its id and source; it never stops the batch.
 */
export function normalizeItems(
  raws: readonly RawItem[],
  watch: ClientWatch,
  sources?: readonly SourceDef[],
): NormalizeBatch {
  const byKey = new Map((sources ?? []).map((s) => [s.key, s]));
  const batch: NormalizeBatch = { items: [], failures: [] };
  for (const raw of raws) {
    try {
      batch.items.push(normalizeItem(raw, watch, byKey.get(raw.source_key)));
    } catch (error) {
      batch.failures.push({
        item_id: raw.item_id,
        source_key: raw.source_key,
        message: (error as Error).message,
      });
    }
  }
  return batch;
}

/**
 * The event type: the configured types are tried in order against the TITLE first, then against the content;
 * the first match wins. The title says what an item is about; a teaser may mention a partnership in passing
 * ("Nanexa publishes interim report… extended an existing commercial partnership").
 */
export function detectEventType(
  compiled: CompiledWatch,
  title: string,
  content: string,
  contentOffset: number,
): { id: string; evidence?: EvidenceSpan } {
  for (const [part, offset] of [
    [title, 0],
    [content, contentOffset],
  ] as const) {
    for (const type of compiled.eventTypes) {
      const m = type.regex.exec(part);
      if (m && m[0].length > 0)
        return {
          id: type.def.id,
          evidence: { start: offset + m.index, end: offset + m.index + m[0].length, matched: m[0] },
        };
    }
  }
  return { id: FALLBACK_EVENT_TYPE };
}

/**
 * Noise categories whose regexes match the TITLE. Content is deliberately not searched: real deal releases
 * routinely mention conferences, results or appointments in their body, while the title of a hiring post,
 * an interim report, a conference notice or an index inclusion always says so.
 */
export function noiseCategories(compiled: CompiledWatch, title: string): string[] {
  return compiled.noise.filter((n) => n.regex.test(title)).map((n) => n.id);
}

function sourceCompanyRole(compiled: CompiledWatch, source: SourceDef | undefined): CompanyRole | undefined {
  return source?.company ? compiled.companies.lookup(source.company)?.role : undefined;
}

/**
 * A counter-signal cancels an injectable-context word when it qualifies the same noun phrase: adjacent or one
 * word apart, with no punctuation or conjunction between ("extended-release tablet", "oral extended-release").
 * "injection, unlike oral tablets" and "oral and injectable forms" keep their context.
 */
function cancels(text: string, context: Hit, counter: Hit): boolean {
  const gap =
    counter.start >= context.end
      ? text.slice(context.end, counter.start)
      : text.slice(counter.end, context.start);
  if (counter.start < context.end && counter.end > context.start) return true;
  if (/[,.;:()[\]!?/]/.test(gap)) return false;
  const gapWords = gap.trim() ? gap.trim().split(/\s+/) : [];
  return gapWords.length <= 1 && !gapWords.some((w) => /^(?:and|or|vs|versus|nor|but)$/i.test(w));
}

interface SignalInputs {
  companyHits: Hit[];
  technologyHits: Hit[];
  hasMolecule: boolean;
  hasTrademark: boolean;
  sourceCompanyRole: CompanyRole | undefined;
  /** Hits already scanned by the caller (scanned here when omitted). */
  contextHits?: Hit[];
  counterHits?: Hit[];
}

/**
 * The LAI signal features. An injectable context exists when the item has a core LAI phrase, or an
 * injectable-context word not cancelled by an adjacent counter-signal (see {@link cancels}). Molecules and
 * broad technology terms only count inside such a context. The company behind a corporate source counts for
 * `company_role` even when the text does not name it.
 */
export function laiSignals(compiled: CompiledWatch, text: string, inputs: SignalInputs): LaiSignals {
  // A half-life-extension platform (class `hle`) is no LAI signal: it marks the neighbouring class (subject.ts).
  const technology = (kind: string) =>
    inputs.technologyHits.some((h) => h.target.technology === kind && h.target.platformClass !== "hle");
  const counterHits = inputs.counterHits ?? compiled.counterSignals.scan(text);
  const contextHits = inputs.contextHits ?? compiled.injectableContext.scan(text);
  const corePhrase = technology("core_phrase");
  const injectableContext =
    corePhrase || contextHits.some((ctx) => !counterHits.some((counter) => cancels(text, ctx, counter)));

  let role: CompanyRole | "none" = inputs.sourceCompanyRole ?? "none";
  for (const hit of inputs.companyHits) {
    const r = hit.target.role ?? "other";
    if (ROLE_STRENGTH[r] > ROLE_STRENGTH[role]) role = r;
  }

  const counterSignals: string[] = [];
  const seen = new Set<string>();
  for (const hit of counterHits) {
    const key = hit.matched.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      counterSignals.push(hit.matched);
    }
  }

  return {
    core_phrase: corePhrase,
    platform: technology("platform"),
    trademark: inputs.hasTrademark,
    molecule_in_context: inputs.hasMolecule && injectableContext,
    broad_technology_in_context: technology("broad_term") && injectableContext,
    company_role: role,
    counter_signals: counterSignals,
    noise: [],
  };
}

/**
 * The rule gate before any expensive step (LLM enrichment, and the engine's shortlist): an item passes when it
 * is not noise AND it has an LAI signal (core phrase, platform, trademark, molecule in an injectable context,
 * broad technology in an injectable context) OR comes from / names a pure player (core or not). A hybrid or a
 * sector-press item without an LAI signal does not pass. Counter-signals do not block here: they are weighed
 * by the engine's scoring.
 */
export function passesRuleGate(item: Pick<NormalizedItem, "signals">): boolean {
  const s = item.signals;
  if (s.noise.length > 0) return false;
  const laiSignal =
    s.core_phrase || s.platform || s.trademark || s.molecule_in_context || s.broad_technology_in_context;
  return laiSignal || s.company_role === "core_pure_player" || s.company_role === "pure_player";
}
