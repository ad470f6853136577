// Axis importance (fANOVA-lite on ranks): hand-computed ranks, ρ and η², and a synthetic sweep
// where the metric depends on one axis only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axisImportance, ranks } from '../../../core/search';
import { mulberry32 } from '../../../core/random';

void test('ranks average ties', () => {
  assert.deepEqual(ranks([3, 1, 2, 1]), [4, 1.5, 3, 1.5]);
});

void test('a monotone numeric axis explains everything, with its sign; a constant one nothing', () => {
  const trials = [1e-4, 1e-3, 1e-2, 1e-1].map((lr, i) => ({
    axes: { lr, r: 8 },
    value: 10 - i * i, // falls as lr grows, not linearly: ranks make the scale irrelevant
  }));
  const [lr, r] = axisImportance(trials);
  assert.deepEqual(lr, { axis: 'lr', kind: 'numeric', score: 1, share: 1, rho: -1, n: 4 });
  assert.deepEqual(r, { axis: 'r', kind: 'numeric', score: 0, share: 0, n: 4 });
});

void test('a categorical axis: ω² of the ranks, hand-computed', () => {
  // values 1, 2 for "a" and 3, 5, 4 for "b": ranks 1, 2 | 3, 5, 4; mean 3;
  // between = 2·(1.5 − 3)² + 3·(4 − 3)² = 4.5 + 3 = 7.5; total = 4 + 1 + 0 + 4 + 1 = 10;
  // MS_within = 2.5 / 3; ω² = (7.5 − 2.5/3) / (10 + 2.5/3) = 8 / 13.
  const trials = [1, 2, 3, 5, 4].map((value, i) => ({
    axes: { method: i < 2 ? 'a' : 'b' },
    value,
  }));
  const [m] = axisImportance(trials);
  assert.equal(m!.kind, 'categorical');
  assert.ok(Math.abs(m!.score - 8 / 13) < 1e-12, String(m!.score));
});

void test('only done trials count; pruned and failed ones are partial results', () => {
  const trials = [
    { axes: { lr: 1 }, value: 3 },
    { axes: { lr: 2 }, value: 2, state: 'done' },
    { axes: { lr: 3 }, value: 1, state: 'done' },
    { axes: { lr: 4 }, value: 9, state: 'pruned' },
    { axes: { lr: 5 }, value: NaN, state: 'done' },
  ];
  const [lr] = axisImportance(trials);
  assert.equal(lr!.n, 3);
  assert.equal(lr!.rho, -1);
});

void test('an optimum inside the range (a U in log lr) ranks its axis first, though ρ ≈ 0', () => {
  const rand = mulberry32(11);
  const trials = Array.from({ length: 60 }, () => {
    const lr = 10 ** (-4 + 3 * rand());
    const r = [4, 8, 16][Math.floor(rand() * 3)]!;
    const opt = rand() < 0.5 ? 'adamw' : 'sgd';
    return { axes: { lr, r, opt }, value: (Math.log10(lr) + 2.5) ** 2 + 0.05 * rand() };
  });
  const out = axisImportance(trials);
  assert.equal(out[0]!.axis, 'lr');
  assert.ok(Math.abs(out[0]!.rho!) < 0.3, `ρ ${out[0]!.rho}`);
  assert.ok(out[0]!.share > 0.6, `lr share ${out[0]!.share}`);
  assert.ok(Math.abs(out.reduce((s, a) => s + a.share, 0) - 1) < 1e-12);
});
