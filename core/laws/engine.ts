/**
 * The multi-start fitting engine (SCALING-LAWS.md §2.0): build the start grid, screen every grid
 * point by its objective, optimise from the best few (L-BFGS-B on the Huber objective, or LM on
 * least squares), keep the best optimum.
 */
import { huberObjective, lmResiduals, toInternal, type Problem } from './objective';
import { minimizeLbfgsb, type MinimizeResult } from './optim/lbfgsb';
import { minimizeLm } from './optim/lm';
import type { FitOptions, ParamSpec } from './types';

/** Internal-coordinate bounds of the parameters (log parameters: log of their bounds). */
export function internalBounds(params: readonly ParamSpec[]): {
  lo: Float64Array;
  hi: Float64Array;
} {
  const lo = new Float64Array(params.length);
  const hi = new Float64Array(params.length);
  params.forEach((p, j) => {
    lo[j] = p.log ? (p.lower > 0 ? Math.log(p.lower) : -Infinity) : p.lower;
    hi[j] = p.log ? Math.log(p.upper) : p.upper;
  });
  return { lo, hi };
}

const MAX_GRID = 50_000;

/** Cartesian product of the parameters' start values (natural units), thinned to ≤ 50,000 points. */
export function startGrid(params: readonly ParamSpec[], columns: Float64Array[]): number[][] {
  let axes = params.map((p) => {
    const vals = p.gridFromData ? p.gridFromData(columns) : p.grid;
    const ok = vals
      .filter((v) => Number.isFinite(v) && (!p.log || v > 0))
      .map((v) => Math.min(p.upper, Math.max(p.lower, v)));
    if (ok.length) return ok;
    const mid =
      Number.isFinite(p.lower) && Number.isFinite(p.upper)
        ? (p.lower + p.upper) / 2
        : p.log
          ? 1
          : 0;
    return [p.log && !(mid > 0) ? 1 : mid];
  });
  // Thin every axis to its ends and middle until the product is small enough.
  while (axes.reduce((a, v) => a * v.length, 1) > MAX_GRID) {
    const widest = axes.reduce((w, v, j) => (v.length > axes[w]!.length ? j : w), 0);
    const v = axes[widest]!;
    axes = axes.map((a, j) => (j === widest ? v.filter((_, i) => i % 2 === 0) : a));
  }
  let grid: number[][] = [[]];
  for (const axis of axes) grid = grid.flatMap((g) => axis.map((v) => [...g, v]));
  return grid;
}

export interface EngineResult extends MinimizeResult {
  starts: number;
  gridSize: number;
}

/** The objective minimised by `options.loss`, value only, at internal coordinates `u`. */
export function objectiveValue(
  prob: Problem,
  options: FitOptions,
  weights?: Float64Array,
): (u: Float64Array) => number {
  if (options.loss === 'huber') {
    const f = huberObjective(prob, options.delta, weights);
    return (u) => f(u, null);
  }
  const res = lmResiduals(prob, options.residuals, weights);
  const r = new Float64Array(prob.bound.n);
  return (u) => {
    if (!res(u, r, null)) return Infinity;
    let s = 0;
    for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
    return 0.5 * s;
  };
}

/** Runs the configured optimiser from one start (internal coordinates). */
export function optimizeFrom(
  prob: Problem,
  params: readonly ParamSpec[],
  u0: ArrayLike<number>,
  options: FitOptions,
  weights?: Float64Array,
): MinimizeResult {
  const { lo, hi } = internalBounds(params);
  if (options.loss === 'huber') {
    const f = huberObjective(prob, options.delta, weights);
    return minimizeLbfgsb(f, u0, lo, hi, { maxIterations: options.maxIterations });
  }
  return minimizeLm(lmResiduals(prob, options.residuals, weights), prob.bound.n, u0, lo, hi, {
    maxIterations: options.maxIterations,
  });
}

/**
 * Screens the whole start grid by objective value and optimises from the `options.maxStarts`
 * best finite points; returns the best optimum (f = Infinity when no start was finite).
 */
export function multiStart(
  prob: Problem,
  params: readonly ParamSpec[],
  columns: Float64Array[],
  options: FitOptions,
): EngineResult {
  const { chosen, gridSize } = screenStarts(prob, params, columns, options);
  let best: MinimizeResult | undefined;
  for (const u of chosen) {
    const r = optimizeFrom(prob, params, u, options);
    if (!best || r.f < best.f) best = r;
  }
  const none: MinimizeResult = {
    x: new Float64Array(params.length).fill(NaN),
    f: Infinity,
    iterations: 0,
    converged: false,
    reason: 'non-finite-start',
    gradNorm: NaN,
  };
  return { ...(best ?? none), starts: chosen.length && best ? chosen.length : 0, gridSize };
}

/** The `options.maxStarts` grid points with the lowest finite objective (internal coordinates), best first. */
export function screenStarts(
  prob: Problem,
  params: readonly ParamSpec[],
  columns: Float64Array[],
  options: FitOptions,
): { chosen: Float64Array[]; gridSize: number } {
  const grid = startGrid(params, columns);
  const value = objectiveValue(prob, options);
  const isLog = params.map((p) => p.log);
  const scored: Array<{ u: Float64Array; f: number }> = [];
  for (const start of grid) {
    const u = toInternal(start, isLog);
    const f = value(u);
    if (Number.isFinite(f)) scored.push({ u, f });
  }
  scored.sort((a, b) => a.f - b.f);
  return {
    chosen: scored.slice(0, Math.max(1, options.maxStarts)).map((s) => s.u),
    gridSize: grid.length,
  };
}
