/**
 * Phase 5 of a deployment: the end-to-end test of a deployed environment. Invokes the ingest Lambda, then the
 * engine Lambda, and checks that the three newsletter files landed in the newsletters bucket and read back valid.
 */
import { type BlobStore, layout, NewsletterDocument } from "@vectora/core";

/** The one Lambda call the e2e phase needs, behind a port so tests drive it without AWS. */
export interface FunctionInvoker {
  /** Synchronous invoke; resolves the decoded JSON payload, or rejects naming the function and its error. */
  invoke(functionName: string, payload: unknown): Promise<unknown>;
}

export interface E2eOptions {
  env: string;
  clientId: string;
  /** Newsletter date to ask the engine for (YYYY-MM-DD). */
  targetDate: string;
  invoker: FunctionInvoker;
  newsletters: BlobStore;
  projectName?: string;
  /** Deployed function names (from the stack outputs file); by default the operators' naming convention. */
  functionNames?: { ingest: string; engine: string };
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

/** Runs the end-to-end check; never throws for a failing step — the result says which step failed and why. */
export async function runE2e(options: E2eOptions): Promise<E2eResult> {
  const project = options.projectName ?? "vectora-inbox";
  const log = options.log ?? (() => {});
  const steps: E2eStep[] = [];

  async function step(name: string, body: () => Promise<string>): Promise<boolean> {
    const started = Date.now();
    try {
      const detail = await body();
      steps.push({ step: name, ok: true, detail, durationMs: Date.now() - started });
      log(`ok   ${name}: ${detail}`);
      return true;
    } catch (error) {
      steps.push({
        step: name,
        ok: false,
        detail: (error as Error).message,
        durationMs: Date.now() - started,
      });
      log(`FAIL ${name}: ${(error as Error).message}`);
      return false;
    }
  }

  const ingestFn = options.functionNames?.ingest ?? `${project}-ingest-normalize-${options.env}`;
  const engineFn = options.functionNames?.engine ?? `${project}-engine-${options.env}`;
  const ingested = await step(`invoke ${ingestFn}`, async () => {
    const reply = await options.invoker.invoke(ingestFn, {
      client_id: options.clientId,
      as_of: options.targetDate,
    });
    return describeReply(reply);
  });
  if (!ingested) return { ok: false, steps };
  const engined = await step(`invoke ${engineFn}`, async () => {
    const reply = await options.invoker.invoke(engineFn, {
      client_id: options.clientId,
      target_date: options.targetDate,
    });
    return describeReply(reply);
  });
  if (!engined) return { ok: false, steps };
  await step("newsletter files in the newsletters bucket", async () => {
    const found: string[] = [];
    for (const ext of ["md", "html", "json"] as const) {
      const key = layout.newsletter(options.clientId, options.targetDate, ext);
      const info = await options.newsletters.head(key);
      if (!info) throw new Error(`missing ${options.newsletters.location}/${key}`);
      if (info.size === 0) throw new Error(`empty ${options.newsletters.location}/${key}`);
      found.push(`${key} (${info.size} B)`);
    }
    const jsonKey = layout.newsletter(options.clientId, options.targetDate, "json");
    const text = await options.newsletters.getText(jsonKey);
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
    return found.join(", ");
  });
  return { ok: steps.every((s) => s.ok), steps };
}

/** A Lambda reply with `statusCode >= 400` is a failure even when the invoke itself succeeded. */
function describeReply(reply: unknown): string {
  const record = (reply ?? {}) as Record<string, unknown>;
  const status = typeof record["statusCode"] === "number" ? record["statusCode"] : undefined;
  if (status !== undefined && status >= 400)
    throw new Error(`replied ${status}: ${String(record["error"] ?? JSON.stringify(reply))}`);
  return JSON.stringify(reply).slice(0, 200);
}
