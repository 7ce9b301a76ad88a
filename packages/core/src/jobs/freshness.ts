/**
 * How long since each client's last issue: what the hourly watch publishes as the `DaysSinceLastIssue` metric
 * (EMF), and what the "no newsletter in 8 days" alarm reads. Computed from the ledger — the record of what was
 * published — so it is true whatever ran or failed.
 */
import type { VectoraConfig } from "../config/schema.js";
import { isE2eClient } from "../events/step-event.js";
import { listIssueDates, readLedgerEntry } from "../ledger/ledger-store.js";
import type { BlobStore } from "../ports/blob-store.js";

/** The metric's namespace and name (the alarm in s1-runtime names the same). */
export const FRESHNESS_METRIC = { namespace: "VectoraInbox", name: "DaysSinceLastIssue" } as const;

export interface ClientFreshness {
  client_id: string;
  /** The latest issue's as-of, or null (never published). */
  last_as_of: string | null;
  /** When it was generated (else its as-of at 00:00 UTC). */
  last_published_at: string | null;
  /** Days (fractional) since then; null when never published. */
  days_since_last_issue: number | null;
}

/**
 * The freshness of every client of the config, e2e clients (`e2e_*`) aside.
 *
 * @example
 * ```ts
 * (await clientFreshness(dataStore, config, new Date()))[0].days_since_last_issue; // 3.04
 * ```
 */
export async function clientFreshness(
  store: BlobStore,
  config: VectoraConfig,
  now: Date,
): Promise<ClientFreshness[]> {
  const clients = Object.keys(config.clients)
    .filter((id) => !isE2eClient(id))
    .sort();
  const out: ClientFreshness[] = [];
  for (const client_id of clients) {
    const last = (await listIssueDates(store, client_id)).at(-1);
    if (!last) {
      out.push({ client_id, last_as_of: null, last_published_at: null, days_since_last_issue: null });
      continue;
    }
    const entry = await readLedgerEntry(store, client_id, last);
    const published = entry?.generated_at ?? `${last}T00:00:00.000Z`;
    const days = Math.max(0, (now.getTime() - Date.parse(published)) / 86_400_000);
    out.push({
      client_id,
      last_as_of: last,
      last_published_at: published,
      days_since_last_issue: Math.round(days * 1000) / 1000,
    });
  }
  return out;
}
