/** Low-rank relatives of LoRA: LoLDU, Bone/MiSS, Hydra, orthogonal adaptation. */
import type { MethodDef, ParamSpec } from '../types';
import { num, str } from '../values';
import { LORA_ALPHA, LORA_DROPOUT, R, TARGET_PARAMS } from './common-params';
import { PAPERS } from './papers';
import { matchedSites, rankRange, rule, TARGET_RULES } from './rules';

const base = { kind: 'method' as const, usesTargets: true, mergeable: true };

export const LOLDU: MethodDef = {
  ...base,
  name: 'loldu',
  title: 'LoLDU',
  doc: 'W_res + s·P·L_r·diag(z)·U_r from the LU decomposition of W; trains only z (r) and the scalar s: r + 1 per site.',
  paper: PAPERS.loldu,
  family: 'lora-like',
  params: [
    {
      ...R,
      doc: 'Number of LU components kept (params grow only as r; the paper uses full rank).',
    },
    { ...LORA_ALPHA, doc: 'Initial scaling s = lora_alpha / r (then trained).' },
    ...TARGET_PARAMS,
    {
      name: 'z_init',
      type: 'enum',
      values: ['lu', 'uniform', 'normal', 'constant', 'ones', 'zeros'],
      default: 'lu',
      doc: 'Initial diagonal z: lu = D[:r] of the decomposition (no-op start).',
      paper: PAPERS.loldu,
    },
  ],
  siteParams: (_s, p) => num(p, 'r', 8) + 1,
  siteFlops: (s, p) => 2 * num(p, 'r', 8) * (s.dIn + s.dOut) + num(p, 'r', 8),
  rules: [...TARGET_RULES, rankRange('LoLDU')],
};

const boneDivides = rule(
  'bone-divisible',
  'error',
  'Bone needs d_in and d_out divisible by r.',
  'PEFT BoneConfig',
  (p, _s, model) => {
    const r = num(p, 'r', 64);
    for (const site of matchedSites(p, model)) {
      if (site.dIn % r !== 0 || site.dOut % r !== 0)
        return {
          message: `r = ${r} must divide d_in = ${site.dIn} and d_out = ${site.dOut} at ${site.name}`,
          params: ['r'],
        };
    }
    return undefined;
  },
);

export const BONE: MethodDef = {
  ...base,
  name: 'bone',
  title: 'Bone (Block Affine)',
  doc: 'W\'_ij = W_ij(I + B_i) + B_i over r×r blocks, one trained block B_i per row of blocks (zero init): d_out·r per site. PEFT 0.21 has no BoneConfig: this is MiSS with init_weights = "bat", and exports as such.',
  // PEFT removed BoneConfig; MissConfig(init_weights="bat") builds this block-affine variant with
  // the same miss_block [d_out/r, r, r] tensor (PEFT 0.21.2, tuners/miss/layer.py).
  preset: { base: 'miss', params: { init_weights: 'bat' } },
  paper: PAPERS.bone,
  family: 'lora-like',
  params: [
    { ...R, default: 64, doc: 'Block size r (even; must divide d_in and d_out).' },
    ...TARGET_PARAMS,
  ],
  siteParams: (s, p) => s.dOut * num(p, 'r', 64),
  siteFlops: () => 0,
  siteStepFlops: (s, p) => 2 * num(p, 'r', 64) * s.dIn * s.dOut,
  rules: [
    ...TARGET_RULES,
    boneDivides,
    rule('bone-even-r', 'warning', 'Bone works best with an even r.', 'PEFT BoneConfig doc', (p) =>
      num(p, 'r', 64) % 2 !== 0
        ? {
            message: `r = ${num(p, 'r', 64)} is odd; Bone works best with an even r`,
            params: ['r'],
            fix: { kind: 'set', value: num(p, 'r', 64) + 1 },
          }
        : undefined,
    ),
  ],
};

export const MISS: MethodDef = {
  ...base,
  name: 'miss',
  peftType: 'MISS',
  title: 'MiSS',
  doc: "Bone's successor in PEFT: every r-column block of ΔW equals Mᵀ, M (r × d_out) zero-init: r·d_out per site (mini: r·mini_r).",
  paper: PAPERS.bone,
  family: 'lora-like',
  params: [
    { ...R, default: 64 },
    ...TARGET_PARAMS,
    {
      name: 'init_weights',
      type: ['bool', 'enum'],
      values: ['bat', 'mini'],
      default: true,
      doc: 'true: MiSS default; bat: Bone; mini: M (r × mini_r) repeated.',
    },
    {
      name: 'mini_r',
      type: 'int',
      min: 1,
      default: 1,
      doc: "Width of the mini variant's M (must divide d_out).",
    },
  ],
  siteParams: (s, p) =>
    str(p, 'init_weights') === 'mini'
      ? num(p, 'r', 64) * num(p, 'mini_r', 1)
      : num(p, 'r', 64) * s.dOut,
  siteFlops: (s, p) => s.dIn + 2 * num(p, 'r', 64) * s.dOut,
  rules: [
    ...TARGET_RULES,
    rule(
      'miss-mini-divides',
      'error',
      'MiSS mini needs d_out % mini_r == 0.',
      'PEFT-METHODS §1.26',
      (p, _s, model) => {
        if (str(p, 'init_weights') !== 'mini') return undefined;
        const m = num(p, 'mini_r', 1);
        const bad = matchedSites(p, model).find((s) => s.dOut % m !== 0);
        return bad
          ? {
              message: `mini_r = ${m} must divide d_out = ${bad.dOut} at ${bad.name}`,
              params: ['mini_r'],
            }
          : undefined;
      },
    ),
  ],
};

const branchBias: ParamSpec = {
  name: 'branch_bias',
  type: 'bool',
  default: false,
  doc: 'Biases on both branches (+2r + 2d_out per site), as in the ViT code.',
  paper: PAPERS.hydra,
};

export const HYDRA: MethodDef = {
  ...base,
  name: 'hydra',
  title: 'Hydra',
  doc: 'Parallel + sequential LoRA branches: W + s(B_p·A_p + B_s·A_s·W); r(d_in + 3d_out) per site (+2r + 2d_out with branch_bias).',
  paper: PAPERS.hydra,
  family: 'lora-like',
  params: [
    R,
    ...TARGET_PARAMS,
    {
      name: 'scaling',
      type: 'float',
      min: 0,
      exclusiveMin: true,
      default: 0.1,
      doc: 'Branch scale s (VTAB config: 0.1).',
      paper: PAPERS.hydra,
    },
    {
      ...LORA_DROPOUT,
      name: 'dropout',
      aliases: [],
      doc: 'Dropout between down and up projections (VTAB: 0.2).',
    },
    branchBias,
  ],
  siteParams: (s, p) =>
    num(p, 'r', 8) * (s.dIn + 3 * s.dOut) +
    (p['branch_bias'] === true ? 2 * num(p, 'r', 8) + 2 * s.dOut : 0),
  siteFlops: (s, p) => 2 * num(p, 'r', 8) * (s.dIn + s.dOut) + 4 * num(p, 'r', 8) * s.dOut,
  rules: [...TARGET_RULES, rankRange('Hydra')],
};

export const ORTHOGONAL: MethodDef = {
  ...base,
  name: 'orthogonal',
  title: 'Orthogonal adaptation',
  doc: 'W + A_i·B_iᵀ with B_i frozen columns of a shared random orthogonal basis, only A_i trained: r·d_out per site; concepts merge without interference.',
  paper: PAPERS.orthogonal,
  family: 'lora-like',
  params: [
    R,
    ...TARGET_PARAMS,
    {
      name: 'basis_seed',
      type: 'int',
      min: 0,
      default: 0,
      doc: 'Seed of the shared orthogonal basis (same for all concepts to merge).',
    },
    {
      name: 'basis_slot',
      type: 'int',
      min: 0,
      default: 0,
      doc: "This concept's disjoint slot of r basis columns.",
    },
  ],
  siteParams: (s, p) => num(p, 'r', 8) * s.dOut,
  siteFlops: (s, p) => 2 * num(p, 'r', 8) * (s.dIn + s.dOut),
  rules: [
    ...TARGET_RULES,
    rule(
      'orthogonal-slots',
      'error',
      '(basis_slot + 1)·r must fit in the basis dimension d_in.',
      'PEFT-METHODS §1.26',
      (p, _s, model) => {
        const need = (num(p, 'basis_slot', 0) + 1) * num(p, 'r', 8);
        const bad = matchedSites(p, model).find((s) => need > s.dIn);
        return bad
          ? {
              message: `basis_slot ${num(p, 'basis_slot', 0)} with r = ${num(p, 'r', 8)} needs ${need} basis columns but ${bad.name} has d_in = ${bad.dIn}`,
              params: ['basis_slot'],
            }
          : undefined;
      },
    ),
  ],
};
