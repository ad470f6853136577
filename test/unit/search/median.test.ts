// The median stopping rule as Optuna's MedianPruner states it, on hand-computed curves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { median, medianDecide } from '../../../core/search/median';
import { Timeline } from './curves';

const o = { startupTrials: 2, warmupSteps: 1 };

function completed(): Timeline {
  const t = new Timeline();
  [1.0, 0.8, 0.6, 0.5].forEach((v, step) => t.report('P', step, v));
  [1.0, 0.6, 0.4, 0.3].forEach((v, step) => t.report('Q', step, v));
  return t.finish('P').finish('Q');
}

void test('median of an odd and an even count', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([0.8, 0.6]), 0.7);
  assert.ok(Number.isNaN(median([])));
});

void test('prunes when the best value so far is worse than the median at that step', () => {
  const t = completed();
  assert.equal(medianDecide(t.report('R', 0, 5.0).history(), 'R', o), 'continue'); // warm-up step
  assert.equal(medianDecide(t.report('R', 1, 0.75).history(), 'R', o), 'prune'); // 0.75 > median(0.8, 0.6) = 0.7
  assert.equal(medianDecide(t.report('S', 1, 0.65).history(), 'S', o), 'continue'); // 0.65 ≤ 0.7
  // The best so far counts, not the latest value: 0.5 at step 0, 0.9 at step 1.
  assert.equal(
    medianDecide(t.report('U', 0, 0.5).report('U', 1, 0.9).history(), 'U', o),
    'continue',
  );
  // At step 3 the median is (0.5 + 0.3)/2 = 0.4.
  const v = t.report('V', 1, 0.6).report('V', 3, 0.45).history();
  assert.equal(medianDecide(v, 'V', o), 'prune');
  assert.equal(medianDecide(v, 'V', { ...o, intervalSteps: 3 }), 'continue'); // step 3 is off the 1 + 3k grid
});

void test('no pruning before startup trials complete, or without peers at the step', () => {
  const t = new Timeline();
  [1.0, 0.8].forEach((v, step) => t.report('P', step, v));
  t.finish('P').report('R', 1, 5.0);
  assert.equal(medianDecide(t.history(), 'R', o), 'continue'); // 1 completed < 2
  const u = completed().report('R', 7, 9.9).history();
  assert.equal(medianDecide(u, 'R', o), 'continue'); // no completed trial reported step 7
  assert.equal(medianDecide(completed().report('R', 2, NaN).history(), 'R', o), 'prune');
});

void test('bad options are named errors; replay is identical', () => {
  assert.throws(
    () => medianDecide(completed().history(), 'P', { intervalSteps: 0 }),
    /median intervalSteps must be an integer ≥ 1, got 0/,
  );
  const h = completed().report('R', 1, 0.75).history();
  assert.equal(medianDecide(structuredClone(h), 'R', o), medianDecide(h, 'R', o));
});
