/**
 * The one event contract of both Lambdas: every step of the weekly run (plan, shard, engine, deliver, summarize,
 * watch) and the Lambdas' classic events (ingest, engine) are one zod schema per action, sharing the same field
 * names — `client_id`, `as_of`, optional `period_days` — and the same bounds. An event without `action` is the
 * Lambda's classic one (`ingest` for the ingest Lambda, `engine` for the engine Lambda), so a hand-written
 * `{"client_id": "lai_weekly"}` still runs.
 *
 * Out-of-range values are 400s naming the field (`as_of: 1999-12-31 is before 2000-01-01`), never a raw ZodError
 * nor a thrown exception. `null` stands for "not given" in optional fields: Step Functions' JSONPath cannot leave
 * a field out of a payload, so the state machine passes `"period_days": null` when the run has no override.
 *
 * `target_date` (the engine's old name of `as_of`) is accepted for one more release as a deprecated alias: giving
 * both with different values is a 400, and the engine logs a warning whenever it is used.
 */
import * as z from "zod";
import { type ParsedEvent, parseEvent } from "../lambda/event.js";
import { ShardOutcome } from "./step-replies.js";

/** The Lambda that receives an event, and the actions each one runs (the first is its default). */
export const LAMBDA_ACTIONS = {
  ingest: ["ingest", "plan", "shard"],
  engine: ["engine", "deliver", "summarize", "watch"],
} as const;
export type StepLambda = keyof typeof LAMBDA_ACTIONS;

/** The earliest `as_of` accepted (no LAI news source of interest is older). */
export const EARLIEST_AS_OF = "2000-01-01";
/** The longest window an event may ask for, in days (a leap year). */
export const MAX_PERIOD_DAYS = 366;
/** Shards of at most this many sources (the s1-runtime `ShardSize`'s MaxValue). */
export const MAX_SHARD_SIZE = 100;
/** Sources per shard by default: the s1-runtime `ShardSize` default (a test keeps the two equal). */
export const DEFAULT_SHARD_SIZE = 8;

/** Client ids of the end-to-end test (`vectora e2e` runs only these): never a newsletter anyone reads. */
export const E2E_CLIENT_PREFIX = "e2e_";

/** Whether a client is an end-to-end test's client: its runs page no one, and it never emails. */
export function isE2eClient(clientId: string): boolean {
  return clientId.startsWith(E2E_CLIENT_PREFIX);
}

/** The day after `now` (UTC), `YYYY-MM-DD`: the latest `as_of` accepted (a client ahead of UTC is already there). */
export function tomorrowUtc(now: Date): string {
  return new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
}

const ClientId = z
  .string({
    error: (i) => (i.input === undefined ? "required (the client whose newsletter to write)" : undefined),
  })
  .regex(/^[a-z0-9_]+$/, "must be a lower_snake_case client id");

/** A date as `YYYY-MM-DD` (the bounds are checked only on such a date, so a malformed one gets one message). */
const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);

function asOfSchema(now: () => Date) {
  return z.iso
    .date("must be a date as YYYY-MM-DD")
    .refine((d) => !isDate(d) || d >= EARLIEST_AS_OF, {
      error: (i) => `${String(i.input)} is before ${EARLIEST_AS_OF}`,
    })
    .refine((d) => !isDate(d) || d <= tomorrowUtc(now()), {
      error: (i) => `${String(i.input)} is after tomorrow (${tomorrowUtc(now())}, UTC)`,
    });
}

/** An integer within bounds, or a message naming the bounds and the value. */
function boundedInt(min: number, max: number, unit: string) {
  const message = (i: { input?: unknown; code: string }) =>
    i.code === "too_big" || i.code === "too_small" || i.code === "invalid_type"
      ? i.code === "invalid_type" && typeof i.input !== "number"
        ? undefined
        : `must be an integer from ${min} to ${max}${unit}, got ${JSON.stringify(i.input)}`
      : undefined;
  return z.number().int({ error: message }).min(min, { error: message }).max(max, { error: message });
}

const PeriodDays = boundedInt(1, MAX_PERIOD_DAYS, " (days)").nullable().optional();
const SourceKey = z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case source key");
const Concurrency = boundedInt(1, 64, " (sources read at once)").optional();
const DeadlineMs = boundedInt(1_000, 900_000, " (ms)").optional();
const Flag = z.boolean().nullable().optional();

/** A shard: its position in the plan and the sources it reads. */
export const Shard = z
  .object({ index: z.number().int().min(0), sources: z.array(SourceKey).min(1) })
  .strict();
export type Shard = z.output<typeof Shard>;

/** The step schemas for one clock (`as_of` is bounded by "tomorrow"). */
export function stepSchemas(now: () => Date = () => new Date()) {
  const AsOf = asOfSchema(now);
  const window = { client_id: ClientId, as_of: AsOf.optional(), period_days: PeriodDays };
  /** What an execution of the weekly state machine (or `vectora run`) is started with. */
  const RunInput = z.object({ ...window, dry_run: Flag, resend: Flag }).strict();
  return {
    RunInput,
    ingest: z
      .object({
        action: z.literal("ingest"),
        ...window,
        sources: z.array(SourceKey).min(1).optional(),
        concurrency: Concurrency,
        deadline_ms: DeadlineMs,
      })
      .strict(),
    plan: z
      .object({
        action: z.literal("plan"),
        input: RunInput,
        /** `$$.Execution.StartTime`: the run's as-of when its input names none (a retry keeps the same day). */
        started_at: z.iso.datetime({ offset: true }).optional(),
        shard_size: boundedInt(1, MAX_SHARD_SIZE, " (sources per shard)"),
      })
      .strict(),
    shard: z
      .object({
        action: z.literal("shard"),
        client_id: ClientId,
        as_of: AsOf,
        period_days: PeriodDays,
        shard: Shard,
        concurrency: Concurrency,
        deadline_ms: DeadlineMs,
      })
      .strict(),
    engine: z
      .object({
        action: z.literal("engine"),
        ...window,
        /** Deprecated alias of `as_of` (one release): the engine's old field name. */
        target_date: z.iso.date("must be a date as YYYY-MM-DD").optional(),
        /** The shards' outcomes (the Map's output): the sources of failed shards are named as not read. */
        shards: z.array(ShardOutcome).optional(),
      })
      .strict(),
    deliver: z
      .object({
        action: z.literal("deliver"),
        client_id: ClientId,
        as_of: AsOf,
        dry_run: Flag,
        resend: Flag,
        /** Who delivers (`$$.Execution.Id`): recorded in the send claim. */
        execution: z.string().max(2048).optional(),
      })
      .strict()
      // Defence in depth: an e2e client's delivery is a dry run, whoever starts the run (`vectora e2e` always
      // asks for one). Refused rather than forced into a dry run, so a caller that forgot it sees it.
      .refine((e) => !isE2eClient(e.client_id) || e.dry_run === true, {
        path: ["dry_run"],
        error: (i) =>
          `must be true for an end-to-end test client (${E2E_CLIENT_PREFIX}*, here ${String((i.input as { client_id?: unknown }).client_id)}): it never emails`,
      }),
    summarize: z
      .object({
        action: z.literal("summarize"),
        /** The state machine's state: each step's reply, its error (`{Error, Cause}`), or null when not run. */
        run: z.looseObject({
          input: z.unknown().optional(),
          plan: z.unknown().optional(),
          ingest: z.unknown().optional(),
          engine: z.unknown().optional(),
          delivery: z.unknown().optional(),
        }),
        /** `$$.Execution.Id`, named in the summary. */
        execution: z.string().max(2048).optional(),
      })
      .strict(),
    watch: z.object({ action: z.literal("watch") }).strict(),
  };
}

type Schemas = ReturnType<typeof stepSchemas>;
/** Every step event, by action. */
export type StepEvent = { [A in keyof Omit<Schemas, "RunInput">]: z.output<Schemas[A]> }[keyof Omit<
  Schemas,
  "RunInput"
>];
export type StepEventOf<A extends StepEvent["action"]> = Extract<StepEvent, { action: A }>;
export type RunInput = z.output<Schemas["RunInput"]>;

/**
 * Validates an event for one Lambda: the action (default: the Lambda's first), then its fields. A bad event is
 * `{ok: false, error}` naming the field: `as_of: 1999-12-31 is before 2000-01-01`, `period_days: must be an integer
 * from 1 to 366 (days), got 400`, `action: "deliver" is an action of the engine Lambda, not of ingest`.
 *
 * @example
 * ```ts
 * parseStepEvent({ client_id: "lai_weekly", as_of: "2025-12-17" }, "engine");
 * // {ok: true, event: {action: "engine", client_id: "lai_weekly", as_of: "2025-12-17"}}
 * ```
 */
export function parseStepEvent<L extends StepLambda>(
  input: unknown,
  lambda: L,
  now: () => Date = () => new Date(),
): ParsedEvent<StepEvent> {
  const schemas = stepSchemas(now);
  const actions: readonly string[] = LAMBDA_ACTIONS[lambda];
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return parseEvent(schemas[actions[0] as "ingest"], input) as ParsedEvent<StepEvent>;
  const record = input as Record<string, unknown>;
  const action = record["action"] ?? actions[0];
  if (typeof action !== "string" || !actions.includes(action)) {
    const other = (Object.keys(LAMBDA_ACTIONS) as StepLambda[]).find(
      (l) => l !== lambda && (LAMBDA_ACTIONS[l] as readonly string[]).includes(String(action)),
    );
    return {
      ok: false,
      error: other
        ? `action: "${action}" is an action of the ${other} Lambda, not of ${lambda}`
        : `action: expected one of ${actions.join(", ")}, got ${JSON.stringify(action)}`,
    };
  }
  const parsed = parseEvent(schemas[action as StepEvent["action"]], {
    ...record,
    action,
  }) as ParsedEvent<StepEvent>;
  if (!parsed.ok || parsed.event.action !== "engine") return parsed;
  // The deprecated alias: target_date is as_of when as_of is not given; both must agree when both are.
  const event = parsed.event as StepEventOf<"engine">;
  if (event.target_date !== undefined && event.as_of !== undefined && event.target_date !== event.as_of)
    return {
      ok: false,
      error: `target_date: deprecated alias of as_of, and both are given with different values (${event.target_date}, ${event.as_of})`,
    };
  if (event.target_date !== undefined) {
    const asOf = schemas.engine.shape.as_of.safeParse(event.target_date);
    if (!asOf.success) return { ok: false, error: `target_date: ${asOf.error.issues[0]?.message}` };
  }
  return { ok: true, event };
}
