/**
 * Retry policy for throttled LLM calls: how many attempts, and how long to wait between them (exponential
 * backoff with full jitter, so concurrent workers hitting the same throttle do not retry in lockstep).
 */

/** How often and how patiently a throttled call is retried. */
export interface RetryPolicy {
  /** Total attempts per item, first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Up to 6 attempts; waits drawn uniformly from [0, min(20 s, 1 s × 2^attempt)] ("full jitter"). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 20_000 };

/**
 * The wait before the next attempt after attempt number `attempt` (1-based) failed: drawn from
 * [0, min(maxDelayMs, baseDelayMs × 2^(attempt − 1))) with `random` ("full jitter").
 */
export function backoffDelayMs(attempt: number, retry: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Waits `ms` milliseconds (the real clock; tests inject their own `sleep`). */
export function sleepMs(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}
