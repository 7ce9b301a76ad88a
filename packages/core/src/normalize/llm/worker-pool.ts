/**
 * A minimal bounded-concurrency pool: at most `concurrency` tasks in flight, taken in order, so a batch of LLM
 * calls stays under the account's throttling limits without a dependency.
 */

/**
 * Runs `run` on every task, at most `concurrency` at a time, starting them in order. `run` is expected not to
 * throw (a throw rejects the pool and stops the worker that hit it).
 */
export async function runWorkerPool<T>(
  tasks: readonly T[],
  concurrency: number,
  run: (task: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await run(task);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}
