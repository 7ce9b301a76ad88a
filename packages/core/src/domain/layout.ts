/**
 * Where things live in the stores. Kept in one place so ingest, the engine, the Lambdas and the CLI agree.
 *
 * Data store:        ingested/<client>/<yyyy>/<mm>/<dd>/<run_id>/<source_key>.jsonl (one per source, written as
 *                    it finishes) + <run_id>.report.json; runs stored before checkpoints: <run_id>.jsonl;
 *                    index/<client>/seen.json, cache/llm/<content_hash>.json,
 *                    ledger/<client>/<yyyy-mm-dd>.json (one per published issue)
 * Newsletters store: <client>/<yyyy>/<mm>/<dd>/newsletter.{md,html,json}, <client>/index.html (the archive)
 */

/**
 * The run id of an items file, in both layouts: `…/2025/12/17/<run_id>/<source_key>.jsonl` (one file per source)
 * and `…/2025/12/17/<run_id>.jsonl` (runs stored before checkpoints). `undefined` for any other key.
 */
export function runIdOfItemsFile(key: string): string | undefined {
  return /\/\d{4}\/\d{2}\/\d{2}\/([^/]+?)(?:\/[^/]+)?\.jsonl$/.exec(key)?.[1];
}

/** `2025-12-17` → `2025/12/17`. */
export function datePath(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new Error(`expected a YYYY-MM-DD date, got "${isoDate}"`);
  return `${match[1]}/${match[2]}/${match[3]}`;
}

/**
 * Where everything lives in a store: the keys of ingested runs and their reports, the seen-index, the LLM cache,
 * the ledger of issues (data store) and the newsletter files and archive (newsletters store). The same keys on disk and in S3.
 *
 * @example
 * ```ts
 * layout.newsletter("lai_weekly", "2025-12-17", "md"); // "lai_weekly/2025/12/17/newsletter.md"
 * ```
 */
export const layout = {
  ingestedPrefix: (clientId: string) => `ingested/${clientId}/`,
  /** A run's items as stored before checkpoints (one file per run): still read, no longer written. */
  ingestedRun: (clientId: string, runDate: string, runId: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}.jsonl`,
  /** A run's folder: one JSON Lines file per source that wrote items. */
  ingestedRunFolder: (clientId: string, runDate: string, runId: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}/`,
  ingestedSource: (clientId: string, runDate: string, runId: string, sourceKey: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}/${sourceKey}.jsonl`,
  ingestReport: (clientId: string, runDate: string, runId: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}.report.json`,
  seenIndex: (clientId: string) => `index/${clientId}/seen.json`,
  llmCache: (contentHash: string) => `cache/llm/${contentHash.replace(/^sha256:/, "")}.json`,
  newsletter: (clientId: string, targetDate: string, ext: "md" | "html" | "json") =>
    `${clientId}/${datePath(targetDate)}/newsletter.${ext}`,
  /** The client's archive page (newsletters store): every issue, newest first, linked relatively. */
  archive: (clientId: string) => `${clientId}/index.html`,
  ledgerPrefix: (clientId: string) => `ledger/${clientId}/`,
  /** One ledger entry per issue, keyed by its as-of date (a re-run replaces it; see `ledger/entry.ts`). */
  ledgerEntry: (clientId: string, asOf: string) => {
    datePath(asOf);
    return `ledger/${clientId}/${asOf.slice(0, 10)}.json`;
  },
  /**
   * A claim on one send of an issue (`attempt` 1, then 2… after a resend), created with `If-None-Match: *` so
   * exactly one of concurrent deliveries sends; then updated to `sent` or `failed` (see `delivery/claim.ts`).
   */
  deliveryClaim: (clientId: string, asOf: string, attempt: number) =>
    `ledger/${clientId}/${asOf.slice(0, 10)}.send-${attempt}.json`,
  /** The dry run's message, next to the newsletter's HTML. */
  newsletterEml: (clientId: string, targetDate: string) =>
    `${clientId}/${datePath(targetDate)}/newsletter.eml`,
} as const;
