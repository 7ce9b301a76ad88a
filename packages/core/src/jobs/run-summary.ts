/**
 * The run summary the notify state publishes at the end of every week, whatever happened: sources read and
 * failed, items kept, the LLM's cost, the newsletter's link, the delivery — or which step failed and why. Built
 * from the state machine's state (each step's reply, its caught error `{Error, Cause}`, or null when it did not
 * run), so the same text comes out of `vectora run`.
 */
import { isE2eClient } from "../events/step-event.js";
import type { RunSummary } from "../events/step-replies.js";
import { sanitizeText } from "../util/safe-text.js";
import type { RunEngineForClientResult } from "./engine.js";

/** The engine step's reply: what the summary and the deliver step need of the engine's result. */
export interface EngineStepReply {
  statusCode: 200;
  client_id: string;
  as_of: string;
  /** Where the newsletter files are (`s3://…`, `dir:/…`). */
  files: { md: string; html: string; json: string };
  counts: Record<string, number>;
  sections: Array<{ id: string; items: number }>;
  llm: { enabled: boolean; model: string | null; calls: number; cost_usd: number };
  failed_sources: Array<{ source_key: string; reason?: string }>;
  not_read: Array<{ source_key: string; reason: string }>;
  /** Sources that need a person (failing twice, or silent after yielding entries), as the footer lists them. */
  sources_to_check: Array<{ source_key: string; flag: string; message: string }>;
}

/** The engine reply from the engine job's result; `where` turns a store key into its location. */
export function engineReplyOf(
  result: RunEngineForClientResult & { not_read?: EngineStepReply["not_read"] },
  where: (key: string) => string,
): EngineStepReply {
  return {
    statusCode: 200,
    client_id: result.client_id,
    as_of: result.as_of,
    files: { md: where(result.keys.md), html: where(result.keys.html), json: where(result.keys.json) },
    counts: { ...result.counts },
    sections: result.sections,
    llm: {
      enabled: result.llm.enabled,
      model: result.llm.model,
      calls: result.llm.calls,
      cost_usd: result.llm.cost_usd,
    },
    failed_sources: result.failed_sources.map((s) => ({
      source_key: s.source_key,
      ...(s.reason ? { reason: s.reason } : {}),
    })),
    not_read: result.not_read ?? [],
    sources_to_check: result.sources_to_check.map(({ source_key, flag, message }) => ({
      source_key,
      flag,
      message,
    })),
  };
}

/** A Lambda error's Cause is the function's error as JSON (`{"errorType","errorMessage",…}`); else its text. */
export function causeOf(cause: string | undefined): string {
  if (!cause) return "";
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === "string") return `: ${parsed.errorMessage.split("\n")[0]}`;
  } catch {
    // Not JSON: Step Functions' own words (a timeout, a refused invocation).
  }
  return `: ${cause.split("\n")[0]}`;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === "number" ? v : 0);

/** How a step ended: its 200 reply, a 400 or a caught error (with one line of why), or not run. */
function outcome(value: unknown): { ok: Obj } | { failed: string } | { skipped: true } {
  if (!isObj(value)) return { skipped: true };
  if (typeof value["Error"] === "string")
    return {
      failed: `${value["Error"]}${causeOf(typeof value["Cause"] === "string" ? value["Cause"] : undefined)}`,
    };
  if (value["statusCode"] === 200) return { ok: value };
  if (value["statusCode"] === 400) return { failed: `refused its event: ${String(value["error"])}` };
  return { failed: `unexpected reply ${JSON.stringify(value).slice(0, 200)}` };
}

/**
 * Summarizes a run (see the top of this file). `ok` is false when no newsletter was written or a step failed
 * (the execution then ends failed, so the failed-executions alarm fires too).
 *
 * @example
 * ```ts
 * summarizeRun({ plan, ingest: { shards }, engine, delivery }, { env: "prod" }).subject;
 * // "[vectora prod] lai_weekly 2026-01-05: OK, 7 items, 10/10 sources"
 * ```
 */
export function summarizeRun(
  run: { input?: unknown; plan?: unknown; ingest?: unknown; engine?: unknown; delivery?: unknown },
  context: { env: string; execution?: string },
): RunSummary {
  const input = isObj(run.input) ? run.input : {};
  const plan = outcome(run.plan);
  const planned = "ok" in plan ? plan.ok : undefined;
  const client = String(planned?.["client_id"] ?? input["client_id"] ?? "?");
  const asOf = String(planned?.["as_of"] ?? input["as_of"] ?? "?");
  const lines: string[] = [];
  const problems: string[] = [];
  if ("failed" in plan) problems.push(`plan failed: ${plan.failed}`);

  // Sources, from the shards' outcomes.
  const ingest = isObj(run.ingest) ? run.ingest : undefined;
  const shards = Array.isArray(ingest?.["shards"]) ? (ingest["shards"] as unknown[]).filter(isObj) : [];
  if (ingest && typeof ingest["Error"] === "string") problems.push(`ingest failed: ${outcomeText(ingest)}`);
  let sourcesOk = 0;
  let itemsNew = 0;
  const failedShards: string[] = [];
  for (const s of shards) {
    const reply = isObj(s["reply"]) ? s["reply"] : undefined;
    const shard = isObj(s["shard"]) ? s["shard"] : {};
    if (reply?.["statusCode"] === 200) {
      const totals = isObj(reply["totals"]) ? reply["totals"] : {};
      sourcesOk += num(totals["sources_ok"]);
      itemsNew += num(totals["new"]);
    } else
      failedShards.push(
        `shard ${String(shard["index"])} (${(shard["sources"] as unknown[] | undefined)?.length ?? 0} sources): ${outcomeText(s["error"] ?? reply)}`,
      );
  }
  const total = num(planned?.["sources"]);
  if (planned)
    lines.push(
      `Sources: ${sourcesOk} of ${total} read in ${shards.length} shard(s), ${itemsNew} new item(s)` +
        (failedShards.length ? `; ${failedShards.length} shard(s) failed` : ""),
    );
  for (const f of failedShards) lines.push(`  ${f}`);

  // The newsletter.
  const engine = outcome(run.engine);
  let kept: number | undefined;
  if ("ok" in engine) {
    const counts = isObj(engine.ok["counts"]) ? engine.ok["counts"] : {};
    const sections = Array.isArray(engine.ok["sections"]) ? engine.ok["sections"].length : 0;
    const llm = isObj(engine.ok["llm"]) ? engine.ok["llm"] : {};
    const files = isObj(engine.ok["files"]) ? engine.ok["files"] : {};
    const notRead = Array.isArray(engine.ok["failed_sources"]) ? engine.ok["failed_sources"].length : 0;
    kept = num(counts["kept"]);
    lines.push(
      `Newsletter: ${kept} item(s) kept of ${num(counts["input"])} in ${sections} section(s)` +
        (notRead ? `; ${notRead} source(s) listed as not read in its footer` : ""),
      `LLM: ${llm["enabled"] ? `$${num(llm["cost_usd"]).toFixed(4)} (${num(llm["calls"])} call(s), ${String(llm["model"])})` : "off (rules only), $0"}`,
      `Link: ${String(files["html"] ?? "?")}`,
      ...sourcesToCheckLines(engine.ok["sources_to_check"]),
    );
  } else if ("failed" in engine) problems.push(`engine failed: ${engine.failed}`);
  else if (planned) {
    problems.push("engine skipped: no shard read anything");
    lines.push("Newsletter: none this week (the engine runs only when a shard read something)");
  }

  const delivery = outcome(run.delivery);
  if ("ok" in delivery)
    lines.push(`Delivery: ${String(delivery.ok["status"])}: ${String(delivery.ok["message"])}`);
  else if ("failed" in delivery) problems.push(`delivery failed: ${delivery.failed}`);

  const ok = problems.length === 0 && kept !== undefined;
  const verdict = ok ? `OK, ${kept} items, ${sourcesOk}/${total} sources` : `FAILED: ${problems[0]}`;
  const subject = ascii(`[vectora ${context.env}] ${client} ${asOf}: ${verdict}`).slice(0, 100);
  const message = [
    `Vectora weekly run of ${client} as of ${asOf} (${context.env}): ${ok ? "OK" : "FAILED"}`,
    ...problems.map((p) => `PROBLEM: ${p}`),
    ...lines,
    ...(context.execution ? [`Execution: ${context.execution}`] : []),
  ]
    .map((l) => sanitizeText(l))
    .join("\n");
  return { ok, subject, message, notify: !isE2eClient(client) };
}

/**
 * The summary of a run whose summarize event was itself refused (a 400): still a subject and a message, so the
 * notify step's `$.summary.subject` / `$.summary.message` exist (a missing path there is a `States.Runtime` error,
 * which no Catch catches, and the run would end without telling anyone).
 *
 * @example
 * ```ts
 * summaryOfRefusedEvent("execution: must be at most 2048 characters", { env: "prod" }).subject;
 * // "[vectora prod] weekly run FAILED: its summary event was refused"
 * ```
 */
export function summaryOfRefusedEvent(
  error: string,
  context: { env: string; clientId?: unknown },
): RunSummary {
  const client = typeof context.clientId === "string" ? context.clientId : undefined;
  return {
    ok: false,
    subject: ascii(
      `[vectora ${context.env}] ${client ?? "weekly run"} FAILED: its summary event was refused`,
    ).slice(0, 100),
    message: sanitizeText(
      `Vectora weekly run (${context.env}): FAILED, and the summarize step refused its event (${error}), so ` +
        "nothing is known of its steps here: open the execution's history in Step Functions.",
    ),
    notify: client === undefined || !isE2eClient(client),
  };
}

/**
 * `Sources to check: N (…)` and one line per source, `  <key> (failing|silent): <why>`, from the engine reply's
 * `sources_to_check`; nothing when none needs a person.
 */
function sourcesToCheckLines(value: unknown): string[] {
  const sources = Array.isArray(value) ? value.filter(isObj) : [];
  if (sources.length === 0) return [];
  return [
    `Sources to check: ${sources.length} (\`vectora sources health\` shows their last runs)`,
    ...sources.map(
      (s) =>
        `  ${String(s["source_key"] ?? "?")} (${String(s["flag"] ?? "?")}): ${String(s["message"] ?? "")}`,
    ),
  ];
}

function outcomeText(value: unknown): string {
  const o = outcome(value);
  return "failed" in o ? o.failed : "ok" in o ? "ok" : "did not run";
}

/** SNS subjects are ASCII without control characters. */
function ascii(text: string): string {
  return text.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
}
