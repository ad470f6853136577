/** Every cross-field rule (§1.26, PEFT __post_init__) is triggered by a case and silent on a clean one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkMethodRules,
  getModelFamily,
  methods,
  type Params,
} from '../../../core/catalog/index';

const TF = getModelFamily('transformer')!.shape({ width: 32, depth: 2, heads: 2, context: 16 });
const MLP = getModelFamily('mlp')!.shape({ n_in: 8, hidden: [8], classes: 2 });

// [rule id, method, params that break it, params that satisfy it, model]
const CASES: [string, string, Params, Params, typeof TF][] = [
  [
    'layers-with-regex',
    'lora',
    { target_modules: '.*q', layers_to_transform: [0] },
    { target_modules: ['q'], layers_to_transform: [0] },
    TF,
  ],
  [
    'layers-pattern-needs-layers',
    'lora',
    { layers_pattern: 'layers' },
    { layers_pattern: 'layers', layers_to_transform: [0] },
    TF,
  ],
  ['no-target-match', 'lora', { target_modules: ['q_proj'] }, { target_modules: ['q'] }, TF],
  [
    'exclude-matches-nothing',
    'lora',
    { exclude_modules: ['k'] },
    { exclude_modules: ['layers.0.attn.q'] },
    TF,
  ],
  ['rank-range', 'lora', { r: 33 }, { r: 4 }, TF],
  ['no-param-saving', 'lora', { r: 16, lora_alpha: 32 }, { r: 4 }, TF],
  [
    'orthogonal-even-r',
    'lora',
    { r: 3, init_lora_weights: 'orthogonal' },
    { r: 4, init_lora_weights: 'orthogonal' },
    TF,
  ],
  [
    'loftq-needs-config',
    'lora',
    { init_lora_weights: 'loftq' },
    { init_lora_weights: 'loftq', loftq_config: { loftq_bits: 4 } },
    TF,
  ],
  [
    'lora-bias-init',
    'lora',
    { lora_bias: true, init_lora_weights: 'pissa' },
    { lora_bias: true },
    TF,
  ],
  ['dora-lora-bias', 'lora', { use_dora: true, lora_bias: true }, { use_dora: true }, TF],
  ['dora-megatron', 'dora', { megatron_config: {} }, {}, TF],
  [
    'dora-svd-init',
    'lora',
    { use_dora: true, init_lora_weights: 'pissa' },
    { init_lora_weights: 'pissa' },
    TF,
  ],
  [
    'rslora-patterns',
    'lora',
    { use_rslora: true, rank_pattern: { q: 4 } },
    { rank_pattern: { q: 4 } },
    TF,
  ],
  [
    'eva-config',
    'lora',
    { init_lora_weights: 'eva', eva_config: { rho: 0.5 } },
    { init_lora_weights: 'eva', eva_config: { rho: 2, tau: 0.99 } },
    TF,
  ],
  [
    'eva-config-unused',
    'lora',
    { eva_config: { rho: 2 } },
    { init_lora_weights: 'eva', eva_config: { rho: 2 } },
    TF,
  ],
  ['allora-no-dropout', 'allora', { lora_dropout: 0.05 }, { lora_dropout: 0 }, TF],
  ['allora-no-alpha', 'allora', { lora_alpha: 16 }, {}, TF],
  ['allora-no-rslora', 'allora', { use_rslora: true }, { use_rslora: false }, TF],
  ['allora-dora', 'allora', { use_dora: true }, {}, TF],
  ['bone-divisible', 'bone', { r: 12 }, { r: 16 }, TF],
  ['bone-even-r', 'bone', { r: 1 }, { r: 2 }, TF],
  [
    'miss-mini-divides',
    'miss',
    { init_weights: 'mini', mini_r: 5, r: 8 },
    { init_weights: 'mini', mini_r: 4, r: 8 },
    TF,
  ],
  ['orthogonal-slots', 'orthogonal', { r: 8, basis_slot: 4 }, { r: 8, basis_slot: 3 }, TF],
  ['kron-divisible', 'diffusekrona', { a1: 5, a2: 4 }, { a1: 4, a2: 4 }, TF],
  ['dynamic-rank-eva', 'increlora', { init_lora_weights: 'eva' }, {}, TF],
  ['dynamic-rank-merge', 'adalora', { merge_during_training: true }, {}, TF],
  [
    'bottleneck-wider-than-model',
    'adapter_series',
    { bottleneck_size: 32 },
    { bottleneck_size: 8 },
    TF,
  ],
  [
    'ia3-ff-subset',
    'ia3',
    { target_modules: ['k', 'v'], feedforward_modules: ['down'] },
    { target_modules: ['k', 'v', 'down'], feedforward_modules: ['down'] },
    TF,
  ],
  ['prompt-context', 'prompt_tuning', { num_virtual_tokens: 16 }, { num_virtual_tokens: 15 }, TF],
  ['prompt-context', 'prompt_tuning', {}, {}, MLP],
  [
    'prompt-text-needs-init',
    'prompt_tuning',
    { prompt_tuning_init: 'TEXT' },
    { prompt_tuning_init: 'TEXT', prompt_tuning_init_text: 'Classify:' },
    TF,
  ],
  ['scalearn-sources', 'scalearn', { source_adapters: [] }, { source_adapters: ['a'] }, TF],
];

for (const [id, method, bad, good, model] of CASES) {
  void test(`rule ${id} (${method}) fires on ${JSON.stringify(bad)}`, () => {
    const hits = checkMethodRules(method, bad, model).filter((v) => v.rule === id);
    assert.equal(hits.length, 1, JSON.stringify(checkMethodRules(method, bad, model)));
    const v = hits[0]!;
    assert.ok(v.params.length > 0 && v.message.length > 20);
    if (model === TF || id !== 'prompt-context')
      assert.deepEqual(
        checkMethodRules(method, good, TF).filter((x) => x.rule === id),
        [],
      );
  });
}

void test('messages name actual values and carry fixes', () => {
  const [v] = checkMethodRules('lora', { r: 40, lora_alpha: 80 }, TF).filter(
    (x) => x.rule === 'rank-range',
  );
  assert.match(v!.message, /r = 40 exceeds min\(d_in, d_out\) = 32/);
  assert.deepEqual(v!.fix, { kind: 'set', value: 32 });
  const [d] = checkMethodRules('allora', { lora_dropout: 0.1 }).filter(
    (x) => x.rule === 'allora-no-dropout',
  );
  assert.deepEqual(d!.fix, { kind: 'remove' });
  assert.equal(d!.severity, 'error');
});

void test('every rule in the catalog has a trigger case above', () => {
  const ids = new Set(methods().flatMap((m) => m.rules.map((r) => r.id)));
  const covered = new Set(CASES.map(([id]) => id));
  assert.deepEqual(
    [...ids].filter((i) => !covered.has(i)),
    [],
  );
});

void test('a clean LoRA config breaks no rule', () => {
  assert.deepEqual(
    checkMethodRules(
      'lora',
      { r: 8, lora_alpha: 16, target_modules: ['q', 'v'], lora_dropout: 0.05 },
      TF,
    ),
    [],
  );
  assert.deepEqual(checkMethodRules('nope', { r: 8 }), []);
});
