/**
 * Dates for the engine: the newsletter window and item ages, computed on calendar days in UTC so a run gives
 * the same answer whatever the machine's time zone.
 */

const DAY_MS = 86_400_000;

/** The inclusive date window a newsletter covers: `period_days` calendar days ending on the as-of date. */
export interface DateWindow {
  /** First day covered, `YYYY-MM-DD`. */
  from: string;
  /** Last day covered (the as-of date), `YYYY-MM-DD`. */
  to: string;
}

/** `2025-12-17`, 7 → `{ from: "2025-12-11", to: "2025-12-17" }`. Throws on a malformed date or period. */
export function windowFor(asOf: string, periodDays: number): DateWindow {
  const end = dayNumber(asOf);
  if (!Number.isInteger(periodDays) || periodDays < 1)
    throw new Error(`period_days must be a positive integer, got ${periodDays}`);
  return { from: isoDay(end - (periodDays - 1)), to: isoDay(end) };
}

/**
 * Calendar day of a `YYYY-MM-DD` date or an ISO timestamp, as a day count since 1970-01-01 (UTC).
 * A timestamp with an offset is converted to its UTC day.
 */
export function dayNumber(dateOrDateTime: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(dateOrDateTime)
    ? Date.parse(`${dateOrDateTime}T00:00:00Z`)
    : Date.parse(dateOrDateTime);
  if (Number.isNaN(ms)) throw new Error(`expected an ISO date, got "${dateOrDateTime}"`);
  return Math.floor(ms / DAY_MS);
}

/** Whole days from `published` to `asOf` (0 when published on the as-of day; negative when after it). */
export function ageInDays(published: string, asOf: string): number {
  return dayNumber(asOf) - dayNumber(published);
}

/** True when the item's publication day lies inside the window (both ends included). */
export function isInWindow(published: string, window: DateWindow): boolean {
  const day = dayNumber(published);
  return day >= dayNumber(window.from) && day <= dayNumber(window.to);
}

/** `YYYY-MM-DD` of a day count since 1970-01-01 (UTC): the inverse of {@link dayNumber} for dates. */
export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
