// @lane integration: Dawn needs a Vulkan driver (Mesa lavapipe from bookworm-backports on CI)
// Every runnable PEFT method trains on webgpu (Dawn; on CI Mesa's lavapipe) with the losses it has
// on wasm. Both backends start from the same weights: initialisation is drawn in JS from seeded
// PRNGs, so the same seeds give bit-identical initial tensors on every backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { onSyncBackend } from '../../../runtime/tf/readback';
import { RUNNABLE_METHODS } from '../../../runtime/peft';
import { attach, makeModel, train, type Case } from '../peft/helpers';
import { CASES, TRANSFORMER_CASES, caseName } from '../peft/cases';

/** Presets the shared cases do not list: LoRA+ (B's learning-rate ratio) and MiSS (Bone's `bat` variant). */
const PRESETS: readonly Case[] = [
  {
    method: 'loraplus',
    params: { r: 4, lora_alpha: 8 },
    family: 'mlp',
    identity: true,
    mergeable: true,
  },
  { method: 'miss', params: { r: 4 }, family: 'mlp', identity: true, mergeable: true },
];
const ALL = [...CASES, ...TRANSFORMER_CASES, ...PRESETS];

/** Losses of three AdamW steps on one backend; method setup runs where reads are synchronous. */
async function stepsOn(backend: 'wasm' | 'webgpu', c: Case): Promise<number[]> {
  await selectBackend(backend, { wasmThreads: 1 });
  const model = makeModel(c.family, 4);
  const m = await onSyncBackend(model.handle.variables.values(), () => attach(model, c, 4));
  const losses = await train(model, m, 3, 1e-2);
  m.dispose();
  model.dispose();
  return losses;
}

void test('the webgpu cases cover every method the runtime can train', () => {
  const covered = new Set(ALL.map((c) => c.method));
  const missing = RUNNABLE_METHODS.filter((m) => !covered.has(m));
  assert.deepEqual(missing, [], `methods without a webgpu case: ${missing.join(', ')}`);
});

for (const c of ALL) {
  void test(`${caseName(c)} (${c.family}): trains on webgpu with wasm's first-step loss (1e-3)`, async () => {
    const wasm = await stepsOn('wasm', c);
    const gpu = await stepsOn('webgpu', c);
    assert.ok(gpu.every(Number.isFinite), `webgpu losses ${gpu.join(', ')}`);
    assert.ok(
      Math.abs(gpu[0]! - wasm[0]!) <= 1e-3,
      `first-step loss webgpu ${gpu[0]} vs wasm ${wasm[0]}`,
    );
    // After two updates only rounding (and dropout masks) may separate the backends.
    assert.ok(
      Math.abs(gpu[2]! - wasm[2]!) <= 2e-3,
      `third-step loss webgpu ${gpu[2]} vs wasm ${wasm[2]}`,
    );
  });
}
