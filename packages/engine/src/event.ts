/** The engine Lambda's event: `{client_id, period_days?, target_date?}`, validated before any work. */
import { type ParsedEvent, parseEvent } from "@vectora/core/lambda";
import * as z from "zod";

export const EngineEvent = z
  .object({
    client_id: z
      .string({ error: "required (the client whose newsletter to write)" })
      .regex(/^[a-z0-9_]+$/, "must be a lower_snake_case client id"),
    /**
     * Overrides the window from the client's ledger (the days since its previous issue): the issue then covers
     * `period_days` days ending on `target_date`. Earlier issues' items are still never printed again.
     */
    period_days: z.number().int().min(1).max(366).optional(),
    /** Last day of the issue, `YYYY-MM-DD`; today (UTC) when omitted. */
    target_date: z.iso.date("must be a date as YYYY-MM-DD").optional(),
  })
  .strict();
export type EngineEvent = z.output<typeof EngineEvent>;

/** `{ok: true, event}` or `{ok: false, error}` where `error` names the field: `client_id: required (…)`. */
export function parseEngineEvent(input: unknown): ParsedEvent<EngineEvent> {
  return parseEvent(EngineEvent, input);
}
