import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { createTransformer } from '../../../runtime/model/transformer';
import { fullFineTuning } from '../../../runtime/peft/full';
import { createAdamW } from '../../../runtime/train/optimizers';
import { trainStep } from '../../../runtime/train/step';
import { lmBatches } from '../../../runtime/data/batches';
import { loadCorpus } from '../../../runtime/data/corpora';
import { TINY } from './helpers';

/** Three full training steps (forward, backward, AdamW) on the active backend. */
async function threeSteps(): Promise<number[]> {
  const m = createTransformer(TINY, 3);
  const method = fullFineTuning(m.handle, {}, { seed: 3 });
  const opt = createAdamW({ lr: 3e-3 });
  const next = lmBatches(loadCorpus('tiny'), 4, TINY.context, 11);
  const losses: number[] = [];
  for (const s of [1, 2, 3])
    losses.push((await trainStep(m, method, opt, next(), 3e-3, 1, s)).loss);
  opt.dispose();
  m.dispose();
  return losses;
}

void test('a whole training step gives the same loss on wasm and cpu, and repeats exactly per backend', async () => {
  assert.equal(await selectBackend('wasm'), 'wasm');
  const wasmA = await threeSteps();
  const wasmB = await threeSteps();
  assert.deepEqual(wasmA, wasmB, 'same seed + backend → same losses');
  assert.equal(await selectBackend('cpu'), 'cpu');
  const cpu = await threeSteps();
  assert.ok(
    Math.abs(wasmA[0]! - cpu[0]!) < 1e-4,
    `first-step loss wasm ${wasmA[0]} vs cpu ${cpu[0]}`,
  );
  // After updates the backends may drift by rounding only.
  assert.ok(
    Math.abs(wasmA[2]! - cpu[2]!) < 1e-3,
    `third-step loss wasm ${wasmA[2]} vs cpu ${cpu[2]}`,
  );
  assert.ok(wasmA[2]! < wasmA[0]!, `loss falls over three steps: ${wasmA.join(', ')}`);
});

void test('an unknown backend name is rejected with the valid names', async () => {
  await assert.rejects(selectBackend('tpu'), /unknown backend "tpu".*wasm, cpu/);
});

void test('forcing a backend whose package is absent fails with one clear reason', async () => {
  await assert.rejects(
    selectBackend('tensorflow'),
    /backend "tensorflow" is not usable: .*tfjs-node/i,
  );
});
