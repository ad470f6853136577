/** LoRA and the methods that are LoRA with some fields fixed (DoRA, rsLoRA, PiSSA, OLoRA, EVA, LoRA-GA, LoRA+), and ALLoRA. */
import type { PlanValue } from '../../types/plan';
import type { MethodDef, Params, Site } from '../types';
import { num } from '../values';
import { LORA_DROPOUT, LORA_PARAMS, R, TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { forbid, LORA_RULES, rankRange, TARGET_RULES } from './rules';

const on = (p: Params, k: string) => p[k] === true;

/** r(d_in + d_out) (+d_out DoRA magnitude) (+d_out lora_bias). */
export function loraSiteParams(site: Site, p: Params): number {
  const r = num(p, 'r', 8);
  return (
    r * (site.dIn + site.dOut) +
    (on(p, 'use_dora') ? site.dOut : 0) +
    (on(p, 'lora_bias') ? site.dOut : 0)
  );
}

/** §4.4: 2r(d_in + d_out) per token (+2d_out with DoRA). */
export function loraSiteFlops(site: Site, p: Params): number {
  const r = num(p, 'r', 8);
  return 2 * r * (site.dIn + site.dOut) + (on(p, 'use_dora') ? 2 * site.dOut : 0);
}

/** DoRA's per-step norm of W + sBA: 2r·d_in·d_out + 3·d_in·d_out. */
export function loraStepFlops(site: Site, p: Params): number {
  return on(p, 'use_dora')
    ? 2 * num(p, 'r', 8) * site.dIn * site.dOut + 3 * site.dIn * site.dOut
    : 0;
}

const withDefaults = (fixed: Record<string, PlanValue>) =>
  LORA_PARAMS.map((s) => (s.name in fixed ? { ...s, default: fixed[s.name] } : s));

function loraLike(
  name: string,
  title: string,
  doc: string,
  paper: MethodDef['paper'],
  fixed: Record<string, PlanValue>,
  extra: Partial<MethodDef> = {},
): MethodDef {
  return {
    kind: 'method',
    name,
    title,
    doc,
    ...(paper ? { paper } : {}),
    family: 'lora',
    usesTargets: true,
    params: withDefaults(fixed),
    siteParams: loraSiteParams,
    siteFlops: loraSiteFlops,
    siteStepFlops: loraStepFlops,
    rules: LORA_RULES,
    mergeable: true,
    alphaScaled: true,
    loraTensors: true,
    ...(name === 'lora' ? { peftType: 'LORA' } : {}),
    ...(name === 'lora' ? {} : { preset: { base: 'lora', params: fixed } }),
    ...extra,
  };
}

export const LORA_METHODS: readonly MethodDef[] = [
  loraLike(
    'lora',
    'LoRA',
    'W + (α/r)·B·A with A (r×d_in), B (d_out×r), B = 0 at init; trains r(d_in + d_out) per site.',
    PAPERS.lora,
    {},
  ),
  loraLike(
    'dora',
    'DoRA',
    "LoRA plus a trained per-output magnitude: W' = m ⊙ (W + sBA)/‖W + sBA‖_row; r(d_in + d_out) + d_out per site. Same as lora with use_dora = true.",
    PAPERS.dora,
    { use_dora: true },
  ),
  loraLike(
    'rslora',
    'rsLoRA',
    'LoRA with rank-stabilised scale α/√r (use_rslora = true); use when sweeping r.',
    PAPERS.rslora,
    { use_rslora: true },
  ),
  loraLike(
    'pissa',
    'PiSSA',
    'LoRA initialised from the top-r SVD of W (init_lora_weights = pissa); the base becomes the residual.',
    PAPERS.pissa,
    { init_lora_weights: 'pissa' },
  ),
  loraLike(
    'olora',
    'OLoRA',
    'LoRA initialised from the QR decomposition of W (init_lora_weights = olora).',
    PAPERS.olora,
    { init_lora_weights: 'olora' },
  ),
  loraLike(
    'eva',
    'EVA',
    'LoRA with A from the principal components of layer inputs and ranks redistributed by explained variance (init_lora_weights = eva); Σ r_l = r·#sites, so the exact count needs the data pass.',
    PAPERS.eva,
    { init_lora_weights: 'eva' },
    { countIsEstimate: true },
  ),
  loraLike(
    'lora_ga',
    'LoRA-GA',
    'LoRA initialised from the SVD of the estimated full-weight gradient.',
    PAPERS.loraga,
    { init_lora_weights: 'lora_ga' },
  ),
  loraLike(
    'loraplus',
    'LoRA+',
    'LoRA with the B matrices at loraplus_lr_ratio × the learning rate of A.',
    PAPERS.loraplus,
    { loraplus_lr_ratio: 16 },
  ),
];

const neutral = {
  zero: (v: PlanValue | undefined) => v === undefined || v === 0,
  no: (v: PlanValue | undefined) => v === undefined || v === false,
  never: () => false,
};

export const ALLORA: MethodDef = {
  kind: 'method',
  name: 'allora',
  title: 'ALLoRA',
  doc: 'LoRA W + B·A with no dropout and no α scaling; each row θ_i gets learning rate lr/√(‖θ_i‖^p + 1/η²) so zero rows escape fast. Trains r(d_in + d_out) per site.',
  paper: PAPERS.allora,
  family: 'lora',
  loraTensors: true,
  usesTargets: true,
  params: [
    R,
    ...TARGET_PARAMS,
    {
      name: 'eta',
      type: 'float',
      min: 0,
      exclusiveMin: true,
      max: 100,
      default: 2,
      doc: "η: a zero row's learning-rate multiplier (c_i = 1/√(‖θ_i‖^p + 1/η²)).",
      paper: PAPERS.allora,
    },
    {
      name: 'norm_power',
      type: 'int',
      min: 1,
      max: 2,
      default: 2,
      doc: 'p in ‖θ_i‖^p: 2 (squared norm, default) or 1 (third-party implementations).',
      paper: PAPERS.allora,
    },
    { name: 'lora_alpha', type: 'float', doc: 'Not used: ALLoRA has no scaling factor (s = 1).' },
    { ...LORA_DROPOUT, doc: 'Not used: ALLoRA has no dropout.' },
    {
      name: 'use_rslora',
      type: 'bool',
      default: false,
      doc: 'Not used: ALLoRA has no scaling factor.',
    },
    { name: 'use_dora', type: 'bool', default: false, doc: 'Not defined by the paper.' },
    {
      name: 'init_lora_weights',
      type: ['bool', 'enum'],
      values: ['gaussian'],
      default: true,
      doc: 'As LoRA: true (kaiming A, B = 0) or gaussian.',
    },
  ],
  siteParams: (site, p) => num(p, 'r', 8) * (site.dIn + site.dOut),
  siteFlops: (site, p) => 2 * num(p, 'r', 8) * (site.dIn + site.dOut),
  rules: [
    ...TARGET_RULES,
    rankRange('ALLoRA'),
    forbid('allora-no-dropout', 'lora_dropout', 'ALLoRA has no dropout', neutral.zero),
    forbid(
      'allora-no-alpha',
      'lora_alpha',
      'ALLoRA has no scaling factor (lora_alpha)',
      neutral.never,
    ),
    forbid(
      'allora-no-rslora',
      'use_rslora',
      'ALLoRA has no scaling factor (use_rslora)',
      neutral.no,
    ),
    forbid(
      'allora-dora',
      'use_dora',
      'DoRA on top of ALLoRA is not defined by the paper',
      neutral.no,
      'warning',
    ),
  ],
  mergeable: true,
};
