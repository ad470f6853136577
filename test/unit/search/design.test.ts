// Law-guided design: the delta-method algebra against direct computation, and the greedy's choices
// against the rules of c-optimal design on a power law fitted by core/laws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addObservation,
  inverseInformation,
  logGradient,
  predictionVariance,
} from '../../../core/search/design-info';
import { proposeTrials, trainingFlops } from '../../../core/search/design';
import { evaluateLaw } from '../../../core/laws/resolve';
import { mulberry32 } from '../../../core/random';
import { grid, power, target } from './design-sim';

const close = (a: number, b: number, tol: number): void =>
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

void test('the information inverse and its Sherman–Morrison update match direct inversion', () => {
  const rows = [
    [1, 2, 0],
    [0, 1, 1],
    [1, 0, 3],
    [2, 1, 1],
  ];
  const inv = inverseInformation(rows);
  const info = [0, 1, 2].map((a) =>
    [0, 1, 2].map((b) => rows.reduce((s, r) => s + r[a]! * r[b]!, 0)),
  );
  info.forEach((row, a) =>
    [0, 1, 2].forEach((b) =>
      close(
        row.reduce((s, v, k) => s + v * inv[k]![b]!, 0),
        a === b ? 1 : 0,
        1e-6,
      ),
    ),
  );
  const j = [0.5, -1, 2];
  const updated = addObservation(inv, j, 1);
  const direct = inverseInformation([...rows, j]);
  updated.forEach((row, a) => row.forEach((v, b) => close(v, direct[a]![b]!, 1e-6)));
  assert.ok(
    predictionVariance(updated, j) < 0.9 * predictionVariance(inv, j),
    'an observation along j narrows the variance along j',
  );
});

void test('the log-gradient is θ·∂ log f/∂θ (checked against the analytic power-law derivative)', () => {
  const theta = [1.8, 400, 0.3];
  const [dE, dA, dAlpha] = logGradient(power, theta, {}, [1e6]);
  const f = evaluateLaw(power, theta, {}, [1e6]);
  const t = 400 * Math.pow(1e6, -0.3);
  close(dE!, 1.8 / f, 1e-6);
  close(dA!, t / f, 1e-6);
  close(dAlpha!, (-0.3 * Math.log(1e6) * t) / f, 1e-6);
});

function noisyPoints(seed: number): Array<{ x: number[]; y: number }> {
  const rng = mulberry32(seed);
  return grid.slice(0, 5).map((N) => ({
    x: [N],
    y: evaluateLaw(power, [1.8, 400, 0.3], {}, [N]) * Math.exp(0.02 * (rng() - 0.5)),
  }));
}

void test('equal costs: the trial nearest the extrapolation target teaches most; 6·N·D costs: the cheapest', () => {
  const points = noisyPoints(3);
  const equal = grid.map((N) => ({ x: [N], cost: 1 }));
  const [first] = proposeTrials({ model: power, points, target, candidates: equal, count: 1 });
  assert.equal(first!.candidate.x[0], grid[6]);
  assert.ok(first!.widthAfter < first!.widthBefore);
  const priced = grid.map((N) => ({ x: [N], cost: trainingFlops(N, 20 * N) }));
  const batch = proposeTrials({ model: power, points, target, candidates: priced, count: 3 });
  assert.equal(batch[0]!.candidate.x[0], grid[0]);
  for (let i = 1; i < 3; i++)
    assert.ok(
      batch[i]!.widthAfter <= batch[i - 1]!.widthAfter,
      'each pick narrows the predicted interval',
    );
  assert.deepEqual(
    proposeTrials({ model: power, points, target, candidates: priced, count: 3 }),
    batch,
    'deterministic',
  );
});

void test('a target width the cheap trials cannot reach buys the informative expensive one', () => {
  const points = noisyPoints(3);
  const priced = grid.map((N) => ({ x: [N], cost: trainingFlops(N, 20 * N) }));
  const [cheap] = proposeTrials({ model: power, points, target, candidates: priced, count: 1 });
  const [aimed] = proposeTrials({
    model: power,
    points,
    target,
    candidates: priced,
    count: 1,
    targetWidth: cheap!.widthBefore / 3,
  });
  assert.ok(aimed!.candidate.x[0]! > grid[3]!, `picked N = ${aimed!.candidate.x[0]}`);
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
