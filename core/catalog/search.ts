/**
 * Adaptive search methods a run can use instead of its grid: `search = tpe { trials = 40 }` or
 * `search = random { trials = 40 }` (docs/search.md). The run's axes become the search space; the
 * parameters here are the sampler's options, checked like any other catalog parameter.
 */
import type { ParamSpec, SearchEntry } from './types';

const TRIALS: ParamSpec = {
  name: 'trials',
  type: 'int',
  min: 1,
  max: 10000,
  required: true,
  doc: 'How many configurations to try (each run once per seed of the run).',
};
const SEED: ParamSpec = {
  name: 'seed',
  type: 'int',
  min: 0,
  default: 0,
  doc: "The sampler's seed: the same seed and the same results give the same suggestions.",
};
const BATCH: ParamSpec = {
  name: 'batch',
  type: 'int',
  min: 1,
  max: 1000,
  doc: 'Suggestions per round (parallel workers, one SLURM array per round). Default: the --workers count of the first run, then kept in the store so --resume suggests the same.',
};

export const SEARCHERS: readonly SearchEntry[] = [
  {
    kind: 'search',
    name: 'tpe',
    title: 'TPE (tree-structured Parzen estimator)',
    doc: "Bayesian optimisation of the run's metric (lower is better; accuracy is negated) with Optuna's univariate defaults: random startup trials, then the best 10% form l(x), candidates drawn from l maximise l(x)/g(x). Batches use the constant liar.",
    paper: { title: 'Algorithms for Hyper-Parameter Optimization (NeurIPS)', year: 2011 },
    params: [
      TRIALS,
      SEED,
      BATCH,
      {
        name: 'startup',
        type: 'int',
        min: 0,
        default: 10,
        doc: 'Random trials before TPE models the results.',
      },
      {
        name: 'candidates',
        type: 'int',
        min: 1,
        max: 1000,
        default: 24,
        doc: 'Candidates drawn from l(x) per suggestion (Optuna n_ei_candidates).',
      },
    ],
  },
  {
    kind: 'search',
    name: 'random',
    title: 'random search',
    doc: 'Uniform draws from the search space (log axes uniform in log), suggested at run time and kept in the store like TPE, so the two compare on equal terms.',
    params: [TRIALS, SEED, BATCH],
  },
];
