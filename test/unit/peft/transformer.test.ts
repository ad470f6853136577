import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../runtime/tf/backend';
import {
  collectCalibrationInputs,
  getMethodFactory,
  RUNNABLE_METHODS,
} from '../../../runtime/peft';
import { encodeState } from '../../../runtime/model/build';
import {
  attach,
  catalogCount,
  lmBatch,
  logitsOf,
  makeModel,
  maxAbsDiff,
  mergedView,
  TINY_LM,
  train,
  type Case,
} from './helpers';

before(async () => {
  await selectBackend('cpu');
});

const lm = (method: string, params: Case['params']): Case => ({
  method,
  params,
  family: 'transformer',
  identity: true,
  mergeable: true,
});

const CASES: Case[] = [
  lm('lora', { r: 2, target_modules: ['q', 'v'] }),
  lm('lora', { r: 2, use_dora: true, use_rslora: true, target_modules: 'all-linear' }),
  lm('pissa', { r: 2, target_modules: ['attn.q', 'mlp.up'] }),
  lm('olora', { r: 2, target_modules: ['k', 'down'] }),
  lm('loldu', { r: 4, target_modules: ['q', 'v'] }),
  lm('bone', { r: 4, target_modules: 'all-linear' }),
  lm('hydra', { r: 2 }),
  lm('lokr', { r: 2, target_modules: ['o', 'up'] }),
  lm('ia3', {}),
  lm('sparse', { density: 0.05, target_modules: ['q', 'v'] }),
  lm('increlora', { r: 1, target_r: 2, advance_learn: false, target_modules: ['q', 'v'] }),
];

for (const c of CASES) {
  void test(`transformer ${c.method} ${JSON.stringify(c.params)}: catalog count, identity at init, training keeps the base, merge matches`, async () => {
    const model = makeModel('transformer');
    const base = new Map(
      [...model.handle.variables].map(([n, v]) => [n, Array.from(v.dataSync())]),
    );
    const batch = lmBatch(2, 5);
    const ref = logitsOf(model, batch);
    const m = attach(model, c);
    assert.equal(m.trainableCount(), catalogCount(model, c));
    assert.ok(maxAbsDiff(ref, logitsOf(model, batch, m)) < 2e-5, 'identity at init');
    const losses = await train(model, m, 5, 2e-2);
    assert.ok(losses.every(Number.isFinite));
    for (const [n, v] of model.handle.variables)
      assert.deepEqual(Array.from(v.dataSync()), base.get(n), `base ${n} changed`);
    const adapted = logitsOf(model, batch, m);
    assert.ok(maxAbsDiff(adapted, ref) > 1e-6, 'the adapter moved the output');
    const mv = mergedView(m, model);
    assert.ok(maxAbsDiff(adapted, logitsOf(model, batch, mv.view)) <= 1e-4, 'merged = adapter');
    mv.dispose();
    m.dispose();
    model.dispose();
  });
}

void test('transformer EVA: calibration inputs from the engine give Σ r_l = r·#sites and a no-op start', () => {
  const model = makeModel('transformer');
  const inputs = collectCalibrationInputs(model, [lmBatch(4, 1), lmBatch(4, 2)]);
  assert.equal(inputs.get('layers.0.attn.q')!.shape[0], 2 * 4 * TINY_LM.context);
  const m = getMethodFactory('eva')!(
    model.handle,
    { r: 2, target_modules: ['q', 'v', 'up'] },
    { seed: 1, calibrationInputs: () => inputs },
  );
  const ranks = [...m.state()]
    .filter(([k]) => k.endsWith('lora_A.weight'))
    .map(([, v]) => v.shape[0]);
  assert.equal(
    ranks.reduce((a, b) => a + b, 0),
    2 * 3,
  );
  const batch = lmBatch(2, 3);
  assert.ok(maxAbsDiff(logitsOf(model, batch), logitsOf(model, batch, m)) < 2e-5);
  for (const t of inputs.values()) t.dispose();
  m.dispose();
  model.dispose();
});

void test('prompt tuning prepends n_v soft tokens and the logits cover only the real tokens', async () => {
  const model = makeModel('transformer');
  const m = getMethodFactory('prompt_tuning')!(
    model.handle,
    { num_virtual_tokens: 3 },
    { seed: 2 },
  );
  const batch = lmBatch(2, 1);
  const h = tf.zeros<tf.Rank.R3>([2, TINY_LM.context, TINY_LM.width]);
  assert.deepEqual(m.embed!(h).shape, [2, TINY_LM.context + 3, TINY_LM.width]);
  const lg = tf.tidy(() => model.logits(batch, m).shape);
  assert.deepEqual(lg, [2 * TINY_LM.context, TINY_LM.vocab]);
  assert.equal(m.trainableCount(), 3 * TINY_LM.width);
  const before = m.trainable[0]!.dataSync().slice();
  await train(model, m, 3, 1e-2);
  assert.ok(maxAbsDiff(before, m.trainable[0]!.dataSync()) > 1e-3, 'the soft prompt trains');
  h.dispose();
  m.dispose();
  model.dispose();
});

void test('every method exports PEFT-named tensors that encode as safetensors', () => {
  const model = makeModel('transformer');
  const lora = getMethodFactory('lora')!(
    model.handle,
    { r: 2, target_modules: ['q'] },
    { seed: 1 },
  );
  const st = lora.state();
  assert.deepEqual(st.get('base_model.model.layers.0.attn.q.lora_A.weight')!.shape, [
    2,
    TINY_LM.width,
  ]);
  assert.deepEqual(st.get('base_model.model.layers.0.attn.q.lora_B.weight')!.shape, [
    TINY_LM.width,
    2,
  ]);
  const bytes = encodeState(st, { method: 'lora' });
  assert.ok(bytes.length > 8 + 2 * 2 * TINY_LM.width * 4);
  lora.dispose();
  for (const name of RUNNABLE_METHODS.filter((n) => n !== 'eva')) {
    const params: Case['params'] =
      name === 'bone' || name === 'miss' ? { r: 4 } : name === 'lokr' ? { r: 2 } : {};
    const m = getMethodFactory(name)!(model.handle, params, { seed: 1 });
    const state = m.state();
    assert.ok(state.size > 0, `${name} exports a state`);
    assert.ok(encodeState(state, { method: name }).length > 0);
    // The engine's built-in `full` hands out the live variables; the adapters return copies.
    const live = new Set<tf.Tensor>(model.handle.variables.values());
    for (const t of state.values()) if (!live.has(t)) t.dispose();
    m.dispose();
  }
  model.dispose();
});
