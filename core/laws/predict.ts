/**
 * Predictions from a fitted law (SCALING-LAWS.md §3.12): the value at θ̂ and the bootstrap
 * percentile band, the number of points behind the fit, and an extrapolation flag.
 */
import { quantile } from './bootstrap';
import { evaluateLaw, resolveLaw } from './resolve';
import type { CurveSample, LawFit, LawModel, LawPrediction } from './types';

/** Beyond 1.5× the fitted range (or below it by the same factor) of some variable. */
function isExtrapolating(fit: LawFit, x: readonly number[]): boolean {
  return x.some((v, j) => {
    const col = fit.points.map((p) => p.x[j]!);
    if (col.length === 0) return true;
    const max = Math.max(...col);
    const min = Math.min(...col);
    return max > 0 && min > 0
      ? v > 1.5 * max || v < min / 1.5
      : v > max + 0.5 * Math.abs(max - min) || v < min - 0.5 * Math.abs(max - min);
  });
}

function modelOf(fit: LawFit): LawModel | undefined {
  return resolveLaw(fit.form, fit.expression, fit.variables).model;
}

/**
 * Predicts `fit` at `point` (by variable name, or positional in variable order) with a
 * two-sided bootstrap band at `level` (default the fit's). Returns NaNs for a failed fit, a point
 * missing a variable, or a point outside the law's domain; never throws.
 */
export function predict(
  fit: LawFit,
  point: Record<string, number> | readonly number[],
  level = fit.level,
): LawPrediction {
  const x = Array.isArray(point)
    ? [...(point as number[])]
    : fit.variables.map((v) => (point as Record<string, number>)[v] ?? NaN);
  const named = Object.fromEntries(fit.variables.map((v, j) => [v, x[j] ?? NaN]));
  const model = fit.ok ? modelOf(fit) : undefined;
  const n = fit.points.length;
  if (!model || x.length !== fit.variables.length || x.some((v) => !Number.isFinite(v)))
    return { point: named, value: NaN, lo: NaN, hi: NaN, level, n, extrapolating: true };
  const value = evaluateLaw(
    model,
    fit.params.map((p) => p.value),
    fit.constants,
    x,
  );
  const draws = fit.bootstrap.samples.map((s) => evaluateLaw(model, s, fit.constants, x));
  const q = (1 - level) / 2;
  return {
    point: named,
    value,
    lo: quantile(draws, q),
    hi: quantile(draws, 1 - q),
    level,
    n,
    extrapolating: isExtrapolating(fit, x),
  };
}

/** `count` samples of a univariate fit's curve from the smallest x to 2× the largest, with the band. */
export function curveSamples(fit: LawFit, model: LawModel, count: number): CurveSample[] {
  const xs = fit.points.map((p) => p.x[0]!);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const logScale = min > 0;
  const hi = logScale ? 2 * max : max + (max - min);
  const out: CurveSample[] = [];
  const q = (1 - fit.level) / 2;
  for (let i = 0; i < count; i++) {
    const t = count === 1 ? 0 : i / (count - 1);
    const x = logScale
      ? Math.exp(Math.log(min) + t * (Math.log(hi) - Math.log(min)))
      : min + t * (hi - min);
    const draws = fit.bootstrap.samples.map((s) => evaluateLaw(model, s, fit.constants, [x]));
    out.push({
      x: [x],
      value: evaluateLaw(
        model,
        fit.params.map((p) => p.value),
        fit.constants,
        [x],
      ),
      lo: quantile(draws, q),
      hi: quantile(draws, 1 - q),
    });
  }
  return out;
}
