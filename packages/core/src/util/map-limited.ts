/** Bounded concurrency for I/O-bound batches (sources to read, objects to upload). */

/**
 * Runs `fn` over `items` with at most `limit` calls in flight (at least one worker), each worker taking the next
 * item as soon as its previous call settles. Resolves the results in the items' order, whatever order the calls
 * finish in; the first rejection rejects the whole batch.
 *
 * @example
 * ```ts
 * const sizes = await mapLimited(keys, 4, async (key) => (await store.getText(key))?.length ?? 0);
 * ```
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}
