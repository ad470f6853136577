/** Parameter specs shared by several methods (PEFT LoraConfig field names and defaults @5d602fd). */
import type { ParamSpec } from '../types';
import { aliasesOf } from '../aliases';
import { PAPERS } from './papers';

const a = (name: string) => {
  const list = aliasesOf(name);
  return list.length > 0 ? { aliases: list } : {};
};

/** Target selection, as in PEFT's tuners_utils. */
export const TARGET_PARAMS: readonly ParamSpec[] = [
  {
    name: 'target_modules',
    type: ['list', 'string'],
    of: 'string',
    values: ['all-linear'],
    doc: 'Sites to adapt: list entries match a site name exactly or as a `.suffix`; a string is a full-match regex; `all-linear` = every linear site except the output head. Default: [q, v] (transformer), all-linear (mlp).',
    ...a('target_modules'),
  },
  {
    name: 'exclude_modules',
    type: ['list', 'string'],
    of: 'string',
    doc: 'Sites never adapted; same matching rules as target_modules, applied first.',
  },
  {
    name: 'layers_to_transform',
    type: ['list', 'int'],
    of: 'int',
    min: 0,
    doc: 'Only adapt sites in these block indices (requires a list target_modules).',
    ...a('layers_to_transform'),
  },
  {
    name: 'layers_pattern',
    type: ['list', 'string'],
    of: 'string',
    doc: 'Name of the layer list holding the blocks (`layers`); requires layers_to_transform.',
    ...a('layers_pattern'),
  },
  {
    name: 'modules_to_save',
    type: 'list',
    of: 'string',
    doc: 'Extra modules trained fully and saved with the adapter (e.g. the classifier head).',
    exportOnly: true,
    ...a('modules_to_save'),
  },
];

export const R: ParamSpec = {
  name: 'r',
  type: 'int',
  min: 1,
  max: 65536,
  default: 8,
  doc: 'Rank of the low-rank update (LoRA attention dimension).',
  paper: PAPERS.lora,
  ...a('r'),
};
export const LORA_ALPHA: ParamSpec = {
  name: 'lora_alpha',
  type: 'float',
  min: 0,
  exclusiveMin: true,
  default: 8,
  doc: 'Scaling numerator: scale = lora_alpha / r (or / √r with use_rslora).',
  paper: PAPERS.lora,
  ...a('lora_alpha'),
};
export const LORA_DROPOUT: ParamSpec = {
  name: 'lora_dropout',
  type: 'fraction',
  min: 0,
  max: 1,
  exclusiveMax: true,
  default: 0,
  doc: 'Dropout on the adapter input (0 ≤ p < 1).',
  ...a('lora_dropout'),
};

export const INIT_VALUES = [
  'gaussian',
  'pissa',
  'olora',
  'eva',
  'orthogonal',
  'loftq',
  'corda',
  'lora_ga',
  'mica',
] as const;

/** The full LoraConfig surface (LoRA, DoRA, rsLoRA and the init presets share it). */
export const LORA_PARAMS: readonly ParamSpec[] = [
  R,
  LORA_ALPHA,
  LORA_DROPOUT,
  ...TARGET_PARAMS,
  {
    name: 'use_rslora',
    type: 'bool',
    default: false,
    doc: 'Rank-stabilised scaling lora_alpha/√r instead of lora_alpha/r.',
    paper: PAPERS.rslora,
    ...a('use_rslora'),
  },
  {
    name: 'use_dora',
    type: 'bool',
    default: false,
    doc: 'DoRA: train a per-output magnitude m (d_out) on top of LoRA.',
    paper: PAPERS.dora,
    ...a('use_dora'),
  },
  {
    name: 'init_lora_weights',
    type: ['bool', 'enum'],
    values: INIT_VALUES,
    pattern: 'pissa_niter_\\d+',
    default: true,
    doc: 'true: A kaiming-uniform, B = 0 (no-op start); false: random A and B (debug); gaussian; pissa / pissa_niter_N (SVD); olora (QR); eva (data-driven); orthogonal; …',
    paper: PAPERS.lora,
    ...a('init_lora_weights'),
  },
  {
    name: 'bias',
    type: 'enum',
    values: ['none', 'all', 'lora_only'],
    default: 'none',
    doc: 'Which biases train besides the adapter.',
  },
  {
    name: 'lora_bias',
    type: 'bool',
    default: false,
    doc: 'Add a trainable bias to lora_B (+d_out per site); only with init true/false and no DoRA.',
  },
  {
    name: 'rank_pattern',
    type: 'map',
    of: 'int',
    doc: 'Per-site rank overrides; keys are regexes matched as (.*\\.)?(key)$, first match wins.',
    ...a('rank_pattern'),
  },
  {
    name: 'alpha_pattern',
    type: 'map',
    of: 'float',
    doc: 'Per-site lora_alpha overrides; same matching as rank_pattern.',
    ...a('alpha_pattern'),
  },
  {
    name: 'fan_in_fan_out',
    type: 'bool',
    default: false,
    doc: 'Weights stored (in, out) like GPT-2 Conv1D; exported as is.',
    exportOnly: true,
  },
  {
    name: 'eva_config',
    type: 'map',
    doc: 'EVA options {rho ≥ 1 (default 2), tau ∈ [0,1] (0.99), whiten, adjust_scaling_factors, use_label_mask}; used with init_lora_weights = eva.',
    paper: PAPERS.eva,
  },
  {
    name: 'loftq_config',
    type: 'map',
    doc: 'LoftQ options; required by init_lora_weights = loftq.',
    exportOnly: true,
  },
  {
    name: 'megatron_config',
    type: 'map',
    doc: 'Megatron parallel-linear config (export only); incompatible with DoRA.',
    exportOnly: true,
  },
  {
    name: 'loraplus_lr_ratio',
    type: 'float',
    min: 1,
    doc: 'LoRA+: learning rate of B = ratio × lr of A (≈16 recommended).',
    paper: PAPERS.loraplus,
  },
];
