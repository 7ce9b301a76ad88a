/**
 * Where an item's subject is, for the subject-aware LAI signals (subject.ts): the item's sentences and their zone
 * (title, lead, body), and the scopes that set a mention aside — comparators, combination partners, switching,
 * negation, competition and problem statements ("addressing poor adherence to daily pills").
 *
 * Rules of English press-release and trade-press prose, written once so every company's news is read alike; the
 * phrases that say "long-acting" are in subject-language.ts.
 */
import { sentenceSpans } from "./summary.js";

/** Where a mention sits: the title, the first sentences of the content (the lead), or the rest (the body). */
export type Zone = "title" | "lead" | "body";

export interface Sentence {
  start: number;
  end: number;
  zone: Zone;
}

/** The item's sentences with their zone: the title is one sentence, then the content's sentences. */
export function itemSentences(
  text: string,
  titleEnd: number,
  contentOffset: number,
  leadSentences: number,
): Sentence[] {
  const sentences: Sentence[] = [{ start: 0, end: titleEnd, zone: "title" }];
  sentenceSpans(text.slice(contentOffset)).forEach(({ start, end }, i) => {
    sentences.push({
      start: contentOffset + start,
      end: contentOffset + end,
      zone: i < leadSentences ? "lead" : "body",
    });
  });
  return sentences;
}

/** The zone of an offset (the body when it falls between sentences). */
export function zoneAt(sentences: readonly Sentence[], offset: number): Zone {
  return sentences.find((s) => offset >= s.start && offset < s.end)?.zone ?? "body";
}

/** The sentence holding an offset. */
export function sentenceAt(sentences: readonly Sentence[], offset: number): Sentence | undefined {
  return sentences.find((s) => offset >= s.start && offset < s.end);
}

/**
 * Why a stretch of text is not about the item's subject. `problem`: the problem statement a product answers
 * ("addressing poor adherence to daily tablets", "the burden of monthly injections").
 */
export type ScopeKind = "comparator" | "combination" | "switching" | "negation" | "competition" | "problem";

/** A stretch of text set aside: mentions inside it never decide the item's subject. */
export interface Scope {
  start: number;
  end: number;
  kind: ScopeKind;
  trigger: string;
}

/**
 * Phrases that open a set-aside scope. A named group `at` marks where the scope starts when it is not the start of
 * the match ("compare the monthly pill WITH daily tablets": only what follows "with" is the comparator).
 */
const SCOPE_TRIGGERS: ReadonlyArray<[ScopeKind, RegExp]> = [
  [
    "comparator",
    /\b(?:compared (?:with|to)|comparable to|in comparison (?:with|to)|versus|vs\.?|superior(?:ity)? (?:both )?to|non-?inferior(?:ity)? to|better than|worse than|than|outperform(?:s|ed|ing)?|beat(?:s|ing)?|match(?:es|ed)|relative to|unlike|as opposed to|in contrast (?:to|with)|alternatives? to|instead of|rather than|in place of|replac(?:e|es|ed|ing)|head-to-head with)\b/gi,
  ],
  ["comparator", /\bcompar(?:e|es|ed|ing)\b[^.;:]{0,60}?\b(?<at>with|to|against|versus)\b/gi],
  ["comparator", /\b(?:pitt(?:ing|ed|s)|trial|study|studies|tested)\b[^.;:]{0,60}?\b(?<at>against)\b/gi],
  [
    "competition",
    /\b(?:compet(?:e|es|ed|ing) (?:with|against)|competition (?:with|from)|rivals?|rivall?ing|takes? aim at|taking aim at|challeng(?:e|es|ed|ing)|defend (?:market )?share against)\b/gi,
  ],
  [
    "combination",
    /\b(?:in combination with|combined with|plus|on top of|added to|add-on to|alongside|together with|co-administered with|on a background of|background (?:therapy|treatment))\b/gi,
  ],
  [
    "combination",
    /\b(?:who (?:were|are|was|is)|patients|people|participants) (?<at>taking|receiving|on)\b/gi,
  ],
  [
    "switching",
    /\b(?:switch(?:es|ed|ing)? from|transition(?:s|ed|ing)? from|mov(?:e|es|ed|ing) from|previously (?:on|treated with|receiving|taking)|already (?:on|taking|receiving)|stabili[sz]ed on|after \d+ (?:weeks|months|years) of)\b/gi,
  ],
  [
    "problem",
    /\b(?:(?:poor|low|sub-?optimal|inconsistent|imperfect) )?(?:non-?)?adherence (?:to|with)|\b(?:(?:treatment|dosing|pill|injection|daily) )?burden (?:of|from)|\b(?:the )?(?:hassle|inconvenience|reliance|dependence) (?:of|on)|\bthe need (?:for|to take)|\bforget(?:s|ting)? to take\b/gi,
  ],
  [
    "negation",
    /\b(?:without|no longer need(?:s|ed)?|no need for|free (?:of|from)|spar(?:e|es|ed|ing)|avoid(?:s|ed|ing)?|eliminat(?:e|es|ed|ing)|no (?=daily|oral|pills?|tablets?|infusions?))/gi,
  ],
];

/** Clause breaks that end a scope opened at the start of a sentence ("Unlike daily pills, the shot …"). */
const CLAUSE_BREAK = /[,;:—–()]/u;

/** Where a problem statement's noun phrase ends: a clause break, a relative pronoun or a verb. */
const PROBLEM_END =
  /[,;:—–()]|\b(?:that|which|who|is|are|was|were|has|have|had|drives?|driving|leads?|limits?|remains?|spurs?|makes?|could|can|will|may|might|fuels?|prompts?|means?|hurts?|undermines?|keeps?|pushes|pushed)\b/i;

/**
 * The length of an appositive that follows a scope's comma and belongs to it ("Unlike Sandostatin LAR, a monthly
 * depot, it is …"): a short noun phrase opened by a determiner and closed by another comma; 0 when there is none.
 */
function appositiveAfter(fromBreak: string): number {
  const m = /^,\s*((?:a|an|the|its|their|both)\s[^,;:.()]{0,60}?),/i.exec(fromBreak);
  return m && m[1]!.trim().split(/\s+/).length <= 5 ? m[0].length - 1 : 0;
}

/** How close (in characters) a clause break before a trigger makes the scope an inserted clause. */
const INSERTED_CLAUSE_REACH = 40;

/**
 * The set-aside scopes of a text. A scope runs from its trigger to the end of the sentence, except when the
 * trigger opens the sentence (nothing but a conjunction before it) or an inserted clause (a comma, dash or
 * parenthesis shortly before it): then it ends at the next clause break, because the sentence's own subject and
 * verb follow ("Unlike daily pills, Yeztugo is injected twice a year"; "NPM-115, an alternative to daily pills,
 * releases exenatide for six months").
 */
export function findScopes(text: string, sentences: readonly Sentence[]): Scope[] {
  const scopes: Scope[] = [];
  for (const sentence of sentences) {
    const body = text.slice(sentence.start, sentence.end);
    for (const [kind, pattern] of SCOPE_TRIGGERS) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(body); m !== null; m = pattern.exec(body)) {
        const at = m.groups?.["at"];
        const start = at === undefined ? m.index : m.index + m[0].lastIndexOf(at);
        const before = body.slice(0, start).trim();
        // Nothing but a conjunction or an article before it ("An alternative to daily dosing: …").
        const opening =
          before === "" ||
          /^(?:(?:and|but|yet|so|however,?|still,?)\s*)?(?:(?:as\s+)?(?:an?|the|its|their|one))?$/i.test(
            before,
          );
        const lastBreak = Math.max(...[",", "—", "–", "("].map((c) => body.lastIndexOf(c, start - 1)));
        const inserted = lastBreak >= 0 && start - lastBreak <= INSERTED_CLAUSE_REACH;
        let end = body.length;
        if (opening || inserted) {
          const rest = body.slice(start);
          const brk = rest.search(CLAUSE_BREAK);
          if (brk > 0) end = start + brk + appositiveAfter(rest.slice(brk));
        }
        // A problem statement is a noun phrase: it ends where the sentence goes on about something else ("Poor
        // adherence to daily pills drives interest in twice-yearly shots").
        if (kind === "problem") {
          const after = m[0].length - (start - m.index);
          PROBLEM_END.lastIndex = 0;
          const stop = PROBLEM_END.exec(body.slice(start + after, end));
          if (stop) end = start + after + stop.index;
        }
        scopes.push({
          start: sentence.start + start,
          end: sentence.start + end,
          kind,
          trigger: m[0].slice(start - m.index).trim(),
        });
      }
    }
  }
  return scopes;
}

/** The scope an offset falls in, if any (the earliest-starting one). */
export function scopeAt(scopes: readonly Scope[], offset: number): Scope | undefined {
  let found: Scope | undefined;
  for (const s of scopes)
    if (offset >= s.start && offset < s.end && (!found || s.start < found.start)) found = s;
  return found;
}
