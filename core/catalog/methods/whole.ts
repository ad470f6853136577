/** Methods that train whole-model subsets: full FT, BitFit, DiffFit, sparse FT (SpIEL, LT-SFT, APET). */
import type { MethodDef, ModelShape, Site } from '../types';
import { num } from '../values';
import { TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { TARGET_RULES } from './rules';

/** Biases on linear sites plus the bias half of the norms. */
const biasCount = (model: ModelShape) =>
  model.sites.reduce((s, x) => s + (x.bias ? x.dOut : 0), 0) + model.normParams / 2;

export const FULL: MethodDef = {
  kind: 'method',
  name: 'full',
  title: 'Full fine-tuning',
  doc: 'Every base parameter trains (the reference point for savings; C ≈ 6·N·D).',
  family: 'full',
  usesTargets: false,
  mergeable: true,
  reach: 'embedding',
  baseGradients: 'all',
  params: [],
  modelParams: (model) => model.baseParams,
  rules: [],
};

export const BITFIT: MethodDef = {
  kind: 'method',
  name: 'bitfit',
  title: 'BitFit',
  doc: 'Only bias terms train (linear and norm biases).',
  paper: PAPERS.bitfit,
  family: 'insertion',
  usesTargets: false,
  mergeable: true,
  reach: 'layers',
  params: [],
  modelParams: biasCount,
  rules: [],
};

export const DIFFFIT: MethodDef = {
  kind: 'method',
  name: 'difffit',
  title: 'DiffFit',
  doc: 'Biases, all norm parameters and a per-block scale γ (init 1) on each residual branch train.',
  paper: PAPERS.difffit,
  family: 'insertion',
  usesTargets: false,
  mergeable: true,
  reach: 'layers',
  params: [
    {
      name: 'gamma_per_channel',
      type: 'bool',
      default: false,
      doc: 'γ is a d-vector per branch instead of a scalar.',
    },
  ],
  modelParams: (model, p) =>
    biasCount(model) +
    model.normParams / 2 +
    2 * model.depth * (p['gamma_per_channel'] === true ? model.width : 1),
  rules: [],
};

const numel = (sites: readonly Site[]) => sites.reduce((s, x) => s + x.dIn * x.dOut, 0);
const sparseK = (
  _m: ModelShape,
  p: Parameters<NonNullable<MethodDef['modelParams']>>[1],
  matched: readonly Site[],
) => {
  const fixed = p['num_tunable_weights'];
  return typeof fixed === 'number' ? fixed : Math.round(num(p, 'density', 0.01) * numel(matched));
};

const sparseTargets = TARGET_PARAMS.map((s) =>
  s.name === 'target_modules' ? { ...s, default: 'all-linear' } : s,
);

export const SPARSE: MethodDef = {
  kind: 'method',
  name: 'sparse',
  title: 'Sparse fine-tuning (SpIEL)',
  doc: 'W + scatter(φ, η): k = density·Σ numel(W) entries train, stored as indices + values (8 bytes each); every reselection_steps the entries that moved least are dropped and regrown where the accumulated gradient (or its momentum) is largest.',
  paper: PAPERS.spiel,
  family: 'sparse',
  usesTargets: true,
  mergeable: true,
  baseGradients: 'matched',
  params: [
    ...sparseTargets,
    {
      name: 'density',
      type: 'fraction',
      min: 0,
      exclusiveMin: true,
      max: 1,
      default: 0.01,
      doc: 'Fraction of the targeted weights that train, in (0, 1].',
      paper: PAPERS.spiel,
    },
    { name: 'num_tunable_weights', type: 'int', min: 1, doc: 'Exact k instead of density.' },
    {
      name: 'reselection_steps',
      type: 'int',
      min: 1,
      default: 20,
      unit: 'steps',
      doc: 'Steps between index re-selections.',
    },
    {
      name: 'initial_reselection_rate',
      type: 'fraction',
      min: 0,
      max: 1,
      default: 0.2,
      doc: 'p₀: fraction of indices replaced at the first re-selection; the c-th replaces p₀/c.',
    },
    {
      name: 'selection_accumulation_steps',
      type: 'int',
      min: 1,
      default: 5,
      unit: 'steps',
      doc: 'Steps before each re-selection whose gradients score the candidates.',
    },
    {
      name: 'candidates_per_replacement_slot',
      type: 'int',
      min: 1,
      default: 5,
      doc: 'Inactive positions sampled and scored per freed slot.',
    },
    {
      name: 'selection',
      type: 'enum',
      values: ['gradient', 'momentum', 'random'],
      default: 'gradient',
      doc: 'Regrowth score: gradient (summed over the window), momentum (its β = 0.9 average), or random (keep the first random mask, APET-style).',
    },
    { name: 'l1_reg', type: 'float', min: 0, default: 0, doc: 'L1 penalty on the deltas.' },
  ],
  modelParams: sparseK,
  rules: TARGET_RULES,
};

export const LT_SFT: MethodDef = {
  ...SPARSE,
  name: 'lt_sft',
  title: 'LT-SFT (Lottery-Ticket Sparse FT)',
  doc: 'Full FT, keep the K params that moved most, reset, fine-tune only those: K per SFT (composable).',
  paper: PAPERS.ltsft,
  params: [
    ...sparseTargets,
    {
      name: 'num_tunable_weights',
      type: 'int',
      min: 1,
      required: true,
      doc: 'K: parameters kept after phase 1.',
    },
  ],
};

export const APET: MethodDef = {
  ...SPARSE,
  name: 'apet',
  title: 'APET (arbitrary parameter subset)',
  doc: 'A random fixed subset of num_tunable_weights parameters trains; with scale, any structure needs about the same count.',
  paper: PAPERS.apet,
  params: [
    ...sparseTargets,
    {
      name: 'num_tunable_weights',
      type: 'int',
      min: 1,
      required: true,
      doc: 'Number of trainable parameters k (a sweep axis across base sizes).',
    },
  ],
};
