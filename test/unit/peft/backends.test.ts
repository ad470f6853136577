import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { attach, makeModel, train, type Case } from './helpers';
import { CASES, TRANSFORMER_CASES, caseName } from './cases';

/** Losses of three training steps on one backend (fresh model and adapter from the same seeds). */
async function stepsOn(backend: 'cpu' | 'wasm', c: Case): Promise<number[]> {
  await selectBackend(backend, { wasmThreads: 1 });
  const model = makeModel(c.family, 4);
  const m = attach(model, c, 4);
  const losses = await train(model, m, 3, 1e-2);
  m.dispose();
  model.dispose();
  return losses;
}

for (const c of [...CASES, ...TRANSFORMER_CASES]) {
  void test(`${caseName(c)} (${c.family}): forward+backward run on wasm and cpu with the same losses`, async () => {
    const cpu = await stepsOn('cpu', c);
    const wasm = await stepsOn('wasm', c);
    assert.ok(
      cpu.every(Number.isFinite) && wasm.every(Number.isFinite),
      `losses cpu ${cpu.join(',')} wasm ${wasm.join(',')}`,
    );
    assert.ok(
      Math.abs(cpu[0]! - wasm[0]!) <= 1e-4,
      `first-step loss cpu ${cpu[0]} vs wasm ${wasm[0]}`,
    );
    assert.ok(
      Math.abs(cpu[2]! - wasm[2]!) <= 1e-3,
      `third-step loss cpu ${cpu[2]} vs wasm ${wasm[2]}`,
    );
  });
}
