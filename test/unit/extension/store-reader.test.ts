// The Runs view's reading of the store: a trial whose status.json is damaged shows as such, not as queued.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trialDir, writeStatus, writeTrialJson } from '../../../store';
import { readStoreTrials } from '../../../extension/store-reader';
import type { Trial } from '../../../core/types/plan';
import { ZERO_ESTIMATES } from '../../../core/catalog';

const trial = (id: string, index: number): Trial => ({
  id,
  run: 'r',
  index,
  axes: { seed: index },
  config: {
    experiment: 'e',
    run: 'r',
    model: { name: 'm', family: 'transformer', params: {} },
    data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
    adapter: { name: 'a', method: 'full', params: {} },
    optimizer: { name: 'adamw', params: {} },
    schedule: { name: 'constant', params: {} },
    batch: 2,
    steps: 3,
    seed: index,
    evalEvery: 1,
    metric: 'eval_loss',
    clip: 0,
  },
  estimates: ZERO_ESTIMATES,
});

void test('a damaged status.json is named in the Runs view entry; a missing one is not damage', () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-runs-view-'));
  for (const [id, i] of [
    ['aaa', 0],
    ['bbb', 1],
    ['ccc', 2],
  ] as const)
    writeTrialJson(root, trial(id, i));
  writeStatus(root, 'e', 'aaa', { state: 'done' });
  writeFileSync(join(trialDir(root, 'e', 'bbb'), 'status.json'), '{"state": 42}');
  const got = readStoreTrials(root).map((t) => [t.trial.id, t.status.state, t.damage]);
  assert.deepEqual(got, [
    ['aaa', 'done', undefined],
    ['bbb', 'queued', 'status.json damaged (read as no status)'],
    ['ccc', 'queued', undefined],
  ]);
});
