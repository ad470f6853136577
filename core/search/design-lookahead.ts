/**
 * The expected bootstrap interval width after running more trials, estimated by simulation rather
 * than linearisation: the delta method (design-info.ts) says cheap replicates keep narrowing the
 * interval, but the case bootstrap over a few points, dominated by the E–A–α trade-off, does not
 * follow it (docs/search.md). So a candidate is scored the way the project measures the interval:
 * hallucinate its results under parameters resampled from the current fit's bootstrap, with the
 * fit's own log-noise, refit with core/laws' bootstrap, and average the widths over scenarios.
 * Every candidate sees the same scenarios (common random numbers), so their widths compare.
 */
import { fitLaw } from '../laws/fit';
import { predict } from '../laws/predict';
import { evaluateLaw } from '../laws/resolve';
import type { FitOptions, LawFit, LawModel, LawPoint } from '../laws/types';
import { mulberry32 } from '../random';

/** One simulated future: a parameter draw from the fit's bootstrap and standard normal noises. */
interface Scenario {
  theta: number[];
  noise: number[];
}

export interface Lookahead {
  model: LawModel;
  points: LawPoint[];
  target: number[];
  fit: LawFit;
  /** Options of the refits: the fit's own, with fewer resamples. */
  refit: Partial<FitOptions>;
  /** Residual log-noise of the current fit (the spread of a hallucinated result). */
  sigma: number;
  scenarios: Scenario[];
}

/** The width hi − lo of `fit`'s bootstrap interval at `target` (NaN when there is none). */
export function widthOf(fit: LawFit, target: readonly number[]): number {
  if (!fit.ok) return NaN;
  const p = predict(fit, [...target]);
  return p.hi - p.lo;
}

/**
 * Prepares the simulation around a successful `fit`: `count` scenarios drawn with `seed`, each
 * with noises for up to `maxRepeats` hallucinated results. The log-noise is the fit's RMSE of log
 * residuals corrected for the parameters used (n/(n−k)), at least 0.1% so an exact fit still has
 * a spread.
 */
export function prepareLookahead(
  model: LawModel,
  points: LawPoint[],
  target: number[],
  fit: LawFit,
  options: {
    scenarios: number;
    /** Noises drawn per scenario (the largest plan). */
    maxRepeats: number;
    bootstrap: number;
    seed: number;
    fit: Partial<FitOptions>;
  },
): Lookahead {
  const rng = mulberry32(options.seed ^ 0x5eed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const draws = fit.bootstrap.samples.length
    ? fit.bootstrap.samples
    : [fit.params.map((p) => p.value)];
  const n = fit.points.length;
  const k = fit.params.length;
  const rmse = fit.quality?.rmseLog ?? 0;
  const sigma = Math.max(1e-3, rmse * Math.sqrt(n / Math.max(1, n - k)));
  const scenarios = Array.from({ length: options.scenarios }, () => ({
    theta: draws[Math.floor(rng() * draws.length)]!,
    noise: Array.from({ length: options.maxRepeats }, gauss),
  }));
  return {
    model,
    points,
    target,
    fit,
    sigma,
    scenarios,
    refit: { ...options.fit, bootstrap: options.bootstrap, seed: options.seed, level: fit.level },
  };
}

/**
 * The mean over scenarios of the interval width after running the trials `plan` (law inputs, a
 * trial may repeat): each result is drawn from the scenario's law with the fit's log-noise.
 * Scenarios whose refit fails count as the current width (no progress), so a fragile plan is not
 * rewarded.
 */
export function expectedWidth(look: Lookahead, plan: ReadonlyArray<readonly number[]>): number {
  const now = widthOf(look.fit, look.target);
  let sum = 0;
  for (const s of look.scenarios) {
    const extra = plan.map((x, r) => ({
      x: [...x],
      y:
        evaluateLaw(look.model, s.theta, look.fit.constants, [...x]) *
        Math.exp(look.sigma * s.noise[r % s.noise.length]!),
    }));
    const fit = fitLaw({
      law: 'design',
      model: look.model,
      points: [...look.points, ...extra],
      options: look.refit,
    });
    const w = widthOf(fit, look.target);
    sum += Number.isFinite(w) && extra.every((p) => p.y > 0) ? w : now;
  }
  return sum / look.scenarios.length;
}
