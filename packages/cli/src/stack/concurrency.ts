/**
 * Lambda's rule for reserved concurrency: a reservation may not push the account's unreserved concurrency
 * below a floor.
 */
import type { AccountConcurrency } from "./port.js";

/**
 * The unreserved concurrency AWS keeps: `min(100, ConcurrentExecutions)`.
 *
 * Source: the Lambda developer guide ("Configuring reserved concurrency"): "Lambda requires at least 100
 * unreserved concurrency" — i.e. you can reserve up to the limit minus 100 on a standard (1,000) account.
 * On accounts whose limit is below 100 the floor is the whole limit: the seed's account (limit 10) got
 * "… decreases account's UnreservedConcurrentExecution below its minimum value of [10]." — so on such an
 * account ANY reservation fails.
 */
export function unreservedFloor(account: AccountConcurrency): number {
  return Math.min(100, account.concurrentExecutions);
}

export interface ConcurrencyVerdict {
  ok: boolean;
  requested: number;
  floor: number;
  /** Unreserved concurrency left after the reservations are applied. */
  unreservedAfter: number;
}

/**
 * Whether reserving `requested` in total fits. `alreadyReserved` is what the same functions reserve today:
 * replacing a reservation frees it first, so it counts back into the unreserved pool.
 */
export function checkReservation(
  account: AccountConcurrency,
  requested: number,
  alreadyReserved = 0,
): ConcurrencyVerdict {
  const floor = unreservedFloor(account);
  const unreservedAfter = account.unreservedConcurrentExecutions + alreadyReserved - requested;
  return { ok: requested === 0 || unreservedAfter >= floor, requested, floor, unreservedAfter };
}
