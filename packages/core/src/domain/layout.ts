/**
 * Where things live in the stores. Kept in one place so ingest, the engine, the Lambdas and the CLI agree.
 *
 * Data store:        ingested/<client>/<yyyy>/<mm>/<dd>/<run_id>.jsonl (+ .report.json), index/<client>/seen.json,
 *                    cache/llm/<content_hash>.json
 * Newsletters store: <client>/<yyyy>/<mm>/<dd>/newsletter.{md,html,json}
 */

/** `2025-12-17` → `2025/12/17`. */
export function datePath(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new Error(`expected a YYYY-MM-DD date, got "${isoDate}"`);
  return `${match[1]}/${match[2]}/${match[3]}`;
}

/**
 * Where everything lives in a store: the keys of ingested runs and their reports, the seen-index, the LLM cache
 * (data store) and the newsletter files (newsletters store). The same keys on disk and in S3.
 *
 * @example
 * ```ts
 * layout.newsletter("lai_weekly", "2025-12-17", "md"); // "lai_weekly/2025/12/17/newsletter.md"
 * ```
 */
export const layout = {
  ingestedPrefix: (clientId: string) => `ingested/${clientId}/`,
  ingestedRun: (clientId: string, runDate: string, runId: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}.jsonl`,
  ingestReport: (clientId: string, runDate: string, runId: string) =>
    `ingested/${clientId}/${datePath(runDate)}/${runId}.report.json`,
  seenIndex: (clientId: string) => `index/${clientId}/seen.json`,
  llmCache: (contentHash: string) => `cache/llm/${contentHash.replace(/^sha256:/, "")}.json`,
  newsletter: (clientId: string, targetDate: string, ext: "md" | "html" | "json") =>
    `${clientId}/${datePath(targetDate)}/newsletter.${ext}`,
} as const;
