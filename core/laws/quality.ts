/**
 * Fit quality figures (SCALING-LAWS.md §2.0.7): R² in linear space, RMSE of log residuals, AIC.
 */
import type { FitQuality } from './types';

/** Quality of predictions `yHat` against `y` (points with weight 0 ignored), for a law with `k` parameters. */
export function fitQuality(
  y: ArrayLike<number>,
  yHat: ArrayLike<number>,
  k: number,
  weights?: ArrayLike<number>,
): FitQuality {
  let n = 0;
  let mean = 0;
  for (let i = 0; i < y.length; i++) {
    if (weights && weights[i] === 0) continue;
    n++;
    mean += y[i]!;
  }
  mean /= Math.max(n, 1);
  let ssRes = 0;
  let ssTot = 0;
  let rssLog = 0;
  for (let i = 0; i < y.length; i++) {
    if (weights && weights[i] === 0) continue;
    ssRes += (y[i]! - yHat[i]!) ** 2;
    ssTot += (y[i]! - mean) ** 2;
    rssLog += Math.log(yHat[i]! / y[i]!) ** 2;
  }
  return {
    r2: ssTot > 0 ? 1 - ssRes / ssTot : NaN,
    rmseLog: Math.sqrt(rssLog / Math.max(n, 1)),
    aic: n * Math.log(Math.max(rssLog, 1e-300) / Math.max(n, 1)) + 2 * k,
  };
}

/**
 * Indices of the `count` largest-scale points: ordered by Σ log|x_j| (the product of the inputs'
 * magnitudes), the natural "largest run" for one or several size variables.
 */
export function largestScale(xs: ReadonlyArray<readonly number[]>, count: number): number[] {
  const score = xs.map((x, i) => ({
    i,
    s: x.reduce((a, v) => a + Math.log(Math.abs(v) || 1e-300), 0),
  }));
  score.sort((a, b) => b.s - a.s || b.i - a.i);
  return score.slice(0, count).map((e) => e.i);
}
