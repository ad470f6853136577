/**
 * Parzen estimators of TPE (Bergstra et al. 2011, §4): a mixture of truncated Gaussians over a
 * numeric axis (one kernel per observation plus a prior kernel over the whole range, weight
 * `priorWeight`), or smoothed counts over a categorical axis. Bandwidths follow the original
 * paper and Optuna's univariate default: each kernel's σ is the larger distance to its sorted
 * neighbours (range ends included), clipped to [range / min(100, n + 1), range].
 */

export interface NumericParzen {
  mus: number[];
  sigmas: number[];
  weights: number[];
  low: number;
  high: number;
}

const SQRT2 = Math.SQRT2;

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for kernel normalisation. */
export function erf(x: number): number {
  const s = Math.sign(x);
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return s * y;
}

const cdf = (x: number, mu: number, sigma: number): number =>
  0.5 * (1 + erf((x - mu) / (sigma * SQRT2)));

/** Builds the estimator from internal-coordinate `obs` on [low, high]; throws on an empty range. */
export function numericParzen(
  obs: readonly number[],
  low: number,
  high: number,
  priorWeight: number,
): NumericParzen {
  const range = high - low;
  if (!(range > 0)) throw new Error(`parzen: empty range [${low}, ${high}]`);
  const sorted = [...obs, (low + high) / 2]
    .map((mu, i) => ({ mu, prior: i === obs.length }))
    .sort((a, b) => a.mu - b.mu);
  const minSigma = range / Math.min(100, sorted.length + 1);
  const mus: number[] = [];
  const sigmas: number[] = [];
  const weights: number[] = [];
  sorted.forEach((k, i) => {
    const left = k.mu - (i > 0 ? sorted[i - 1]!.mu : low);
    const right = (i + 1 < sorted.length ? sorted[i + 1]!.mu : high) - k.mu;
    mus.push(k.mu);
    sigmas.push(k.prior ? range : Math.min(range, Math.max(minSigma, left, right)));
    weights.push(k.prior ? priorWeight : 1);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return { mus, sigmas, weights: weights.map((w) => w / total), low, high };
}

/** A draw from the mixture (choose a kernel by weight, then its Gaussian truncated by rejection). */
export function sampleNumeric(p: NumericParzen, rng: () => number): number {
  let u = rng();
  let k = 0;
  while (k < p.weights.length - 1 && u >= p.weights[k]!) u -= p.weights[k++]!;
  for (let tries = 0; tries < 100; tries++) {
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const x = p.mus[k]! + p.sigmas[k]! * z;
    if (x >= p.low && x <= p.high) return x;
  }
  return Math.min(p.high, Math.max(p.low, p.mus[k]!));
}

/** log of the mixture density at `x` (each kernel normalised over [low, high]). */
export function logDensityNumeric(p: NumericParzen, x: number): number {
  let sum = 0;
  for (let k = 0; k < p.mus.length; k++) {
    const mu = p.mus[k]!;
    const s = p.sigmas[k]!;
    const mass = Math.max(1e-12, cdf(p.high, mu, s) - cdf(p.low, mu, s));
    sum +=
      (p.weights[k]! * Math.exp(-0.5 * ((x - mu) / s) ** 2)) / (s * Math.sqrt(2 * Math.PI) * mass);
  }
  return Math.log(Math.max(sum, 1e-300));
}

/** Categorical estimator: probabilities ∝ count + priorWeight / k over `k` choices. */
export function categoricalParzen(
  obs: readonly number[],
  k: number,
  priorWeight: number,
): number[] {
  const w = Array.from({ length: k }, () => priorWeight / k);
  for (const i of obs) if (i >= 0 && i < k) w[i]! += 1;
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}
