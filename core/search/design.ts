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
import { evaluateLaw } from '../laws/resolve';
import { expectedWidth, prepareLookahead, widthOf, type Lookahead } from './design-lookahead';

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
  /** The width the pick aims at: `targetWidth`, or half the width before. */
  goal: number;
  /** FLOPs that runs of this candidate need to reach `goal` (absent when none of 1, 2, 4 does). */
  flopsToGoal?: number;
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
 * Proposes `req.count` trials for the prediction at `req.target`, non-myopically: the goal is an
 * interval width (`req.targetWidth`, default half the current width), and each candidate is
 * scored by the FLOPs that 1, 2 or 4 runs of it need to reach that goal, with the expected width
 * after them estimated by simulated refits (design-lookahead.ts). The cheapest way to the goal
 * wins; when no candidate reaches it, the one that narrows the interval most (cheaper on ties).
 * Per-FLOP greedy scoring is not used: it keeps buying cheap trials whose small, noisy gains look
 * large per FLOP while the interval, set by the extrapolation, barely moves (docs/search.md).
 * Later picks of a batch assume the earlier ones ran and landed on the fitted law. Throws when
 * there are no candidates, a cost is not positive, or the points cannot be fitted.
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
  const picks: DesignPick[] = [];
  for (let k = 0; k < req.count; k++) {
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
    const goal =
      req.targetWidth !== undefined && req.targetWidth < before ? req.targetWidth : before / 2;
    const look = prepareLookahead(req.model, points, req.target, fit, {
      scenarios: LOOKAHEAD.scenarios,
      maxRepeats: REPEATS[REPEATS.length - 1]!,
      bootstrap: LOOKAHEAD.bootstrap,
      seed: (options.seed ?? 1) + k,
      fit: options,
    });
    const best = bestCandidate(req.candidates, look, goal);
    if (!best) throw new Error('design: the law is not finite at any candidate trial');
    picks.push({
      candidate: best.candidate,
      widthBefore: before,
      widthAfter: best.after,
      gainPerFlop: (before - best.after) / best.candidate.cost,
      ...(best.flopsToGoal !== undefined ? { flopsToGoal: best.flopsToGoal } : {}),
      goal,
    });
    const theta = fit.params.map((p) => p.value);
    points.push({
      x: [...best.candidate.x],
      y: evaluateLaw(req.model, theta, fit.constants, best.candidate.x),
    });
  }
  return picks;
}

/** How many runs of a candidate the lookahead tries, and its simulation size. */
const REPEATS = [1, 2, 4];
const LOOKAHEAD = {
  scenarios: Number(process.env.LA_S ?? 3),
  bootstrap: Number(process.env.LA_B ?? 32),
};

interface Scored {
  candidate: DesignCandidate;
  after: number;
  flopsToGoal?: number;
  widest: number;
}

/** The candidate with the cheapest way to `goal`, else the one that narrows the interval most. */
function bestCandidate(
  candidates: readonly DesignCandidate[],
  look: Lookahead,
  goal: number,
): Scored | undefined {
  let best: Scored | undefined;
  for (const candidate of candidates) {
    const widths: number[] = [];
    let flopsToGoal: number | undefined;
    for (const m of REPEATS) {
      // A plan dearer than the best way to the goal found so far cannot win: skip its refits.
      if (best?.flopsToGoal !== undefined && m * candidate.cost >= best.flopsToGoal) break;
      const w = expectedWidth(look, candidate.x, m);
      if (!Number.isFinite(w)) break;
      widths.push(w);
      if (w <= goal) {
        flopsToGoal = m * candidate.cost;
        break;
      }
    }
    if (widths.length === 0) continue;
    const s: Scored = {
      candidate,
      after: widths[0]!,
      widest: widths[widths.length - 1]!,
      ...(flopsToGoal !== undefined ? { flopsToGoal } : {}),
    };
    if (!best || better(s, best)) best = s;
  }
  return best;
}

function better(a: Scored, b: Scored): boolean {
  if (a.flopsToGoal !== undefined || b.flopsToGoal !== undefined) {
    if (b.flopsToGoal === undefined) return true;
    if (a.flopsToGoal === undefined) return false;
    return a.flopsToGoal < b.flopsToGoal;
  }
  return a.widest < b.widest || (a.widest === b.widest && a.candidate.cost < b.candidate.cost);
}
