/**
 * The as-of and period a local run or ingest may take: the bounds the deployed Lambdas accept, checked by the same
 * schema (`@vectora/core/events`).
 */
import { stepSchemas } from "@vectora/core/events";
import { UsageError } from "../cli-kit.js";

/**
 * Checks the run's as-of and period against the weekly run's input schema — the one the Lambdas validate
 * (`@vectora/core/events`: as-of from 2000-01-01 to tomorrow UTC, 1–366 days) — so a local run can never write a
 * ledger entry the deployed run would refuse (and that would shift later issues' windows). Throws a
 * {@link UsageError} naming the flag: `--as-of: 1999-01-01 is before 2000-01-01`.
 */
export function checkRunWindow(
  window: { asOf: string; periodDays: number | undefined; asOfFrom?: string },
  now: Date,
): void {
  const { RunInput } = stepSchemas(() => now);
  // A placeholder client: the client is checked against the config, with its own message, once it is loaded.
  const parsed = RunInput.safeParse({
    client_id: "client",
    as_of: window.asOf,
    ...(window.periodDays !== undefined ? { period_days: window.periodDays } : {}),
  });
  if (parsed.success) return;
  const issue = parsed.error.issues[0]!;
  const flag = issue.path[0] === "period_days" ? "--period-days" : (window.asOfFrom ?? "--as-of");
  throw new UsageError(`${flag}: ${issue.message}`);
}
