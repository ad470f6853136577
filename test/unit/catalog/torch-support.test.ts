// The torch engine's declaration (core/catalog/support/torch.ts) as `check` and `peft run` see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { trialRefusals } from '../../../core/plan';
import type { TrialConfig } from '../../../core/types/plan';

const config = (
  method: string,
  params: TrialConfig['adapter']['params'] = {},
  backend = 'torch',
): TrialConfig => ({
  experiment: 'e',
  run: 'r',
  backend,
  model: {
    name: 'm',
    family: 'transformer',
    params: { width: 16, depth: 1, heads: 2, context: 16 },
  },
  data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
  adapter: { name: 'a', method, params },
  optimizer: { name: 'adamw', params: {} },
  schedule: { name: 'constant', params: {} },
  batch: 2,
  steps: 2,
  seed: 0,
  evalEvery: 1,
  metric: 'eval_loss',
  clip: 1,
});

void test("torch runs full, the LoRA family and PEFT's IA3/LoKr/AdaLoRA; other methods are refused with a reason", () => {
  for (const m of ['full', 'lora', 'dora', 'rslora', 'pissa', 'olora', 'ia3', 'lokr', 'adalora'])
    assert.deepEqual(trialRefusals(config(m)), [], m);
  const allora = trialRefusals(config('allora'));
  assert.equal(allora.length, 1);
  assert.match(allora[0]!.message, /'allora' does not run on the torch engine/);
  assert.deepEqual(trialRefusals(config('allora', {}, 'wasm')), [], 'the same trial runs on tfjs');
});

void test('LoRA options torch does not run are refused per value, with the runnable alternative', () => {
  const loftq = trialRefusals(config('lora', { init_lora_weights: 'loftq' }));
  assert.equal(loftq.length, 1);
  assert.equal(loftq[0]!.param, 'init_lora_weights');
  assert.equal(loftq[0]!.instead, true);
  assert.deepEqual(trialRefusals(config('lora', { init_lora_weights: 'gaussian' })), []);
});

const hf = (method: string, params: TrialConfig['adapter']['params'] = {}): TrialConfig => ({
  ...config(method, params),
  model: { name: 'm', family: 'hf', params: { config: 'c.json' } },
});

void test('on hf models torch runs what peft builds (EVA, LoRA-GA, prompt tuning…); the built-in families refuse the hf-only ones', () => {
  for (const m of [
    'eva',
    'lora_ga',
    'ia3',
    'adalora',
    'lokr',
    'miss',
    'prompt_tuning',
    'prefix_tuning',
    'p_tuning',
  ])
    assert.deepEqual(trialRefusals(hf(m)), [], m);
  assert.deepEqual(trialRefusals(hf('lora', { init_lora_weights: 'eva' })), []);
  const pt = trialRefusals(config('prompt_tuning'));
  assert.equal(pt.length, 1);
  assert.match(
    pt[0]!.message,
    /'prompt_tuning' runs on the torch engine only for hf models, not transformer/,
  );
  assert.equal(
    trialRefusals(config('lora', { init_lora_weights: 'eva' }))[0]?.param,
    'init_lora_weights',
  );
  assert.match(trialRefusals(config('eva'))[0]!.message, /only for hf models.*use lora/);
  for (const m of ['loraplus', 'allora']) assert.equal(trialRefusals(hf(m)).length, 1, m);
  // Bone runs as PEFT's MISS (its export) on hf models; the built-in families do not build it on torch.
  assert.deepEqual(trialRefusals(hf('bone')), []);
  assert.match(trialRefusals(config('bone'))[0]!.message, /only for hf models/);
});
