// @lane integration: the project's Python with torch + peft (scripts/python-env.sh or PEFT_LAB_PYTHON)
// The MLP classifier on torch against the tfjs wasm engine (same engine init, same hashed 3-gram
// features and batches): full fine-tuning agrees on the first step to 1e-4 and at step 5 to 1%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricRecord } from '../../../core/protocol';
import { runTrial } from '../../../runtime/train/run-trial';
import { runTorchTrial } from '../../../runtime/torch/bridge';
import { loraTrial, requireTorch, tmp, trainLosses } from './helpers';

void test('torch vs wasm: the MLP classifier with full fine-tuning agrees on the first step', async () => {
  requireTorch();
  const cacheDir = tmp();
  const config = loraTrial({
    model: { name: 'mlp', family: 'mlp', params: { n_in: 256, hidden: [32], classes: 2 } },
    data: { name: 'spam', corpus: 'tiny-spam', holdout: 0.2, params: {} },
    adapter: { name: 'full', method: 'full', params: {} },
    steps: 5,
    evalEvery: 5,
  });
  const wasm: MetricRecord[] = [];
  const torch: MetricRecord[] = [];
  await runTrial(config, { cacheDir, backend: 'wasm', onMetric: (m) => wasm.push(m) });
  const b = await runTorchTrial(config, { cacheDir, onMetric: (m) => torch.push(m), id: 'mlp' });
  assert.equal(b.status, 'done');
  const [lw, lt] = [trainLosses(wasm), trainLosses(torch)];
  assert.ok(Math.abs(lw[0]! - lt[0]!) < 1e-4, `first-step loss: wasm ${lw[0]} vs torch ${lt[0]}`);
  assert.ok(Math.abs(lw[4]! - lt[4]!) / lw[4]! < 0.01, `step 5: ${lw[4]} vs ${lt[4]}`);
});

void test('torch vs wasm: LoRA on a pretrained MLP over the Fashion-MNIST slice trains the same, far above chance', async () => {
  requireTorch();
  const fashion = { name: 'fashion', corpus: 'tiny-fashion', holdout: 0.2, params: {} };
  const cacheDir = tmp();
  // The same images, split and draws on both engines (runtime/data/vision.ts, peft_lab_torch/vision.py).
  const config = loraTrial({
    model: {
      name: 'mlp',
      family: 'mlp',
      params: { n_in: 784, hidden: [64], classes: 10 },
      // The engine pretrains the base once (runtime/train/pretrain.ts); the worker loads those weights.
      pretrain: { data: fashion, steps: 20, lr: 3e-3, batch: 32, seed: 0 },
    },
    data: fashion,
    adapter: {
      name: 'lora',
      method: 'lora',
      params: { r: 8, lora_alpha: 16, target_modules: 'all-linear' },
    },
    optimizer: { name: 'adamw', params: { lr: 1e-2 } },
    batch: 32,
    steps: 80,
    evalEvery: 40,
  });
  const wasm: MetricRecord[] = [];
  const torch: MetricRecord[] = [];
  const a = await runTrial(config, { cacheDir, backend: 'wasm', onMetric: (m) => wasm.push(m) });
  const b = await runTorchTrial(config, {
    cacheDir,
    onMetric: (m) => torch.push(m),
    id: 'fashion',
  });
  assert.equal(b.status, 'done');
  const [lw, lt] = [trainLosses(wasm), trainLosses(torch)];
  assert.ok(Math.abs(lw[0]! - lt[0]!) < 1e-4, `first-step loss: wasm ${lw[0]} vs torch ${lt[0]}`);
  assert.ok(
    Math.abs(a.final['eval_loss']! - b.final['eval_loss']!) < 0.02,
    JSON.stringify([a.final, b.final]),
  );
  assert.ok(b.final['eval_accuracy']! > 0.45, `torch accuracy ${b.final['eval_accuracy']}`);
});
