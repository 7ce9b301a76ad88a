/** Shared measuring helpers of the benchmarks. Benchmarks print figures; they never assert timings. */

/**
 * Median units/s over `rounds` rounds, each repeating `fn` (which returns how many units it processed) for at
 * least `minMs`, after a JIT warm-up; also the median time of one call.
 */
export function throughput(
  fn: () => number,
  rounds = 5,
  minMs = 300,
): { perSecond: number; perCallMs: number } {
  const rates: number[] = [];
  const perCall: number[] = [];
  for (let i = 0; i < 20; i++) fn(); // warm-up (JIT)
  for (let r = 0; r < rounds; r++) {
    let units = 0;
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minMs) {
      units += fn();
      calls++;
      elapsed = performance.now() - start;
    }
    rates.push((units / elapsed) * 1000);
    perCall.push(elapsed / calls);
  }
  return { perSecond: median(rates), perCallMs: median(perCall) };
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
