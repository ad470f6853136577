/**
 * How a local run shares the cores: worker processes (trials side by side) × wasm threads per
 * worker (one trial faster). Two threads do not make a trial twice as fast (tfjs' elementwise ops
 * stay on one thread, and the threads synchronise on every matmul and fused kernel), so for an
 * even number of trials one thread per worker finishes first, but one trial alone, or an odd few,
 * finish sooner with every core on each (docs/benchmarks/runtime.md, "Workers × threads").
 */

/**
 * Speed of one trial on 2 wasm threads over one trial on 1 thread beside another (reference LoRA
 * trial, near-idle 2-core machine, 2026-12-05 with the fused GEMM: 11,300 against 7,298 tokens/s,
 * `runtime-threads.ts`; docs/benchmarks/runtime.md). More threads are assumed to scale as
 * t^log2(this).
 */
export const TWO_THREAD_SPEEDUP = 1.55;

export interface Layout {
  workers: number;
  threads: number;
}

/**
 * The layout with the shortest estimated makespan for `trials` similar trials on `cores` cores:
 * ⌈trials / workers⌉ rounds, each 1 / speed-up(threads) long; ties go to more workers. A chosen
 * `workers` count is kept (capped at the trials), with the cores shared among its workers.
 */
export function localLayout(
  trials: number,
  cores: number,
  workers?: number,
  speedup2 = TWO_THREAD_SPEEDUP,
): Layout {
  const c = Math.max(1, cores);
  const n = Math.max(1, trials);
  const threadsFor = (w: number): number => Math.max(1, Math.floor(c / w));
  if (workers !== undefined) {
    const w = Math.max(1, Math.min(workers, n));
    return { workers: w, threads: threadsFor(w) };
  }
  const speed = (t: number): number => t ** Math.log2(speedup2);
  let best: Layout & { time: number } = { workers: 1, threads: threadsFor(1), time: Infinity };
  for (let w = 1; w <= Math.min(c, n); w++) {
    const time = Math.ceil(n / w) / speed(threadsFor(w));
    if (time <= best.time * (1 + 1e-9)) best = { workers: w, threads: threadsFor(w), time };
  }
  return { workers: best.workers, threads: best.threads };
}
