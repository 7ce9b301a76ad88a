/**
 * The window of an issue, from the client's ledger (the dates of its earlier issues). One function, used by BOTH
 * the ingest job (what to fetch) and the engine job (what to print), so the two always agree:
 *
 * - **first issue** (no earlier issue): the client's `period_days`, ending on the as-of date;
 * - **since the previous issue**: from the day after the previous issue's as-of to this as-of, so consecutive
 *   issues cover consecutive days and a missed week is caught up by the next issue;
 * - **catch-up**: the same, after a gap longer than the client's `window.cadence_days`; the window is capped at
 *   `window.max_days` (older news is left out, and the footer says so);
 * - **explicit period**: a `period_days` given in an event or a flag overrides all of the above (the ledger still
 *   keeps earlier issues' items out).
 *
 * Late arrivals: an item dated in the `window.late_days` before the previous issue but first read after it (its
 * page was down, its feed entry came late) is printed once, marked late. So ingest reads more than the window:
 * {@link IssueWindow.read}, the window and the late days. And the engine records which ingest runs of the last
 * `late_days` at least ({@link IssueWindow.seenFrom}) existed when it ran, so the next issue can tell what was
 * first seen after this one. Everything is computed on calendar days in UTC: the same under any `TZ`.
 */
import * as z from "zod";
import type { IssueWindowConfig } from "../config/schema.js";
import { type DateWindow, dayNumber } from "../engine/window.js";
import { addDays } from "../ingest/dates.js";

const IsoDate = z.iso.date();

/** Why an issue covers the days it covers (recorded in the ledger and the newsletter, worded in its footer). */
export const WindowBasis = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("first_issue"), period_days: z.number().int().min(1) }),
  z.object({ kind: z.literal("since_previous"), previous_as_of: IsoDate }),
  z.object({
    kind: z.literal("catch_up"),
    previous_as_of: IsoDate,
    /** Days from the previous issue's as-of to this one's. */
    days_since: z.number().int().min(1),
    /** `window.max_days` when the window was cut short by it, else `null`. */
    capped_at_days: z.number().int().min(1).nullable(),
  }),
  z.object({
    kind: z.literal("explicit_period"),
    period_days: z.number().int().min(1),
    previous_as_of: IsoDate.nullable(),
  }),
]);
export type WindowBasis = z.output<typeof WindowBasis>;

/** An issue's window, why, and what is read around it. */
export interface IssueWindow extends DateWindow {
  basis: WindowBasis;
  /** Publication days of possible late arrivals (before the window, up to the previous issue); `null`: none. */
  late: DateWindow | null;
  /** What ingest fetches and the engine judges: the window and the late days. */
  read: DateWindow;
  /**
   * The engine records the ingest runs of as-of dates from here to the issue's as-of as SEEN by this issue: at
   * least `late_days` back, as far as the next issue's late days reach.
   */
  seenFrom: string;
}

export interface IssueWindowInput {
  /** The issue's as-of date, `YYYY-MM-DD`. */
  asOf: string;
  /** The as-of of the latest earlier issue of the client (`as_of` < `asOf`), `undefined` for a first issue. */
  previousAsOf: string | undefined;
  /** The client's `period_days`: the look-back of its first issue. */
  periodDays: number;
  settings: IssueWindowConfig;
  /** `period_days` given explicitly (event, flag): overrides the window. */
  explicitPeriodDays?: number;
}

/**
 * Computes an issue's window (see the top of this file). Throws on a malformed date or period, or when
 * `previousAsOf` is not before `asOf`.
 *
 * @example
 * ```ts
 * const w = issueWindow({ asOf: "2025-12-17", previousAsOf: "2025-12-10", periodDays: 14, settings: client.window });
 * // { from: "2025-12-11", to: "2025-12-17", basis: { kind: "since_previous", previous_as_of: "2025-12-10" },
 * //   late: { from: "2025-11-27", to: "2025-12-10" }, read: { from: "2025-11-27", to: "2025-12-17" },
 * //   seenFrom: "2025-11-27" }
 * ```
 */
export function issueWindow(input: IssueWindowInput): IssueWindow {
  const { asOf, previousAsOf, settings } = input;
  const end = dayNumber(asOf);
  const days = (n: number, what: string) => {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
    return n;
  };
  if (previousAsOf !== undefined && dayNumber(previousAsOf) >= end)
    throw new Error(`the previous issue (${previousAsOf}) must be before this one (${asOf})`);

  let from: string;
  let basis: WindowBasis;
  if (input.explicitPeriodDays !== undefined) {
    const period = days(input.explicitPeriodDays, "period_days");
    from = addDays(asOf, 1 - period);
    basis = { kind: "explicit_period", period_days: period, previous_as_of: previousAsOf ?? null };
  } else if (previousAsOf === undefined) {
    const period = days(input.periodDays, "period_days");
    from = addDays(asOf, 1 - period);
    basis = { kind: "first_issue", period_days: period };
  } else {
    const since = end - dayNumber(previousAsOf);
    const maxDays = days(settings.max_days, "window.max_days");
    const capped = since > maxDays;
    from = capped ? addDays(asOf, 1 - maxDays) : addDays(previousAsOf, 1);
    basis =
      since > settings.cadence_days || capped
        ? {
            kind: "catch_up",
            previous_as_of: previousAsOf,
            days_since: since,
            capped_at_days: capped ? maxDays : null,
          }
        : { kind: "since_previous", previous_as_of: previousAsOf };
  }

  let late: DateWindow | null = null;
  if (previousAsOf !== undefined && settings.late_days > 0) {
    const lateFrom = addDays(previousAsOf, 1 - settings.late_days);
    const lateTo = minDay(previousAsOf, addDays(from, -1));
    if (lateFrom <= lateTo) late = { from: lateFrom, to: lateTo };
  }
  const read = { from: minDay(from, late?.from ?? from), to: asOf };
  const seenFrom = minDay(read.from, addDays(asOf, 1 - Math.max(settings.late_days, 1)));
  return { from, to: asOf, basis, late, read, seenFrom };
}

/** The earliest of `YYYY-MM-DD` dates (they sort as strings). */
function minDay(...dates: string[]): string {
  return [...dates].sort()[0]!;
}

/**
 * Why the window is what it is, in words: `since the issue of 10 December 2025`, `the first issue (14 days)`,
 * `a catch-up after a gap: 21 days since the issue of 26 November 2025`, … (`formatDate` words a date).
 */
export function describeWindowBasis(basis: WindowBasis, formatDate: (iso: string) => string): string {
  switch (basis.kind) {
    case "first_issue":
      return `the client's first issue (${basis.period_days} days)`;
    case "since_previous":
      return `since the issue of ${formatDate(basis.previous_as_of)}`;
    case "catch_up":
      return (
        `a catch-up after a gap: ${basis.days_since} days since the issue of ${formatDate(basis.previous_as_of)}` +
        (basis.capped_at_days === null
          ? ""
          : `, capped at ${basis.capped_at_days} days (older news left out)`)
      );
    case "explicit_period":
      return `${basis.period_days} days, set explicitly (period_days)`;
  }
}
