/** Builds a Lambda's handler on its first invocation, so module load (the cold start) creates no clients. */

/**
 * What a handler reads of the Lambda context: the time left before Lambda stops the invocation. The ingest
 * handler turns it into its run's deadline ({@link deadlineFromContext}).
 */
export interface LambdaContext {
  getRemainingTimeInMillis(): number;
}

/**
 * A handler that calls `build` once, on the first event, and reuses what it built for the warm invocations
 * that follow. The event and the Lambda context are passed through.
 *
 * @example
 * ```ts
 * const env = readIngestEnv(process.env); // validated at the cold start
 * export const handler = lazyHandler(() => createHandler({ env, s3Client: createS3Client() }));
 * ```
 */
export function lazyHandler<E, R, C = LambdaContext>(
  build: () => (event: E, context?: C) => Promise<R>,
): (event: E, context?: C) => Promise<R> {
  let handle: ((event: E, context?: C) => Promise<R>) | undefined;
  return (event, context) => {
    handle ??= build();
    return handle(event, context);
  };
}

/** Time kept between a run's deadline and Lambda's own timeout: to abort, store what finished and write the report. */
export const DEADLINE_MARGIN_MS = 15_000;

/**
 * The absolute deadline (epoch ms) of work done in this invocation: the Lambda's remaining time minus a margin
 * ({@link DEADLINE_MARGIN_MS}, or a quarter of a short remaining time), and no later than `budgetMs` from now
 * when the event asks for less. `undefined` without a context (a local call) and without a budget.
 *
 * @example
 * ```ts
 * deadlineFromContext({ getRemainingTimeInMillis: () => 600_000 }, Date.now()); // now + 585 s
 * ```
 */
export function deadlineFromContext(
  context: LambdaContext | undefined,
  nowMs: number,
  budgetMs?: number,
): number | undefined {
  const fromBudget = budgetMs !== undefined ? nowMs + budgetMs : undefined;
  if (!context || typeof context.getRemainingTimeInMillis !== "function") return fromBudget;
  const remaining = Math.max(0, context.getRemainingTimeInMillis());
  const fromLambda = nowMs + remaining - Math.min(DEADLINE_MARGIN_MS, Math.floor(remaining / 4));
  return fromBudget === undefined ? fromLambda : Math.min(fromLambda, fromBudget);
}
