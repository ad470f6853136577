/**
 * SpIEL's index bookkeeping (Ansell et al. 2024), pure and seeded: the initial random index set,
 * the re-selection schedule, and prune-and-regrow of one site's indices. Indices are flat offsets
 * into a kernel stored [dIn, dOut] (tfjs layout).
 */

/** k distinct indices of [0, total) (partial Fisher–Yates over a Uint32 range). */
export function choose(total: number, k: number, next: () => number): Uint32Array {
  const idx = new Uint32Array(total);
  for (let i = 0; i < total; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (total - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, k);
}

export interface Schedule {
  /** Steps between re-selections (R). */
  every: number;
  /** Steps before each re-selection whose gradients are scored (A ≤ R). */
  accumulate: number;
  /** p₀: fraction of a site's indices replaced at the first re-selection. */
  rate0: number;
}

/** Re-selection happens after steps R, 2R, …; its gradients come from the A steps before it. */
export const isReselection = (s: Schedule, step: number): boolean =>
  step > 0 && step % s.every === 0;
export function inWindow(s: Schedule, step: number): boolean {
  const m = step % s.every;
  return m === 0 || m > s.every - s.accumulate;
}

/** The fraction replaced at the c-th re-selection (1-based): p₀/c, decaying so the set settles. */
export const dropRate = (s: Schedule, c: number): number => s.rate0 / c;

/**
 * Prune-and-regrow for one site: drops the `n` indices whose values moved least (|η| smallest),
 * samples `perSlot·n` inactive candidates, and grows the `n` with the largest score. Returns the
 * replaced slots (positions in `indices`), already rewritten in place; their values must restart at 0.
 */
export function regrow(
  indices: Uint32Array,
  values: Float32Array,
  score: Float32Array,
  n: number,
  perSlot: number,
  next: () => number,
): number[] {
  const total = score.length;
  const k = indices.length;
  if (n <= 0 || k >= total) return [];
  const active = new Set(indices);
  const pool: number[] = [];
  const wanted = Math.min(total - k, perSlot * n);
  // Rejection sampling is fast while the set is sparse; fall back to a scan when it is dense.
  for (let tries = 0; pool.length < wanted && tries < 20 * wanted; tries++) {
    const c = Math.floor(next() * total);
    if (!active.has(c) && !pool.includes(c)) pool.push(c);
  }
  if (pool.length < wanted)
    for (let c = 0; c < total && pool.length < wanted; c++)
      if (!active.has(c) && !pool.includes(c)) pool.push(c);
  const grow = pool
    .sort((a, b) => Math.abs(score[b]!) - Math.abs(score[a]!) || a - b)
    .slice(0, Math.min(n, pool.length));
  const slots = Array.from({ length: k }, (_, i) => i)
    .sort((a, b) => Math.abs(values[a]!) - Math.abs(values[b]!) || a - b)
    .slice(0, grow.length);
  slots.forEach((slot, i) => (indices[slot] = grow[i]!));
  return slots;
}
