// The local pool's scheduling, with a test-only worker (no training): crash isolation, memory budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Trial } from '../../../core/types/plan';
import type { RunEvent } from '../../../core/protocol';
import { runLocal } from '../../../cli/executor/local';
import { readTrialStatus } from '../../../store';
import { TSX } from './helpers';

const worker = { execArgv: TSX, script: resolve(__dirname, 'fixtures/fake-worker.ts') };

function trial(id: string, axes: Record<string, number>, memoryBytes = 0): Trial {
  return {
    id,
    run: 'r',
    index: 0,
    axes,
    config: {
      experiment: 'pool',
      run: 'r',
      model: { name: 'm', family: 'transformer', params: {} },
      data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
      adapter: { name: 'a', method: 'full', params: {} },
      optimizer: { name: 'adamw', params: {} },
      schedule: { name: 'constant', params: {} },
      batch: 1,
      steps: 3,
      seed: 0,
      evalEvery: 1,
      metric: 'eval_loss',
      clip: 0,
    },
    estimates: {
      totalParams: 1,
      trainableParams: 1,
      trainablePercent: 100,
      weightBytes: 0,
      gradientBytes: 0,
      optimizerBytes: 0,
      activationBytes: 0,
      memoryBytes,
      flopsPerStep: 0,
      trainFlops: 0,
      tokens: 0,
    },
  };
}

void test(
  'a crashed worker fails only its trial; the pool replaces it and finishes the rest',
  { timeout: 60_000 },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'peft-pool-'));
    const trials = [
      trial('a1', {}),
      trial('crash1', { crash: 1 }),
      trial('a2', {}),
      trial('a3', {}),
    ];
    const events: RunEvent[] = [];
    const results = await runLocal(trials, {
      root,
      workers: 2,
      worker,
      onEvent: (e) => events.push(e),
    });
    assert.equal(results.get('crash1'), 'failed');
    assert.match(
      readTrialStatus(root, 'pool', 'crash1')?.error ?? '',
      /worker process \d+ exited \(code 9\)/,
    );
    for (const id of ['a1', 'a2', 'a3'])
      assert.equal(readTrialStatus(root, 'pool', id)?.state, 'done', id);
    assert.ok(
      events.some((e) => e.type === 'trial-end' && e.id === 'crash1' && e.status === 'failed'),
    );
  },
);

void test('the memory budget limits how many trials run at once', { timeout: 60_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-pool-'));
  const trials = ['m1', 'm2', 'm3'].map((id) => trial(id, {}, 600));
  let running = 0;
  let peak = 0;
  await runLocal(trials, {
    root,
    workers: 3,
    worker,
    memoryBudget: 1000,
    onEvent: (e) => {
      if (e.type === 'trial-start') peak = Math.max(peak, ++running);
      if (e.type === 'trial-end') running--;
    },
  });
  assert.equal(peak, 1, 'two 600-byte trials do not fit a 1000-byte budget together');
  for (const t of trials) assert.equal(readTrialStatus(root, 'pool', t.id)?.state, 'done');
});

void test(
  'aborting the signal stops dispatching: unstarted trials are not run',
  { timeout: 60_000 },
  async () => {
    const root = mkdtempSync(join(tmpdir(), 'peft-pool-'));
    const ac = new AbortController();
    const trials = ['c1', 'c2', 'c3', 'c4'].map((id) => trial(id, {}));
    const results = await runLocal(trials, {
      root,
      workers: 1,
      worker,
      signal: ac.signal,
      onEvent: (e) => e.type === 'trial-end' && ac.abort(),
    });
    assert.equal(results.size, 1, 'only the trial running at the abort finished');
    assert.equal(readTrialStatus(root, 'pool', 'c4'), undefined);
  },
);
