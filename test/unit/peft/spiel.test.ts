import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { encodeState } from '../../../runtime/model/build';
import { regrow } from '../../../runtime/peft/sparse-select';
import { attach, makeModel, train } from './helpers';

before(async () => {
  await selectBackend('cpu');
});

/** Trains `steps` and returns the stored indices per site (sorted) and the stored state's tensors. */
async function run(params: Record<string, string | number>, steps: number) {
  const model = makeModel('mlp', 2);
  const m = attach(
    model,
    { method: 'sparse', params, family: 'mlp', identity: true, mergeable: true },
    2,
  );
  const initial = indicesOf(m.state());
  await train(model, m, steps, 1e-2);
  const state = m.state();
  const bytes = encodeState(state).byteLength;
  const out = {
    initial,
    final: indicesOf(state),
    bytes,
    count: m.trainableCount(),
    trainable: m.trainable.length,
  };
  m.dispose();
  model.dispose();
  return out;
}

function indicesOf(state: Map<string, import('@tensorflow/tfjs-core').Tensor>): string {
  const parts: string[] = [];
  for (const [k, t] of [...state].sort(([a], [b]) => a.localeCompare(b))) {
    if (k.endsWith('sparse_indices'))
      parts.push(`${k}:${[...t.dataSync()].sort((a, b) => a - b).join(',')}`);
    t.dispose();
  }
  return parts.join(' ');
}

void test('regrow drops the entries that moved least and grows the best-scored candidates', () => {
  const indices = Uint32Array.from([0, 1, 2, 3]);
  const values = Float32Array.from([0.5, 0.01, -0.3, 0.02]);
  const score = new Float32Array(10);
  score[7] = -5;
  score[8] = 3;
  const slots = regrow(indices, values, score, 2, 100, () => 0.5);
  assert.deepEqual(slots.sort(), [1, 3], 'slots 1 and 3 moved least (|η| 0.01, 0.02)');
  assert.deepEqual(
    [...indices].sort((a, b) => a - b),
    [0, 2, 7, 8],
  );
});

void test('SpIEL with selection = gradient re-selects indices; random keeps its first mask', async () => {
  const base = {
    density: 0.1,
    reselection_steps: 4,
    selection_accumulation_steps: 2,
    initial_reselection_rate: 0.5,
  };
  const grad = await run({ ...base, selection: 'gradient' }, 8);
  const rand = await run({ ...base, selection: 'random' }, 8);
  assert.notEqual(grad.final, grad.initial, 'indices changed after re-selection');
  assert.equal(rand.final, rand.initial, 'random keeps the mask');
  assert.equal(grad.initial, rand.initial, 'both start from the same seeded draw');
  assert.equal(grad.count, rand.count, 'k stays fixed');
});

void test('gradient (last window) and momentum (every step) scores regrow different entries', async () => {
  const base = {
    density: 0.1,
    reselection_steps: 4,
    selection_accumulation_steps: 1,
    initial_reselection_rate: 0.5,
  };
  assert.notEqual(
    (await run({ ...base, selection: 'gradient' }, 8)).final,
    (await run({ ...base, selection: 'momentum' }, 8)).final,
  );
});

void test('the stored delta is sparse: 8 bytes per tunable entry plus the header, far below a dense delta', async () => {
  const r = await run({ density: 0.05 }, 2);
  const dense = 4 * (8 * 16 + 16 * 16); // the mlp's all-linear kernels (head excluded), f32
  const sparse = 8 * r.count;
  assert.ok(r.bytes - sparse < 600, `payload ${r.bytes} B for k = ${r.count} (header included)`);
  assert.ok(sparse < dense / 5, `${sparse} B sparse vs ${dense} B dense`);
  assert.equal(r.trainable, 2, 'outside a scoring window only η trains (one vector per site)');
});
