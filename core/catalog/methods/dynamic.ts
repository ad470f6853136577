/** Dynamic-rank methods: IncreLoRA, AdaLoRA (its baseline), TriAdaptLoRA (experimental). */
import type { MethodDef, ParamSpec } from '../types';
import { num } from '../values';
import { LORA_ALPHA, LORA_DROPOUT, TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { DYNAMIC_RULES, rankRange, TARGET_RULES } from './rules';

const dynCommon: ParamSpec[] = [
  LORA_ALPHA,
  LORA_DROPOUT,
  ...TARGET_PARAMS,
  {
    name: 'init_lora_weights',
    type: ['bool', 'enum'],
    values: ['gaussian'],
    default: true,
    doc: 'Initialisation of the factors (EVA is not allowed with dynamic rank).',
  },
  {
    name: 'merge_during_training',
    type: 'bool',
    default: false,
    doc: 'Must stay false: the factors change shape as ranks grow.',
  },
  {
    name: 'beta1',
    type: 'float',
    min: 0,
    max: 1,
    exclusiveMax: true,
    default: 0.85,
    doc: 'EMA of the importance score.',
  },
  {
    name: 'beta2',
    type: 'float',
    min: 0,
    max: 1,
    exclusiveMax: true,
    default: 0.85,
    doc: 'EMA of the importance uncertainty.',
  },
];

/** incre_rank_num = {2:1, 4:2, 6:3, 8:4}[target_r] (IncreLoRA code). */
export const increRankNum = (target: number): number => Math.max(1, Math.round(target / 2));

export const INCRELORA: MethodDef = {
  kind: 'method',
  name: 'increlora',
  title: 'IncreLoRA',
  doc: 'W + (α/r_t)·B·diag(e)·A with ranks grown on the most important sites until Σ r = target_r·#sites; counted at the final budget target_r(d_in + d_out + 1) per site (+ reserve components with advance_learn).',
  paper: PAPERS.increlora,
  family: 'dynamic-rank',
  usesTargets: true,
  mergeable: true,
  countIsEstimate: true,
  params: [
    {
      name: 'r',
      type: 'int',
      min: 0,
      default: 2,
      doc: 'Initial rank per site (IncreLoRA lora_r).',
      paper: PAPERS.increlora,
    },
    {
      name: 'target_r',
      type: 'int',
      min: 1,
      max: 64,
      default: 8,
      doc: 'Average rank per site at the end (paper: 2, 4, 6, 8).',
      paper: PAPERS.increlora,
    },
    {
      name: 'init_warmup',
      type: 'int',
      min: 0,
      default: 50,
      unit: 'steps',
      doc: 'Steps before the first rank increase.',
    },
    {
      name: 'incre_interval',
      type: 'int',
      min: 1,
      default: 10,
      unit: 'steps',
      doc: 'Steps between rank increases.',
    },
    { name: 'top_h', type: 'int', min: 1, default: 2, doc: 'Sites that grow at each increase.' },
    {
      name: 'advance_learn',
      type: 'bool',
      default: true,
      doc: 'Train reserve components before they activate (e = 1e-5).',
    },
    ...dynCommon,
  ],
  siteParams: (s, p) => {
    const t = num(p, 'target_r', 8);
    const reserve = p['advance_learn'] === false ? 0 : increRankNum(t);
    return (t + reserve) * (s.dIn + s.dOut + 1);
  },
  siteParamsInitial: (s, p) => {
    const reserve = p['advance_learn'] === false ? 0 : increRankNum(num(p, 'target_r', 8));
    return (num(p, 'r', 2) + reserve) * (s.dIn + s.dOut + 1);
  },
  siteFlops: (s, p) => 2 * num(p, 'target_r', 8) * (s.dIn + s.dOut) + num(p, 'target_r', 8),
  rules: [...TARGET_RULES, ...DYNAMIC_RULES],
};

export const ADALORA: MethodDef = {
  kind: 'method',
  name: 'adalora',
  peftType: 'ADALORA',
  title: 'AdaLoRA',
  doc: 'SVD-form LoRA W + B·diag(e)·A whose ranks are pruned from init_r to target_r by importance: init_r(d_in + d_out + 1) per site.',
  paper: PAPERS.adalora,
  family: 'dynamic-rank',
  usesTargets: true,
  mergeable: true,
  params: [
    { name: 'init_r', type: 'int', min: 1, default: 12, doc: 'Initial rank per site.' },
    {
      name: 'target_r',
      type: 'int',
      min: 1,
      default: 8,
      doc: 'Average target rank after pruning.',
    },
    {
      name: 'tinit',
      type: 'int',
      min: 0,
      default: 0,
      unit: 'steps',
      doc: 'Steps of warm-up before pruning.',
    },
    {
      name: 'tfinal',
      type: 'int',
      min: 0,
      default: 0,
      unit: 'steps',
      doc: 'Final fine-tuning steps without pruning.',
    },
    {
      name: 'deltaT',
      type: 'int',
      min: 1,
      default: 1,
      unit: 'steps',
      doc: 'Steps between budget allocations.',
    },
    {
      name: 'orth_reg_weight',
      type: 'float',
      min: 0,
      default: 0.5,
      doc: 'Orthogonality regulariser weight.',
    },
    { name: 'total_step', type: 'int', min: 1, doc: 'Total training steps (required by PEFT).' },
    ...dynCommon,
  ],
  siteParams: (s, p) => num(p, 'init_r', 12) * (s.dIn + s.dOut + 1),
  siteFlops: (s, p) => 2 * num(p, 'init_r', 12) * (s.dIn + s.dOut),
  rules: [...TARGET_RULES, ...DYNAMIC_RULES],
};

export const TRIADAPTLORA: MethodDef = {
  kind: 'method',
  name: 'triadaptlora',
  title: 'TriAdaptLoRA (experimental)',
  doc: 'Adaptive-rank LoRA with a triangular split and linear growth thresholds on the normalised Frobenius norm; counted at r_max(d_in + d_out) per site. Unverified spec.',
  paper: PAPERS.triadaptlora,
  family: 'dynamic-rank',
  experimental: true,
  usesTargets: true,
  mergeable: true,
  countIsEstimate: true,
  params: [
    { name: 'r', type: 'int', min: 1, default: 2, doc: 'Initial rank per site.' },
    { name: 'r_max', type: 'int', min: 1, default: 16, doc: 'Maximum rank per site.' },
    { name: 'tau0', type: 'float', min: 0, default: 0.5, doc: 'Initial growth threshold τ₀.' },
    {
      name: 'tau1',
      type: 'float',
      min: 0,
      default: 0.1,
      doc: 'Final growth threshold τ₁ (linear schedule).',
    },
    {
      name: 'grow_steps',
      type: 'int',
      min: 1,
      default: 1000,
      unit: 'steps',
      doc: 'T_grow: steps over which the threshold moves.',
    },
    ...dynCommon,
  ],
  siteParams: (s, p) => num(p, 'r_max', 16) * (s.dIn + s.dOut),
  siteFlops: (s, p) => 2 * num(p, 'r_max', 16) * (s.dIn + s.dOut),
  rules: [...TARGET_RULES, rankRange('TriAdaptLoRA'), ...DYNAMIC_RULES],
};
