/** One configuration per implemented method, on the tiny MLP (prompt tuning: the tiny LM). */
import type { Case } from './helpers';

const mlp = (
  method: string,
  params: Case['params'],
  identity: boolean,
  mergeable = true,
): Case => ({ method, params, family: 'mlp', identity, mergeable });

export const CASES: readonly Case[] = [
  mlp('full', {}, true, false),
  mlp('lora', { r: 4, lora_alpha: 8 }, true),
  mlp(
    'lora',
    {
      r: 4,
      lora_alpha: 8,
      init_lora_weights: 'gaussian',
      lora_dropout: 0.1,
      rank_pattern: { 'layers.1': 2 },
    },
    true,
  ),
  mlp('rslora', { r: 4, lora_alpha: 8 }, true),
  mlp(
    'lora',
    {
      r: 2,
      lora_alpha: 4,
      lora_bias: true,
      init_lora_weights: false,
      target_modules: ['layers.1'],
    },
    false,
  ),
  { ...mlp('dora', { r: 4, lora_alpha: 8 }, true), fdVars: (n) => n.includes('magnitude') },
  mlp('pissa', { r: 4, lora_alpha: 8 }, true),
  mlp('olora', { r: 4, lora_alpha: 8 }, true),
  mlp('eva', { r: 4, lora_alpha: 8 }, true),
  mlp('allora', { r: 4 }, true),
  mlp('loldu', { r: 4, lora_alpha: 8 }, true),
  mlp('bone', { r: 4 }, true),
  mlp('hydra', { r: 2, scaling: 0.5, branch_bias: true }, true),
  mlp(
    'ia3',
    { target_modules: ['layers.0', 'layers.1', 'head'], feedforward_modules: ['layers.1'] },
    true,
  ),
  mlp('ssf', {}, false),
  mlp('adapter_series', { bottleneck_size: 4, init_weights: 'mam_adapter' }, true, false),
  mlp(
    'adapter_parallel',
    { bottleneck_size: 4, target_modules: 'all-linear', scaling: 'learned', adapter_bias: true },
    false,
    false,
  ),
  mlp('sparse', { density: 0.1 }, true),
  mlp('lokr', { r: 2, alpha: 4, target_modules: 'all-linear' }, true),
  mlp(
    'increlora',
    { r: 1, target_r: 2, init_warmup: 2, incre_interval: 2, advance_learn: false, lora_alpha: 4 },
    true,
  ),
  {
    method: 'prompt_tuning',
    params: { num_virtual_tokens: 3 },
    family: 'transformer',
    identity: false,
    mergeable: false,
  },
];

export const caseName = (c: Case): string => `${c.method} ${JSON.stringify(c.params)}`;

/** Transformer configurations of the methods that act on attention and MLP sites (the backend tests). */
export const TRANSFORMER_CASES: readonly Case[] = [
  {
    method: 'lora',
    params: { r: 2, target_modules: ['q', 'v'] },
    family: 'transformer',
    identity: true,
    mergeable: true,
  },
  {
    method: 'dora',
    params: { r: 2, target_modules: ['q', 'v', 'mlp.up'] },
    family: 'transformer',
    identity: true,
    mergeable: true,
  },
  {
    method: 'adapter_series',
    params: { bottleneck_size: 4 },
    family: 'transformer',
    identity: false,
    mergeable: false,
  },
  {
    method: 'hydra',
    params: { r: 2, target_modules: ['o', 'down'] },
    family: 'transformer',
    identity: true,
    mergeable: true,
  },
  {
    method: 'bone',
    params: { r: 4, target_modules: ['attn.q'] },
    family: 'transformer',
    identity: true,
    mergeable: true,
  },
  { method: 'full', params: {}, family: 'transformer', identity: true, mergeable: false },
];
