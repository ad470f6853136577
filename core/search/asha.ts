/**
 * Asynchronous successive halving (ASHA; Li et al. 2018, "A System for Massively Parallel
 * Hyperparameter Tuning", Algorithm 2). Rung k sits at step r·η^(s+k) (s: the minimum early
 * stopping rate); a trial that reaches a rung continues only if its value there is among the top
 * 1/η of the values recorded at that rung so far, its own included. As in Optuna's
 * SuccessiveHalvingPruner, a trial that is not promoted is pruned (ASHA would pause it), and with
 * fewer than η values at a rung only the best so far continues.
 */
import { curveOf, requireNumber, type Decision, type Report, type TrialCurve } from './types';

export interface AshaOptions {
  /** r: the first rung's resource (steps). */
  minResource: number;
  /** η: keep the top 1/η at each rung (default 3, Optuna's and the paper's). */
  reductionFactor?: number;
  /** s: the first rung is r·η^s (default 0). */
  minEarlyStoppingRate?: number;
  /** R: no rung at or beyond this step (default none). */
  maxResource?: number;
}

/** The rung steps r·η^(s+k) below `maxResource` up to `upTo` (inclusive); throws on bad options. */
export function ashaRungs(o: AshaOptions, upTo: number): number[] {
  const eta = o.reductionFactor ?? 3;
  const s = o.minEarlyStoppingRate ?? 0;
  requireNumber('asha minResource', o.minResource, Number.MIN_VALUE);
  requireNumber('asha reductionFactor', eta, 2);
  requireNumber('asha minEarlyStoppingRate', s, 0, true);
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const step = o.minResource * Math.pow(eta, s + k);
    if (step > upTo || (o.maxResource !== undefined && step >= o.maxResource)) return out;
    out.push(step);
  }
}

/** The report with which a curve first reached `rung` (its value is the rung value); undefined if none. */
export function reportAtRung(reports: readonly Report[], rung: number): Report | undefined {
  return reports.find((r) => r.step >= rung);
}

/**
 * Whether `value` is promotable among `competing` (all values at the rung, the trial's included):
 * it must be at most the ⌊n/η⌋-th smallest (the smallest when ⌊n/η⌋ = 0). NaN never is.
 */
export function promotable(value: number, competing: readonly number[], eta: number): boolean {
  if (!Number.isFinite(value)) return false;
  const sorted = competing.filter(Number.isFinite).sort((a, b) => a - b);
  const idx = Math.max(0, Math.floor(competing.length / eta) - 1);
  return value <= sorted[idx]!;
}

/**
 * ASHA's decision for `trialId` given `history`. Takes the curves and the options; returns
 * `prune` if at some rung the trial has reached it was outside the top 1/η of the values recorded
 * there before it (by `seq`), else `continue`. Only the recorded history matters, so a replay
 * after a crash decides the same. Throws on bad options or an unknown trial id.
 */
export function ashaDecide(
  history: readonly TrialCurve[],
  trialId: string,
  o: AshaOptions,
  peers?: readonly TrialCurve[],
): Decision {
  const eta = o.reductionFactor ?? 3;
  const trial = curveOf(history, trialId);
  const last = trial.reports[trial.reports.length - 1];
  if (!last) return 'continue';
  for (const rung of ashaRungs(o, last.step)) {
    const mine = reportAtRung(trial.reports, rung)!;
    const competing = [mine.value];
    for (const other of peers ?? history) {
      if (other.id === trialId) continue;
      const at = reportAtRung(other.reports, rung);
      if (at && at.seq < mine.seq) competing.push(at.value);
    }
    if (!promotable(mine.value, competing, eta)) return 'prune';
  }
  return 'continue';
}
