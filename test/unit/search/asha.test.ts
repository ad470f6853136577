// ASHA against its published rule (Li et al. 2018, Algorithm 2; Optuna's SuccessiveHalvingPruner):
// expected decisions below are worked by hand, rung by rung, with η = 3 and r = 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashaDecide, ashaRungs, promotable } from '../../../core/search/asha';
import { Timeline } from './curves';

const o = { minResource: 1, reductionFactor: 3 };

void test('rungs are r·η^(s+k) below the maximum resource', () => {
  assert.deepEqual(ashaRungs(o, 100), [1, 3, 9, 27, 81]);
  assert.deepEqual(ashaRungs({ ...o, minEarlyStoppingRate: 1, maxResource: 27 }, 100), [3, 9]);
  assert.throws(
    () => ashaRungs({ minResource: 1, reductionFactor: 1 }, 10),
    /reductionFactor must be a number ≥ 2, got 1/,
  );
});

void test('promotion keeps the top ⌊n/η⌋, or only the best while n < η', () => {
  assert.equal(promotable(0.5, [0.5], 3), true);
  assert.equal(promotable(0.7, [0.7, 0.5], 3), false);
  assert.equal(promotable(0.42, [0.42, 0.4, 0.5, 0.7, 0.45, 0.6], 3), true); // ⌊6/3⌋ = 2nd best
  assert.equal(promotable(0.45, [0.45, 0.4, 0.5, 0.7, 0.42, 0.6], 3), false);
  assert.equal(promotable(NaN, [NaN], 3), false);
});

void test('scripted timeline: each trial is compared with the values recorded at its rung before it', () => {
  const t = new Timeline();
  const decide = (id: string): string => ashaDecide(t.history(), id, o);
  assert.equal(t.report('A', 1, 0.5) && decide('A'), 'continue'); // alone at rung 1
  assert.equal(t.report('B', 1, 0.7) && decide('B'), 'prune'); // n = 2 < η: must be the best
  assert.equal(t.report('C', 1, 0.4) && decide('C'), 'continue'); // best of 3
  assert.equal(t.report('D', 1, 0.45) && decide('D'), 'prune'); // ⌊4/3⌋ = 1: only 0.4 passes
  assert.equal(t.report('E', 1, 0.6) && decide('E'), 'prune');
  assert.equal(t.report('F', 1, 0.42) && decide('F'), 'continue'); // ⌊6/3⌋ = 2: 0.4, 0.42 pass
  assert.equal(t.report('A', 3, 0.3) && decide('A'), 'continue'); // first at rung 3
  assert.equal(t.report('C', 3, 0.35) && decide('C'), 'prune'); // n = 2 at rung 3, A is better
  assert.equal(t.report('F', 2, 0.2) && decide('F'), 'continue'); // between rungs: nothing new
});

void test('resumable: a decision depends only on the recorded history, whenever it is asked', () => {
  const t = new Timeline().report('A', 1, 0.5).report('B', 1, 0.7);
  const early = ashaDecide(t.history(), 'B', o);
  // Later trials that reach rung 1 after B cannot change B's decision at rung 1.
  t.report('C', 1, 0.9).report('D', 1, 0.95).report('E', 1, 0.99);
  assert.equal(early, 'prune');
  assert.equal(ashaDecide(t.history(), 'B', o), 'prune');
  assert.equal(ashaDecide(t.history(), 'A', o), 'continue');
  // A replay of the same history (as after kill -9) gives the same decisions for every trial.
  const replay = JSON.parse(JSON.stringify(t.history())) as ReturnType<Timeline['history']>;
  for (const id of ['A', 'B', 'C', 'D', 'E'])
    assert.equal(ashaDecide(replay, id, o), ashaDecide(t.history(), id, o));
});

void test('an unknown trial is a clear error', () => {
  assert.throws(() => ashaDecide([], 'nope', o), /no trial "nope" in the history \(0 trials\)/);
});
