/**
 * What de-duplication reads from an item's own words (dedup-facets.ts compares it): regulators, what was done
 * (regulatory actions, trial stages, kinds of deal), populations, trial phases and names, product codes, and whether
 * a company is named. Each reader is a rule of English press-release and trade-press prose, not a list of products.
 *
 * **Actions are read where the item says what happened**: its title, else its lead sentence. A story about an
 * approval mentions the earlier rejection in its body; a CRL story speaks of "approval" as a hope; background
 * ("after an earlier rejection", "plans to resubmit") is not the item's action.
 */

/** Regulators and agencies, by the one they stand for (the CHMP and the European Commission act for the EU). */
const REGULATORS: ReadonlyArray<[string, RegExp]> = [
  // "wins US approval", "the European nod": the regulator said by the market it rules.
  [
    "us",
    /\b(FDA|Food and Drug Administration|U\.?S\.? (approval|nod|green[- ]light|go-ahead|clearance|regulators?))\b/i,
  ],
  [
    "eu",
    /\b(EMA|CHMP|European Medicines Agency|European Commission|EU|European (approval|nod|green[- ]light|go-ahead))\b/i,
  ],
  ["uk", /\b(MHRA|(approv\w+|authori[sz]\w+|nod|green[- ]light) in the UK)\b/i],
  ["jp", /\b(PMDA|MHLW|(approv\w+|authori[sz]\w+|nod|green[- ]light) in Japan)\b/i],
  ["cn", /\b(NMPA|(approv\w+|authori[sz]\w+|nod|green[- ]light) in China)\b/i],
  ["ca", /\b(Health Canada|(approv\w+|authori[sz]\w+|nod|green[- ]light) in Canada)\b/i],
];

/** A group of actions: two tellings of one event state the same action of each group they both state. */
export type ActionGroup = "regulatory" | "trial" | "deal";

/** What an item says happened, by group. Trial and deal actions are read like regulatory ones. */
const ACTIONS: ReadonlyArray<[string, ActionGroup, RegExp]> = [
  ["submission", "regulatory", /\b(submi(ts?|tted|ssions?|tting)|resubmi\w*|fil(es|ed|ing))\b/gi],
  ["acceptance", "regulatory", /\b(accept(s|ed|ance)?|validat(es|ed|ion))\b/gi],
  [
    "approval",
    "regulatory",
    /\b(approv(es|ed|al)|authori[sz](ed|es|ation)|clear(s|ed|ance)|nod|green[- ]light|go-ahead|OKs?|OK'd|okay(s|ed)?)\b/gi,
  ],
  ["opinion", "regulatory", /\b(opinion|recommends? (marketing )?(approval|authori[sz]ation))\b/gi],
  [
    "rejection",
    "regulatory",
    /\b(reject(s|ed|ion)?|complete response( letter)?|CRL|turn(s|ed)? (\w+ )?down|rebuff(s|ed)?|declin(es|ed) to approve|refus(es|ed) to approve)\b/gi,
  ],
  [
    "trial_start",
    "trial",
    /\b(first (patient|participant|subject)s? (dosed|enrolled|randomi[sz]ed|treated)|dos(es|ed|ing) (the )?first|initiat(es|ed|ion)|start(s|ed)?|beg[iau]n\w*|commenc\w+|kick(s|ed)? off)\b/gi,
  ],
  [
    "trial_result",
    "trial",
    /\b(results?|data|topline|top-line|readout|met (its|the) (primary )?(end ?point|goal)|primary end ?point|efficacy|superior\w*|non-?inferior\w*|relapse-free)\b/gi,
  ],
  ["sublicence", "deal", /\bsub-?licen[cs]\w*/gi],
  ["licence", "deal", /\b(?<!sub-?)licen[cs]\w*\b(?! application)/gi],
];

/** Words before an action that make it background or an intention, not what happened ("after an earlier CRL"). */
const NOT_THIS_EVENT =
  /\b(after|earlier|previous(ly)?|prior|following|despite|since|once|(plans?|intends?|expects?|expected|aims?|hopes?|set|poised|ready|likely|wants?|needs?) to|will|would|could|may|ahead of|path to|shot at|bid for|awaits?|awaiting|pending|seek\w*|recommend\w*|for|towards?)\b(?:\s+\S+){0,3}\s*$/i;

/**
 * Regulatory actions from the most advanced: a part that states several tells the most advanced one ("FDA accepts
 * the filing" is an acceptance; a CRL story speaks of the approval it missed).
 */
const REGULATORY_STAGES = ["rejection", "approval", "opinion", "acceptance", "submission"];

/** The keys of the patterns a text matches. */
export function matchedKeys(text: string, patterns: ReadonlyArray<[string, RegExp]>): Set<string> {
  return new Set(patterns.filter(([, re]) => re.test(text)).map(([key]) => key));
}

export const regulatorsOf = (text: string) => matchedKeys(text, REGULATORS);

/** The actions one part of an item states (see the top of this file), as `group:action` keys. */
export function actionsOf(part: string): Set<string> {
  const found = new Set<string>();
  for (const [action, group, pattern] of ACTIONS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(part); m !== null; m = pattern.exec(part)) {
      const before = part.slice(Math.max(0, m.index - 40), m.index);
      if (NOT_THIS_EVENT.test(before)) continue;
      found.add(`${group}:${action}`);
      break;
    }
  }
  const stage = REGULATORY_STAGES.find((a) => found.has(`regulatory:${a}`));
  for (const a of REGULATORY_STAGES) if (a !== stage) found.delete(`regulatory:${a}`);
  return found;
}

/** The actions an item states where it says what happened: its title, else its lead sentence. */
export function primaryActions(title: string, summary: string): Set<string> {
  const inTitle = actionsOf(title);
  return inTitle.size > 0 ? inTitle : actionsOf(leadSentence(summary));
}

/** The first sentence of a summary (the lead a trade-press story opens with). */
export function leadSentence(summary: string): string {
  const end = summary.search(/[.!?](\s|$)/);
  return end < 0 ? summary : summary.slice(0, end + 1);
}

/** Populations a label or trial is about: children and adolescents vs adults. */
const POPULATIONS: ReadonlyArray<[string, RegExp]> = [
  [
    "paediatric",
    /\b(child(ren)?|paediatric|pediatric|adolescents?|teen(ager)?s?|infants?|newborns?|aged (?:2|6|12) (?:and|to)|12 (?:years )?and older)\b/i,
  ],
  ["adult", /\badults?\b/i],
];

export const populationsOf = (text: string) => matchedKeys(text, POPULATIONS);

/** Trial phases a text names, normalized to arabic numerals: "Phase III" and "phase 3" → {"3"}. */
export function trialPhases(text: string): Set<string> {
  const roman: Record<string, string> = { i: "1", ii: "2", iii: "3", iv: "4" };
  const phases = new Set<string>();
  for (const m of text.matchAll(/\bphase\s+(iv|iii|ii|i|[1-4])(?:\/(iv|iii|ii|i|[1-4]))?[ab]?\b/gi))
    for (const p of [m[1], m[2]]) if (p) phases.add(roman[p.toLowerCase()] ?? p);
  return phases;
}

/** Acronyms in capitals that are not trial names. */
const NOT_TRIALS = new Set([
  "FDA",
  "EMA",
  "CHMP",
  "MHRA",
  "PMDA",
  "NMPA",
  "HIV",
  "AIDS",
  "PREP",
  "NDA",
  "BLA",
  "MAA",
  "SNDA",
  "PDUFA",
  "USD",
  "EUR",
  "LAI",
  "LAIS",
  "GLP",
  "AMD",
  "DME",
  "CEO",
  "THE",
  "AND",
  "FOR",
  "WITH",
  "PHASE",
  "TRIAL",
  "STUDY",
  "NEW",
  "COVID",
  "SARS",
  "RSV",
]);

/** Trial words in any case ("trial", "Trial", "TRIAL"), for the case-sensitive name patterns below. */
const TRIAL_WORD = "(?:[Tt]rials?|TRIALS?|[Ss]tud(?:y|ies)|STUDY|[Pp]rogram(?:me)?)";
const QUALIFIER = "(?:(?:[Pp]hase [0-9IV]+[ab]?|[Pp]ivotal|[Rr]egistrational|[Cc]linical|[Cc]onfirmatory) )*";

/**
 * Trial names a text gives (capitalised names next to "trial", "study" or "program": "PURPOSE 1", "LUGANO Phase 3
 * Pivotal Trial", "ATLAS-2M", "dosed in LUCIA, the second…"), upper-cased with their number: two results of one
 * programme's different trials are two events.
 */
export function trialNames(text: string): Set<string> {
  const names = new Set<string>();
  const name = String.raw`([A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:[- ]?\d+[A-Z]?)?)`;
  const before = new RegExp(String.raw`\b${name}(?= ${QUALIFIER}${TRIAL_WORD}\b)`, "g");
  const after = new RegExp(String.raw`\b${TRIAL_WORD} ${name}\b`, "g");
  // A word in capitals with a number is a trial's shape on its own ("In PURPOSE 2, …", "QWINT-1").
  const numbered = /\b([A-Z]{4,}[- ]?\d+[A-Z]?)\b/g;
  // A word in capitals where a trial is entered or read ("first patient dosed in LUCIA, …", "results from SOLARIS").
  const entered = new RegExp(
    String.raw`\b(?:in|from|of|into|enrol\w* in|dosed in) ([A-Z]{4,}(?:-\d+)?)\b(?=[,.;:]| (?:${TRIAL_WORD}|[Pp]hase|showed|met|data|results))`,
    "g",
  );
  for (const re of [before, after, numbered, entered])
    for (const m of text.matchAll(re)) {
      const n = (m[1] ?? "").toUpperCase().replace(/\s+/g, " ");
      const word = n.replace(/[- ]?\d+[A-Z]?$/, "");
      if (word.length >= 4 && !NOT_TRIALS.has(word)) names.add(n.replace(/-/g, " "));
    }
  return names;
}

/**
 * Product codes a text gives ("NPM-115", "BICX104", "EYP-1901", "TEV-'749"): an unlisted programme's name, which
 * a release and a trade-press story both use. Normalized without separators, lower case.
 */
export function productCodes(text: string): Set<string> {
  const codes = new Set<string>();
  for (const m of text.matchAll(/\b([A-Z]{2,6})[- ]?['‘’]?(\d{2,5}[A-Z]?)\b/g)) {
    const prefix = m[1] ?? "";
    if (NOT_TRIALS.has(prefix) || /^(?:HPTN|ISO|USD|EUR|SEK|GBP|CHF|DKK|Q)$/.test(prefix)) continue;
    codes.add(`code:${prefix.toLowerCase()}${(m[2] ?? "").toLowerCase()}`);
  }
  return codes;
}

/** Words in capitals that are acronyms, exchanges, agencies or meetings, not product names. */
const NOT_BRANDS = new Set([
  ...[...NOT_TRIALS].map((w) => w.toLowerCase()),
  ...[
    "usa",
    "nasdaq",
    "nyse",
    "cfo",
    "coo",
    "cso",
    "cmo",
    "who",
    "nih",
    "nida",
    "barda",
    "llc",
    "inc",
    "plc",
  ],
  ...[
    "gmp",
    "cgmp",
    "api",
    "dna",
    "rna",
    "mrna",
    "nejm",
    "jama",
    "asco",
    "croi",
    "esmo",
    "easd",
    "arvo",
    "aacr",
  ],
  ...["idweek", "update", "news", "press", "release", "announces", "approval", "approves", "results"],
  ...["phase", "trial", "study", "topline", "positive", "first", "only", "injection", "injectable"],
]);

/**
 * Brand-like names a text gives in capitals ("ENCELTO", "CAMCEVI"): a press release writes its product's name
 * so, the trade press in title case — the product of an unlisted company still identifies the event. Lower-cased;
 * words of the item's companies left out.
 */
export function brandTokens(text: string, companies: readonly string[]): Set<string> {
  const companyWords = new Set(companies.flatMap((c) => c.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  const brands = new Set<string>();
  for (const m of text.matchAll(/\b[A-Z]{4,}\b/g)) {
    const w = m[0].toLowerCase();
    if (!NOT_BRANDS.has(w) && !companyWords.has(w)) brands.add(w);
  }
  return brands;
}

/** Words of a company name that say nothing about which company it is. */
const GENERIC_NAME_WORDS = new Set([
  "the",
  "and",
  "pharma",
  "pharmaceutical",
  "pharmaceuticals",
  "therapeutics",
  "biosciences",
  "bioscience",
  "sciences",
  "science",
  "biotech",
  "biotechnology",
  "bio",
  "healthcare",
  "health",
  "medical",
  "medicines",
  "laboratories",
  "labs",
  "group",
  "holdings",
  "inc",
  "ltd",
  "plc",
  "ag",
  "sa",
  "ab",
  "co",
  "corp",
  "corporation",
  "company",
  "international",
  "global",
  "dr",
]);

/**
 * True when `text` (lower-case words separated by single spaces, padded) names the company: its whole name, or a
 * distinctive word of it ("Foresee" for "Foresee Pharmaceuticals", "Reddy" for the `dr reddys` source key).
 */
export function namesCompany(text: string, company: string): boolean {
  const words = company
    .toLowerCase()
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean);
  if (words.length === 0) return false;
  if (text.includes(` ${words.join(" ")} `)) return true;
  return words
    .filter((w) => w.length >= 4 && !GENERIC_NAME_WORDS.has(w))
    .some((w) => text.includes(` ${w} `) || (w.endsWith("s") && text.includes(` ${w.slice(0, -1)} `)));
}
