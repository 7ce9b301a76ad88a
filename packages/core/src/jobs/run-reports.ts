/**
 * What the engine job reads of ingest's run reports: the window's reports (validated, a bad one named and
 * skipped) and, from them, what the issue read per source (status, counts set aside, undated entries by name).
 */
import type { VectoraConfig } from "../config/schema.js";
import { layout } from "../domain/layout.js";
import type { DateWindow } from "../engine/window.js";
import { IngestReport } from "../ingest/report.js";
import type { SourceScope, SourceToCheck } from "../newsletter/document.js";
import type { BlobStore } from "../ports/blob-store.js";

/**
 * Ingest run reports of the window's runs (as-of date inside the window), oldest first. A report that does not
 * validate is named in `warnings` and skipped.
 */
export async function readRunReports(
  store: BlobStore,
  clientId: string,
  window: DateWindow,
  warnings: string[],
): Promise<IngestReport[]> {
  const keys = (await runReportKeys(store, clientId))
    .filter((r) => r.asOf >= window.from && r.asOf <= window.to)
    .map((r) => r.key);
  const reports = await readReports(store, keys, warnings);
  return reports.sort((a, b) => (a.started_at < b.started_at ? -1 : a.started_at > b.started_at ? 1 : 0));
}

/**
 * The keys of the client's run reports, each with the as-of date its path names
 * (`…/2025/12/17/<run_id>.report.json` → `2025-12-17`; `""` outside that layout): one listing of its prefix.
 */
export async function runReportKeys(
  store: BlobStore,
  clientId: string,
): Promise<Array<{ key: string; asOf: string }>> {
  return (await store.list(layout.ingestedPrefix(clientId)))
    .map((b) => b.key)
    .filter((key) => key.endsWith(".report.json"))
    .map((key) => {
      const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(key);
      return { key, asOf: m ? `${m[1]}-${m[2]}-${m[3]}` : "" };
    });
}

/**
 * The run reports at `keys`, in that order, validated: one that is not JSON or not a report is named in `warnings`
 * and skipped.
 */
export async function readReports(
  store: BlobStore,
  keys: readonly string[],
  warnings: string[],
): Promise<IngestReport[]> {
  const reports: IngestReport[] = [];
  for (const key of keys) {
    const text = await store.getText(key);
    let parsed: ReturnType<typeof IngestReport.safeParse> | undefined;
    try {
      parsed = IngestReport.safeParse(JSON.parse(text ?? ""));
    } catch (error) {
      warnings.push(`${store.location}/${key}: ingest report is not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      warnings.push(
        `${store.location}/${key}: not an ingest report: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
      );
      continue;
    }
    reports.push(parsed.data);
  }
  return reports;
}

/**
 * What the issue read, per source: the latest run's status for each source of the window's runs, plus any source
 * that only appears in the items (runs without a report). `items` counts the window's items per source. A source
 * a later run did not get to (`deferred` or `abandoned` at its deadline) keeps an earlier run's read of the
 * window: its items from that run are in the issue, so it was read.
 */
export function sourceScope(
  reports: readonly IngestReport[],
  items: ReadonlyArray<{ source_key: string }>,
  config: VectoraConfig,
): SourceScope[] {
  const latest = new Map<
    string,
    Pick<SourceScope, "kind" | "status" | "reason" | "out_of_window" | "undated" | "undated_entries">
  >();
  for (const report of reports)
    for (const s of report.sources) {
      const notReached = s.status === "deferred" || s.status === "abandoned";
      if (notReached && latest.get(s.source_key)?.status === "ok") continue;
      latest.set(s.source_key, {
        kind: s.kind,
        status: s.status,
        ...(s.reason ? { reason: s.reason } : {}),
        // The latest run's counts only: the window's runs re-read the same pages, summing them would double count.
        out_of_window: s.out_of_window,
        undated: s.undated,
        undated_entries: s.undated_entries ?? [],
      });
    }
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(item.source_key, (counts.get(item.source_key) ?? 0) + 1);
    if (!latest.has(item.source_key)) latest.set(item.source_key, { kind: "unknown", status: "ok" });
  }
  return [...latest]
    .map(([key, state]) => {
      const def = config.sources.find((s) => s.key === key);
      const scope: SourceScope = {
        source_key: key,
        name: def?.name ?? key,
        actor_type: def?.actor_type ?? "unknown",
        kind: def?.kind ?? state.kind,
        status: state.status,
        items: counts.get(key) ?? 0,
      };
      if (state.reason) scope.reason = state.reason;
      if (state.out_of_window !== undefined) scope.out_of_window = state.out_of_window;
      if (state.undated !== undefined) scope.undated = state.undated;
      if (state.undated_entries?.length) scope.undated_entries = state.undated_entries;
      return scope;
    })
    .sort((a, b) => a.source_key.localeCompare(b.source_key));
}

/**
 * The sources to check of an issue: for each source, the flag its latest run of the window recorded (a later run
 * that read it and found it well clears an earlier flag), named as the catalog names it.
 */
export function sourcesToCheck(reports: readonly IngestReport[], config: VectoraConfig): SourceToCheck[] {
  const latest = new Map<string, SourceToCheck | undefined>();
  const ordered = [...reports].sort(
    (a, b) => a.as_of.localeCompare(b.as_of) || a.started_at.localeCompare(b.started_at),
  );
  for (const report of ordered)
    for (const source of report.sources) {
      // A report stored before flags existed says nothing either way.
      if (!report.source_flags) continue;
      const flag = report.source_flags.find((f) => f.source_key === source.source_key);
      const name = config.sources.find((s) => s.key === source.source_key)?.name ?? source.source_key;
      latest.set(source.source_key, flag ? { ...flag, name } : undefined);
    }
  return [...latest.values()]
    .filter((f): f is SourceToCheck => f !== undefined)
    .sort((a, b) => a.source_key.localeCompare(b.source_key));
}

/**
 * Adds the sources no shard could report on (a shard's Lambda failed or was refused: its run report may not
 * exist) to the issue's source scope as failed, with why — unless an earlier run of the window read them (their
 * items are in the issue: they were read).
 */
export function withNotRead(
  scope: SourceScope[],
  notRead: ReadonlyArray<{ source_key: string; reason: string }>,
  config: VectoraConfig,
): SourceScope[] {
  const byKey = new Map(scope.map((s) => [s.source_key, s]));
  for (const { source_key, reason } of notRead) {
    const known = byKey.get(source_key);
    if (known?.status === "ok") continue;
    const def = config.sources.find((s) => s.key === source_key);
    byKey.set(source_key, {
      ...(known ?? {
        source_key,
        name: def?.name ?? source_key,
        actor_type: def?.actor_type ?? "unknown",
        kind: def?.kind ?? "unknown",
        items: 0,
      }),
      status: "failed",
      reason,
    });
  }
  return [...byKey.values()].sort((a, b) => a.source_key.localeCompare(b.source_key));
}
