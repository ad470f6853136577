/**
 * Projected L-BFGS for box-constrained smooth minimisation (an L-BFGS-B variant: the quasi-Newton
 * direction is computed over the free variables — those not held at a bound by their gradient —
 * and steps are projected back into the box with a backtracking Armijo search along the path).
 */

export interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  converged: boolean;
  reason: 'gradient' | 'objective' | 'step' | 'max-iterations' | 'line-search' | 'non-finite-start';
  /** ∞-norm of the projected gradient at `x`. */
  gradNorm: number;
}

export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the projected gradient's ∞-norm is below this. */
  gtol: number;
  /** Stop when the relative objective decrease is below this (twice in a row). */
  ftol: number;
  memory: number;
}

const DEFAULTS: LbfgsOptions = { maxIterations: 1000, gtol: 1e-12, ftol: 1e-14, memory: 10 };

/** Objective: returns f(x) and writes ∇f(x) into `g`. Non-finite f means "outside the domain". */
export type Objective = (x: Float64Array, g: Float64Array) => number;

function projectedGradNorm(
  x: Float64Array,
  g: Float64Array,
  lo: Float64Array,
  hi: Float64Array,
): number {
  let m = 0;
  for (let j = 0; j < x.length; j++) {
    const gj = g[j]!;
    if ((x[j]! <= lo[j]! && gj > 0) || (x[j]! >= hi[j]! && gj < 0)) continue;
    m = Math.max(m, Math.abs(gj));
  }
  return m;
}

/**
 * Minimises `f` over the box [lo, hi] from `x0` (clamped into the box). Returns the best point
 * found and why it stopped; never throws (a non-finite start returns reason "non-finite-start").
 */
export function minimizeLbfgsb(
  f: Objective,
  x0: ArrayLike<number>,
  lo: Float64Array,
  hi: Float64Array,
  options: Partial<LbfgsOptions> = {},
): MinimizeResult {
  const o = { ...DEFAULTS, ...options };
  const n = lo.length;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = Math.min(hi[j]!, Math.max(lo[j]!, x0[j]!));
  const g = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx))
    return { x, f: fx, iterations: 0, converged: false, reason: 'non-finite-start', gradNorm: NaN };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xn = new Float64Array(n);
  const gn = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(o.memory);
  let smallSteps = 0;
  for (let it = 0; it < o.maxIterations; it++) {
    const pg = projectedGradNorm(x, g, lo, hi);
    if (pg <= o.gtol)
      return { x, f: fx, iterations: it, converged: true, reason: 'gradient', gradNorm: pg };
    for (let j = 0; j < n; j++)
      free[j] = (x[j]! <= lo[j]! && g[j]! > 0) || (x[j]! >= hi[j]! && g[j]! < 0) ? 0 : 1;
    // Two-loop recursion over the free variables.
    for (let j = 0; j < n; j++) d[j] = free[j] ? -g[j]! : 0;
    for (let k = S.length - 1; k >= 0; k--) {
      let a = 0;
      for (let j = 0; j < n; j++) if (free[j]) a += S[k]![j]! * d[j]!;
      a *= rho[k]!;
      alpha[k] = a;
      for (let j = 0; j < n; j++) if (free[j]) d[j]! -= a * Y[k]![j]!;
    }
    if (S.length) {
      const k = S.length - 1;
      let yy = 0;
      let sy = 0;
      for (let j = 0; j < n; j++) {
        yy += Y[k]![j]! * Y[k]![j]!;
        sy += S[k]![j]! * Y[k]![j]!;
      }
      const gamma = sy / yy;
      for (let j = 0; j < n; j++) d[j]! *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      let b = 0;
      for (let j = 0; j < n; j++) if (free[j]) b += Y[k]![j]! * d[j]!;
      b *= rho[k]!;
      for (let j = 0; j < n; j++) if (free[j]) d[j]! += S[k]![j]! * (alpha[k]! - b);
    }
    let slope = 0;
    for (let j = 0; j < n; j++) slope += d[j]! * g[j]!;
    if (!(slope < 0)) {
      // Not a descent direction (curvature pairs went stale at a bound): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = free[j] ? -g[j]! : 0;
    }
    let t = S.length ? 1 : Math.min(1, 1 / Math.max(pg, 1e-300));
    let fn = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      let dec = 0;
      for (let j = 0; j < n; j++) {
        xn[j] = Math.min(hi[j]!, Math.max(lo[j]!, x[j]! + t * d[j]!));
        dec += g[j]! * (xn[j]! - x[j]!);
      }
      fn = f(xn, gn);
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * dec) {
        accepted = true;
        break;
      }
      t *= ls < 2 ? 0.1 : 0.5;
    }
    if (!accepted) {
      if (S.length) {
        S.length = 0;
        Y.length = 0;
        rho.length = 0;
        continue;
      }
      return {
        x,
        f: fx,
        iterations: it,
        converged: pg < 1e-6,
        reason: 'line-search',
        gradNorm: pg,
      };
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    let stepMax = 0;
    for (let j = 0; j < n; j++) {
      s[j] = xn[j]! - x[j]!;
      y[j] = gn[j]! - g[j]!;
      sy += s[j]! * y[j]!;
      stepMax = Math.max(stepMax, Math.abs(s[j]!) / Math.max(1, Math.abs(x[j]!)));
    }
    if (sy > 1e-300) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > o.memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const rel = (fx - fn) / Math.max(Math.abs(fx), Math.abs(fn), 1e-300);
    x.set(xn);
    g.set(gn);
    fx = fn;
    smallSteps = rel <= o.ftol ? smallSteps + 1 : 0;
    if (smallSteps >= 3)
      return {
        x,
        f: fx,
        iterations: it + 1,
        converged: true,
        reason: 'objective',
        gradNorm: projectedGradNorm(x, g, lo, hi),
      };
    if (stepMax < 1e-16)
      return {
        x,
        f: fx,
        iterations: it + 1,
        converged: true,
        reason: 'step',
        gradNorm: projectedGradNorm(x, g, lo, hi),
      };
  }
  return {
    x,
    f: fx,
    iterations: o.maxIterations,
    converged: false,
    reason: 'max-iterations',
    gradNorm: projectedGradNorm(x, g, lo, hi),
  };
}
