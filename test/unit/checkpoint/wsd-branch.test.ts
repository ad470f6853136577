// WSD branching: decay variants start from their leader's checkpoint at the branch point and
// train only their own steps, yet their curves equal independent full runs with the same seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Trial } from '../../../core/types/plan';
import { MODEL, curve, run, tempRoot, trialJson, trialsOf } from './helpers';

const FILE = `${MODEL}
run w {
  model = m  data = task  adapter = lo
  optimizer = adamw { lr = 3e-3 }  schedule = wsd { warmup = 10% }
  decay = sweep [0.125, 0.25, 0.5]
  batch = 2  steps = 24  eval_every = 6
}`;

void test('decay variants branch off the leader and match independent runs', async () => {
  const trials = trialsOf(FILE);
  const leader = trials.find((t) => !t.branchFrom)!;
  const branches = trials.filter((t) => t.branchFrom);
  assert.deepEqual(
    branches.map((t) => t.branchFrom),
    [
      { trial: leader.id, step: 18 },
      { trial: leader.id, step: 12 },
    ],
  );
  assert.deepEqual(leader.checkpoint?.at, [12, 18]);
  const shared = tempRoot();
  let trained = 0;
  const count = { onEvent: (e: { type: string }) => void (e.type === 'metric' && trained++) };
  assert.equal(await run(shared, leader, count), 'done');
  for (const t of branches) assert.equal(await run(shared, t, count), 'done');
  // 24 for the leader, then 24 − 18 and 24 − 12: 42 steps instead of 72.
  assert.equal(trained, 24 + 6 + 12);
  const alone = tempRoot();
  for (const t of branches) {
    const independent: Trial = { ...t, branchFrom: undefined };
    assert.equal(await run(alone, independent), 'done');
    assert.deepEqual(curve(shared, t), curve(alone, t), `trial ${t.id}`);
    assert.deepEqual(trialJson(shared, t)['branchedFrom'], t.branchFrom);
    assert.equal(trialJson(alone, t)['branchedFrom'], undefined);
  }
});
