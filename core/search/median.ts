/**
 * The median stopping rule (Golovin et al. 2017, Google Vizier), with Optuna's MedianPruner
 * defaults: at step t a trial is pruned when its best value so far is worse than the median of the
 * values that completed trials reported at step t. Nothing is pruned before `startupTrials`
 * trials have completed, before `warmupSteps`, off the `intervalSteps` grid, or when fewer than
 * `minTrials` completed trials reported at step t.
 */
import { curveOf, requireNumber, type Decision, type TrialCurve } from './types';

export interface MedianOptions {
  /** n_startup_trials (default 5). */
  startupTrials?: number;
  /** n_warmup_steps (default 0): no pruning at steps below it. */
  warmupSteps?: number;
  /** interval_steps (default 1): decide only at warmup + k·interval. */
  intervalSteps?: number;
  /** n_min_trials (default 1). */
  minTrials?: number;
}

/** The median of finite `values` (the mean of the two middle ones for an even count); NaN when none. */
export function median(values: readonly number[]): number {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The median rule's decision for `trialId` at its latest report. Takes the history and options;
 * returns `continue | prune` (a NaN value prunes, as in Optuna). Throws on bad options or an
 * unknown trial id.
 */
export function medianDecide(
  history: readonly TrialCurve[],
  trialId: string,
  o: MedianOptions = {},
): Decision {
  const startup = o.startupTrials ?? 5;
  const warmup = o.warmupSteps ?? 0;
  const interval = o.intervalSteps ?? 1;
  const minTrials = o.minTrials ?? 1;
  requireNumber('median startupTrials', startup, 0, true);
  requireNumber('median warmupSteps', warmup, 0);
  requireNumber('median intervalSteps', interval, 1, true);
  requireNumber('median minTrials', minTrials, 1, true);
  const trial = curveOf(history, trialId);
  const last = trial.reports[trial.reports.length - 1];
  if (!last) return 'continue';
  const completed = history.filter((c) => c.state === 'complete' && c.id !== trialId);
  if (completed.length < startup || last.step < warmup) return 'continue';
  if ((last.step - warmup) % interval !== 0) return 'continue';
  if (Number.isNaN(last.value)) return 'prune';
  const best = Math.min(...trial.reports.map((r) => r.value));
  const others = completed.flatMap((c) =>
    c.reports.filter((r) => r.step === last.step).map((r) => r.value),
  );
  if (others.length < minTrials) return 'continue';
  return best > median(others) ? 'prune' : 'continue';
}
