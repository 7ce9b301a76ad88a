/**
 * What each step of the weekly run answers, as the next steps read it back: the plan, a shard's outcome, the
 * engine's and the delivery's replies. The state machine passes them along unchanged, so they are read back
 * leniently (extra fields pass through) but every field a later step relies on is checked.
 */
import * as z from "zod";

/** How Step Functions records a caught error: `{Error, Cause}` (the Catch's ResultPath). */
export const TaskError = z.looseObject({ Error: z.string(), Cause: z.string().optional() });
export type TaskError = z.output<typeof TaskError>;

/** A Lambda's 400 answer. */
export const BadRequestReply = z.looseObject({ statusCode: z.literal(400), error: z.string() });

/** The plan of a week: the run's input, normalized, and its shards. */
export interface PlanReply {
  statusCode: 200;
  client_id: string;
  as_of: string;
  /** The run's explicit window override, or null (the window comes from the client's ledger). */
  period_days: number | null;
  dry_run: boolean;
  resend: boolean;
  /** Enabled sources of the client. */
  sources: number;
  shard_size: number;
  shards: Array<{ index: number; sources: string[] }>;
}

/** One source as a shard reports it. */
export const ShardSource = z.looseObject({
  source_key: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  new: z.number().optional(),
});

/** What a shard's ingest answers: whether it read anything, its run and per-source figures. */
export const ShardReply = z.looseObject({
  statusCode: z.literal(200),
  shard: z.number().int().min(0),
  /** At least one source of the shard was read. */
  read: z.boolean(),
  run_id: z.string(),
  status: z.string(),
  totals: z.looseObject({ sources_ok: z.number(), new: z.number() }),
  sources: z.array(ShardSource),
});
export type ShardReply = z.output<typeof ShardReply>;

/** One shard as the Map returns it: the shard, and its reply or the error its Catch recorded. */
export const ShardOutcome = z.looseObject({
  shard: z.object({ index: z.number().int().min(0), sources: z.array(z.string()).min(1) }),
  reply: z.union([ShardReply, BadRequestReply]).optional(),
  error: TaskError.optional(),
});
export type ShardOutcome = z.output<typeof ShardOutcome>;

/** A source no shard read, with why (the newsletter's footer lists it). */
export interface NotRead {
  source_key: string;
  reason: string;
}

/** What the delivery step did. */
export type DeliveryStatus =
  /** Sent now. */
  | "sent"
  /** A dry run: the message was written as `newsletter.eml`, nothing was sent. */
  | "dry_run"
  /** Sent earlier (the ledger says when): nothing sent without `resend`. */
  | "already_sent"
  /** Another delivery holds this send claim (running, or stopped before confirming): nothing sent. */
  | "claimed"
  /** The client has no `delivery` block: nothing to send. */
  | "no_delivery";

export interface DeliverReply {
  statusCode: 200;
  client_id: string;
  as_of: string;
  status: DeliveryStatus;
  /** One line saying what happened. */
  message: string;
  message_id?: string;
  to_count: number;
  /** Where the dry run's `.eml` was written. */
  eml?: string;
}

/** The run summary notify publishes. */
export interface RunSummary {
  /** False when the week produced no newsletter or a step failed: the execution then ends failed. */
  ok: boolean;
  /** At most 100 characters (SNS's subject limit), ASCII. */
  subject: string;
  message: string;
  /**
   * Whether notify publishes it to the alert topic: false for the end-to-end test's clients (`e2e_*`), whose
   * runs are checked by `vectora e2e` itself and must not page the people subscribed to alerts.
   */
  notify: boolean;
}
