// @lane integration: Dawn needs a Vulkan driver (Mesa lavapipe from bookworm-backports on CI)
// Kernel fallbacks on webgpu: which kernels a LoRA and a full fine-tuning step run, and which of
// them tfjs forwards to its CPU backend. The forwarded list is documented in docs/runtime.md
// ("WebGPU"); this test fails when it changes, so the documentation cannot drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { onSyncBackend } from '../../../runtime/tf/readback';
import { createTransformer } from '../../../runtime/model/transformer';
import { resolveMethod } from '../../../runtime/peft';
import { createAdamW } from '../../../runtime/train/optimizers';
import { trainStep } from '../../../runtime/train/step';
import { lmBatches } from '../../../runtime/data/batches';
import { loadCorpus } from '../../../runtime/data/corpora';
import { traceKernels } from './kernel-trace';
import type { PlanValue } from '../../../core/types/plan';

/** Scalar arithmetic on the loss, whose inputs are already on the host (docs/runtime.md). */
const DOCUMENTED_CPU_FORWARDS = ['Multiply', 'Neg', 'RealDiv'];

for (const method of ['lora', 'full']) {
  void test(`${method}: a training step runs its matmuls on the GPU; only scalar loss arithmetic is forwarded to CPU`, async (t) => {
    await selectBackend('webgpu');
    const m = createTransformer(
      { vocab: 256, width: 32, depth: 2, heads: 2, context: 32, mlpRatio: 4 },
      1,
    );
    const params: Record<string, PlanValue> =
      method === 'lora' ? { r: 4, target_modules: ['q', 'v'] } : {};
    const attached = await onSyncBackend(m.handle.variables.values(), () =>
      resolveMethod(method)(m.handle, params, { seed: 1 }),
    );
    const opt = createAdamW({ lr: 1e-3 });
    const next = lmBatches(loadCorpus('tiny'), 8, 32, 7);
    // The first step uploads weights and compiles shaders; trace a steady-state step.
    await trainStep(m, attached, opt, next(), 1e-3, 1, 1);
    const trace = await traceKernels(
      async () => void (await trainStep(m, attached, opt, next(), 1e-3, 1, 2)),
    );
    attached.dispose();
    opt.dispose();
    m.dispose();
    t.diagnostic(`kernels on webgpu: ${[...trace.ran].map(([k, n]) => `${k}×${n}`).join(' ')}`);
    t.diagnostic(
      `forwarded to CPU: ${[...trace.onCpu].map(([k, n]) => `${k}×${n}`).join(' ') || 'none'}`,
    );
    assert.ok((trace.ran.get('BatchMatMul') ?? 0) > 0, 'the step ran matmuls on webgpu');
    assert.equal(trace.onCpu.get('BatchMatMul'), undefined, 'no matmul is forwarded to CPU');
    assert.deepEqual([...trace.onCpu.keys()].sort(), DOCUMENTED_CPU_FORWARDS);
    // Each forwarded kernel is a one-off on the loss scalar, not per-layer work.
    for (const [k, n] of trace.onCpu) assert.ok(n <= 2, `${k} forwarded ${n} times per step`);
  });
}
