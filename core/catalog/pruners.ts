/**
 * Early-stopping pruners (`early_stop = asha { … }` in a run): names, parameters, defaults and
 * papers. The rules themselves are core/search's pure functions; core/plan/early-stop.ts maps these
 * parameters onto their options, so this file is the one place a pruner's options are spelled.
 */
import type { ParamSpec, PrunerEntry } from './types';

const MIN_STEPS: ParamSpec = {
  name: 'min_steps',
  type: 'int',
  min: 1,
  unit: 'steps',
  doc: "r: the first rung (minimum resource) in optimizer steps. Default: the run's eval_every.",
};
const MAX_STEPS: ParamSpec = {
  name: 'max_steps',
  type: 'int',
  min: 1,
  unit: 'steps',
  doc: "R: no rung at or beyond this step (maximum resource). Default: the run's steps.",
};
const REDUCTION: ParamSpec = {
  name: 'reduction',
  type: 'int',
  min: 2,
  max: 100,
  default: 3,
  doc: 'η: at each rung only the best 1/η of the trials that reached it continue.',
};
const METRIC: ParamSpec = {
  name: 'metric',
  type: 'enum',
  values: ['eval_loss', 'eval_accuracy'],
  doc: "The eval metric the pruner compares (accuracy is negated: lower is better). Default: the run's metric when it is an eval metric, else eval_loss.",
};

export const PRUNERS: readonly PrunerEntry[] = [
  {
    kind: 'pruner',
    name: 'asha',
    title: 'ASHA (asynchronous successive halving)',
    doc: "Rungs at min_steps·η^k below max_steps; a trial reaching a rung continues only if its eval value there is among the top 1/η recorded at that rung before it, else it is pruned (Optuna's SuccessiveHalvingPruner).",
    paper: {
      title: 'A System for Massively Parallel Hyperparameter Tuning',
      arxiv: '1810.05934',
      year: 2018,
    },
    params: [
      MIN_STEPS,
      MAX_STEPS,
      REDUCTION,
      {
        name: 'min_rate',
        type: 'int',
        min: 0,
        max: 10,
        default: 0,
        doc: 's: the minimum early-stopping rate; the first rung is min_steps·η^s.',
      },
      METRIC,
    ],
  },
  {
    kind: 'pruner',
    name: 'hyperband',
    title: 'Hyperband',
    doc: "Brackets of successive halving with first rungs min_steps·η^s, s = 0..⌊log_η(max/min)⌋; each trial is drawn into one bracket by a seeded hash of its id and competes only there (Optuna's HyperbandPruner).",
    paper: {
      title: 'Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization',
      arxiv: '1603.06560',
      year: 2017,
    },
    params: [
      MIN_STEPS,
      MAX_STEPS,
      REDUCTION,
      { name: 'seed', type: 'int', min: 0, default: 0, doc: 'Seeds the bracket assignment.' },
      METRIC,
    ],
  },
  {
    kind: 'pruner',
    name: 'median',
    title: 'Median stopping rule',
    doc: "Prune a trial whose best eval value so far is worse than the median of the completed trials' values at the same step (Google Vizier; Optuna's MedianPruner).",
    paper: { title: 'Google Vizier: A Service for Black-Box Optimization', year: 2017 },
    params: [
      {
        name: 'startup',
        type: 'int',
        min: 0,
        default: 5,
        unit: 'trials',
        doc: 'Prune nothing until this many trials of the run have completed.',
      },
      {
        name: 'warmup',
        type: 'int',
        min: 0,
        default: 0,
        unit: 'steps',
        doc: 'Prune nothing at eval steps below this.',
      },
      {
        name: 'interval',
        type: 'int',
        min: 1,
        default: 1,
        unit: 'steps',
        doc: 'Decide only at steps warmup + k·interval.',
      },
      {
        name: 'min_trials',
        type: 'int',
        min: 1,
        default: 1,
        unit: 'trials',
        doc: 'Decide only when at least this many completed trials reported at the step.',
      },
      METRIC,
    ],
  },
];
