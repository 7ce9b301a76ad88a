/**
 * The ingest Lambda's event: `{client_id, sources?, period_days?, as_of?, concurrency?, deadline_ms?}`, validated
 * before any work. Field names are snake_case like the rest of the operators' events.
 */
import { type ParsedEvent, parseEvent } from "@vectora/core/lambda";
import * as z from "zod";

/** Unknown fields are rejected (typos surface). */
export const IngestEvent = z
  .object({
    client_id: z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case client id"),
    sources: z
      .array(z.string().regex(/^[a-z0-9_]+$/, "lower_snake_case source key"))
      .min(1)
      .optional(),
    /** Overrides the window from the client's ledger, as the engine event's `period_days` does. */
    period_days: z.number().int().min(1).max(366).optional(),
    as_of: z.iso.date().optional(),
    /** Sources read at once (overrides the client's `ingest.concurrency`). */
    concurrency: z.number().int().min(1).max(64).optional(),
    /**
     * The run's time budget in milliseconds from the invocation's start. The run's deadline is the earlier of it
     * and the Lambda's remaining time minus a margin (`getRemainingTimeInMillis()` − 15 s).
     */
    deadline_ms: z.number().int().min(1_000).max(900_000).optional(),
  })
  .strict();
export type IngestEvent = z.output<typeof IngestEvent>;

/** `{ok: true, event}` or `{ok: false, error}` where `error` names the field: `period_days: expected number, got "14"`. */
export function parseIngestEvent(input: unknown): ParsedEvent<IngestEvent> {
  return parseEvent(IngestEvent, input);
}
