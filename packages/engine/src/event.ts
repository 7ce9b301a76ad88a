/**
 * The engine Lambda's events — the one step contract of `@vectora/core/events`: `engine` (the default, the classic
 * `{client_id, as_of?, period_days?}`; `target_date` is a deprecated alias of `as_of` for one release), `deliver`,
 * `summarize` and `watch`. Validated before any work: a bad event is a 400 naming the field.
 */
import { parseStepEvent, type StepEventOf } from "@vectora/core/events";
import type { ParsedEvent } from "@vectora/core/lambda";

/** The classic engine event (an event without `action`), as validated. */
export type EngineEvent = StepEventOf<"engine">;
/** Every event the engine Lambda runs. */
export type EngineLambdaEvent = StepEventOf<"engine" | "deliver" | "summarize" | "watch">;

/** `{ok: true, event}` or `{ok: false, error}` where `error` names the field: `client_id: required (…)`. */
export function parseEngineEvent(input: unknown, now?: () => Date): ParsedEvent<EngineLambdaEvent> {
  return parseStepEvent(input, "engine", now) as ParsedEvent<EngineLambdaEvent>;
}
