// Law-guided design: the candidate batches, and the choices on a power law fitted by core/laws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { candidatePlans } from '../../../core/search/design-plans';
import { proposeTrials, trainingFlops } from '../../../core/search/design';
import { evaluateLaw } from '../../../core/laws/resolve';
import { mulberry32 } from '../../../core/random';
import { grid, power, target } from './design-sim';

function noisyPoints(seed: number): Array<{ x: number[]; y: number }> {
  const rng = mulberry32(seed);
  return grid.slice(0, 5).map((N) => ({
    x: [N],
    y: evaluateLaw(power, [1.8, 400, 0.3], {}, [N]) * Math.exp(0.02 * (rng() - 0.5)),
  }));
}

void test('candidate batches mix trials near the target with spread, without duplicates', () => {
  const priced = grid.map((N) => ({ x: [N], cost: trainingFlops(N, 20 * N) }));
  const plans = candidatePlans(priced, target);
  const xs = plans.map((p) => p.map((i) => grid[i]!));
  assert.deepEqual(xs.slice(0, 3), [[grid[6]], [grid[6], grid[5]], [grid[6], grid[5], grid[4]]]);
  assert.deepEqual(xs[6], grid.slice().reverse(), 'one pass of the grid, nearest first');
  assert.deepEqual(xs.slice(7), [
    [grid[6], grid[6]],
    [grid[6], grid[0]],
    [grid[6], grid[3], grid[0]],
    [grid[6], grid[5], grid[0]],
  ]);
});

void test('equal costs: the batch starts at the trial nearest the target; picks are deterministic', () => {
  const points = noisyPoints(3);
  const equal = grid.map((N) => ({ x: [N], cost: 1 }));
  const batch = proposeTrials({ model: power, points, target, candidates: equal, count: 2 });
  assert.equal(batch[0]!.candidate.x[0], grid[6]);
  assert.equal(batch[0]!.batch, 0);
  assert.ok(
    batch.every((p) => p.widthAfter < p.widthBefore),
    'each pick narrows the interval',
  );
  assert.deepEqual(
    proposeTrials({ model: power, points, target, candidates: equal, count: 2 }),
    batch,
    'deterministic',
  );
});

void test('a target width the cheap trials cannot reach buys the informative expensive one', () => {
  const points = noisyPoints(3);
  const priced = grid.map((N) => ({ x: [N], cost: trainingFlops(N, 20 * N) }));
  const [now] = proposeTrials({ model: power, points, target, candidates: priced, count: 1 });
  const [aimed] = proposeTrials({
    model: power,
    points,
    target,
    candidates: priced,
    count: 1,
    targetWidth: now!.widthBefore / 3,
  });
  assert.equal(aimed!.candidate.x[0], grid[6]);
});

void test('bad requests are clear errors', () => {
  const points = noisyPoints(3);
  assert.throws(
    () => proposeTrials({ model: power, points, target, candidates: [], count: 1 }),
    /no candidate trials/,
  );
  assert.throws(
    () =>
      proposeTrials({
        model: power,
        points,
        target,
        candidates: [{ x: [1e6], cost: 0, label: 'tiny' }],
        count: 1,
      }),
    /candidate tiny has cost 0/,
  );
  assert.throws(
    () =>
      proposeTrials({
        model: power,
        points: points.slice(0, 1),
        target,
        candidates: [{ x: [1e6], cost: 1 }],
        count: 1,
      }),
    /cannot be fitted to the 1 points/,
  );
});
