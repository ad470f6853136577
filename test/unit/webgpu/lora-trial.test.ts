// @lane integration: Dawn needs a Vulkan driver (Mesa lavapipe from bookworm-backports on CI)
// A whole LoRA trial through runTrial (the path `peft run` takes) on wasm and on webgpu: the
// loss curves agree step by step within 1 %, and the trial records the adapter it ran on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { MetricRecord } from '../../../core/protocol';
import { runTrial, type TrialOutcome } from '../../../runtime/train/run-trial';
import { tinyTrial } from '../runtime/helpers';

const CONFIG = tinyTrial({
  model: {
    name: 'small',
    family: 'transformer',
    params: { vocab: 'bytes', width: 32, depth: 2, heads: 2, context: 32 },
  },
  adapter: {
    name: 'lora',
    method: 'lora',
    params: { r: 4, lora_alpha: 8, target_modules: ['q', 'v'] },
  },
  optimizer: { name: 'adamw', params: { lr: 1e-2 } },
  batch: 8,
  steps: 20,
  evalEvery: 10,
});

async function trial(
  backend: string,
): Promise<{ out: TrialOutcome; train: number[]; evals: number[] }> {
  const recs: MetricRecord[] = [];
  const cacheDir = mkdtempSync(join(tmpdir(), 'peft-webgpu-'));
  const out = await runTrial(CONFIG, { backend, cacheDir, onMetric: (r) => recs.push(r) });
  const train = recs.flatMap((r) => (r.kind === 'train' ? [r.loss] : []));
  const evals = recs.flatMap((r) => (r.kind === 'eval' ? [r.metrics['eval_loss']!] : []));
  return { out, train, evals };
}

void test('a 20-step LoRA trial on webgpu follows the wasm loss curve within 1% and records its adapter', async () => {
  const wasm = await trial('wasm');
  const gpu = await trial('webgpu');
  assert.equal(gpu.out.status, 'done');
  assert.equal(gpu.out.backend, 'webgpu');
  assert.equal(gpu.train.length, 20);
  assert.equal(wasm.train.length, 20);
  gpu.train.forEach((l, i) => {
    const rel = Math.abs(l - wasm.train[i]!) / Math.abs(wasm.train[i]!);
    assert.ok(
      rel <= 0.01,
      `step ${i + 1}: webgpu ${l} vs wasm ${wasm.train[i]} (${(rel * 100).toFixed(3)} %)`,
    );
  });
  gpu.evals.forEach((l, i) =>
    assert.ok(
      Math.abs(l - wasm.evals[i]!) / wasm.evals[i]! <= 0.01,
      `eval ${i}: webgpu ${l} vs wasm ${wasm.evals[i]}`,
    ),
  );
  assert.ok(gpu.train[19]! < gpu.train[0]!, `the loss falls: ${gpu.train[0]} → ${gpu.train[19]}`);
  // The adapter (and, for software devices, that no GPU was used) is what tells runs apart.
  const device = gpu.out.device;
  assert.ok(device && device.adapter.length > 0, `device recorded: ${JSON.stringify(device)}`);
  assert.equal(wasm.out.device, undefined, 'CPU backends record no device');
  assert.ok(
    gpu.out.adapter && gpu.out.adapter.length > 0,
    'the adapter file is written from webgpu tensors',
  );
  // Nothing leaks across the awaits: a second trial ends with as many live tensors as the first
  // (the first one creates the per-backend constant caches).
  const after1 = tf.memory().numTensors;
  await trial('webgpu');
  assert.equal(tf.memory().numTensors, after1, 'live tensors after a second webgpu trial');
});
