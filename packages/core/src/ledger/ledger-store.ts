/**
 * Reading and writing a client's ledger through the BlobStore port (a directory locally, the data bucket on
 * AWS): list the issues, read entries back (validated; a bad one is named, never trusted), replace one issue's
 * entry, record a delivery, and plan an issue's window from the ledger.
 */
import type { ClientConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import { type BlobStore, updateWithRetry } from "../ports/blob-store.js";
import { mapLimited } from "../util/map-limited.js";
import { type Delivery, LedgerEntry } from "./entry.js";
import { type IssueWindow, issueWindow } from "./issue-window.js";

/** Entries read at a time (S3 GETs in flight). */
const READ_CONCURRENCY = 8;

/**
 * The as-of dates of a client's recorded issues, oldest first — from the keys alone (nothing is read), so a
 * damaged entry still counts as an issue for the window.
 */
export async function listIssueDates(store: BlobStore, clientId: string): Promise<string[]> {
  const prefix = layout.ledgerPrefix(clientId);
  return (await store.list(prefix))
    .map((b) => /^(\d{4}-\d{2}-\d{2})\.json$/.exec(b.key.slice(prefix.length))?.[1])
    .filter((d): d is string => d !== undefined)
    .sort();
}

export interface ReadLedgerResult {
  /** Valid entries, oldest first. */
  entries: LedgerEntry[];
  /** One line per entry that could not be read or validated, naming its key. */
  problems: string[];
}

/**
 * Reads a client's ledger entries with `from` ≤ as-of < `before` (both optional, `YYYY-MM-DD`), oldest first.
 *
 * @example
 * ```ts
 * const { entries, problems } = await readLedger(dataStore, "lai_weekly", { before: "2025-12-17" });
 * ```
 */
export async function readLedger(
  store: BlobStore,
  clientId: string,
  range: { from?: string; before?: string } = {},
): Promise<ReadLedgerResult> {
  const dates = (await listIssueDates(store, clientId)).filter(
    (d) => (range.from === undefined || d >= range.from) && (range.before === undefined || d < range.before),
  );
  const read = await mapLimited(dates, READ_CONCURRENCY, async (asOf) => readEntry(store, clientId, asOf));
  return {
    entries: read.flatMap((r) => ("entry" in r ? [r.entry] : [])),
    problems: read.flatMap((r) => ("problem" in r ? [r.problem] : [])),
  };
}

/** One entry, validated against its key; `{}` when it vanished since the listing. */
async function readEntry(
  store: BlobStore,
  clientId: string,
  asOf: string,
): Promise<{ entry: LedgerEntry } | { problem: string } | Record<string, never>> {
  const key = layout.ledgerEntry(clientId, asOf);
  const text = await store.getText(key);
  if (text === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `${store.location}/${key}: not JSON: ${(error as Error).message}` };
  }
  const parsed = LedgerEntry.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      problem: `${store.location}/${key}: not a ledger entry: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    };
  }
  if (parsed.data.as_of !== asOf || parsed.data.client_id !== clientId)
    return { problem: `${store.location}/${key}: holds ${parsed.data.client_id} as of ${parsed.data.as_of}` };
  return { entry: parsed.data };
}

/**
 * Writes an issue's entry, replacing the one a previous run of the same client and as-of wrote — and keeping its
 * `delivery`: rebuilding a sent issue does not unsend it. A compare-and-swap (`updateWithRetry`): a delivery
 * recorded while the engine rebuilds the issue is kept, never overwritten. Resolves the key.
 */
export async function writeLedgerEntry(store: BlobStore, entry: LedgerEntry): Promise<string> {
  const key = layout.ledgerEntry(entry.client_id, entry.as_of);
  await updateEntry(store, key, (previous) => ({
    ...entry,
    delivery: entry.delivery ?? previous?.delivery ?? null,
  }));
  return key;
}

/**
 * Records that an issue was sent (the mailer's step): sets its entry's `delivery` (compare-and-swap, so a
 * concurrent rebuild of the issue keeps it) and resolves the entry. Throws when the issue has no valid entry
 * (nothing to deliver).
 *
 * @example
 * ```ts
 * await recordDelivery(dataStore, "lai_weekly", "2025-12-17", { sent_at, message_id, to_count: 42 });
 * ```
 */
export async function recordDelivery(
  store: BlobStore,
  clientId: string,
  asOf: string,
  delivery: Delivery,
): Promise<LedgerEntry> {
  const key = layout.ledgerEntry(clientId, asOf);
  return updateEntry(store, key, (entry) => {
    if (!entry)
      throw new Error(
        `no valid ledger entry at ${store.location}/${key}: no issue of ${clientId} as of ${asOf}`,
      );
    return { ...entry, delivery };
  });
}

/**
 * Rewrites one entry by compare-and-swap (`updateWithRetry`): `change` gets the stored entry (`undefined` when
 * there is none or it does not validate) and may run again after a lost race. Resolves the entry written.
 */
async function updateEntry(
  store: BlobStore,
  key: string,
  change: (current: LedgerEntry | undefined) => unknown,
): Promise<LedgerEntry> {
  let written: LedgerEntry | undefined;
  await updateWithRetry(
    store,
    key,
    (current) => {
      written = LedgerEntry.parse(change(parseEntry(current)));
      return `${JSON.stringify(written, null, 2)}\n`;
    },
    { contentType: "application/json" },
  );
  return written!;
}

/** One issue's entry (validated), or `undefined` when there is none or it does not validate. */
export async function readLedgerEntry(
  store: BlobStore,
  clientId: string,
  asOf: string,
): Promise<LedgerEntry | undefined> {
  return readOne(store, layout.ledgerEntry(clientId, asOf));
}

async function readOne(store: BlobStore, key: string): Promise<LedgerEntry | undefined> {
  return parseEntry(await store.getText(key));
}

function parseEntry(text: string | undefined): LedgerEntry | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = LedgerEntry.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Plans an issue: its window from the client's ledger (the latest issue before `asOf`; the issue being rebuilt
 * does not count), for the ingest job and the engine job alike.
 *
 * @example
 * ```ts
 * const plan = await planIssue(dataStore, "lai_weekly", client, "2025-12-17");
 * plan.read; // what ingest fetches: { from: "2025-11-27", to: "2025-12-17" } after an issue of 2025-12-10
 * ```
 */
export async function planIssue(
  store: BlobStore,
  clientId: string,
  client: Pick<ClientConfig, "period_days" | "window">,
  asOf: string,
  explicitPeriodDays?: number,
): Promise<IssueWindow> {
  const previousAsOf = (await listIssueDates(store, clientId)).filter((d) => d < asOf).at(-1);
  return issueWindow({
    asOf,
    previousAsOf,
    periodDays: client.period_days,
    settings: client.window,
    ...(explicitPeriodDays === undefined ? {} : { explicitPeriodDays }),
  });
}
