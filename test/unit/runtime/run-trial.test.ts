import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricRecord } from '../../../core/protocol';
import { runTrial } from '../../../runtime/train/run-trial';
import { decodeSafetensors } from '../../../runtime/io/safetensors';
import { tinyTrial } from './helpers';

const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'peft-rt-'));

void test('runTrial pretrains the base once, caches it, fine-tunes and streams metrics', async () => {
  const cacheDir = tmp();
  const model = {
    name: 'tiny',
    family: 'transformer',
    params: { vocab: 'bytes', width: 16, depth: 1, heads: 2, context: 16 },
    pretrain: {
      data: { name: 'pre', corpus: 'tiny', holdout: 0, params: {} },
      steps: 5,
      lr: 3e-3,
      batch: 4,
      seed: 0,
    },
  };
  const logs: string[] = [];
  const metrics: MetricRecord[] = [];
  const out = await runTrial(tinyTrial({ model }), {
    cacheDir,
    backend: 'wasm',
    onMetric: (m) => metrics.push(m),
    log: (l) => logs.push(l),
  });
  assert.equal(out.status, 'done');
  assert.equal(out.step, 6);
  assert.equal(out.backend, 'wasm');
  assert.ok(
    logs.some((l) => /pretraining 5 steps on tiny/.test(l)),
    logs.join('\n'),
  );
  assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.safetensors')).length, 1);
  const train = metrics.filter((m) => m.kind === 'train');
  const evals = metrics.filter((m) => m.kind === 'eval');
  assert.deepEqual(
    train.map((m) => m.step),
    [1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(
    evals.map((m) => m.step),
    [3, 6],
  );
  assert.equal(train[5]!.kind === 'train' && train[5]!.tokens, 6 * 4 * 16);
  assert.ok(Number.isFinite(out.final['eval_loss']) && Number.isFinite(out.final['train_loss']));
  assert.ok(out.adapter && decodeSafetensors(out.adapter).tensors.has('embed.tokens'));

  const logs2: string[] = [];
  const again = await runTrial(tinyTrial({ model }), {
    cacheDir,
    backend: 'wasm',
    onMetric: () => undefined,
    log: (l) => logs2.push(l),
  });
  assert.ok(
    logs2.some((l) => /loaded/.test(l)) && !logs2.some((l) => /pretraining/.test(l)),
    logs2.join('\n'),
  );
  assert.deepEqual(again.final, out.final, 'same seed + backend + cached base → same results');
});

void test('a NaN/Inf loss ends the trial as diverged at that step without throwing', async () => {
  const out = await runTrial(
    tinyTrial({
      optimizer: { name: 'sgd', params: { lr: 1e12, momentum: 0 } },
      clip: 0,
      steps: 30,
    }),
    {
      cacheDir: tmp(),
      backend: 'wasm',
      onMetric: () => undefined,
    },
  );
  assert.equal(out.status, 'diverged');
  assert.ok(out.step >= 1 && out.step < 30, `diverged at ${out.step}`);
  assert.ok(!Number.isFinite(out.final['train_loss']));
});

void test('aborting the signal cancels the trial within one step', async () => {
  const ac = new AbortController();
  const out = await runTrial(tinyTrial({ steps: 50 }), {
    cacheDir: tmp(),
    backend: 'wasm',
    signal: ac.signal,
    onMetric: (m) => {
      if (m.kind === 'train' && m.step === 2) ac.abort();
    },
  });
  assert.equal(out.status, 'cancelled');
  assert.equal(out.step, 2);
});

void test('configuration errors throw with the offending value', async () => {
  await assert.rejects(
    runTrial(tinyTrial({ adapter: { name: 'x', method: 'nosuch', params: {} } }), {
      cacheDir: tmp(),
      backend: 'cpu',
      onMetric: () => undefined,
    }),
    /method "nosuch"/,
  );
  await assert.rejects(
    runTrial(tinyTrial({ data: { name: 'd', corpus: 'nope', holdout: 0.1, params: {} } }), {
      cacheDir: tmp(),
      backend: 'cpu',
      onMetric: () => undefined,
    }),
    /unknown corpus "nope"/,
  );
});

void test('runTrial resolves runtime/peft methods (LoRA with EVA init gets calibration inputs)', async () => {
  const out = await runTrial(
    tinyTrial({
      adapter: {
        name: 'l',
        method: 'lora',
        params: { r: 2, lora_alpha: 4, target_modules: ['q', 'v'], init_lora_weights: 'eva' },
      },
      steps: 3,
    }),
    { cacheDir: tmp(), backend: 'wasm', onMetric: () => undefined },
  );
  assert.equal(out.status, 'done');
  const names = [...decodeSafetensors(out.adapter!).tensors.keys()];
  assert.ok(
    names.some((n) => /layers\.0\.attn\.q.*lora_A/.test(n)),
    names.join(', '),
  );
  assert.ok(!names.some((n) => /attn\.k/.test(n)), 'only targeted sites are saved');
});

void test('an MLP classification trial on the spam fixture learns (accuracy above the majority class)', async () => {
  const out = await runTrial(
    tinyTrial({
      model: { name: 'mlp', family: 'mlp', params: { n_in: 256, hidden: [32], classes: 2 } },
      data: { name: 'spam', corpus: 'tiny-spam', holdout: 0.25, params: {} },
      optimizer: { name: 'adamw', params: { lr: 1e-2 } },
      batch: 32,
      steps: 60,
      evalEvery: 0,
    }),
    { cacheDir: tmp(), backend: 'wasm', onMetric: () => undefined },
  );
  assert.equal(out.status, 'done');
  // The fixture is half spam, half ham: a model that learned nothing scores about 0.5.
  assert.ok(out.final['eval_accuracy']! > 0.75, `accuracy ${out.final['eval_accuracy']}`);
  assert.ok(out.final['eval_loss']! < Math.LN2, `eval loss ${out.final['eval_loss']}`);
});
