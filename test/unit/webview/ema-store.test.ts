import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emaSmooth, emaStart, emaStep } from '../../../webview/ema';
import { SeriesStore, appendColumns } from '../../../webview/series-store';

void test('EMA is debiased: hand-computed values for w = 0.5', () => {
  // s1 = 0.5·2 = 1 → 1/(1−0.5) = 2; s2 = 0.5·1 + 0.5·4 = 2.5 → 2.5/(1−0.25) = 10/3.
  const out = emaSmooth([2, 4], 0.5);
  assert.equal(out[0], 2);
  assert.ok(Math.abs(out[1]! - 10 / 3) < 1e-12);
});

void test('EMA: weight 0 is the identity; NaN passes through without touching the state', () => {
  assert.deepEqual(emaSmooth([3, 1, 2], 0), [3, 1, 2]);
  const s = emaStart();
  emaStep(s, 0.9, 1);
  const before = { ...s };
  assert.ok(Number.isNaN(emaStep(s, 0.9, NaN)));
  assert.deepEqual(s, before);
  assert.throws(() => emaStep(s, 1, 1), /\[0, 1\), got 1/);
  assert.throws(() => emaStep(s, -0.1, 1), /got -0.1/);
});

void test('EMA streamed in pieces equals EMA of the whole series', () => {
  const ys = Array.from({ length: 50 }, (_, i) => Math.exp(-i / 10) + 0.1 * Math.sin(i));
  const whole = emaSmooth(ys, 0.8);
  const s = emaStart();
  const pieces = [
    ...ys.slice(0, 17).map((y) => emaStep(s, 0.8, y)),
    ...ys.slice(17).map((y) => emaStep(s, 0.8, y)),
  ];
  assert.deepEqual(pieces, whole);
});

void test('appending columns keeps steps strictly increasing (re-sent points are dropped)', () => {
  const into = { step: [1, 2, 3], v: [10, 20, 30] };
  assert.equal(
    appendColumns(into, { step: [2, 3, 4, 5], v: [0, 0, 40, 50] }, ['step', 'v'] as const),
    2,
  );
  assert.deepEqual(into, { step: [1, 2, 3, 4, 5], v: [10, 20, 30, 40, 50] });
});

void test('SeriesStore counts what each delta added, train and eval separately', () => {
  const store = new SeriesStore();
  const train = (steps: number[]) => ({
    step: steps,
    loss: steps.map(() => 1),
    tokens: steps,
    flops: steps,
    wall: steps,
  });
  assert.deepEqual(store.append({ id: 'a', train: train([0, 1, 2]) }), { train: 3, eval: 0 });
  assert.deepEqual(
    store.append({
      id: 'a',
      train: train([2, 3]),
      eval: { step: [3], tokens: [3], flops: [3], wall: [3], value: [0.5] },
    }),
    { train: 1, eval: 1 },
  );
  assert.equal(store.size(), 4);
  assert.deepEqual(store.get('a')!.eval.value, [0.5]);
  store.clear();
  assert.equal(store.get('a'), undefined);
});

void test('appending out-of-order rows keeps only those that extend the series', () => {
  const into = { step: [1], v: [10] };
  assert.equal(
    appendColumns(into, { step: [3, 2, 4, 4, 5], v: [30, 20, 40, 41, 50] }, ['step', 'v'] as const),
    3,
  );
  assert.deepEqual(into, { step: [1, 3, 4, 5], v: [10, 30, 40, 50] });
});
