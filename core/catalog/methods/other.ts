/** Multi-task and side-network methods (ScaLearn, UniPT) and the PEFT-adjacent methods of §1.25 (not runnable). */
import type { MethodDef, ModelShape, Params } from '../types';
import { num, str, strList } from '../values';
import { PAPERS } from './papers';
import { rule } from './rules';

const nSources = (p: Params) => (strList(p['source_adapters']) ?? []).length;

export const SCALEARN: MethodDef = {
  kind: 'method',
  name: 'scalearn',
  title: 'ScaLearn',
  doc: 'h = Σ_i ω_i ⊙ a_i(x) over n frozen source adapters: L·n·d (uniform: L·n; ++: n·d; uniform++: n) params.',
  paper: PAPERS.scalearn,
  family: 'adapter',
  usesTargets: false,
  mergeable: false,
  reach: 'layers',
  params: [
    {
      name: 'source_adapters',
      type: 'list',
      of: 'ref',
      refKind: 'adapter',
      required: true,
      doc: 'Trained source adapters with identical insertion points.',
    },
    {
      name: 'variant',
      type: 'enum',
      values: ['scalearn', 'uniform', 'plusplus', 'uniform_plusplus'],
      default: 'scalearn',
      doc: 'Vector or scalar ω, per layer or shared (++).',
    },
    {
      name: 'omega_init_scale',
      type: 'float',
      default: 2,
      doc: 'ω ~ N(omega_init_scale / n, 0.001²).',
    },
  ],
  modelParams: (model: ModelShape, p) => {
    const n = nSources(p),
      L = model.depth,
      d = model.width;
    switch (str(p, 'variant')) {
      case 'uniform':
        return L * n;
      case 'plusplus':
        return n * d;
      case 'uniform_plusplus':
        return n;
      default:
        return L * n * d;
    }
  },
  rules: [
    rule(
      'scalearn-sources',
      'error',
      'ScaLearn needs at least one source adapter.',
      'PEFT-METHODS §1.26',
      (p) =>
        nSources(p) < 1
          ? {
              message:
                'source_adapters is empty; list at least one trained adapter with the same insertion points',
              params: ['source_adapters'],
            }
          : undefined,
    ),
  ],
};

/** §1.21 with every layer width = d and D_emb = d. */
export function uniptParams(model: ModelShape, p: Params): number {
  const d = model.width,
    L = model.depth;
  const dp = Math.max(1, Math.floor(d / num(p, 'downsample_factor', 8)));
  return (L + 1) * (d * dp + dp + 2 * dp) + (dp * dp + dp + 2 * dp) + (dp * d + d) + (dp + 1);
}

export const UNIPT: MethodDef = {
  kind: 'method',
  name: 'unipt',
  title: 'UniPT',
  doc: "A side network over all layers' hidden states computed without gradient: no backprop through the backbone (FLOPs ≈ 2N + 6·N_side per token).",
  paper: PAPERS.unipt,
  family: 'other',
  usesTargets: false,
  mergeable: false,
  params: [
    {
      name: 'downsample_factor',
      type: 'int',
      min: 1,
      default: 8,
      doc: "d' = width / downsample_factor.",
    },
  ],
  modelParams: uniptParams,
  modelFlops: (model, p) => 2 * uniptParams(model, p),
  rules: [],
};

function adjacent(
  name: string,
  title: string,
  doc: string,
  paper: MethodDef['paper'],
  params: MethodDef['params'] = [],
): MethodDef {
  return {
    kind: 'method',
    name,
    title,
    doc,
    ...(paper ? { paper } : {}),
    family: 'other',
    usesTargets: false,
    mergeable: false,
    countIsEstimate: true,
    params,
    rules: [],
  };
}

export const ADJACENT: readonly MethodDef[] = [
  adjacent(
    'lae',
    'LAE (continual PET)',
    'Online PET trained per task, offline PET accumulated by momentum θ_off ← μθ_off + (1 − μ)θ_on; inference ensembles both.',
    PAPERS.lae,
    [
      {
        name: 'momentum',
        type: 'float',
        min: 0,
        max: 1,
        default: 0.9999,
        doc: 'μ of the offline expert.',
      },
      {
        name: 'inner',
        type: 'ref',
        refKind: 'adapter',
        doc: 'The PET module used for both experts.',
      },
    ],
  ),
  adjacent(
    'blackvip',
    'BlackVIP',
    'Black-box visual prompting with SPSA gradient estimates (2 forward passes per step, no backbone gradients).',
    PAPERS.blackvip,
    [
      {
        name: 'spsa_c',
        type: 'float',
        min: 0,
        exclusiveMin: true,
        default: 0.01,
        doc: 'SPSA perturbation size c.',
      },
    ],
  ),
  adjacent(
    'generative_adapter',
    'Generative Adapter',
    'A generator maps context to low-rank adapter weights in one forward pass (no per-task training).',
    PAPERS.generative,
  ),
  adjacent(
    'eft',
    'Emulated fine-tuning',
    'log p = log p_base^large + β(log p_ft^small − log p_base^small), renormalised per token.',
    PAPERS.eft,
    [
      {
        name: 'beta',
        type: 'float',
        default: 1,
        doc: "Weight β on the small model's fine-tuning delta.",
      },
    ],
  ),
  adjacent(
    'rws',
    'Robust Weight Signatures',
    'Patch W ← W + λ·(W_robust − W_clean) on shallow layers; composable by summation.',
    PAPERS.rws,
    [{ name: 'lambda', type: 'float', default: 1, doc: 'Patch strength λ.' }],
  ),
  adjacent(
    'model_merging',
    'Sequential projection merging',
    'Merge task vectors one by one, each projected onto the orthogonal complement of the merged span, with an adaptive scale.',
    PAPERS.merging,
  ),
];
