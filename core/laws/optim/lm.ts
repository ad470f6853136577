/**
 * Levenberg–Marquardt for bounded nonlinear least squares, min ½‖r(x)‖², with Marquardt's
 * diagonal scaling. Variables held at a bound by their gradient are frozen for the step; the
 * step is projected into the box and accepted only when it lowers the cost.
 */
import type { MinimizeResult } from './lbfgsb';

/** Writes residuals r (length m) and, when `jac` is given, ∂r_i/∂x_j into jac[i·n + j]. Returns false outside the domain. */
export type Residuals = (x: Float64Array, r: Float64Array, jac: Float64Array | null) => boolean;

export interface LmOptions {
  maxIterations: number;
  gtol: number;
  ftol: number;
}

function cost(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i]! * r[i]!;
  return 0.5 * s;
}

/** Solves A·z = b in place for a symmetric positive-definite n×n A (row-major); false when not SPD. */
export function choleskySolve(A: Float64Array, b: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]!;
    for (let k = 0; k < j; k++) s -= A[j * n + k]! * A[j * n + k]!;
    if (!(s > 0)) return false;
    const l = Math.sqrt(s);
    A[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j]!;
      for (let k = 0; k < j; k++) t -= A[i * n + k]! * A[j * n + k]!;
      A[i * n + j] = t / l;
    }
  }
  for (let i = 0; i < n; i++) {
    let t = b[i]!;
    for (let k = 0; k < i; k++) t -= A[i * n + k]! * b[k]!;
    b[i] = t / A[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let t = b[i]!;
    for (let k = i + 1; k < n; k++) t -= A[k * n + i]! * b[k]!;
    b[i] = t / A[i * n + i]!;
  }
  return true;
}

/**
 * Minimises ½‖r(x)‖² (m residuals) over [lo, hi] from `x0`. Returns the result in the same shape as
 * the L-BFGS-B minimiser (`f` is the cost ½‖r‖²); never throws.
 */
export function minimizeLm(
  res: Residuals,
  m: number,
  x0: ArrayLike<number>,
  lo: Float64Array,
  hi: Float64Array,
  options: Partial<LmOptions> = {},
): MinimizeResult {
  const o = { maxIterations: 500, gtol: 1e-14, ftol: 1e-15, ...options };
  const n = lo.length;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = Math.min(hi[j]!, Math.max(lo[j]!, x0[j]!));
  const r = new Float64Array(m);
  const J = new Float64Array(m * n);
  const rn = new Float64Array(m);
  const xn = new Float64Array(n);
  const JtJ = new Float64Array(n * n);
  const g = new Float64Array(n);
  if (!res(x, r, J) || !Number.isFinite(cost(r)))
    return {
      x,
      f: Infinity,
      iterations: 0,
      converged: false,
      reason: 'non-finite-start',
      gradNorm: NaN,
    };
  let c = cost(r);
  let lambda = 1e-3;
  let small = 0;
  let gnorm = Infinity;
  for (let it = 0; it < o.maxIterations; it++) {
    JtJ.fill(0);
    g.fill(0);
    for (let i = 0; i < m; i++) {
      const ri = r[i]!;
      for (let a = 0; a < n; a++) {
        const ja = J[i * n + a]!;
        g[a]! += ja * ri;
        for (let b = 0; b <= a; b++) JtJ[a * n + b]! += ja * J[i * n + b]!;
      }
    }
    const free: number[] = [];
    gnorm = 0;
    for (let j = 0; j < n; j++) {
      const held = (x[j]! <= lo[j]! && g[j]! > 0) || (x[j]! >= hi[j]! && g[j]! < 0);
      if (!held) {
        free.push(j);
        gnorm = Math.max(gnorm, Math.abs(g[j]!));
      }
    }
    if (gnorm <= o.gtol || free.length === 0)
      return { x, f: c, iterations: it, converged: true, reason: 'gradient', gradNorm: gnorm };
    const k = free.length;
    let improved = false;
    for (let tries = 0; tries < 40 && !improved; tries++) {
      const A = new Float64Array(k * k);
      const b = new Float64Array(k);
      for (let a = 0; a < k; a++) {
        const ja = free[a]!;
        b[a] = -g[ja]!;
        for (let bb = 0; bb <= a; bb++) {
          const v = JtJ[ja * n + free[bb]!]!;
          A[a * k + bb] = v;
          A[bb * k + a] = v;
        }
        A[a * k + a]! += lambda * Math.max(JtJ[ja * n + ja]!, 1e-12);
      }
      if (!choleskySolve(A, b, k)) {
        lambda *= 10;
        continue;
      }
      xn.set(x);
      let stepMax = 0;
      for (let a = 0; a < k; a++) {
        const j = free[a]!;
        xn[j] = Math.min(hi[j]!, Math.max(lo[j]!, x[j]! + b[a]!));
        stepMax = Math.max(stepMax, Math.abs(xn[j] - x[j]!) / Math.max(1, Math.abs(x[j]!)));
      }
      if (stepMax < 1e-16)
        return { x, f: c, iterations: it, converged: true, reason: 'step', gradNorm: gnorm };
      if (res(xn, rn, null)) {
        const cn = cost(rn);
        if (Number.isFinite(cn) && cn < c) {
          const rel = (c - cn) / Math.max(c, 1e-300);
          x.set(xn);
          res(x, r, J);
          c = cn;
          lambda = Math.max(lambda / 3, 1e-15);
          improved = true;
          small = rel <= o.ftol ? small + 1 : 0;
          break;
        }
      }
      lambda *= 4;
    }
    if (!improved)
      return { x, f: c, iterations: it, converged: gnorm < 1e-8, reason: 'step', gradNorm: gnorm };
    if (small >= 3)
      return { x, f: c, iterations: it + 1, converged: true, reason: 'objective', gradNorm: gnorm };
  }
  return {
    x,
    f: c,
    iterations: o.maxIterations,
    converged: false,
    reason: 'max-iterations',
    gradNorm: gnorm,
  };
}
