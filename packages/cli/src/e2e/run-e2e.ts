/**
 * Phase 5 of a deployment, and `vectora e2e --local`: invoke ingest, then the engine, check that the newsletter
 * landed and reads back as a newsletter document, then delete everything the test wrote. It runs its own client
 * (`e2e_*`), so it never writes under a real client's prefixes nor reaches real readers. The steps are a list:
 * a later phase (a state machine execution instead of two invokes) adds or swaps steps, the rest stays.
 */
import { type BlobStore, layout, NewsletterDocument } from "@vectora/core";
import { E2E_CLIENT_PREFIX } from "@vectora/core/events";
import { checkDeliveryEml } from "./eml-check.js";

/** The one Lambda call the e2e phase needs, behind a port so tests and `--local` drive it without AWS. */
export interface FunctionInvoker {
  /** Synchronous invoke; resolves the decoded JSON payload, or rejects naming the function and its error. */
  invoke(functionName: string, payload: unknown): Promise<unknown>;
}

/** Client ids the end-to-end test may use: its own, never a real newsletter's (the engine knows them too). */
export { E2E_CLIENT_PREFIX };
/** The e2e client of config/clients/e2e_smoke.yaml. */
export const DEFAULT_E2E_CLIENT = "e2e_smoke";

/** Refuses a client that is not an e2e client: the test deletes its client's prefixes afterwards. */
export function assertE2eClient(clientId: string): void {
  if (!clientId.startsWith(E2E_CLIENT_PREFIX) || !/^[a-z0-9_]+$/.test(clientId))
    throw new Error(
      `the end-to-end test runs only e2e clients (${E2E_CLIENT_PREFIX}*), not "${clientId}": it writes under its ` +
        "client's prefixes and deletes them afterwards, and must never reach a real newsletter's readers",
    );
}

export interface E2eOptions {
  env: string;
  /** An e2e client ({@link assertE2eClient}). */
  clientId: string;
  /** Newsletter date to ask the engine for (YYYY-MM-DD); ingest runs as of the same day. */
  targetDate: string;
  /** How the default steps invoke the functions (not needed when `steps` are given). */
  invoker?: FunctionInvoker;
  newsletters: BlobStore;
  /** The data bucket: where ingest wrote, cleaned up afterwards with the newsletter. */
  data?: BlobStore;
  /** Delete what the test wrote (default true). */
  cleanup?: boolean;
  projectName?: string;
  /** Deployed function names (from the stack outputs file); by default the operators' naming convention. */
  functionNames?: { ingest: string; engine: string };
  /**
   * The steps of the test proper (default: {@link e2eSteps}, two invokes); the newsletter check and the clean-up
   * always follow. `vectora e2e --local` passes the weekly run's steps, `--env` the state machine's execution.
   */
  steps?: E2eStepDef[];
  /**
   * The steps deliver the issue (always a dry run for an e2e client): its `newsletter.eml` is then checked after
   * the newsletter ({@link checkDeliveryEml}) and deleted with it.
   */
  delivers?: boolean;
  log?: (line: string) => void;
}

export interface E2eStep {
  step: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export interface E2eResult {
  ok: boolean;
  steps: E2eStep[];
}

/** One step: a name and what it does; it throws to fail, and the steps after a failure are skipped. */
export interface E2eStepDef {
  name: string;
  run: () => Promise<string>;
}

/** Runs steps in order, stopping at the first failure; never throws — the result says which step failed and why. */
export async function runSteps(
  steps: readonly E2eStepDef[],
  log: (line: string) => void = () => {},
): Promise<E2eResult> {
  const results: E2eStep[] = [];
  for (const def of steps) {
    const started = Date.now();
    try {
      const detail = await def.run();
      results.push({ step: def.name, ok: true, detail, durationMs: Date.now() - started });
      log(`ok   ${def.name}: ${detail}`);
    } catch (error) {
      const detail = (error as Error).message;
      results.push({ step: def.name, ok: false, detail, durationMs: Date.now() - started });
      log(`FAIL ${def.name}: ${detail}`);
      break;
    }
  }
  return { ok: results.length === steps.length && results.every((s) => s.ok), steps: results };
}

/** The steps of the test proper: ingest, engine, the newsletter checked against its schema. */
export function e2eSteps(options: E2eOptions): E2eStepDef[] {
  const project = options.projectName ?? "vectora-inbox";
  const ingestFn = options.functionNames?.ingest ?? `${project}-ingest-normalize-${options.env}`;
  const engineFn = options.functionNames?.engine ?? `${project}-engine-${options.env}`;
  const invoker = options.invoker;
  if (!invoker) throw new Error("e2eSteps needs an invoker");
  return [
    {
      name: `invoke ${ingestFn}`,
      run: async () =>
        describeReply(
          await invoker.invoke(ingestFn, { client_id: options.clientId, as_of: options.targetDate }),
        ),
    },
    {
      name: `invoke ${engineFn}`,
      run: async () =>
        describeReply(
          await invoker.invoke(engineFn, {
            client_id: options.clientId,
            target_date: options.targetDate,
          }),
        ),
    },
    {
      name: "newsletter files in the newsletters bucket",
      run: () => checkNewsletter(options.newsletters, options.clientId, options.targetDate),
    },
  ];
}

/** Runs the end-to-end test, then (always, also after a failure) deletes what it wrote. */
export async function runE2e(options: E2eOptions): Promise<E2eResult> {
  assertE2eClient(options.clientId);
  const log = options.log ?? (() => {});
  const steps = options.steps
    ? [
        ...options.steps,
        {
          name: "newsletter files in the newsletters bucket",
          run: () => checkNewsletter(options.newsletters, options.clientId, options.targetDate),
        },
      ]
    : e2eSteps(options);
  if (options.delivers)
    steps.push({
      name: "the dry-run email (.eml) beside the newsletter",
      run: () => checkDeliveryEml(options.newsletters, options.clientId, options.targetDate),
    });
  const result = await runSteps(steps, log);
  if (options.cleanup === false) return result;
  const cleanup = await runSteps(
    [{ name: "clean up what the test wrote", run: () => cleanUp(options) }],
    log,
  );
  return { ok: result.ok && cleanup.ok, steps: [...result.steps, ...cleanup.steps] };
}

/** The three files exist, are not empty, and the JSON one is a newsletter document of this CLI's schema. */
async function checkNewsletter(
  newsletters: BlobStore,
  clientId: string,
  targetDate: string,
): Promise<string> {
  const found: string[] = [];
  for (const ext of ["md", "html", "json"] as const) {
    const key = layout.newsletter(clientId, targetDate, ext);
    const info = await newsletters.head(key);
    if (!info) throw new Error(`missing ${newsletters.location}/${key}`);
    if (info.size === 0) throw new Error(`empty ${newsletters.location}/${key}`);
    found.push(`${key} (${info.size} B)`);
  }
  const jsonKey = layout.newsletter(clientId, targetDate, "json");
  const text = await newsletters.getText(jsonKey);
  let json: unknown;
  try {
    json = JSON.parse(text ?? "");
  } catch {
    throw new Error(`${jsonKey} is not valid JSON`);
  }
  // Valid JSON is not enough: a deployed engine older or newer than this CLI writes another shape.
  const document = NewsletterDocument.safeParse(json);
  if (!document.success) {
    const issue = document.error.issues[0];
    throw new Error(
      `${jsonKey} is not a newsletter document: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`,
    );
  }
  return `${found.join(", ")}; ${document.data.sections.reduce((n, s) => n + s.items.length, 0)} item(s) in ${document.data.sections.length} section(s)`;
}

/**
 * Deletes the e2e client's prefixes: its newsletters and archive page, its ingest runs, its seen index and its
 * ledger of issues (all written by e2e runs only — the client is e2e-only; without its ledger, the next run is a
 * first issue again, with the same window). Shared content-addressed caches (LLM replies) are left.
 */
async function cleanUp(options: E2eOptions): Promise<string> {
  assertE2eClient(options.clientId);
  const targets: [BlobStore, string][] = [[options.newsletters, `${options.clientId}/`]];
  if (options.data)
    targets.push(
      [options.data, layout.ingestedPrefix(options.clientId)],
      [options.data, layout.seenIndex(options.clientId).replace(/seen\.json$/, "")],
      [options.data, layout.ledgerPrefix(options.clientId)],
    );
  const counts: string[] = [];
  for (const [store, prefix] of targets) {
    const keys = (await store.list(prefix)).map((o) => o.key);
    for (const key of keys) await store.delete(key);
    const left = await store.list(prefix);
    if (left.length > 0)
      throw new Error(
        `${left.length} object(s) left under ${store.location}/${prefix} after deleting them: ${left[0]!.key}…`,
      );
    counts.push(`${keys.length} under ${store.location}/${prefix}`);
  }
  return `deleted ${counts.join(", ")}`;
}

/** A Lambda reply with `statusCode >= 400` is a failure even when the invoke itself succeeded. */
function describeReply(reply: unknown): string {
  const record = (reply ?? {}) as Record<string, unknown>;
  const status = typeof record["statusCode"] === "number" ? record["statusCode"] : undefined;
  if (status !== undefined && status >= 400)
    throw new Error(`replied ${status}: ${String(record["error"] ?? JSON.stringify(reply))}`);
  return JSON.stringify(reply).slice(0, 200);
}
