/**
 * Law-guided design: which trial to run next so that a law's prediction at a target (a
 * `predict … at …` line) gets the narrowest bootstrap interval per FLOP. Greedy and myopic, as in
 * sequential c-optimal design: for each candidate, the law fitted so far supplies a hallucinated
 * result (its prediction there, the "kriging believer" of batch Bayesian optimisation), the law is
 * refitted with core/laws' bootstrap (the same seed for every candidate, so widths compare on
 * common random numbers), and the candidate with the largest width reduction per FLOP wins.
 */
import { fitLaw } from '../laws/fit';
import { predict } from '../laws/predict';
import type { FitOptions, LawModel, LawPoint } from '../laws/types';
import { addObservation, inverseInformation, logGradient, predictionVariance } from './design-info';

/** A trial the design may propose: its law inputs and its cost in FLOPs (6·N·D or the catalog's estimate). */
export interface DesignCandidate {
  x: number[];
  cost: number;
  label?: string;
}

export interface DesignRequest {
  model: LawModel;
  /** Results so far (at least as many as the law has parameters). */
  points: LawPoint[];
  /** The law's inputs at the prediction target. */
  target: number[];
  candidates: DesignCandidate[];
  /** How many trials to propose (a batch; each later pick assumes the earlier ones ran). */
  count: number;
  /**
   * The interval width wanted. When set, a candidate that reaches it (repeated up to 32 times) is
   * scored by the FLOPs it needs to get there and the cheapest such wins; per-FLOP greedy alone is
   * myopic and would buy cheap trials whose information plateaus short of the target.
   */
  targetWidth?: number;
  /** Fit options; defaults: 64 bootstrap resamples, seed 1, no holdout, 8 starts. */
  options?: Partial<FitOptions>;
}

export interface DesignPick {
  candidate: DesignCandidate;
  /** Interval width before and (predicted) after adding this trial. */
  widthBefore: number;
  widthAfter: number;
  /** (widthBefore − widthAfter) / cost; with a reachable `targetWidth`, 1e6 / FLOPs to reach it. */
  gainPerFlop: number;
}

const DESIGN_FIT: Partial<FitOptions> = { bootstrap: 64, seed: 1, holdout: 0, maxStarts: 8 };

/** The Chinchilla approximation of training compute: C = 6·N·D FLOPs (Kaplan et al. 2020, §2.1). */
export function trainingFlops(params: number, tokens: number): number {
  return 6 * params * tokens;
}

/**
 * Fits `model` to `points` and returns the fit's prediction at `target` with the width hi − lo of
 * its bootstrap interval. The width is NaN when the fit fails (too few points) or the target is
 * outside the law's domain; never throws.
 */
export function predictionWidth(
  model: LawModel,
  points: LawPoint[],
  target: number[],
  options: Partial<FitOptions> = {},
): { value: number; width: number } {
  const fit = fitLaw({ law: 'design', model, points, options: { ...DESIGN_FIT, ...options } });
  if (!fit.ok) return { value: NaN, width: NaN };
  const p = predict(fit, target);
  return { value: p.value, width: p.hi - p.lo };
}

/**
 * Proposes `req.count` trials, greedily by interval-width reduction per FLOP. One fit of the law
 * to the points so far gives θ̂ and the bootstrap width at the target; each candidate's effect on
 * the width is the delta method's ratio under a rank-one update (design-info.ts), and each pick
 * updates Σ before the next, so a batch spreads over candidates as their returns diminish (a
 * candidate may be picked again: a replicate with a new seed). Returns the picks in order, widths
 * in the bootstrap interval's units. Throws when there are no candidates, a cost is not positive,
 * or the points cannot be fitted (the message says why).
 */
export function proposeTrials(req: DesignRequest): DesignPick[] {
  if (req.candidates.length === 0) throw new Error('design: no candidate trials');
  for (const c of req.candidates)
    if (!(c.cost > 0))
      throw new Error(
        `design: candidate ${c.label ?? JSON.stringify(c.x)} has cost ${c.cost}; costs must be positive FLOPs`,
      );
  const fit = fitLaw({
    law: 'design',
    model: req.model,
    points: req.points,
    options: { ...DESIGN_FIT, ...req.options },
  });
  if (!fit.ok)
    throw new Error(
      `design: the law cannot be fitted to the ${req.points.length} points so far (${fit.diagnostics.map((d) => d.message).join('; ')})`,
    );
  const theta = fit.params.map((p) => p.value);
  const now = predict(fit, req.target);
  const width0 = now.hi - now.lo;
  if (!(width0 > 0))
    throw new Error(
      `design: the prediction at ${JSON.stringify(req.target)} has no bootstrap interval (width ${width0})`,
    );
  let sigma = inverseInformation(
    req.points.map((p) => logGradient(req.model, theta, fit.constants, p.x)),
  );
  const g = logGradient(req.model, theta, fit.constants, req.target);
  const var0 = predictionVariance(sigma, g);
  const grads = req.candidates.map((c) => logGradient(req.model, theta, fit.constants, c.x));
  const picks: DesignPick[] = [];
  let before = width0;
  for (let k = 0; k < req.count; k++) {
    let best: { i: number; after: number; gain: number; sigma: number[][] } | undefined;
    const widthOf = (s: number[][]): number =>
      width0 * Math.sqrt(Math.max(0, predictionVariance(s, g)) / var0);
    req.candidates.forEach((c, i) => {
      if (grads[i]!.some((v) => !Number.isFinite(v))) return;
      const next = addObservation(sigma, grads[i]!, 1);
      const after = widthOf(next);
      let gain = (before - after) / c.cost;
      if (req.targetWidth !== undefined && before > req.targetWidth) {
        // Scored by the FLOPs to reach the target with repeats of this candidate (1/FLOPs beats
        // any plain per-FLOP gain, so reaching candidates rank first, cheapest first).
        let s = next;
        for (let m = 1; m <= 32; m++, s = addObservation(s, grads[i]!, 1)) {
          if (widthOf(s) <= req.targetWidth) {
            gain = 1e6 / (m * c.cost);
            break;
          }
        }
      }
      if (!best || gain > best.gain) best = { i, after, gain, sigma: next };
    });
    if (!best) throw new Error('design: no candidate has a finite gradient of the law');
    const chosen: { i: number; after: number; gain: number; sigma: number[][] } = best;
    picks.push({
      candidate: req.candidates[chosen.i]!,
      widthBefore: before,
      widthAfter: chosen.after,
      gainPerFlop: chosen.gain,
    });
    sigma = chosen.sigma;
    before = chosen.after;
  }
  return picks;
}
