/**
 * Compute-optimal allocation under a FLOP budget with C ≈ 6·N·D (Hoffmann et al. 2022 eq. 4;
 * SCALING-LAWS.md §2.3, §3.2), in closed form and by numerical minimisation (the cross-check).
 */
import { quantile } from './bootstrap';
import type { ComputeOptimal, LawFit } from './types';

export interface ChinchillaParams {
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
}

function lossAt(p: ChinchillaParams, N: number, D: number): number {
  return p.E + p.A * Math.pow(N, -p.alpha) + p.B * Math.pow(D, -p.beta);
}

function checkInputs(p: ChinchillaParams, flops: number): void {
  if (!(flops > 0) || !Number.isFinite(flops))
    throw new RangeError(
      `compute-optimal: the budget must be a positive finite FLOP count, got ${flops}`,
    );
  if (!(p.A > 0 && p.B > 0 && p.alpha > 0 && p.beta > 0))
    throw new RangeError(
      `compute-optimal: needs A, B, alpha, beta > 0, got A=${p.A}, B=${p.B}, alpha=${p.alpha}, beta=${p.beta}`,
    );
}

/**
 * Closed form: N* = G·(C/6)^(β/(α+β)), D* = G⁻¹·(C/6)^(α/(α+β)), G = (αA/(βB))^(1/(α+β)).
 * Throws RangeError for a non-positive budget or non-positive A, B, α, β (no interior optimum).
 */
export function chinchillaOptimal(p: ChinchillaParams, flops: number): ComputeOptimal {
  checkInputs(p, flops);
  const s = p.alpha + p.beta;
  const G = Math.pow((p.alpha * p.A) / (p.beta * p.B), 1 / s);
  const c6 = flops / 6;
  const N = G * Math.pow(c6, p.beta / s);
  const D = Math.pow(c6, p.alpha / s) / G;
  return { flops, params: N, tokens: D, tokensPerParam: D / N, loss: lossAt(p, N, D) };
}

/**
 * Numerical minimisation of L(N, C/(6N)) over log N: bisection on the sign of the derivative
 * dL/dlog N = −αA·N^−α + βB·D^−β (monotone in log N), to machine precision. Same failures as
 * `chinchillaOptimal`.
 */
export function chinchillaOptimalNumeric(p: ChinchillaParams, flops: number): ComputeOptimal {
  checkInputs(p, flops);
  const lc = Math.log(flops / 6);
  const slope = (u: number): number =>
    -p.alpha * p.A * Math.exp(-p.alpha * u) + p.beta * p.B * Math.exp(-p.beta * (lc - u));
  let lo = -lc - 50;
  let hi = 2 * lc + 50;
  for (let i = 0; i < 400 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) hi = mid;
    else lo = mid;
  }
  const N = Math.exp(0.5 * (lo + hi));
  const D = flops / (6 * N);
  return { flops, params: N, tokens: D, tokensPerParam: D / N, loss: lossAt(p, N, D) };
}

/** The chinchilla parameters of a fit (by name), or undefined when it is not a successful chinchilla fit. */
export function chinchillaParamsOf(fit: LawFit): ChinchillaParams | undefined {
  if (!fit.ok || fit.form !== 'chinchilla') return undefined;
  const v = (n: string): number => fit.params.find((p) => p.name === n)?.value ?? NaN;
  return { E: v('E'), A: v('A'), B: v('B'), alpha: v('alpha'), beta: v('beta') };
}

/**
 * N*, D* of a chinchilla fit for budget `flops`, with bootstrap intervals at `level` (default the
 * fit's) from the fit's parameter draws. Undefined when the fit is not a usable chinchilla fit.
 */
export function computeOptimalFor(
  fit: LawFit,
  flops: number,
  level = fit.level,
): ComputeOptimal | undefined {
  const p = chinchillaParamsOf(fit);
  const usable = (q: ChinchillaParams): boolean => q.A > 0 && q.B > 0 && q.alpha > 0 && q.beta > 0;
  if (!p || !usable(p) || !(flops > 0)) return undefined;
  const best = chinchillaOptimal(p, flops);
  const draws = fit.bootstrap.samples
    .map((s): ChinchillaParams => ({ E: s[0]!, A: s[1]!, B: s[2]!, alpha: s[3]!, beta: s[4]! }))
    .filter(usable)
    .map((q) => chinchillaOptimal(q, flops));
  if (draws.length < 2) return best;
  const q = (1 - level) / 2;
  const band = (pick: (o: ComputeOptimal) => number): [number, number] => [
    quantile(draws.map(pick), q),
    quantile(draws.map(pick), 1 - q),
  ];
  return {
    ...best,
    interval: {
      params: band((o) => o.params),
      tokens: band((o) => o.tokens),
      tokensPerParam: band((o) => o.tokensPerParam),
      loss: band((o) => o.loss),
    },
  };
}

/** N*, D* for five budgets from the data's smallest 6·N·D to 100× its largest (empty when undefined). */
export function computeOptimalCurve(fit: LawFit, columns: Float64Array[]): ComputeOptimal[] {
  const p = chinchillaParamsOf(fit);
  const [N, D] = columns;
  if (!p || !N || !D || !(p.A > 0 && p.B > 0 && p.alpha > 0 && p.beta > 0)) return [];
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < N.length; i++) {
    const c = 6 * N[i]! * D[i]!;
    min = Math.min(min, c);
    max = Math.max(max, c);
  }
  const hi = 100 * max;
  return Array.from({ length: 5 }, (_, i) =>
    computeOptimalFor(fit, Math.exp(Math.log(min) + (i / 4) * (Math.log(hi) - Math.log(min))))!,
  );
}
