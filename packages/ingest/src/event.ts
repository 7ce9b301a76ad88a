/**
 * The ingest Lambda's events — the one step contract of `@vectora/core/events`: `ingest` (the default, the
 * classic `{client_id, sources?, period_days?, as_of?, concurrency?, deadline_ms?}`), `plan` and `shard` (the
 * weekly state machine's first steps). Validated before any work: a bad event is a 400 naming the field.
 */
import { parseStepEvent, type StepEventOf } from "@vectora/core/events";
import type { ParsedEvent } from "@vectora/core/lambda";

/** The classic ingest event (an event without `action`), as validated. */
export type IngestEvent = StepEventOf<"ingest">;
/** Every event the ingest Lambda runs. */
export type IngestLambdaEvent = StepEventOf<"ingest" | "plan" | "shard">;

/** `{ok: true, event}` or `{ok: false, error}` where `error` names the field: `period_days: expected number, got "14"`. */
export function parseIngestEvent(input: unknown, now?: () => Date): ParsedEvent<IngestLambdaEvent> {
  return parseStepEvent(input, "ingest", now) as ParsedEvent<IngestLambdaEvent>;
}
