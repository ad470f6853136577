import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localLayout, TWO_THREAD_SPEEDUP } from '../../../cli/executor/layout';

void test('one trial gets every core; a demo-sized sweep runs one single-threaded trial per core', () => {
  assert.deepEqual(localLayout(1, 2), { workers: 1, threads: 2 });
  assert.deepEqual(localLayout(2, 2), { workers: 2, threads: 1 });
  assert.deepEqual(localLayout(16, 2), { workers: 2, threads: 1 });
  assert.deepEqual(localLayout(1, 8), { workers: 1, threads: 8 });
  assert.ok(TWO_THREAD_SPEEDUP > 1 && TWO_THREAD_SPEEDUP < 2);
});

void test('an odd few trials go threaded exactly when two threads are fast enough to beat a lone tail', () => {
  // 3 trials on 2 cores: 2 rounds of 1 thread (2.0) against 3 trials at speed-up s (3 / s).
  assert.deepEqual(localLayout(3, 2, undefined, 1.8), { workers: 1, threads: 2 });
  assert.deepEqual(localLayout(3, 2, undefined, 1.3), { workers: 2, threads: 1 });
  // A tie (s = 1.5) goes to more workers: no thread synchronisation at all.
  assert.deepEqual(localLayout(3, 2, undefined, 1.5), { workers: 2, threads: 1 });
  // 8 cores, 3 trials: three workers of two threads beat one of eight and two of four.
  assert.deepEqual(localLayout(3, 8, undefined, 1.45), { workers: 3, threads: 2 });
});

void test('a chosen worker count is kept, capped at the trials, with the cores shared', () => {
  assert.deepEqual(localLayout(5, 2, 1), { workers: 1, threads: 2 });
  assert.deepEqual(localLayout(1, 8, 4), { workers: 1, threads: 8 });
  assert.deepEqual(localLayout(6, 4, 3), { workers: 3, threads: 1 });
  assert.deepEqual(localLayout(0, 2), { workers: 1, threads: 2 });
});
