/**
 * Law-guided design: which trials to run next so that a law's prediction at a target (a
 * `predict … at …` line) gets the narrowest bootstrap interval per FLOP. Candidate batches mix
 * trials near the target with spread (design-plans.ts); each batch's effect is estimated the way
 * the project measures intervals, by refitting with core/laws' bootstrap on hallucinated results
 * drawn under parameters resampled from the current fit (design-lookahead.ts), with common random
 * numbers across batches. docs/search.md has the evidence against the grid.
 */
import { fitLaw } from '../laws/fit';
import { predict } from '../laws/predict';
import type { FitOptions, LawModel, LawPoint } from '../laws/types';
import { evaluateLaw } from '../laws/resolve';
import { expectedWidth, prepareLookahead, widthOf } from './design-lookahead';
import { candidatePlans } from './design-plans';

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
  /** The interval width wanted: when set, the cheapest batch expected to reach it wins. */
  targetWidth?: number;
  /**
   * Estimate the width after each pick of a batch (default true); false gives every pick the
   * batch's width and skips those refits (simulations that only need the batch).
   */
  eachWidth?: boolean;
  /** Fit options; defaults: 64 bootstrap resamples, seed 1, no holdout, 8 starts. */
  options?: Partial<FitOptions>;
}

export interface DesignPick {
  candidate: DesignCandidate;
  /** Interval width before the pick's batch and expected after this trial (and the batch's earlier ones). */
  widthBefore: number;
  widthAfter: number;
  /** The pick's batch: (width before − expected width after it) / its FLOPs. */
  gainPerFlop: number;
  /** Which batch the pick belongs to (0 = the one to run now; later ones assume it ran). */
  batch: number;
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
 * Proposes `req.count` trials for the prediction at `req.target`, batch by batch. For each
 * candidate batch (design-plans.ts: trials near the target mixed with spread) the expected
 * interval width after it is estimated by simulated refits (design-lookahead.ts); the batch with
 * the largest reduction of the log width per FLOP wins, or, with `req.targetWidth`, the cheapest
 * batch expected to reach that width. Its trials are proposed nearest-to-target first, each with
 * the expected width once it and the batch's earlier trials ran; later batches assume the earlier
 * ones ran and landed on the fitted law. Throws when there are no candidates, a cost is not
 * positive, or the points cannot be fitted.
 */
export function proposeTrials(req: DesignRequest): DesignPick[] {
  if (req.candidates.length === 0) throw new Error('design: no candidate trials');
  for (const c of req.candidates)
    if (!(c.cost > 0))
      throw new Error(
        `design: candidate ${c.label ?? JSON.stringify(c.x)} has cost ${c.cost}; costs must be positive FLOPs`,
      );
  const options = { ...DESIGN_FIT, ...req.options };
  const points = [...req.points];
  const plans = candidatePlans(req.candidates, req.target);
  const longest = Math.max(...plans.map((p) => p.length));
  const picks: DesignPick[] = [];
  for (let batch = 0; picks.length < req.count; batch++) {
    const fit = fitLaw({ law: 'design', model: req.model, points, options });
    if (!fit.ok)
      throw new Error(
        `design: the law cannot be fitted to the ${points.length} points so far (${fit.diagnostics.map((d) => d.message).join('; ')})`,
      );
    const before = widthOf(fit, req.target);
    if (!(before > 0))
      throw new Error(
        `design: the prediction at ${JSON.stringify(req.target)} has no bootstrap interval (width ${before})`,
      );
    const look = prepareLookahead(req.model, points, req.target, fit, {
      ...LOOKAHEAD,
      maxRepeats: longest,
      seed: (options.seed ?? 1) + batch,
      fit: options,
    });
    const xs = (plan: number[]): number[][] => plan.map((i) => req.candidates[i]!.x);
    const scored = plans.map((plan) => ({
      plan,
      cost: plan.reduce((s, i) => s + req.candidates[i]!.cost, 0),
      width: expectedWidth(look, xs(plan)),
    }));
    const best = choosePlan(scored, before, req.targetWidth);
    const theta = fit.params.map((p) => p.value);
    for (let k = 0; k < best.plan.length && picks.length < req.count; k++) {
      const candidate = req.candidates[best.plan[k]!]!;
      const after =
        k === best.plan.length - 1
          ? best.width
          : expectedWidth(look, xs(best.plan.slice(0, k + 1)));
      picks.push({
        candidate,
        widthBefore: before,
        widthAfter: after,
        gainPerFlop: (before - best.width) / best.cost,
        batch,
      });
      points.push({
        x: [...candidate.x],
        y: evaluateLaw(req.model, theta, fit.constants, candidate.x),
      });
    }
  }
  return picks;
}

/** The simulation's size: scenarios per batch and bootstrap resamples per refit. */
const LOOKAHEAD = { scenarios: 3, bootstrap: 32 };

interface ScoredPlan {
  plan: number[];
  cost: number;
  width: number;
}

/** The cheapest plan expected to reach `goal`, else the largest log-width reduction per FLOP. */
function choosePlan(scored: ScoredPlan[], before: number, goal?: number): ScoredPlan {
  const finite = scored.filter((s) => Number.isFinite(s.width));
  if (finite.length === 0) throw new Error('design: the law is not finite at any candidate trial');
  if (goal !== undefined && goal < before) {
    const reach = finite.filter((s) => s.width <= goal).sort((a, b) => a.cost - b.cost);
    if (reach.length) return reach[0]!;
  }
  const gain = (s: ScoredPlan): number => Math.log(before / s.width) / s.cost;
  return finite.reduce((a, b) => (gain(b) > gain(a) ? b : a));
}
