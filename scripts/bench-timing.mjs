// What the benchmark scripts share: the median wall time of a function.

/** The middle of `samples` (the upper one of an even count). */
export function middle(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median of `runs` timed calls of `fn`, in milliseconds, after one untimed call. Under
 * `node --expose-gc` each call starts after a full collection: garbage from one measurement
 * is not collected in the middle of another. */
export function median(fn, runs) {
  fn(); // once untimed: compilation and first touch of memory stay out of the samples
  const samples = [];
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return middle(samples);
}
