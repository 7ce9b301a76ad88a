/**
 * Triage of raw items given as JSON Lines (`vectora triage`): each line is validated, turned into a raw item
 * (HTML stripped from title and content, identity from the canonical URL), normalized with the client's watch
 * and judged by the engine's rules (see engine/triage.ts) — nothing is fetched.
 */
import { createHash } from "node:crypto";
import * as z from "zod";
import type { ClientWatch } from "../config/schema.js";
import { IsoDateOrDateTime, RawItem } from "../domain/items.js";
import { EntityKinds, type NormalizedItem } from "../domain/normalized.js";
import { triageItems } from "../engine/triage.js";
import { parseDate } from "../ingest/dates.js";
import { canonicalUrl, contentHashOf } from "../ingest/identity.js";
import { htmlToText } from "../ingest/text.js";
import { normalizeItem } from "../normalize/normalize-item.js";
import { cutAtWord, MAX_TITLE_CHARS } from "../util/safe-text.js";

/**
 * One input line. `title` and `content` may contain HTML; an unknown `source_key` is allowed. `published_at` is
 * ISO or any date format the ingest readers understand ("December 9, 2025", "9 December, 2025", "2025.12.09"):
 * see {@link triageDate}.
 */
export const TriageLine = z.object({
  /** Optional id of the line (an evaluation set's item id); echoed in the output. */
  id: z.string().min(1).optional(),
  source_key: z.string().min(1),
  source_type: z.enum(["press_corporate", "press_sector"]),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  published_at: z.string().optional(),
  content: z.string().optional(),
});
export type TriageLine = z.output<typeof TriageLine>;

/** One output line, in input order. */
export interface TriageOutput {
  /** The 1-based number of the input line it answers. */
  line: number;
  /** The input line's `id`, when it had one. */
  id?: string;
  url: string;
  title: string;
  keep: boolean;
  score: number;
  event_type: string;
  /** Canonical names, each backed by an evidence span in the item's text. */
  entities: Record<(typeof EntityKinds)[number], string[]>;
  /** `reasons[0]` is decisive: `keep`, `noise:hiring`, `no_lai_signal`, `duplicate_of:<url>`, `below_min_score`… */
  reasons: string[];
}

/** A line that could not be triaged: its 1-based number and why. */
export interface TriageLineProblem {
  line: number;
  message: string;
}

export interface TriageResult {
  /** One entry per good line, in input order, with its line number. */
  outputs: Array<{ line: number; output: TriageOutput }>;
  problems: TriageLineProblem[];
  /** The as-of date used for recency (dated items only). */
  as_of: string | undefined;
  /** Non-blank input lines (good or skipped). */
  lines: number;
}

/** Placeholder date of undated lines: never used for scoring (they are scored without recency). */
const UNDATED = "1970-01-01";

/**
 * A line's `published_at` as the date the engine uses: ISO as given, else the first ingest date format that reads
 * it whole (`December 9, 2025` → `2025-12-09`). `unparsed` is set when a date was given but none could read it:
 * the item is then scored without recency and says so (`unparsed_date:<value>`), rather than the line being lost.
 */
export function triageDate(publishedAt: string | undefined): { date?: string; unparsed?: string } {
  const value = publishedAt?.trim();
  if (!value) return {};
  if (IsoDateOrDateTime.safeParse(value).success) return { date: value };
  const parsed = parseDate(value);
  return parsed ? { date: parsed } : { unparsed: value };
}

/**
 * Triages JSON Lines text. Blank lines are ignored; a line that is not JSON, fails {@link TriageLine}, or whose
 * title is empty once its HTML is stripped is reported in `problems` and skipped. `asOf` defaults to the newest
 * `published_at` of the input so the result does not depend on the day it runs.
 *
 * @example
 * ```ts
 * const { outputs, problems } = triageJsonLines(
 *   '{"source_key":"x","source_type":"press_sector","title":"FDA approves …","url":"https://example.com/a"}\n',
 *   clientWatch(config, "lai_weekly"),
 * );
 * outputs[0]?.output; // { url, keep, score, event_type, entities, reasons: ["section:regulatory", …] }
 * ```
 */
export function triageJsonLines(
  text: string,
  watch: ClientWatch,
  options: { asOf?: string; now?: Date } = {},
): TriageResult {
  const problems: TriageLineProblem[] = [];
  const parsed: Array<{
    line: number;
    record: TriageLine;
    item: NormalizedItem;
    date?: string;
    unparsed?: string;
  }> = [];
  const ingestedAt = (options.now ?? new Date(0)).toISOString();
  let lines = 0;
  // A UTF-8 byte order mark (Excel, Notepad) is not part of the first line's JSON; CRLF line ends are fine.
  text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .forEach((lineText, index) => {
      const line = index + 1;
      if (!lineText.trim()) return;
      lines++;
      let json: unknown;
      try {
        json = JSON.parse(lineText);
      } catch (error) {
        problems.push({ line, message: `not JSON: ${(error as Error).message}` });
        return;
      }
      const result = TriageLine.safeParse(json);
      if (!result.success) {
        problems.push({
          line,
          message: result.error.issues.map((i) => `${i.path.join(".") || "(line)"}: ${i.message}`).join("; "),
        });
        return;
      }
      const record = result.data;
      const { date, unparsed } = triageDate(record.published_at);
      const title = cutAtWord(htmlToText(record.title), MAX_TITLE_CHARS);
      if (!title) {
        problems.push({ line, message: "title: empty once HTML is stripped" });
        return;
      }
      try {
        const content = htmlToText(record.content ?? "");
        const canonical = canonicalUrl(record.url);
        const raw = RawItem.parse({
          // Unique per line (not per URL) so two lines with the same URL stay two items, one a duplicate of the other.
          item_id: `itm_${createHash("sha256").update(`${line}\0${canonical}`).digest("hex").slice(0, 16)}`,
          source_key: record.source_key,
          source_type: record.source_type,
          source_kind:
            watch.sources.find((s) => s.key === record.source_key)?.kind ??
            (record.source_type === "press_sector" ? "rss" : "html"),
          title,
          url: record.url,
          canonical_url: canonical,
          published_at: date ?? UNDATED,
          content,
          content_hash: contentHashOf(title, content),
          ingested_at: ingestedAt,
          run_id: "triage",
        });
        parsed.push({
          line,
          record,
          item: normalizeItem(raw, watch),
          ...(date ? { date } : {}),
          ...(unparsed !== undefined ? { unparsed } : {}),
        });
      } catch (error) {
        // Anything else wrong with one line (an unparsable URL, a normalizer failure) stays that line's problem.
        problems.push({ line, message: (error as Error).message });
      }
    });

  const dates = parsed.flatMap((p) => (p.date ? [p.date.slice(0, 10)] : [])).sort();
  const asOf = options.asOf ?? dates.at(-1);
  const items = parsed.map((p) => ({ item: p.item, dated: p.date !== undefined }));
  const verdicts = triageItems(items, watch, asOf === undefined ? {} : { asOf });
  const urlOf = new Map(items.map(({ item }) => [item.item_id, item.url]));
  const outputs = verdicts.map((verdict, i) => {
    const { item } = items[i]!;
    const { id } = parsed[i]!.record;
    const output: TriageOutput = {
      line: parsed[i]!.line,
      ...(id !== undefined ? { id } : {}),
      url: item.url,
      title: item.title,
      keep: verdict.keep,
      score: verdict.score,
      event_type: verdict.event_type,
      entities: Object.fromEntries(
        EntityKinds.map((k) => [k, item.entities[k].map((e) => e.name)]),
      ) as TriageOutput["entities"],
      reasons: [
        ...verdict.reasons.map((r) =>
          r.startsWith("duplicate_of:")
            ? `duplicate_of:${urlOf.get(r.slice("duplicate_of:".length)) ?? r}`
            : r,
        ),
        ...(parsed[i]!.unparsed !== undefined ? [`unparsed_date:${parsed[i]!.unparsed}`] : []),
      ],
    };
    return { line: parsed[i]!.line, output };
  });
  return { outputs, problems, as_of: asOf, lines };
}
