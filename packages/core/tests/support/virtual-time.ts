/**
 * Virtual time for code that takes `now` and `sleep` as options (the live HTTP transport, the retry loops): a
 * sleep resolves only when the driver reaches its wake-up time, and `now()` reads that time. What the code
 * waits for is then exact and the same on an idle laptop and a loaded CI machine — no wall clock, no tolerance.
 */

/** A virtual clock and its driver. */
export interface VirtualTime {
  /** The virtual time in ms (starts at 0). */
  now(): number;
  /** Resolves when the virtual time reaches `now() + ms`. */
  sleep(ms: number): Promise<void>;
  /**
   * Drives `work` to its end: whenever the event loop has turned a few times without `work` settling, time
   * jumps to the earliest wake-up (sleepers due at the same time wake in the order they slept). Once no one
   * sleeps, `work` is awaited as it is (real I/O it waits on, a socket, still ends it).
   */
  run<T>(work: Promise<T>): Promise<T>;
}

/**
 * Turns of the event loop the driver lets pass before it moves time on: what a woken sleeper does next (up to
 * its next sleep or a request) runs within them. Counted in turns, not milliseconds, so load cannot change it.
 */
const IDLE_TURNS = 20;

export function virtualTime(): VirtualTime {
  let now = 0;
  let order = 0;
  const sleepers: { at: number; order: number; wake: () => void }[] = [];
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        sleepers.push({ at: now + Math.max(0, ms), order: order++, wake });
      }),
    async run<T>(work: Promise<T>): Promise<T> {
      let settled = false;
      const watched = work.finally(() => {
        settled = true;
      });
      watched.catch(() => {});
      for (;;) {
        for (let i = 0; i < IDLE_TURNS && !settled; i++) await turn();
        if (settled) return watched;
        sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
        const next = sleepers.shift();
        if (!next) return watched;
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}
