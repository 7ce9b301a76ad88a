/**
 * Reading ingested items back (the engine's input): every JSON Lines file of a client, each line validated
 * against {@link RawItem}; a bad line is reported with its file and line number and skipped, never trusted.
 */
import { RawItem } from "../domain/items.js";
import { layout } from "../domain/layout.js";
import type { BlobStore } from "../ports/blob-store.js";

/** The as-of date folder of an items file, in both layouts (`…/2025/12/17/run.jsonl`, `…/2025/12/17/run/source.jsonl`). */
const RUN_DATE = /\/(\d{4})\/(\d{2})\/(\d{2})\/(?:[^/]+\/)?[^/]+$/;

export interface IngestedLineProblem {
  /** Store key of the file. */
  file: string;
  /** 1-based line number. */
  line: number;
  message: string;
}

export interface ReadIngestedResult {
  /** One item per item id — the most recently ingested version — sorted by published_at (newest first), then id. */
  items: RawItem[];
  problems: IngestedLineProblem[];
  /** Store keys of the files read. */
  files: string[];
  /**
   * Item id → the run that FIRST wrote it (its earliest version): when the client first saw the item, from stored
   * data rather than a clock. An edited item keeps its first run.
   */
  firstRuns: Map<string, string>;
}

/**
 * Reads a client's ingested items, optionally only those published in `[from, to]` (inclusive `YYYY-MM-DD`).
 * Runs are stored under their as-of date and an item is never published after its run's as-of, so files dated
 * before `from` are not even opened. `runsThrough` leaves out the runs of later as-of dates (an issue reads what
 * was ingested for it and before, so rebuilding it reads the same inputs). Both layouts are read: one file per
 * source in the run's folder (`…/<dd>/<run_id>/<source_key>.jsonl`) and one file per run (`…/<dd>/<run_id>.jsonl`,
 * runs stored before checkpoints).
 *
 * @example
 * ```ts
 * const { items, problems } = await readIngestedItems(dataStore, "lai_weekly", { from: "2025-12-04", to: "2025-12-17" });
 * // each item once (the latest run wins); a bad line is a problem naming its file and line, never a throw
 * ```
 */
export async function readIngestedItems(
  store: BlobStore,
  clientId: string,
  range: { from?: string; to?: string; runsThrough?: string } = {},
): Promise<ReadIngestedResult> {
  const prefix = layout.ingestedPrefix(clientId);
  const files = (await store.list(prefix))
    .map((b) => b.key)
    .filter((key) => key.endsWith(".jsonl"))
    .filter((key) => {
      const match = RUN_DATE.exec(key);
      const day = match ? `${match[1]}-${match[2]}-${match[3]}` : undefined;
      if (day === undefined) return true;
      return (!range.from || day >= range.from) && (!range.runsThrough || day <= range.runsThrough);
    });
  const latest = new Map<string, RawItem>();
  const first = new Map<string, RawItem>();
  const problems: IngestedLineProblem[] = [];
  for (const file of files) {
    const text = (await store.getText(file)) ?? "";
    const lines = text.split("\n");
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        problems.push({ file, line: i + 1, message: `not JSON: ${(error as Error).message}` });
        return;
      }
      const result = RawItem.safeParse(json);
      if (!result.success) {
        const issue = result.error.issues[0];
        problems.push({
          file,
          line: i + 1,
          message: `not a RawItem: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
        });
        return;
      }
      const item = result.data;
      const day = item.published_at.slice(0, 10);
      if ((range.from && day < range.from) || (range.to && day > range.to)) return;
      const previous = latest.get(item.item_id);
      // Files are read in key order (date, then run id); on equal ingested_at the later file wins.
      if (!previous || item.ingested_at >= previous.ingested_at) latest.set(item.item_id, item);
      const earliest = first.get(item.item_id);
      if (!earliest || item.ingested_at < earliest.ingested_at) first.set(item.item_id, item);
    });
  }
  const items = [...latest.values()].sort((a, b) =>
    a.published_at === b.published_at
      ? a.item_id.localeCompare(b.item_id)
      : a.published_at < b.published_at
        ? 1
        : -1,
  );
  const firstRuns = new Map([...first].map(([id, item]) => [id, item.run_id]));
  return { items, problems, files, firstRuns };
}
