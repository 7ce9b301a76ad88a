/**
 * A Lambda's event, validated before any work: a bad event is answered with a 400 whose message names the
 * field, never with a stack trace.
 */
import type * as z from "zod";

/** `{statusCode: 400, error}`: what a Lambda answers to an event it cannot run. */
export interface BadRequest {
  statusCode: 400;
  /** Names the field: `period_days: expected number, got "14"`, `unknown field source`. */
  error: string;
}

/**
 * The 400 answer.
 *
 * @example
 * ```ts
 * return badRequest(`client_id: unknown client "nobody"`); // {statusCode: 400, error: "client_id: …"}
 * ```
 */
export function badRequest(error: string): BadRequest {
  return { statusCode: 400, error };
}

/** What {@link parseEvent} resolves. */
export type ParsedEvent<T> = { ok: true; event: T } | { ok: false; error: string };

/**
 * Says what was wrong with a value of the wrong type, showing the value: `expected number, got "14"`. Messages
 * the schema words itself (`z.string({ error: "required (…)" })`) take precedence.
 */
function describeWrongType(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== "invalid_type") return undefined;
  const got = issue.input === undefined ? "nothing (field is missing)" : JSON.stringify(issue.input);
  return `expected ${issue.expected}, got ${got}`;
}

/**
 * Validates an event. Every problem is named by its field, joined by `; `: `client_id: required (…)`,
 * `period_days: expected number, got "14"`, `unknown field clientId`; a non-object event is `event: …`.
 *
 * @example
 * ```ts
 * const parsed = parseEvent(z.object({ client_id: z.string() }).strict(), { period_days: 7 });
 * // {ok: false, error: "client_id: expected string, got nothing (field is missing); unknown field period_days"}
 * ```
 */
export function parseEvent<S extends z.ZodType>(schema: S, input: unknown): ParsedEvent<z.output<S>> {
  const result = schema.safeParse(input, { error: describeWrongType });
  if (result.success) return { ok: true, event: result.data };
  const error = result.error.issues
    .map((issue) => {
      if (issue.code === "unrecognized_keys")
        return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
      return `${issue.path.map(String).join(".") || "event"}: ${issue.message}`;
    })
    .join("; ");
  return { ok: false, error };
}
