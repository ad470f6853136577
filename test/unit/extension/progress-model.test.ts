import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SweepProgress } from '../../../extension/progress-model';
import { formatSeconds } from '../../../core/format';

test('progress folds the event stream into counts, loss and ETA', () => {
  let now = 0;
  const p = new SweepProgress(() => now);
  p.apply({
    type: 'plan',
    v: 1,
    experiment: 'e',
    file: 'e.peft',
    trials: [
      { id: 'a', run: 'r', axes: { r: 2 }, cached: true },
      { id: 'b', run: 'r', axes: { r: 4 }, cached: false },
      { id: 'c', run: 'r', axes: { r: 8 }, cached: false },
    ],
  });
  assert.deepEqual([p.counts().done, p.counts().queued, p.counts().total], [1, 2, 3]);
  assert.equal(p.etaSeconds(), undefined);
  p.apply({ type: 'trial-start', id: 'b', run: 'r', backend: 'wasm' });
  p.apply({
    type: 'metric',
    id: 'b',
    step: 5,
    loss: 2.25,
    lr: 1e-3,
    tokens: 1,
    flops: 1,
    wall: 1,
    gradNorm: 1,
    tokensPerSec: 1,
  });
  assert.equal(p.trials.get('b')?.state, 'running');
  assert.equal(p.trials.get('b')?.backend, 'wasm');
  now = 10_000;
  p.apply({ type: 'trial-end', id: 'b', status: 'done', final: { eval_loss: 2.1 } });
  // One trial finished in 10 s in this session, one left: ETA 10 s.
  assert.equal(p.etaSeconds(), 10);
  assert.match(p.summary(), /^2\/3 trials · loss 2\.250 · ETA 10 s$/);
  p.apply({ type: 'trial-end', id: 'c', status: 'diverged', step: 3 });
  assert.equal(p.counts().diverged, 1);
  assert.match(p.summary(), /1 failed/);
});

test('durations read as a person would say them', () => {
  assert.equal(formatSeconds(42), '42 s');
  assert.equal(formatSeconds(600), '10 min');
  assert.equal(formatSeconds(5400), '1.5 h');
});
