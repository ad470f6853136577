/**
 * Case-resampling bootstrap (SCALING-LAWS.md §2.0.6): resample points with replacement, refit from
 * the full-data optimum, report percentile intervals. A resample is a vector of multiplicities used
 * as weights, so nothing is rebound. Seeded and reproducible: same seed, same draws.
 */
import { optimizeFrom } from './engine';
import { toNatural, type Problem } from './objective';
import type { FitOptions, ParamSpec } from './types';
import { mulberry32 } from '../random';

/** Mulberry32: a small, fast, seedable 32-bit PRNG; returns uniforms in [0, 1). */
export function makeRng(seed: number): () => number {
  return mulberry32(seed);
}

/** The q-quantile (0..1) of `values` by linear interpolation; NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const pos = q * (s.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  return i + 1 < s.length ? s[i]! * (1 - frac) + s[i + 1]! * frac : s[i]!;
}

/**
 * Draws `samples` bootstrap refits of `prob` starting from `uHat` (internal coordinates) and
 * returns their parameters in natural units. A resample with fewer distinct points than
 * parameters is redrawn (up to 10 times, then skipped); refits that do not end finite are skipped.
 */
export function bootstrapParams(
  prob: Problem,
  params: readonly ParamSpec[],
  uHat: Float64Array,
  options: FitOptions,
  samples: number,
  seed: number,
): number[][] {
  const rng = makeRng(seed);
  const n = prob.bound.n;
  const base = prob.weights;
  const live: number[] = [];
  for (let i = 0; i < n; i++) if (base[i]! > 0) live.push(i);
  const out: number[][] = [];
  const isLog = params.map((p) => p.log);
  const w = new Float64Array(n);
  const refitOptions: FitOptions = {
    ...options,
    maxIterations: Math.min(options.maxIterations, 300),
  };
  for (let b = 0; b < samples; b++) {
    let distinct = 0;
    for (let tries = 0; tries < 10 && distinct < params.length; tries++) {
      w.fill(0);
      for (let k = 0; k < live.length; k++) {
        const i = live[Math.floor(rng() * live.length)]!;
        w[i]! += base[i]!;
      }
      distinct = 0;
      for (let i = 0; i < n; i++) if (w[i]! > 0) distinct++;
    }
    if (distinct < params.length) continue;
    const r = optimizeFrom(prob, params, uHat, refitOptions, w);
    if (!Number.isFinite(r.f)) continue;
    const theta = Array.from(toNatural(r.x, isLog));
    if (theta.every((v) => Number.isFinite(v))) out.push(theta);
  }
  return out;
}
