import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { createTransformer } from '../../../runtime/model/transformer';
import { createAdamW } from '../../../runtime/train/optimizers';
import { createSchedule } from '../../../core/plan/lr-schedule';
import { trainLoop } from '../../../runtime/train/trainer';
import { evaluate } from '../../../runtime/train/step';
import { fullFineTuning } from '../../../runtime/peft/full';
import { lmBatches, lmEvalBatches } from '../../../runtime/data/batches';
import { loadCorpus } from '../../../runtime/data/corpora';
import { splitCorpus } from '../../../runtime/data/split';
import { minimalLora } from '../../bench/runtime-lora-min';
import { TINY } from './helpers';

const data = splitCorpus(loadCorpus('tiny'), 0.1);

void test('a few hundred steps on the tiny fixture lower the held-out loss', async () => {
  // One wasm thread: for ops this small the pool's hand-offs cost more than they save.
  await selectBackend('wasm', { wasmThreads: 1 });
  const m = createTransformer(TINY, 5);
  const method = fullFineTuning(m.handle, {}, { seed: 5 });
  const evalSet = lmEvalBatches(data.holdout, 8, TINY.context, 2);
  const before = (await evaluate(m, undefined, evalSet))['eval_loss']!;
  const r = await trainLoop({
    model: m,
    method,
    optimizer: createAdamW({ lr: 2e-2 }),
    schedule: createSchedule({ name: 'cosine', params: { warmup: 0.05 } }, 2e-2, 200),
    steps: 200,
    clip: 1,
    nextBatch: lmBatches(data.train, 4, TINY.context, 5),
    evalBatches: evalSet,
    evalEvery: 0,
    flopsPerStep: 0,
  });
  assert.equal(r.status, 'done');
  // ln 256 ≈ 5.55 at init; byte-level English drops well below 3.5 in 200 tiny steps.
  assert.ok(before > 5, `initial loss ${before}`);
  assert.ok(r.final['eval_loss']! < 3.5, `eval loss after training ${r.final['eval_loss']}`);
  m.dispose();
});

void test('with LoRA the frozen base receives no updates while the adapter trains', async () => {
  await selectBackend('wasm', { wasmThreads: 1 });
  const m = createTransformer(TINY, 6);
  const before = new Map([...m.handle.variables].map(([n, v]) => [n, Array.from(v.dataSync())]));
  const method = minimalLora(
    m.handle,
    { r: 4, lora_alpha: 8, target_modules: ['q', 'v'] },
    { seed: 6 },
  );
  const loraB = method.trainable.filter((v) => v.name.includes('lora_B'));
  const r = await trainLoop({
    model: m,
    method,
    optimizer: createAdamW({ lr: 1e-2, weight_decay: 0.1 }),
    schedule: () => 1e-2,
    steps: 5,
    clip: 1,
    nextBatch: lmBatches(data.train, 4, TINY.context, 6),
    evalBatches: [],
    evalEvery: 0,
    flopsPerStep: 0,
  });
  assert.equal(r.status, 'done');
  for (const [n, v] of m.handle.variables)
    assert.deepEqual(Array.from(v.dataSync()), before.get(n), `${n} changed`);
  assert.ok(
    loraB.length === 2 && loraB.every((v) => v.dataSync().some((x) => x !== 0)),
    'LoRA B moved away from zero',
  );
  assert.equal(method.trainableCount(), 2 * (16 * 4 + 4 * 16));
  method.dispose();
  m.dispose();
});
