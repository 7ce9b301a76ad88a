/** Builds a Lambda's handler on its first invocation, so module load (the cold start) creates no clients. */

/**
 * A handler that calls `build` once, on the first event, and reuses what it built for the warm invocations
 * that follow.
 *
 * @example
 * ```ts
 * const env = readIngestEnv(process.env); // validated at the cold start
 * export const handler = lazyHandler(() => createHandler({ env, s3Client: createS3Client() }));
 * ```
 */
export function lazyHandler<E, R>(build: () => (event: E) => Promise<R>): (event: E) => Promise<R> {
  let handle: ((event: E) => Promise<R>) | undefined;
  return (event) => {
    handle ??= build();
    return handle(event);
  };
}
