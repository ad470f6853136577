// @lane integration: the project's Python with torch + peft (scripts/python-env.sh or PEFT_LAB_PYTHON)
// The built-in transformer on torch against the tfjs wasm engine: same base weights (the engine's cached
// safetensors), same batches (mulberry32 windows), same LoRA init (the engine's draws), same optimizer and
// schedule. The first-step loss must agree to 1e-4 and a 50-step LoRA curve to 1% at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricRecord } from '../../../core/protocol';
import { runTrial } from '../../../runtime/train/run-trial';
import { runTorchTrial } from '../../../runtime/torch/bridge';
import { decodeSafetensors } from '../../../runtime/io/safetensors';
import { loraTrial, requireTorch, tmp, trainLosses } from './helpers';

void test('torch vs wasm: first-step loss within 1e-4, 50-step LoRA curve within 1%, same adapter keys', async (t) => {
  requireTorch();
  const cacheDir = tmp();
  const config = loraTrial();
  const wasm: MetricRecord[] = [];
  const torch: MetricRecord[] = [];
  const a = await runTrial(config, { cacheDir, backend: 'wasm', onMetric: (m) => wasm.push(m) });
  const b = await runTorchTrial(config, {
    cacheDir,
    onMetric: (m) => torch.push(m),
    id: 'parity',
    expectedTrainable: 2 * 2 * (32 * 4 + 4 * 32),
  });
  assert.equal(a.status, 'done');
  assert.equal(b.status, 'done');
  assert.equal(b.backend, 'torch-cpu');
  const lw = trainLosses(wasm);
  const lt = trainLosses(torch);
  assert.equal(lt.length, 50);
  assert.ok(Math.abs(lw[0]! - lt[0]!) < 1e-4, `first-step loss: wasm ${lw[0]} vs torch ${lt[0]}`);
  const worst = Math.max(...lw.map((l, i) => Math.abs(l - lt[i]!) / l));
  t.diagnostic(
    `first-step |Δloss| ${Math.abs(lw[0]! - lt[0]!).toExponential(2)}; worst relative Δ over 50 steps ${worst.toExponential(2)}`,
  );
  assert.ok(worst < 0.01, `worst relative difference over 50 steps: ${worst}`);
  assert.ok(
    Math.abs(a.final['eval_loss']! - b.final['eval_loss']!) / a.final['eval_loss']! < 0.01,
    `eval: ${a.final['eval_loss']} vs ${b.final['eval_loss']}`,
  );
  const keys = (bytes?: Uint8Array): string[] =>
    [...decodeSafetensors(bytes!).tensors.keys()].sort();
  assert.deepEqual(keys(b.adapter), keys(a.adapter));
});
