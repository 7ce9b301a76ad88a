/** The ingest Lambda's event: `{client_id, sources?, period_days?, as_of?}`, validated before any work. */
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
  })
  .strict();
export type IngestEvent = z.output<typeof IngestEvent>;

/** `{ok: true, event}` or `{ok: false, error}` where `error` names the field: `period_days: expected number, got "14"`. */
export function parseIngestEvent(input: unknown): ParsedEvent<IngestEvent> {
  return parseEvent(IngestEvent, input);
}
