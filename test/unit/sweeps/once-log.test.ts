import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onceLog } from '../../../cli/executor/once-log';

void test('backend lines repeated by every worker are said once per run; trial lines always', () => {
  const out: string[] = [];
  const log = onceLog((l) => out.push(l));
  for (let w = 0; w < 3; w++) {
    log(
      'backend tensorflow-gpu skipped: no CUDA\nbackend webgpu skipped: no adapter\nbackend: wasm (1 thread(s))',
    );
    log('trial abc: step 10');
  }
  assert.deepEqual(out, [
    'backend tensorflow-gpu skipped: no CUDA',
    'backend webgpu skipped: no adapter',
    'backend: wasm (1 thread(s))',
    'trial abc: step 10',
    'trial abc: step 10',
    'trial abc: step 10',
  ]);
});
