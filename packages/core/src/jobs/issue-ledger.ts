/**
 * The engine job's side of the ledger (see `ledger/entry.ts`). Before the engine: the issue's window, what
 * earlier issues printed (never printed again) and which ingest runs they saw, and so which items read are late
 * arrivals. After it: the issue's ledger entry (replacing a previous run's) and the client's archive page.
 */
import type { ClientConfig, ClientWatch } from "../config/schema.js";
import type { RawItem } from "../domain/items.js";
import { layout, runIdOfItemsFile } from "../domain/layout.js";
import type { NormalizedItem } from "../domain/normalized.js";
import { dedupCandidate, platformNamesOf, publisherCompany } from "../engine/dedup-candidate.js";
import type { PublishedItem } from "../engine/published.js";
import type { EngineResult } from "../engine/run-engine.js";
import { isInWindow } from "../engine/window.js";
import { addDays } from "../ingest/dates.js";
import type { LedgerEntry, LedgerItem } from "../ledger/entry.js";
import type { IssueWindow } from "../ledger/issue-window.js";
import { planIssue, readLedger, writeLedgerEntry } from "../ledger/ledger-store.js";
import { renderArchive } from "../newsletter/archive.js";
import type { BlobStore } from "../ports/blob-store.js";

/**
 * How long before what an issue reads an earlier issue can still matter to it: the near-duplicate rules reach
 * 10 days apart (dedup.ts); a month leaves room for options that widen them. Older entries are not even read.
 */
const HISTORY_MARGIN_DAYS = 31;

/** What the engine job knows from the ledger before it runs the engine. */
export interface IssueHistory {
  plan: IssueWindow;
  /** Items earlier issues printed (as-of before this issue's; the issue being rebuilt does not count). */
  published: PublishedItem[];
  /** Ingest runs earlier issues read: an item first written by any other run was first seen after them. */
  seenRuns: Set<string>;
}

/**
 * Plans the issue from the ledger and reads the earlier issues that can matter to it. An unreadable entry is
 * named in `warnings` (its items could be printed again); it still counts as an issue for the window.
 */
export async function loadIssueHistory(
  store: BlobStore,
  clientId: string,
  client: Pick<ClientConfig, "period_days" | "window">,
  asOf: string,
  explicitPeriodDays: number | undefined,
  warnings: string[],
): Promise<IssueHistory> {
  const plan = await planIssue(store, clientId, client, asOf, explicitPeriodDays);
  const { entries, problems } = await readLedger(store, clientId, {
    from: addDays(plan.seenFrom, -HISTORY_MARGIN_DAYS),
    before: asOf,
  });
  for (const problem of problems) warnings.push(`${problem} (its items could be printed again)`);
  const published = entries.flatMap((entry) =>
    entry.items.map(
      (item): PublishedItem => ({
        as_of: entry.as_of,
        candidate: {
          id: item.item_id,
          title: item.title,
          url: item.url,
          canonicalUrl: item.canonical_url,
          publishedAt: item.published_at,
          companies: item.event_keys.companies,
          eventType: item.event_keys.event_type,
          products: item.event_keys.products,
          summary: item.event_keys.summary,
          ...(item.event_keys.publisher ? { publisher: item.event_keys.publisher } : {}),
          ...(item.event_keys.subject ? { subject: item.event_keys.subject } : {}),
        },
        merged: item.merged,
      }),
    ),
  );
  return { plan, published, seenRuns: new Set(entries.flatMap((e) => e.runs_read)) };
}

/**
 * The items this issue judges — those published in its read days (the window and the late days) — and among them
 * the late arrivals: published in the late days and first written by an ingest run no earlier issue saw. The
 * other items of the late days were seen by an earlier issue (and printed or not then): the engine sets them
 * aside as outside the window, so the footer's counts account for them. `printable`: the ids in the window or late
 * (the only ones worth the LLM's budget).
 */
export function itemsOfIssue(
  items: readonly RawItem[],
  firstRuns: ReadonlyMap<string, string>,
  history: IssueHistory,
): { items: RawItem[]; late: Set<string>; printable: Set<string> } {
  const { plan, seenRuns } = history;
  const late = new Set<string>();
  const printable = new Set<string>();
  const taken = items.filter((item) => isInWindow(item.published_at, plan.read));
  for (const item of taken) {
    const firstRun = firstRuns.get(item.item_id) ?? item.run_id;
    if (plan.late && isInWindow(item.published_at, plan.late) && !seenRuns.has(firstRun))
      late.add(item.item_id);
    if (late.has(item.item_id) || isInWindow(item.published_at, plan)) printable.add(item.item_id);
  }
  return { items: taken, late, printable };
}

/**
 * Run ids of the ingested files an issue read (`ingested/<client>/<yyyy>/<mm>/<dd>/<run_id>/<source_key>.jsonl`, or
 * `<run_id>.jsonl` for runs stored before checkpoints; as-of dates from `seenFrom` to the issue's), sorted: the runs
 * it SAW, whether their items fell in its window or not.
 */
export function runsOfFiles(files: readonly string[]): string[] {
  return [...new Set(files.flatMap((f) => runIdOfItemsFile(f) ?? []))].sort();
}

/** The ledger entry of an issue from the engine's result (printed items with their near-duplicate keys). */
export function ledgerEntryFor(input: {
  engine: EngineResult;
  watch: ClientWatch;
  items: readonly NormalizedItem[];
  plan: IssueWindow;
  configVersion: string;
  generatedAt: string;
  newsletter: LedgerEntry["newsletter"];
  runsRead: string[];
}): LedgerEntry {
  const { engine, watch } = input;
  const platforms = platformNamesOf(watch);
  const byId = new Map(input.items.map((i) => [i.item_id, i]));
  const mergedInto = new Map<string, LedgerItem["merged"]>();
  for (const d of engine.decisions) {
    const canonical = byId.get(d.item_id)?.canonical_url;
    if (d.duplicate_of === null || canonical === undefined) continue;
    mergedInto.set(d.duplicate_of, [
      ...(mergedInto.get(d.duplicate_of) ?? []),
      { item_id: d.item_id, canonical_url: canonical },
    ]);
  }
  const items = engine.sections.flatMap((section) =>
    section.items.map(({ item, decision }): LedgerItem => {
      const keys = dedupCandidate(item, item.published_at, publisherCompany(item, watch), platforms);
      return {
        item_id: item.item_id,
        url: item.url,
        canonical_url: item.canonical_url,
        title: item.title,
        source_key: item.source_key,
        published_at: item.published_at,
        section: section.id,
        late: decision.late,
        event_keys: {
          event_type: item.event_type,
          companies: keys.companies,
          products: keys.products ?? [],
          summary: keys.summary ?? "",
          ...(keys.publisher ? { publisher: keys.publisher } : {}),
          ...(keys.subject ? { subject: keys.subject } : {}),
        },
        merged: mergedInto.get(item.item_id) ?? [],
      };
    }),
  );
  const { plan } = input;
  return {
    schema_version: 1,
    client_id: watch.client.client_id,
    as_of: engine.as_of,
    window: { from: plan.from, to: plan.to },
    window_basis: plan.basis,
    late_window: plan.late,
    read_window: plan.read,
    config_version: input.configVersion,
    generated_at: input.generatedAt,
    newsletter: input.newsletter,
    sections: engine.sections.map((s) => ({ id: s.id, title: s.title, items: s.items.length })),
    items,
    runs_read: input.runsRead,
    delivery: null,
  };
}

/**
 * Records a written issue: its ledger entry in the data store (replacing a previous run's, keeping its delivery),
 * then the client's archive page in the newsletters store, rebuilt from the whole ledger. Resolves both keys.
 *
 * Two runs of one client at once write different entries (different weeks) or the same one (a retry: same
 * inputs, same entry); either way each put is atomic. The archive is a view: if two runs race, the page the
 * later writer lists wins, and the next issue rewrites it from the ledger, which never loses an entry.
 */
export async function recordIssue(
  dataStore: BlobStore,
  newslettersStore: BlobStore,
  entry: LedgerEntry,
  clientName: string,
  warnings: string[],
): Promise<{ ledger: string; archive: string }> {
  const ledger = await writeLedgerEntry(dataStore, entry);
  const { entries, problems } = await readLedger(dataStore, entry.client_id);
  for (const problem of problems) warnings.push(`${problem} (left out of the archive page)`);
  const archive = layout.archive(entry.client_id);
  await newslettersStore.put(archive, renderArchive({ id: entry.client_id, name: clientName }, entries), {
    contentType: "text/html; charset=utf-8",
  });
  return { ledger, archive };
}
