// @lane integration: the project's Python with torch + peft (scripts/python-env.sh or PEFT_LAB_PYTHON)
// A Python exception, a cancel and a NaN loss in the torch worker end as the usual trial states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeTrial } from '../../../runtime/worker/execute-trial';
import { readTrialStatus } from '../../../store';
import { asTrial, loraTrial, requireTorch, tmp } from './helpers';

void test(
  'a Python exception ends the trial failed with the Python traceback in its status',
  { timeout: 120_000 },
  async () => {
    requireTorch();
    const root = tmp();
    const res = await executeTrial(
      root,
      asTrial(loraTrial({ schedule: { name: 'zigzag', params: {} } }), 'e1'),
      { backend: 'torch' },
    );
    assert.equal(res, 'failed');
    const st = readTrialStatus(root, 'parity', 'e1');
    assert.equal(st?.state, 'failed');
    assert.match(st?.error ?? '', /unknown schedule "zigzag"/);
    assert.match(st?.error ?? '', /Traceback \(most recent call last\)[\s\S]*optim\.py/);
  },
);

void test(
  'cancel ends the trial cancelled within a step; a NaN loss ends it diverged',
  { timeout: 200_000 },
  async () => {
    requireTorch();
    const root = tmp();
    const ac = new AbortController();
    const res = await executeTrial(root, asTrial(loraTrial({ steps: 5000 }), 'c1'), {
      backend: 'torch',
      signal: ac.signal,
      onEvent: (e) => void (e.type === 'metric' && e.step >= 2 && ac.abort()),
    });
    assert.equal(res, 'cancelled');
    const st = readTrialStatus(root, 'parity', 'c1');
    assert.ok(st?.step !== undefined && st.step >= 2 && st.step < 5000, `cancelled at ${st?.step}`);
    const boom = loraTrial({
      optimizer: { name: 'sgd', params: { lr: 1e12, momentum: 0 } },
      clip: 0,
      steps: 40,
    });
    assert.equal(await executeTrial(root, asTrial(boom, 'd1'), { backend: 'torch' }), 'diverged');
    const d = readTrialStatus(root, 'parity', 'd1');
    assert.ok(d?.step !== undefined && d.step >= 1 && d.step < 40, `diverged at ${d?.step}`);
  },
);
