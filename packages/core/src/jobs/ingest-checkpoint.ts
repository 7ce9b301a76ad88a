/**
 * Ingest's checkpoints: each source's items and seen-entries are stored as that source finishes, so a crash or a
 * timeout loses at most the sources still being read — and two ingests of one client at the same time store
 * each item once and lose no seen-entry, with no lock server.
 *
 * How (design note, see also the README's "Cut-short runs"):
 * - A finished source's new and edited items go to its own file, `…/<run_id>/<source_key>.jsonl` (a key only
 *   this run writes), then the client's seen-index is updated by compare-and-swap (`ifMatch` on the ETag read;
 *   `ifNoneMatch: "*"` when there is none yet). The index is the commit point: an item is "seen" once its index
 *   entry names the file holding it.
 * - A lost race (another run committed first) re-reads the index, classifies this run's finished sources again
 *   against it (an item the other run just stored is now "unchanged" here) and rewrites their files before trying
 *   again, so of two runs that both found an item new, exactly one stores it, and every seen-entry of both lands.
 * - Within a run, sources finish in any order but an item seen by two sources (a story cross-posted by two feeds)
 *   belongs to the one earlier in the catalog, as when sources were read one by one: when an earlier source
 *   finishes after a later one, the later one's file is rewritten without the item. Reports are therefore the
 *   same whatever the order sources finish in.
 * - Marks are computed from this run's baseline (each item's index entry before this run first marked it), so
 *   re-applying them after a lost race never double-counts this run's own earlier commits.
 * Residual: a crash between a source's file and its index commit (a few milliseconds) leaves that file's new
 * items unmarked; the next run stores them again (twice on disk, once for every reader, which keep one version
 * per item id). Nothing is lost.
 */
import type { SourceDef } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import { type ClassifiedEntries, classifyEntries } from "../ingest/classify-entries.js";
import { readIngestedItems } from "../ingest/read-ingested.js";
import type { ReaderResult } from "../ingest/readers/index.js";
import type { SourceReport } from "../ingest/report.js";
import {
  emptySeenIndex,
  loadSeenIndex,
  MAX_RUNS_PER_ITEM,
  markSeen,
  type SeenEntry,
  type SeenIndex,
  saveSeenIndex,
} from "../ingest/seen-index.js";
import { type BlobStore, PreconditionFailedError, retryPauseMs } from "../ports/blob-store.js";

/** What a checkpoint needs to know about its run. */
export interface CheckpointRun {
  store: BlobStore;
  clientId: string;
  runId: string;
  asOf: string;
  ingestedAt: string;
  window: { from: string; to: string };
  /** Where problems that do not stop the run go (a damaged index rebuilt). */
  warnings: string[];
}

/** Index commits tried before the run gives up (each lost race means another run just committed). */
const MAX_COMMIT_ATTEMPTS = 50;

interface FinishedSource {
  source: SourceDef;
  /** Position in the run's catalog order: who owns an item two sources have. */
  order: number;
  result: ReaderResult;
  durationMs: number;
  maxItems: number;
  /** Every item id the source would take if no earlier source had it (fixed once read). */
  candidates: readonly string[];
  classified: ClassifiedEntries;
  file: string;
  /** What the source's file holds in the store now (`""`: no file). */
  stored: string;
  committed: boolean;
  done: Array<(report: SourceReport) => void>;
}

/** The run's finished sources, their files and the seen-index, kept consistent as sources finish. */
export class IngestCheckpoint {
  private index: SeenIndex;
  private etag: string | undefined;
  private readonly finished = new Map<string, FinishedSource>();
  /** Item id → the earliest (catalog order) finished source that has it. */
  private readonly claims = new Map<string, FinishedSource>();
  /** Item id → its index entry before this run first marked it (`undefined`: unseen before). */
  private readonly baseline = new Map<string, SeenEntry | undefined>();
  /** What this run's last commit set on each item it marked. */
  private marks = new Map<string, Mark>();
  private pending: FinishedSource[] = [];
  private running: Promise<void> | undefined;
  private failure: unknown;

  private constructor(
    private readonly run: CheckpointRun,
    loaded: { index: SeenIndex; etag: string | undefined },
  ) {
    this.index = loaded.index;
    this.etag = loaded.etag;
  }

  /** Loads the client's seen-index (rebuilding a damaged one from the stored items, with a warning). */
  static async open(run: CheckpointRun): Promise<IngestCheckpoint> {
    return new IngestCheckpoint(run, await loadIndex(run));
  }

  /** The content hash the index had for an item before this run (what "new", "updated", "unchanged" compare with). */
  private baselineHash(itemId: string): string | undefined {
    return this.baseline.has(itemId)
      ? this.baseline.get(itemId)?.content_hash
      : this.index.items[itemId]?.content_hash;
  }

  /**
   * Adds a source that was read and commits it (queued behind commits in progress; sources finishing meanwhile
   * are committed together). Resolves the source's report once its items and seen-entries are stored.
   */
  add(
    source: SourceDef,
    order: number,
    result: ReaderResult,
    durationMs: number,
    maxItems: number,
  ): Promise<SourceReport> {
    // Classified as if unseen and unclaimed: what it would take (classified again at its commit).
    const classified = classifyEntries(result, source, {
      window: this.run.window,
      runId: this.run.runId,
      ingestedAt: this.run.ingestedAt,
      seenHash: () => undefined,
      taken: new Set(),
      maxItems,
    });
    const finished: FinishedSource = {
      source,
      order,
      result,
      durationMs,
      maxItems,
      candidates: classified.taken,
      classified,
      file: layout.ingestedSource(this.run.clientId, this.run.asOf, this.run.runId, source.key),
      stored: "",
      committed: false,
      done: [],
    };
    const report = new Promise<SourceReport>((resolve) => finished.done.push(resolve));
    this.pending.push(finished);
    this.running ??= this.commitLoop();
    return report;
  }

  /** Resolves when every added source is committed; rejects with the store error that stopped commits. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure;
  }

  /** The current report of a finished source (its counts may change until the run ends: see the top). */
  reportOf(sourceKey: string): SourceReport | undefined {
    const finished = this.finished.get(sourceKey);
    return finished?.committed ? this.reportFor(finished) : undefined;
  }

  /** The run's items files in the store now. */
  files(): string[] {
    return [...this.finished.values()]
      .filter((f) => f.stored !== "")
      .map((f) => f.file)
      .sort();
  }

  private reportFor(finished: FinishedSource): SourceReport {
    return { ...finished.classified.report, duration_ms: Math.round(finished.durationMs) };
  }

  private async commitLoop(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) {
        const batch = this.pending.splice(0);
        try {
          await this.commitBatch(batch);
        } catch (error) {
          this.failure = error;
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commitBatch(batch: FinishedSource[]): Promise<void> {
    // Claims: an item belongs to the earliest source that has it; a later source that had it must give it up.
    const dirty = new Set<FinishedSource>(batch);
    for (const finished of batch) {
      this.finished.set(finished.source.key, finished);
      for (const id of finished.candidates) {
        const holder = this.claims.get(id);
        if (holder && holder.order < finished.order) continue;
        if (holder) dirty.add(holder);
        this.claims.set(id, finished);
      }
    }
    for (let attempt = 1; ; attempt++) {
      for (const finished of [...dirty].sort((a, b) => a.order - b.order)) this.classify(finished);
      // Items first, then the index: the index names the files, so it must never point at a file not yet written.
      for (const finished of batch) await this.writeFile(finished);
      const next = this.nextIndex();
      if (!next) break;
      try {
        this.etag = await saveSeenIndex(this.run.store, next.index, this.run.ingestedAt, this.etag);
        this.index = next.index;
        this.marks = next.marks;
        for (const [id, entry] of next.baselines) this.baseline.set(id, entry);
        break;
      } catch (error) {
        if (!(error instanceof PreconditionFailedError) || attempt >= MAX_COMMIT_ATTEMPTS) throw error;
        // Another run committed first: classify again the sources whose items it touched.
        const previous = this.index;
        const reloaded = await loadIndex(this.run);
        this.index = reloaded.index;
        this.etag = reloaded.etag;
        const changed = changedIds(previous, this.index);
        for (const finished of this.finished.values())
          if (finished.committed && finished.candidates.some((id) => changed.has(id))) dirty.add(finished);
        await new Promise((r) => setTimeout(r, retryPauseMs(attempt)));
      }
    }
    // Sources committed before that lost items (to an earlier source, or to another run): shrink their files.
    for (const finished of dirty) if (finished.committed) await this.writeFile(finished);
    for (const finished of batch) {
      finished.committed = true;
      const report = this.reportFor(finished);
      for (const resolve of finished.done.splice(0)) resolve(report);
    }
  }

  private classify(finished: FinishedSource): void {
    finished.classified = classifyEntries(finished.result, finished.source, {
      window: this.run.window,
      runId: this.run.runId,
      ingestedAt: this.run.ingestedAt,
      seenHash: (id) => this.baselineHash(id),
      taken: {
        has: (id) => {
          const holder = this.claims.get(id);
          return holder !== undefined && holder.order < finished.order;
        },
      },
      maxItems: finished.maxItems,
    });
  }

  /** Stores the source's file as its classification says (rewritten only when it changed; removed when empty). */
  private async writeFile(finished: FinishedSource): Promise<void> {
    const items = finished.classified.written;
    const text = items.map((item) => JSON.stringify(item)).join("\n") + (items.length ? "\n" : "");
    if (text === finished.stored) return;
    if (text === "") await this.run.store.delete(finished.file);
    else await this.run.store.put(finished.file, text, { contentType: "application/x-ndjson" });
    finished.stored = text;
  }

  /**
   * The index this run wants now: the current one (which may hold other runs' commits) with this run's marks
   * applied. A mark sets an item's hash and file only where no other run changed them since this run's last
   * commit (or its baseline), so re-applying marks after a lost race never undoes another run's newer version;
   * it always records that this run saw the item. `undefined` when nothing would change.
   */
  private nextIndex(): NextIndex | undefined {
    const { runId, ingestedAt } = this.run;
    const index = structuredClone(this.index);
    const wanted = new Map<string, { hash: string; file?: string; unchanged?: true }>();
    for (const finished of [...this.finished.values()].sort((a, b) => a.order - b.order)) {
      for (const item of finished.classified.written)
        wanted.set(item.item_id, { hash: item.content_hash, file: finished.file });
      for (const item of finished.classified.unchanged)
        wanted.set(item.item_id, { hash: item.content_hash, unchanged: true });
    }
    // Baselines of ids marked for the first time: kept only if the commit lands (after a lost race, the entry
    // the other run wrote is the baseline).
    const baselines = new Map<string, SeenEntry | undefined>();
    const marks = new Map<string, Mark>();
    for (const [id, want] of wanted) {
      if (!this.baseline.has(id)) baselines.set(id, structuredClone(this.index.items[id]));
      const baseline = this.baseline.has(id) ? this.baseline.get(id) : baselines.get(id);
      const target: Mark = want.unchanged
        ? { hash: baseline?.content_hash ?? want.hash, ...(baseline?.file ? { file: baseline.file } : {}) }
        : { hash: want.hash, ...(want.file ? { file: want.file } : {}) };
      marks.set(id, target);
      const entry = index.items[id];
      if (!entry) {
        markSeen(index, id, target.hash, runId, ingestedAt, target.file);
        continue;
      }
      if (this.untouched(entry, id, baseline)) setVersion(entry, target);
      if (entry.last_seen < ingestedAt) entry.last_seen = ingestedAt;
      if (!entry.runs.includes(runId)) entry.runs = [...entry.runs, runId].slice(-MAX_RUNS_PER_ITEM);
    }
    // Marks this run no longer makes (an item an earlier source took over and rejected): give the entry back.
    for (const id of this.marks.keys()) {
      const entry = index.items[id];
      if (wanted.has(id) || !entry || !this.untouched(entry, id, this.baseline.get(id))) continue;
      const baseline = this.baseline.get(id);
      if (baseline) index.items[id] = structuredClone(baseline);
      else delete index.items[id];
    }
    index.updated_at = this.index.updated_at;
    if (JSON.stringify(index) === JSON.stringify(this.index)) {
      this.marks = marks;
      for (const [id, entry] of baselines) this.baseline.set(id, entry);
      return undefined;
    }
    return { index, marks, baselines };
  }

  /** True when the entry's version is still the one this run's last commit (or, before it, the baseline) had. */
  private untouched(entry: SeenEntry, id: string, baseline: SeenEntry | undefined): boolean {
    const expected =
      this.marks.get(id) ?? (baseline ? { hash: baseline.content_hash, file: baseline.file } : undefined);
    return expected !== undefined && entry.content_hash === expected.hash && entry.file === expected.file;
  }
}

/** What this run's marks set on an item's entry: the version's hash and the file holding it. */
interface Mark {
  hash: string;
  file?: string;
}

interface NextIndex {
  index: SeenIndex;
  marks: Map<string, Mark>;
  baselines: Map<string, SeenEntry | undefined>;
}

function setVersion(entry: SeenEntry, mark: Mark): void {
  entry.content_hash = mark.hash;
  if (mark.file) entry.file = mark.file;
  else delete entry.file;
}

/** The seen-index and its ETag; a damaged index is rebuilt from the stored items (with a warning). */
async function loadIndex(run: CheckpointRun): Promise<{ index: SeenIndex; etag: string | undefined }> {
  const loaded = await loadSeenIndex(run.store, run.clientId);
  if (loaded.index) return { index: loaded.index, etag: loaded.etag };
  // A damaged index must not make every old item "new" again: rebuild it from what was written.
  run.warnings.push(`${loaded.problem}; rebuilt from the ingested files`);
  const index = emptySeenIndex(run.clientId);
  const { items } = await readIngestedItems(run.store, run.clientId);
  for (const item of items) markSeen(index, item.item_id, item.content_hash, item.run_id, item.ingested_at);
  return { index, etag: loaded.etag };
}

/** Item ids whose entry differs between two versions of the index. */
function changedIds(before: SeenIndex, after: SeenIndex): Set<string> {
  const changed = new Set<string>();
  for (const [id, entry] of Object.entries(after.items))
    if (JSON.stringify(entry) !== JSON.stringify(before.items[id])) changed.add(id);
  for (const id of Object.keys(before.items)) if (!(id in after.items)) changed.add(id);
  return changed;
}
