/**
 * The fitting objectives over internal coordinates u (u = log θ for `log` parameters, else θ):
 * - Huber on log residuals, Hoffmann et al. (2022) eq. 3: Σ_i w_i·Huber_δ(log f(x_i; θ) − log y_i);
 * - least-squares residuals for Levenberg–Marquardt, in log or linear space.
 * Weights carry bootstrap multiplicities and hold-out masks (w = 0 drops a point), so resampling
 * never rebinds the data.
 */
import type { Residuals } from './optim/lm';
import type { BoundLaw } from './types';

export interface Problem {
  bound: BoundLaw;
  /** log flags of the parameters, in order. */
  isLog: boolean[];
  y: Float64Array;
  weights: Float64Array;
}

/** θ_j = exp(u_j) for log parameters, u_j otherwise. */
export function toNatural(
  u: ArrayLike<number>,
  isLog: readonly boolean[],
  out = new Float64Array(isLog.length),
): Float64Array {
  for (let j = 0; j < isLog.length; j++) out[j] = isLog[j] ? Math.exp(u[j]!) : u[j]!;
  return out;
}

/** u_j = log θ_j for log parameters, θ_j otherwise. */
export function toInternal(theta: ArrayLike<number>, isLog: readonly boolean[]): Float64Array {
  const u = new Float64Array(isLog.length);
  for (let j = 0; j < isLog.length; j++) u[j] = isLog[j] ? Math.log(theta[j]!) : theta[j]!;
  return u;
}

/** Huber_δ(u) = u²/2 for |u| ≤ δ, δ|u| − δ²/2 beyond. */
export function huber(u: number, delta: number): number {
  const a = Math.abs(u);
  return a <= delta ? 0.5 * u * u : delta * a - 0.5 * delta * delta;
}

/** The Huber objective and its gradient in internal coordinates; +Infinity where some f ≤ 0. */
export function huberObjective(
  prob: Problem,
  delta: number,
  weights: Float64Array = prob.weights,
): (u: Float64Array, g: Float64Array | null) => number {
  const { bound, isLog, y } = prob;
  const n = bound.n;
  const p = isLog.length;
  const f = new Float64Array(n);
  const jac = new Float64Array(n * p);
  const theta = new Float64Array(p);
  return (u, g) => {
    toNatural(u, isLog, theta);
    bound.eval(theta, f, g ? jac : null);
    g?.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const fi = f[i]!;
      if (!(fi > 0) || !Number.isFinite(fi)) return Infinity;
      const r = Math.log(fi / y[i]!);
      total += w * huber(r, delta);
      if (!g) continue;
      const psi = (w * Math.min(delta, Math.max(-delta, r))) / fi;
      for (let j = 0; j < p; j++) g[j]! += psi * jac[i * p + j]!;
    }
    if (g) for (let j = 0; j < p; j++) if (isLog[j]) g[j]! *= theta[j]!;
    return total;
  };
}

/** Weighted residuals √w·(log f − log y) or √w·(f − y) and their Jacobian in internal coordinates. */
export function lmResiduals(
  prob: Problem,
  space: 'log' | 'linear',
  weights: Float64Array = prob.weights,
): Residuals {
  const { bound, isLog, y } = prob;
  const n = bound.n;
  const p = isLog.length;
  const f = new Float64Array(n);
  const jac = new Float64Array(n * p);
  const theta = new Float64Array(p);
  return (u, r, J) => {
    toNatural(u, isLog, theta);
    bound.eval(theta, f, J ? jac : null);
    for (let i = 0; i < n; i++) {
      const sw = Math.sqrt(weights[i]!);
      const fi = f[i]!;
      if (sw === 0) {
        r[i] = 0;
        if (J) J.fill(0, i * p, i * p + p);
        continue;
      }
      if (!Number.isFinite(fi) || (space === 'log' && !(fi > 0))) return false;
      r[i] = space === 'log' ? sw * Math.log(fi / y[i]!) : sw * (fi - y[i]!);
      if (J) {
        const scale = space === 'log' ? sw / fi : sw;
        for (let j = 0; j < p; j++)
          J[i * p + j] = scale * jac[i * p + j]! * (isLog[j] ? theta[j]! : 1);
      }
    }
    return true;
  };
}
