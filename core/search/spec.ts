/**
 * From a run's resolved `early_stop` (core/plan's EarlyStopSpec, catalog parameter names) to the
 * pure pruners' options and decisions, and the rungs where a pruner can act (for the checker's
 * eval_every warning). The catalog names are mapped here and nowhere else.
 */
import type { EarlyStopSpec, PlanValue } from '../types/plan';
import { ashaDecide, ashaRungs, type AshaOptions } from './asha';
import { hyperbandBrackets, hyperbandDecide, type HyperbandOptions } from './hyperband';
import { medianDecide, type MedianOptions } from './median';
import type { Decision, TrialCurve } from './types';

const num = (p: Record<string, PlanValue>, k: string): number | undefined =>
  typeof p[k] === 'number' ? p[k] : undefined;

function ashaOptions(p: Record<string, PlanValue>): AshaOptions {
  return {
    minResource: num(p, 'min_steps') ?? 1,
    reductionFactor: num(p, 'reduction') ?? 3,
    minEarlyStoppingRate: num(p, 'min_rate') ?? 0,
    ...(num(p, 'max_steps') !== undefined ? { maxResource: num(p, 'max_steps') } : {}),
  };
}

function hyperbandOptions(p: Record<string, PlanValue>): HyperbandOptions {
  const minResource = num(p, 'min_steps') ?? 1;
  return {
    minResource,
    maxResource: num(p, 'max_steps') ?? minResource,
    reductionFactor: num(p, 'reduction') ?? 3,
    seed: num(p, 'seed') ?? 0,
  };
}

function medianOptions(p: Record<string, PlanValue>): MedianOptions {
  return {
    startupTrials: num(p, 'startup') ?? 5,
    warmupSteps: num(p, 'warmup') ?? 0,
    intervalSteps: num(p, 'interval') ?? 1,
    minTrials: num(p, 'min_trials') ?? 1,
  };
}

/** The pruner's decision for `trialId` over `history`; throws on an unknown pruner or bad options. */
export function decideEarlyStop(
  spec: EarlyStopSpec,
  history: readonly TrialCurve[],
  trialId: string,
): Decision {
  switch (spec.pruner) {
    case 'asha':
      return ashaDecide(history, trialId, ashaOptions(spec.params));
    case 'hyperband':
      return hyperbandDecide(history, trialId, hyperbandOptions(spec.params));
    case 'median':
      return medianDecide(history, trialId, medianOptions(spec.params));
    default:
      throw new Error(`unknown early_stop pruner "${spec.pruner}" (asha, hyperband, median)`);
  }
}

/**
 * Every step at which `spec` compares trials, below `steps`: ASHA's rungs; Hyperband's rungs of
 * all its brackets; none for the median rule (it decides at every eval report). Throws on bad options.
 */
export function earlyStopRungs(spec: EarlyStopSpec, steps: number): number[] {
  const below = (xs: number[]): number[] => xs.filter((x) => x < steps);
  if (spec.pruner === 'asha') return below(ashaRungs(ashaOptions(spec.params), steps));
  if (spec.pruner === 'hyperband') {
    const o = hyperbandOptions(spec.params);
    const out = new Set<number>();
    hyperbandBrackets(o).forEach((_, s) => {
      for (const r of ashaRungs({ ...o, minEarlyStoppingRate: s }, steps)) out.add(r);
    });
    return below([...out].sort((a, b) => a - b));
  }
  return [];
}

/** The value a pruner compares from an eval report's metrics: lower is better, so accuracy is negated. */
export function prunerValue(spec: EarlyStopSpec, metrics: Record<string, number>): number {
  const metric = typeof spec.params.metric === 'string' ? spec.params.metric : 'eval_loss';
  // The trainer names a classifier's accuracy `accuracy` in eval records; the file says eval_accuracy.
  const v = metrics[metric] ?? (metric === 'eval_accuracy' ? metrics['accuracy'] : undefined);
  if (v === undefined) return NaN;
  return metric.endsWith('accuracy') ? -v : v;
}
