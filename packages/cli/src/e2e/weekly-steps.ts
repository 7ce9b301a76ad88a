/**
 * The weekly run's steps as the state machine sends them — plan, each shard, engine, deliver (a dry run), summary
 * — invoked one by one through a {@link FunctionInvoker}: what `vectora e2e --local` runs on the packaged
 * handlers, so the local test proves the very events and replies the state machine passes between its states
 * (`infra/s1-runtime.yaml`) work end to end. Like the Map's Catch, a shard whose invocation fails is recorded as
 * `{shard, error: {Error, Cause}}` and the week goes on; like the Choice after it, the engine runs only if a shard
 * read something.
 */
import { ShardOutcome } from "@vectora/core/events";
import type { E2eStepDef, FunctionInvoker } from "./run-e2e.js";

export interface WeeklyStepsOptions {
  invoker: FunctionInvoker;
  functions: { ingest: string; engine: string };
  clientId: string;
  asOf: string;
  /** Sources per shard (the stack's ShardSize). */
  shardSize: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A 200 reply, or an error naming the step and the 400's field (or the unexpected reply). */
function accepted(step: string, reply: unknown): Obj {
  if (isObj(reply) && reply["statusCode"] === 200) return reply;
  if (isObj(reply) && reply["statusCode"] === 400)
    throw new Error(`${step} refused its event: ${String(reply["error"])}`);
  throw new Error(`${step} replied ${JSON.stringify(reply).slice(0, 200)}`);
}

/** The steps (see the top of this file); they share the run's state as the state machine's `$` does. */
export function weeklyRunSteps(options: WeeklyStepsOptions): E2eStepDef[] {
  const { invoker, functions, clientId, asOf } = options;
  const input = { client_id: clientId, as_of: asOf, dry_run: true };
  const run: { input: Obj; plan?: Obj; ingest?: { shards: Obj[] }; engine?: Obj; delivery?: Obj } = { input };
  const plan = () => run.plan!;
  /** The event of a later step: its action for the plan's client and week, as the state machine's Parameters build it. */
  const planEvent = (action: string, rest: Obj): Obj => ({
    action,
    client_id: plan()["client_id"],
    as_of: plan()["as_of"],
    ...rest,
  });
  return [
    {
      name: `invoke ${functions.ingest}: plan`,
      run: async () => {
        run.plan = accepted(
          "plan",
          await invoker.invoke(functions.ingest, { action: "plan", input, shard_size: options.shardSize }),
        );
        const shards = Array.isArray(run.plan["shards"]) ? run.plan["shards"] : [];
        return `${String(run.plan["sources"])} source(s) in ${shards.length} shard(s) as of ${String(run.plan["as_of"])}`;
      },
    },
    {
      name: `invoke ${functions.ingest}: each shard`,
      run: async () => {
        const outcomes: Obj[] = [];
        for (const shard of (plan()["shards"] as unknown[]) ?? []) {
          const event = planEvent("shard", { period_days: plan()["period_days"], shard });
          try {
            outcomes.push({ shard, reply: await invoker.invoke(functions.ingest, event) });
          } catch (error) {
            outcomes.push({ shard, error: { Error: "Lambda.Unknown", Cause: (error as Error).message } });
          }
        }
        run.ingest = { shards: outcomes };
        const parsed = outcomes.map((o) => ShardOutcome.safeParse(o));
        const lines = parsed.map((p, i) => {
          if (!p.success) return `shard ?: unreadable outcome ${JSON.stringify(outcomes[i]).slice(0, 120)}`;
          const { shard, reply, error } = p.data;
          if (error) return `shard ${shard.index}: FAILED ${error.Error}`;
          if (reply?.statusCode === 200)
            return `shard ${shard.index}: ${reply.totals.sources_ok}/${shard.sources.length} read`;
          return `shard ${shard.index}: refused (${reply?.error})`;
        });
        const read = parsed.some(
          (p) => p.success && p.data.reply?.statusCode === 200 && p.data.reply.totals.sources_ok > 0,
        );
        // The state machine's AnyShardRead Choice: no shard read anything, no engine.
        if (!read) throw new Error(`no shard read anything: ${lines.join("; ")}`);
        return lines.join("; ");
      },
    },
    {
      name: `invoke ${functions.engine}: engine`,
      run: async () => {
        run.engine = accepted(
          "engine",
          await invoker.invoke(
            functions.engine,
            planEvent("engine", { period_days: plan()["period_days"], shards: run.ingest?.shards ?? [] }),
          ),
        );
        const counts = isObj(run.engine["counts"]) ? run.engine["counts"] : {};
        return `${String(counts["kept"] ?? "?")} item(s) kept; files ${JSON.stringify(run.engine["files"])}`;
      },
    },
    {
      name: `invoke ${functions.engine}: deliver (dry run)`,
      run: async () => {
        run.delivery = accepted(
          "deliver",
          await invoker.invoke(
            functions.engine,
            planEvent("deliver", { dry_run: true, resend: false, execution: "vectora e2e --local" }),
          ),
        );
        // A dry run is the only answer that exercised the delivery (no_delivery: the client has no delivery block).
        if (run.delivery["status"] !== "dry_run")
          throw new Error(
            `deliver answered ${String(run.delivery["status"])}: ${String(run.delivery["message"])}`,
          );
        return String(run.delivery["message"]);
      },
    },
    {
      name: `invoke ${functions.engine}: summarize`,
      run: async () => {
        const summary = accepted(
          "summarize",
          await invoker.invoke(functions.engine, {
            action: "summarize",
            run,
            execution: "vectora e2e --local",
          }),
        );
        if (summary["ok"] !== true)
          throw new Error(`the run summary says it failed: ${String(summary["subject"])}`);
        return String(summary["subject"]);
      },
    },
  ];
}
