/**
 * Entity matching against a client's watch lists. One {@link CompiledWatch} is built per {@link ClientWatch}
 * (and cached), holding one alternation regex per vocabulary; a text is scanned once per vocabulary and each
 * hit is mapped back to its canonical config entry through a normalized lookup key.
 *
 * Spelling tolerance, decided once here so every vocabulary behaves the same:
 * - case-insensitive; ®, ™ and © ignored (`PharmaShell®` = `PharmaShell`);
 * - a space or hyphen in a config name matches a space, a hyphen/dash, or nothing (`extended-release` =
 *   `extended release` = `extendedrelease`), and so does a lower→upper case change (`PharmaShell` = `Pharma Shell`);
 * - straight and curly apostrophes are the same;
 * - whole words only: a match may not touch a letter or digit on either side (`LAI` never matches inside
 *   `LAIR`, `Teva` not inside `Tevard`); a possessive (`Medincell's`, `Medincell’s`) still matches `Medincell`.
 */
import type {
  ClientWatch,
  EntityEntry,
  EventTypeDef,
  MoleculeEntry,
  NonLaiClass,
  NonLaiEntry,
  PlatformEntry,
  SourceDef,
} from "../config/schema.js";
import type { EntityMatch, EvidenceSpan } from "../domain/normalized.js";

export type CompanyRole = NonNullable<EntityMatch["role"]>;
export type TechnologyClass = "core_phrase" | "platform" | "broad_term";

/** What a vocabulary hit resolves to. */
export interface Target {
  /** Canonical config name. */
  name: string;
  role?: CompanyRole;
  technology?: TechnologyClass;
  /** For a near miss (non_lai.yaml): why it is not LAI. */
  nonLaiClass?: NonLaiClass;
  /** For a molecule: `lai` when every marketed form is long-acting, `mixed` when it has non-LAI forms too. */
  forms?: "lai" | "mixed";
  /** For a platform: `lai`, or `hle` for a half-life-extension platform (LAPSCOVERY, XTEN…). */
  platformClass?: "lai" | "hle";
}

/** One occurrence in a text. */
export interface Hit extends EvidenceSpan {
  target: Target;
}

/** A vocabulary compiled into a single regex plus the lookup from normalized spelling to canonical entry. */
export class Vocabulary {
  private readonly regex: RegExp | undefined;
  private readonly byKey: Map<string, Target>;

  constructor(
    readonly label: string,
    entries: readonly { variant: string; target: Target }[],
  ) {
    this.byKey = new Map();
    const patterns = new Map<string, { pattern: string; variant: string }>();
    for (const { variant, target } of entries) {
      const key = matchKey(variant);
      if (key.length === 0) continue;
      // The first entry wins a spelling shared by two entries: configs list the stronger role first.
      if (!this.byKey.has(key)) this.byKey.set(key, target);
      const pattern = variantPattern(variant);
      // Case variants ("UZEDY", "Uzedy") compile to the same case-insensitive alternative: keep one.
      const dedupeKey = pattern.toLowerCase();
      if (!patterns.has(dedupeKey)) patterns.set(dedupeKey, { pattern, variant });
    }
    // Longest first, so "long-acting injectable" wins over "long-acting" at the same position.
    const alternatives = [...patterns.values()]
      .sort((a, b) => b.variant.length - a.variant.length)
      .map((p) => p.pattern);
    this.regex =
      alternatives.length === 0
        ? undefined
        : new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?![\\p{L}\\p{N}])`, "giu");
  }

  /** Every non-overlapping occurrence in `text`, left to right. */
  scan(text: string): Hit[] {
    const hits: Hit[] = [];
    if (!this.regex) return hits;
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(text); m !== null; m = this.regex.exec(text)) {
      const matched = m[0];
      const target = this.byKey.get(matchKey(matched));
      if (target && matched.length > 0)
        hits.push({ start: m.index, end: m.index + matched.length, matched, target });
    }
    return hits;
  }

  /** The canonical entry for a spelling, if the vocabulary knows it. */
  lookup(spelling: string): Target | undefined {
    return this.byKey.get(matchKey(spelling));
  }
}

/** Separator characters a config space/hyphen may stand for in the text (plus trademark signs). */
const SEPARATOR_CLASS = "[\\s\\u00ad\\u2010-\\u2015-]";
const SEPARATOR = `[®™©]?${SEPARATOR_CLASS}*`;

/** The normalized form two spellings must share to be the same entry: lower case, no marks, separators or curly quotes. */
export function matchKey(spelling: string): string {
  return spelling
    .normalize("NFC")
    .toLowerCase()
    .replace(/[®™©\s\u00ad\u2010-\u2015_-]/g, "")
    .replace(/[‘’`´]/g, "'");
}

/** Regex source for one spelling, with the tolerances described in the module comment. */
export function variantPattern(variant: string): string {
  const chars = [...variant.normalize("NFC").replace(/[®™©]/g, "").trim()];
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prev = chars[i - 1];
    if (/[\s\u00ad\u2010-\u2015_-]/.test(c)) {
      // Collapse a run of separators into one tolerant separator.
      if (!out.endsWith(SEPARATOR)) out += SEPARATOR;
      continue;
    }
    if (prev !== undefined && /\p{Ll}/u.test(prev) && /\p{Lu}/u.test(c)) out += SEPARATOR;
    if (c === "'" || c === "’" || c === "‘") out += "['‘’`]";
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return out;
}

function entriesOf<E extends EntityEntry>(
  list: readonly E[],
  extra: Omit<Target, "name"> | ((entry: E) => Omit<Target, "name">) = {},
): { variant: string; target: Target }[] {
  return list.flatMap((entry) => {
    const more = typeof extra === "function" ? extra(entry) : extra;
    return [entry.name, ...entry.aliases].map((variant) => ({
      variant,
      target: { name: entry.name, ...more },
    }));
  });
}

function phrasesOf(
  list: readonly string[],
  extra: Omit<Target, "name"> = {},
): { variant: string; target: Target }[] {
  return list.map((phrase) => ({ variant: phrase, target: { name: phrase, ...extra } }));
}

function nonLaiEntries(list: readonly NonLaiEntry[]): { variant: string; target: Target }[] {
  return list.flatMap((entry) =>
    [entry.name, ...entry.aliases].map((variant) => ({
      variant,
      target: { name: entry.name, nonLaiClass: entry.class },
    })),
  );
}

/** A config regex list compiled into one case-insensitive regex (validated by `loadConfig`; re-checked here). */
export interface CompiledPatterns {
  id: string;
  regex: RegExp;
}

function compilePatterns(
  id: string,
  patterns: readonly string[],
  where: string,
): CompiledPatterns | undefined {
  if (patterns.length === 0) return undefined;
  try {
    return { id, regex: new RegExp(patterns.map((p) => `(?:${p})`).join("|"), "i") };
  } catch (error) {
    throw new Error(`${where} "${id}": invalid regular expression: ${(error as Error).message}`);
  }
}

/** Everything normalization needs from a {@link ClientWatch}, compiled once. */
export interface CompiledWatch {
  companies: Vocabulary;
  trademarks: Vocabulary;
  molecules: Vocabulary;
  indications: Vocabulary;
  /** Core phrases, platforms and broad terms (see {@link Target.technology}). */
  technologies: Vocabulary;
  injectableContext: Vocabulary;
  counterSignals: Vocabulary;
  /** Words that mark a half-life-extended biologic (technologies' `hle_terms`). */
  hleTerms: Vocabulary;
  /** Near-miss products and molecules (non_lai.yaml), each with its class. */
  nonLaiProducts: Vocabulary;
  nonLaiMolecules: Vocabulary;
  /** Noise categories, in config order. */
  noise: CompiledPatterns[];
  /** Event types with patterns, in config order (first match wins). */
  eventTypes: (CompiledPatterns & { def: EventTypeDef })[];
  /** Event type ids flagged `noise: true` in the config. */
  noiseEventTypes: ReadonlySet<string>;
  /** Sources of the watch by key (to find the company behind a corporate source). */
  sources: ReadonlyMap<string, SourceDef>;
}

const cache = new WeakMap<ClientWatch, CompiledWatch>();

/**
 * Compiles (once per {@link ClientWatch} object, then cached) the vocabularies and patterns of a watch.
 * Throws with the category or event type named when a config regex does not compile.
 */
export function compileWatch(watch: ClientWatch): CompiledWatch {
  const cached = cache.get(watch);
  if (cached) return cached;
  const { companies, technologies } = watch;
  const compiled: CompiledWatch = {
    companies: new Vocabulary("companies", [
      ...entriesOf(companies.core_pure_players, { role: "core_pure_player" }),
      ...entriesOf(companies.pure_players, { role: "pure_player" }),
      ...entriesOf(companies.hybrids, { role: "hybrid" }),
      ...entriesOf(companies.others, { role: "other" }),
    ]),
    trademarks: new Vocabulary("trademarks", entriesOf(watch.trademarks)),
    molecules: new Vocabulary(
      "molecules",
      entriesOf(watch.molecules, (m: MoleculeEntry) => ("forms" in m && m.forms ? { forms: m.forms } : {})),
    ),
    indications: new Vocabulary("indications", entriesOf(watch.indications)),
    technologies: new Vocabulary("technologies", [
      ...phrasesOf(technologies.core_phrases, { technology: "core_phrase" }),
      ...entriesOf(technologies.platforms, (p: PlatformEntry) => ({
        technology: "platform",
        platformClass: "class" in p && p.class === "hle" ? "hle" : "lai",
      })),
      ...phrasesOf(technologies.broad_terms, { technology: "broad_term" }),
    ]),
    injectableContext: new Vocabulary("injectable_context", phrasesOf(technologies.injectable_context)),
    counterSignals: new Vocabulary("counter_signals", phrasesOf(technologies.counter_signals)),
    hleTerms: new Vocabulary("hle_terms", phrasesOf(technologies.hle_terms ?? [])),
    nonLaiProducts: new Vocabulary("non_lai_products", nonLaiEntries(watch.nonLai?.products ?? [])),
    nonLaiMolecules: new Vocabulary("non_lai_molecules", nonLaiEntries(watch.nonLai?.molecules ?? [])),
    noise: Object.entries(watch.noise).flatMap(([category, patterns]) => {
      const c = compilePatterns(category, patterns, "noise category");
      return c ? [c] : [];
    }),
    eventTypes: watch.eventTypes.flatMap((def) => {
      const c = compilePatterns(def.id, def.patterns, "event type");
      return c ? [{ ...c, def }] : [];
    }),
    noiseEventTypes: new Set(watch.eventTypes.filter((t) => t.noise).map((t) => t.id)),
    sources: new Map(watch.sources.map((s) => [s.key, s])),
  };
  cache.set(watch, compiled);
  return compiled;
}

/** At most this many evidence spans are kept per entity: enough to show, bounded for long texts. */
export const MAX_SPANS_PER_ENTITY = 10;

/** Groups hits by canonical name (first-seen order), each with its evidence spans. */
export function toEntities(hits: readonly Hit[]): EntityMatch[] {
  const byName = new Map<string, EntityMatch>();
  for (const hit of hits) {
    const span: EvidenceSpan = { start: hit.start, end: hit.end, matched: hit.matched };
    const existing = byName.get(hit.target.name);
    if (existing) {
      if (existing.evidence.length < MAX_SPANS_PER_ENTITY) existing.evidence.push(span);
    } else {
      const entity: EntityMatch = { name: hit.target.name, evidence: [span] };
      if (hit.target.role) entity.role = hit.target.role;
      byName.set(hit.target.name, entity);
    }
  }
  return [...byName.values()];
}
