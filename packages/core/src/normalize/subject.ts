/**
 * Subject-aware LAI signals: is the item ABOUT a long-acting injectable, or does it only mention one?
 *
 * The subject is the title and the first sentences of the content (client `relevance.subject_sentences`). Every
 * LAI sign and counter-sign is located, and those inside a set-aside phrase (subject-language.ts: "compared with
 * daily oral …", "in combination with Faslodex", "switching from monthly …", "without oral supplementation") are
 * put aside: they never decide. Then, zone by zone (title, then lead, then body), the first zone that says
 * something decides:
 * - LAI evidence only → `lai`; counter-signs only → `not_lai`;
 * - both → a listed near-miss product or a daily / days-long schedule wins over platform, formulation or interval
 *   words (a once-daily TransCon product is not LAI), otherwise the first of the two in the text wins.
 * A listed near-miss PRODUCT in the subject decides by itself (Eylea HD, Exparel, Yorvipath). An `lai` subject that
 * names a half-life-extended biologic (an antibody, a fusion protein, insulin, GLP-1…) without any depot, implant,
 * insert, pump or LAI platform becomes `hle`: out by default, in for clients who include those.
 *
 * LAI evidence: an LAI trademark, a named platform, a core LAI phrase, "LAI", device or formulation language
 * (intravitreal insert, implantable pump, depot, palmitate…), a dosing interval of two weeks or more next to an
 * injectable, a molecule or a device, a duration of weeks or more next to a release verb, an LAI molecule or broad
 * technology term next to an injectable context. Counter-signs: the configured counter-signals (oral, daily,
 * inhaled, infusion, vaccine, IUD…), an action lasting days, and listed near misses.
 */
import type { LaiSubject } from "../domain/normalized.js";
import type { CompiledWatch, Hit } from "./matcher.js";
import { type LanguageMention, scanLanguage } from "./subject-language.js";
import { findScopes, itemSentences, type Sentence, scopeAt, sentenceAt, zoneAt } from "./subject-scopes.js";
import { decide, type Mention } from "./subject-verdict.js";

/** The entity hits normalization already found, reused here. */
export interface SubjectHits {
  trademarks: readonly Hit[];
  molecules: readonly Hit[];
  technologies: readonly Hit[];
  injectableContext: readonly Hit[];
  counterSignals: readonly Hit[];
}

/** Release and action verbs that make "for up to 36 months" a duration of action, not of a trial. */
const ACTION_CUE =
  /\b(releas\w*|deliver\w*|elut\w*|last\w*|act(s|ing)?|kept|keeps?|maintain\w*|sustain\w*|protect\w*|numb\w*|relie\w*|analgesi\w*|an(a)?esthe\w*|nerve block|pain control|single (dose|injection|administration)|one (injection|dose)|after a single)\b/i;

/** Assesses the item's subject. `text` is `title + separator + content`; offsets are into it. */
export function assessSubject(
  compiled: CompiledWatch,
  text: string,
  titleEnd: number,
  contentOffset: number,
  hits: SubjectHits,
  leadSentences = 2,
): LaiSubject {
  const sentences = itemSentences(text, titleEnd, contentOffset, leadSentences);
  const scopes = findScopes(text, sentences);
  const language = scanLanguage(text);
  const counters = hits.counterSignals;
  // Only a counter-signal about the subject cancels a sign next to it ("once-monthly oral"); one set aside as a
  // comparator does not ("injection beats daily oral PrEP").
  const liveCounters = counters.filter((c) => scopeAt(scopes, c.start) === undefined);
  const cancelled = (at: { start: number; end: number }) => liveCounters.some((c) => adjacent(text, at, c));
  const sameSentence = (at: number, spans: ReadonlyArray<{ start: number }>) => {
    const s = sentenceAt(sentences, at);
    return s !== undefined && spans.some((x) => x.start >= s.start && x.start < s.end);
  };
  // Interval words of the context list ("once-weekly", "q4w") say nothing about the route: a weekly pill exists.
  // Intervals have their own rule (subject-language.ts); only route and device words make a context here.
  const liveContext = hits.injectableContext.filter(
    (c) => !cancelled(c) && !/week|month|year|quarter|q\d|every/i.test(c.matched),
  );
  const devices = language.filter((l) => l.kind === "device" || l.kind === "formulation");
  const cues = [...liveContext, ...hits.molecules, ...hits.trademarks, ...devices, ...hits.technologies];

  const mentions: Mention[] = [];
  const add = (m: Omit<Mention, "zone">) => mentions.push({ ...m, zone: zoneAt(sentences, m.start) });
  for (const h of hits.trademarks)
    add({ ...span(h), label: `trademark:${h.target.name}`, side: "lai", depot: true });
  for (const h of hits.technologies) {
    if (h.target.technology === "broad_term") {
      if (sameSentence(h.start, liveContext))
        add({ ...span(h), label: `broad:${h.matched}`, side: "lai", weak: true });
      longActingMolecule(h, text, hits.molecules, liveCounters, cancelled, sentences, add);
    } else if (h.target.platformClass === "hle")
      add({ ...span(h), label: `hle_platform:${h.target.name}`, side: "hle", hlePlatform: true });
    else add({ ...span(h), label: `${h.target.technology}:${h.matched}`, side: "lai", depot: true });
  }
  for (const h of hits.molecules) {
    const forms = h.target.forms === "lai" ? "lai" : "mixed";
    if (sameSentence(h.start, liveContext))
      add({ ...span(h), label: `molecule:${h.target.name}`, side: "lai", molecule: forms });
    else if (forms === "lai")
      add({ ...span(h), label: `lai_form:${h.target.name}`, side: "lai", soft: true });
  }
  for (const l of language) languageMention(l, text, sentences, cues, cancelled, sameSentence, add);
  for (const h of counters) {
    const daily = /\bdaily\b|\bevery day\b|\ba day\b|\bper day\b|\bhours\b/i.test(h.matched);
    add({ ...span(h), label: daily ? "daily" : h.matched.toLowerCase(), side: "counter", decisive: daily });
  }
  for (const h of compiled.nonLaiProducts.scan(text)) {
    const nearMiss = { name: h.target.name, class: h.target.nonLaiClass ?? "hle_biologic" };
    add({ ...span(h), label: `near_miss:${h.target.name}`, side: "counter", decisive: true, nearMiss });
  }
  for (const h of compiled.nonLaiMolecules.scan(text)) {
    const cls = h.target.nonLaiClass ?? "hle_biologic";
    const nearMiss = { name: h.target.name, class: cls };
    add({
      ...span(h),
      label: `near_miss:${h.target.name}`,
      side: cls === "hle_biologic" ? "hle" : "counter",
      nearMiss,
    });
  }
  for (const h of compiled.hleTerms.scan(text)) add({ ...span(h), label: `hle:${h.matched}`, side: "hle" });
  mentions.sort((a, b) => a.start - b.start);
  const subject = decide(mentions, scopes);
  subject.subject_end = Math.max(...sentences.filter((s) => s.zone !== "body").map((s) => s.end));
  const aside = scopes
    .filter((s) => s.start < subject.subject_end!)
    .map((s): [number, number] => [s.start, s.end]);
  if (aside.length > 0) subject.aside_spans = aside;
  return subject;
}

/** Broad terms that say "long-acting" next to a molecule: "long-acting cabotegravir", "naltrexone extended-release". */
const LONG_ACTING = /^(?:ultra-?)?long[- ]?acting$|^(?:extended|prolonged|sustained)[- ]?release$/i;

/**
 * "long-acting <molecule>" (or "<molecule> long-acting") is LAI evidence when no counter-sign qualifies it and none
 * lives in its sentence ("long-acting oral …", "… extended-release tablets" are not).
 */
function longActingMolecule(
  broad: Hit,
  text: string,
  molecules: readonly Hit[],
  liveCounters: readonly Hit[],
  cancelled: (at: { start: number; end: number }) => boolean,
  sentences: readonly Sentence[],
  add: (m: Omit<Mention, "zone">) => void,
): void {
  if (!LONG_ACTING.test(broad.matched) || cancelled(broad)) return;
  const molecule = molecules.find((m) => adjacent(text, broad, m));
  if (!molecule) return;
  const sentence = sentenceAt(sentences, broad.start);
  if (sentence && liveCounters.some((c) => c.start >= sentence.start && c.start < sentence.end)) return;
  const forms = molecule.target.forms === "lai" ? "lai" : "mixed";
  add({ ...span(broad), label: `long_acting:${molecule.target.name}`, side: "lai", molecule: forms });
}

function span(h: { start: number; end: number }): { start: number; end: number } {
  return { start: h.start, end: h.end };
}

/** Adds the mention a language phrase stands for, if it counts (see the top of this file). */
function languageMention(
  l: LanguageMention,
  text: string,
  sentences: readonly Sentence[],
  cues: ReadonlyArray<{ start: number; end: number }>,
  cancelled: (at: { start: number; end: number }) => boolean,
  sameSentence: (at: number, spans: ReadonlyArray<{ start: number }>) => boolean,
  add: (m: Omit<Mention, "zone">) => void,
): void {
  const sentence = sentenceAt(sentences, l.start);
  const sentenceText = sentence ? text.slice(sentence.start, sentence.end) : "";
  const at = { start: l.start, end: l.end };
  const others = cues.filter((c) => c.start < l.start || c.start >= l.end);
  switch (l.kind) {
    case "interval":
      // Weekly is not enough alone (weekly pens are half-life extension); two weeks or more next to an injectable.
      // Without an injectable, molecule or device in its sentence an interval is only a hint (weak).
      if (cancelled(at)) return;
      if ((l.weeks ?? 0) >= 2)
        add({
          ...at,
          label: `interval:${l.matched}`,
          side: "lai",
          weak: !sameSentence(l.start, others),
          weeks: l.weeks ?? 0,
        });
      else if ((l.weeks ?? 0) >= 1) add({ ...at, label: `weekly:${l.matched}`, side: "hle" });
      return;
    case "duration":
      if (!l.cued && !ACTION_CUE.test(sentenceText)) return;
      if ((l.weeks ?? 0) >= 2 && !cancelled(at))
        add({ ...at, label: `duration:${l.matched}`, side: "lai", weeks: l.weeks ?? 0 });
      else if ((l.weeks ?? 0) < 1)
        add({ ...at, label: `short_acting:${l.matched}`, side: "counter", decisive: true });
      return;
    case "device":
      if (!cancelled(at)) add({ ...at, label: `device:${l.matched}`, side: "lai", depot: true });
      return;
    case "formulation": {
      // A depot or an ester prodrug says it alone; microspheres and liquid crystals need an injectable next to them.
      const alone = /depot|palmitate|lauroxil|pamoate|decanoate|enanthate|undecanoate|cypionate/i.test(
        l.matched,
      );
      if (!cancelled(at) && (alone || sameSentence(l.start, others)))
        add({ ...at, label: `formulation:${l.matched}`, side: "lai", depot: true });
      return;
    }
    case "acronym":
      add({ ...at, label: "acronym:LAI", side: "lai", depot: true });
      return;
    case "hle_stem":
      add({ ...at, label: `hle:${l.matched}`, side: "hle" });
      return;
  }
}

/** True when two phrases qualify one noun phrase: adjacent or one word apart, no punctuation or conjunction between. */
function adjacent(
  text: string,
  a: { start: number; end: number },
  b: { start: number; end: number },
): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const gap = b.start >= a.end ? text.slice(a.end, b.start) : text.slice(b.end, a.start);
  if (/[,.;:()[\]!?/]/.test(gap)) return false;
  const words = gap.trim() ? gap.trim().split(/\s+/) : [];
  return words.length <= 1 && !words.some((w) => /^(?:and|or|vs|versus|nor|but)$/i.test(w));
}
