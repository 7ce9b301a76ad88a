/**
 * Text cleaning: turns what scrapers and feeds deliver (HTML fragments, entities, listing-page junk) into the
 * plain text every evidence span points into. Cleaning happens once, before matching, so offsets are stable.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  ndash: "–",
  mdash: "—",
  hyphen: "-",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  hellip: "…",
  bull: "•",
  middot: "·",
  reg: "®",
  trade: "™",
  copy: "©",
  deg: "°",
  plusmn: "±",
  micro: "µ",
  times: "×",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  shy: "",
  zwj: "",
  zwnj: "",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  euml: "ë",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  auml: "ä",
  aring: "å",
  ccedil: "ç",
  iacute: "í",
  iuml: "ï",
  oacute: "ó",
  ocirc: "ô",
  ouml: "ö",
  uacute: "ú",
  uuml: "ü",
  ntilde: "ñ",
  szlig: "ß",
  Eacute: "É",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  Aring: "Å",
};

/** Decodes HTML character references: named (common set), decimal `&#8217;` and hex `&#x2019;`. Unknown names stay as written. */
export function decodeEntities(input: string): string {
  return input.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});/g,
    (whole, body: string) => {
      if (body.startsWith("#")) {
        const code =
          body[1] === "x" || body[1] === "X"
            ? Number.parseInt(body.slice(2), 16)
            : Number.parseInt(body.slice(1), 10);
        if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          return " ";
        return String.fromCodePoint(code);
      }
      return NAMED_ENTITIES[body] ?? whole;
    },
  );
}

/** Removes tags, comments, scripts and styles; block-level tags become spaces so words never glue together. */
export function stripHtml(input: string): string {
  if (!/[<>]/.test(input)) return input;
  return input
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(
      /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|footer|blockquote|figure|figcaption)\b[^>]*>/gi,
      " ",
    )
    .replace(/<\/?[A-Za-z][^<>]*>/g, "");
}

const MONTHS =
  "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?";
/**
 * Dates as listing pages print them: `November 11, 2025`, `August 15th, 2025`, `10 December, 2025`,
 * `2025.12.09`, `2025-12-09`, and ISO timestamps `2025-08-15T11:33:54+02:00`.
 */
const DATE_SOURCE = [
  "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?",
  `${MONTHS} \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}`,
  `\\d{1,2}(?:st|nd|rd|th)? ${MONTHS},? \\d{4}`,
  "\\d{4}[./-]\\d{2}[./-]\\d{2}",
].join("|");
/** A run of one or more dates (possibly separated by `|` or spaces). */
const DATE_RUN = `(?:${DATE_SOURCE})(?:\\s*\\|?\\s*(?:${DATE_SOURCE}))*`;

/**
 * A date run, with what surrounds it: removed when it starts or ends the text, touches a letter/closing mark on
 * the left (`GrowthNovember 11, 2025`) or a letter on the right (`2025Nanexa`); dates inside sentences stay.
 * One alternation scanned once (the decision is made in {@link dropGluedDate}), which is much cheaper than
 * four alternatives each re-trying the date patterns at every position.
 */
// Each context is an alternation with an empty branch (not an optional group: ECMAScript rejects an optional
// group that matches the empty string, so "(^\\s*)?" would never capture at the start).
const DATE_IN_CONTEXT = new RegExp(
  `(?:(^\\s*)|)(?<=([\\p{L}.!?)®™])|)(?:${DATE_RUN})(?=(\\s*$)|)(?=(\\p{L})|)`,
  "giu",
);

function dropGluedDate(onDrop: () => void) {
  return (
    match: string,
    lead: string | undefined,
    left: string | undefined,
    end: string | undefined,
    right: string | undefined,
  ) => {
    if (lead === undefined && left === undefined && end === undefined && right === undefined) return match;
    onDrop();
    return " ";
  };
}

/**
 * WordPress bylines: an author name glued to an ISO timestamp (`Essi Nevo2025-08-15T11:33:54+02:00`). Case-sensitive
 * on purpose: only capitalised words directly before the timestamp are taken for a name.
 */
const BYLINE = /(?:(?<![\p{L}])\p{Lu}[\p{L}'’-]+ ){0,2}\p{Lu}[\p{L}'’-]+(?=\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/gu;

/**
 * Listing furniture: link labels and section headings that scrapers glue into the text. Matched
 * case-insensitively as whole phrases (with an optional leading `|`).
 */
const JUNK_PHRASES = new RegExp(
  `(?<![\\p{L}])(?:${[
    "download (?:the )?(?:attachment|pdf|press release|report)",
    "read (?:the )?(?:full )?(?:more|presentation|press release|article|story)",
    "learn more",
    "continue reading",
    "click here(?: to read more)?",
    "press ?releases?(?=[\\p{Lu}\\d])",
    "share (?:this|on) (?:article|page|linkedin|twitter|facebook)",
  ].join("|")})(?![\\p{L}])(?:\\s*(?:»|›|→|>>))?`,
  // Not \b at the end: scrapers glue the next entry's date straight on ("READ MORE6 November, 2025").
  "giu",
);

const HAS_ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const HAS_DIGIT = /\d/;
const HAS_JUNK_WORD = /download|read|learn more|continue reading|click here|press ?release|share /i;

/** `READ MORE` followed by a date starts the next listing entry: everything from there is another item. */
const NEXT_ENTRY = new RegExp(
  `\\|?\\s*(?<![\\p{L}])read more(?![\\p{L}])\\s*(?:${DATE_RUN})[\\s\\S]*$`,
  "iu",
);

/**
 * Cleans one piece of text: strips HTML, decodes entities, drops scraper junk (dates glued to words, `Read
 * More`, `Download attachment`, the start of the next listing entry), and collapses whitespace to single
 * spaces. Unicode is NFC-normalized. Idempotent: `cleanText(cleanText(x)) === cleanText(x)`.
 */
export function cleanText(input: string): string {
  let text = decodeEntities(stripHtml(input));
  // Entities can decode to markup (`&lt;b&gt;`) that is text, not tags: leave it.
  // NFC only matters (and only costs) when there is non-ASCII text.
  if (/[^\x00-\x7f]/.test(text)) text = text.normalize("NFC").replace(/[\u200b-\u200d\ufeff]/g, "");
  text = text.replace(/\s+/g, " ");
  if (/read more/i.test(text)) text = text.replace(NEXT_ENTRY, " ");
  // Removing one piece of junk can expose another ("2025|Read More" → a date at the end): repeat while a pass
  // changed something (bounded; real texts settle in two or three passes).
  for (let pass = 0; pass < 6; pass++) {
    let changed = false;
    const drop = () => {
      changed = true;
      return " ";
    };
    // Cheap literal checks first: most texts have no byline and no furniture, and skipping those scans
    // halves the cost of cleaning (see bench/normalize.bench.ts).
    if (HAS_ISO_TIMESTAMP.test(text)) text = text.replace(BYLINE, drop);
    if (HAS_DIGIT.test(text)) text = text.replace(DATE_IN_CONTEXT, dropGluedDate(drop));
    if (HAS_JUNK_WORD.test(text)) text = text.replace(JUNK_PHRASES, drop);
    if (!changed && pass > 0) break;
    // A stray separator left at either end once its neighbours are gone.
    text = text
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^[|•·–—-]\s*|\s*[|•·]$/g, "")
      .trim();
    if (!changed) break;
  }
  return text;
}

/**
 * Cleans an item's content and removes what merely repeats the title: listing pages print the title again
 * inside the teaser, often after a date (`10 December, 2025Nanexa and Moderna enter…productsThe agreement…`).
 * When the cleaned title occurs within the first {@link TITLE_ECHO_WINDOW} characters, that prefix and the
 * title are dropped.
 */
export function cleanContent(content: string, cleanedTitle: string): string {
  let text = cleanText(content);
  if (cleanedTitle.length >= 8) {
    const at = text.toLowerCase().indexOf(cleanedTitle.toLowerCase());
    // The rest is already clean: only the separator between title and teaser is left to trim.
    if (at >= 0 && at <= TITLE_ECHO_WINDOW)
      text = text.slice(at + cleanedTitle.length).replace(/^[\s|•·:;,.–—-]+/, "");
  }
  return text;
}

/** How far into the content a repeated title may start (room for a glued heading such as `PRESSRELEASES`). */
export const TITLE_ECHO_WINDOW = 40;
