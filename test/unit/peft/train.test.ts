import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectBackend } from '../../../runtime/tf/backend';
import { attach, makeModel, train } from './helpers';
import { CASES, caseName } from './cases';

before(async () => {
  await selectBackend('cpu');
});

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Methods with very few parameters move the loss less in 200 steps: LoLDU trains r + 1 scalars per
// site, sparse 10% of the kernels; prompt tuning steers a frozen random LM whose logits are near
// uniform (ln 256), so only a small but steady drop is possible there
// (measured: 3.323 → 3.320 after a short base pretraining; a known weak spot of this test).
const LR: Record<string, number> = { loldu: 5e-2, prompt_tuning: 5e-2 };
const RATIO: Record<string, number> = { loldu: 0.95, sparse: 0.95, prompt_tuning: 1 };

for (const c of CASES) {
  void test(`${caseName(c)}: 200 steps on a tiny task lower the loss`, async () => {
    const model = makeModel(c.family, 11);
    if (c.method === 'prompt_tuning') {
      // A random LM has near-uniform logits that no prompt can steer: give it a short pretraining.
      const base = attach(model, { ...c, method: 'full', params: {} }, 11);
      await train(model, base, 8, 1e-2);
    }
    const m = attach(model, c, 11);
    const losses = await train(model, m, 200, LR[c.method] ?? 1e-2);
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-10));
    assert.ok(losses.every(Number.isFinite), 'losses stay finite');
    assert.ok(
      last < (RATIO[c.method] ?? 0.85) * first,
      `loss ${first.toFixed(4)} → ${last.toFixed(4)}`,
    );
    m.dispose();
    model.dispose();
  });
}
