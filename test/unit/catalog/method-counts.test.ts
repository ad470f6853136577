/**
 * Trainable-parameter counts for EVERY catalog method, against values computed by hand from
 * PEFT-METHODS.md §1.0 / §4.2 on a single d_in = 96 → d_out = 64 site or a small transformer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getMethod,
  getModelFamily,
  methods,
  trainableParams,
  withDefaults,
  type Params,
  type Site,
} from '../../../core/catalog/index';

const SITE: Site = { name: 'layers.0.attn.q', layer: 0, dIn: 96, dOut: 64, bias: true };

function site(method: string, p: Params = {}): number {
  const m = getMethod(method);
  assert.ok(m, `method ${method} exists`);
  const f = m.siteParams?.bind(m);
  assert.ok(f, `${method} has a per-site formula`);
  return f(SITE, withDefaults('adapter', method, p));
}

// Hand-computed per-site counts on 96 → 64 (d_in + d_out = 160).
const SITE_CASES: [string, Params, number][] = [
  ['lora', { r: 4 }, 4 * 160],
  ['lora', { r: 4, use_dora: true }, 4 * 160 + 64],
  ['lora', { r: 4, lora_bias: true }, 4 * 160 + 64],
  ['dora', { r: 4 }, 4 * 160 + 64],
  ['rslora', { r: 4 }, 640],
  ['pissa', { r: 4 }, 640],
  ['olora', { r: 4 }, 640],
  ['eva', { r: 4 }, 640],
  ['lora_ga', { r: 4 }, 640],
  ['loraplus', { r: 4 }, 640],
  ['allora', { r: 4 }, 640],
  ['loldu', { r: 4 }, 5],
  ['bone', { r: 8 }, 64 * 8],
  ['miss', { r: 8 }, 8 * 64],
  ['miss', { r: 8, init_weights: 'mini', mini_r: 4 }, 32],
  ['hydra', { r: 4 }, 4 * (96 + 3 * 64)],
  ['hydra', { r: 4, branch_bias: true }, 4 * (96 + 3 * 64) + 2 * 4 + 2 * 64],
  ['increlora', { target_r: 4, advance_learn: false }, 4 * 161],
  ['increlora', { target_r: 4 }, (4 + 2) * 161], // + incre_rank_num = 2 reserve components
  ['adalora', { init_r: 12 }, 12 * 161],
  ['triadaptlora', { r_max: 16 }, 16 * 160],
  ['orthogonal', { r: 4 }, 4 * 64],
  ['diffusekrona', { a1: 8, a2: 4 }, 8 * 4 + (64 / 8) * (96 / 4)],
  // factorization(96) = (8, 12), factorization(64) = (8, 8): w1 8×8 full; w2 8×12 full (r=8 ≥ 12/2), rank-2 (2 < 6).
  ['lokr', { r: 8 }, 8 * 8 + 8 * 12],
  ['lokr', { r: 2 }, 8 * 8 + 2 * (8 + 12)],
  ['adapter_parallel', { bottleneck_size: 16 }, 16 * 160],
  ['adapter_parallel', { bottleneck_size: 16, adapter_bias: true }, 16 * 160 + 16 + 64],
  ['ssf', {}, 2 * 64],
  ['ia3', { feedforward_modules: [] }, 64],
  ['ia3', { feedforward_modules: ['q'] }, 96],
];

for (const [m, p, want] of SITE_CASES) {
  void test(`${m} ${JSON.stringify(p)} trains ${want} params on a 96→64 site`, () =>
    assert.equal(site(m, p), want));
}

void test('increlora starts at r(d_in + d_out + 1) plus the reserve', () => {
  const m = getMethod('increlora')!;
  assert.equal(
    m.siteParamsInitial!(SITE, withDefaults('adapter', 'increlora', { r: 2, target_r: 4 })),
    (2 + 2) * 161,
  );
});

// Small transformer: d = 32, L = 2, T = 16, V = 256, d_ff = 128.
const FAM = getModelFamily('transformer')!;
const MODEL = FAM.shape({ width: 32, depth: 2, heads: 2, context: 16 });
const model = (method: string, p: Params = {}) =>
  trainableParams(getMethod(method)!, MODEL, withDefaults('adapter', method, p)).total;

const MODEL_CASES: [string, Params, number][] = [
  ['full', {}, 42368],
  ['lora', { r: 4 }, 2 * 2 * 4 * (32 + 32)], // default targets q, v on 2 layers
  ['lora', { r: 4, target_modules: 'all-linear' }, 2 * (4 * 4 * 64 + 4 * 160 + 4 * 160)],
  ['adapter_series', { bottleneck_size: 8 }, 2 * 2 * 2 * 32 * 8],
  ['adapter_series', { bottleneck_size: 8, positions: ['mlp'] }, 2 * 2 * 32 * 8],
  ['adapter_series', { bottleneck_size: 8, layers_to_transform: [1] }, 2 * 2 * 32 * 8],
  [
    'adapter_series',
    { bottleneck_size: 8, adapter_bias: true, scaling: 'learned' },
    4 * (2 * 32 * 8 + 8 + 32 + 1),
  ],
  ['mosa', { bottleneck_size: 8 }, 2 * 2 * 2 * 32 * 8],
  ['prompt_tuning', { num_virtual_tokens: 4 }, 4 * 32],
  ['prefix_tuning', { num_virtual_tokens: 4 }, 2 * 2 * 4 * 32],
  [
    'prefix_tuning',
    { num_virtual_tokens: 4, prefix_projection: true, encoder_hidden_size: 16 },
    4 * 32 + 32 * 16 + 16 + 2 * 2 * 32 * 17,
  ],
  [
    'p_tuning',
    { num_virtual_tokens: 4, encoder_hidden_size: 16 },
    4 * 32 + (32 * 16 + 16) + (16 * 16 + 16) + (16 * 32 + 32),
  ],
  ['bitfit', {}, 2 * (4 * 32 + 128 + 32) + 5 * 32],
  ['difffit', {}, 736 + 5 * 32 + 2 * 2],
  ['scalearn', { source_adapters: ['a', 'b'] }, 2 * 2 * 32],
  ['scalearn', { source_adapters: ['a', 'b'], variant: 'uniform' }, 2 * 2],
  ['scalearn', { source_adapters: ['a', 'b'], variant: 'plusplus' }, 2 * 32],
  ['scalearn', { source_adapters: ['a', 'b'], variant: 'uniform_plusplus' }, 2],
  ['unipt', { downsample_factor: 8 }, 3 * (32 * 4 + 4 + 8) + (16 + 4 + 8) + (4 * 32 + 32) + 5],
  ['sparse', { density: 0.01 }, Math.round(0.01 * 2 * (4 * 32 * 32 + 2 * 32 * 128))],
  ['sparse', { num_tunable_weights: 100 }, 100],
  ['lt_sft', { num_tunable_weights: 500 }, 500],
  ['apet', { num_tunable_weights: 7 }, 7],
  ['ssf', {}, 2 * (4 * 2 * 32 + 2 * 128 + 2 * 32)],
  ['ia3', {}, 2 * (32 + 32 + 128)], // k, v outputs; mlp.down input (d_ff)
];

for (const [m, p, want] of MODEL_CASES) {
  void test(`${m} ${JSON.stringify(p)} trains ${want} params on transformer d=32 L=2`, () =>
    assert.equal(model(m, p), want));
}

void test('every method is covered by a hand-computed count or is a documented non-countable method', () => {
  const covered = new Set([...SITE_CASES, ...MODEL_CASES].map(([m]) => m));
  const uncountable = methods().filter((m) => !covered.has(m.name));
  for (const m of uncountable) {
    assert.ok(
      m.countIsEstimate && !m.engines.tfjs.runs && !m.siteParams && !m.modelParams,
      `${m.name} has no hand-computed count test`,
    );
  }
});

void test('runnable methods are exactly the ones the runtime implements', () => {
  const runnable = methods()
    .filter((m) => m.engines.tfjs.runs)
    .map((m) => m.name)
    .sort();
  const want = [
    'adapter_parallel',
    'adapter_series',
    'allora',
    'bone',
    'dora',
    'eva',
    'full',
    'hydra',
    'ia3',
    'increlora',
    'lokr',
    'loldu',
    'lora',
    'loraplus',
    'miss',
    'olora',
    'pissa',
    'prompt_tuning',
    'rslora',
    'sparse',
    'ssf',
  ];
  assert.deepEqual(runnable, want);
});
