// The run store: atomic files, torn metrics tails, per-trial locks (live, dead, stale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  acquireLock,
  openMetrics,
  parseMetricLines,
  readExperiment,
  readMetrics,
  readMetricsFrom,
  readTrialStatus,
  staleReason,
  trialDir,
  writeStatus,
  writeTrialJson,
} from '../../../store';
import type { Trial } from '../../../core/types/plan';
import type { MetricRecord } from '../../../core/protocol';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'peft-store-'));
const rec = (step: number): MetricRecord => ({
  kind: 'train',
  step,
  loss: 1 / step,
  lr: 1e-3,
  tokens: step * 8,
  flops: step,
  wall: step / 10,
  gradNorm: 1,
  tokensPerSec: 80,
});

function trial(id: string): Trial {
  return {
    id,
    run: 'r',
    index: 0,
    axes: { r: 2 },
    config: {
      experiment: 'e',
      run: 'r',
      model: { name: 'm', family: 'transformer', params: {} },
      data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
      adapter: { name: 'a', method: 'full', params: {} },
      optimizer: { name: 'adamw', params: { lr: 1e-3 } },
      schedule: { name: 'constant', params: {} },
      batch: 2,
      steps: 3,
      seed: 7,
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
      memoryBytes: 0,
      flopsPerStep: 0,
      trainFlops: 0,
      tokens: 0,
    },
  };
}

void test('trial.json, status.json and metrics.jsonl round-trip; readExperiment lists trials', () => {
  const root = tmp();
  const stored = writeTrialJson(root, trial('abc123'));
  assert.equal(stored.provenance.host, hostname());
  assert.equal(stored.provenance.seed, 7);
  const w = openMetrics(root, 'e', 'abc123');
  for (let s = 1; s <= 3; s++) w.append(rec(s));
  w.close();
  writeStatus(root, 'e', 'abc123', { state: 'done', final: { eval_loss: 1.5 } });
  assert.deepEqual(
    readMetrics(root, 'e', 'abc123').map((r) => r.step),
    [1, 2, 3],
  );
  assert.equal(readTrialStatus(root, 'e', 'abc123')?.final?.eval_loss, 1.5);
  const all = readExperiment(root, 'e');
  assert.deepEqual(
    all.map((t) => [t.id, t.status?.state, t.trial?.run]),
    [['abc123', 'done', 'r']],
  );
  assert.throws(() => trialDir(root, 'e', '../escape'), /invalid trial id/);
});

void test('metrics are flushed on a timer, not only at close (a crash loses at most the last interval)', async () => {
  const root = tmp();
  writeTrialJson(root, trial('t1'));
  const w = openMetrics(root, 'e', 't1', 50);
  w.append(rec(1));
  const path = join(trialDir(root, 'e', 't1'), 'metrics.jsonl');
  for (let i = 0; i < 100 && readFileSync(path, 'utf8') === ''; i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(readFileSync(path, 'utf8'), JSON.stringify(rec(1)) + '\n');
  w.close();
});

void test('a torn or corrupted metrics tail is skipped, never fatal; following resumes at the torn line', () => {
  const root = tmp();
  const dir = trialDir(root, 'e', 't2');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'metrics.jsonl');
  writeFileSync(
    path,
    JSON.stringify(rec(1)) +
      '\n' +
      '{"kind":"train","st\u0000garbage\n' +
      JSON.stringify(rec(2)) +
      '\n' +
      '{"kind":"tra',
  );
  assert.deepEqual(
    readMetrics(root, 'e', 't2').map((r) => r.step),
    [1, 2],
  );
  const first = readMetricsFrom(path, 0);
  assert.deepEqual(
    first.records.map((r) => r.step),
    [1, 2],
  );
  appendFileSync(path, 'in","step":3}\n');
  const next = readMetricsFrom(path, first.offset);
  assert.deepEqual(
    next.records.map((r) => r.step),
    [3],
    'the follower re-reads the line that was torn once it is whole',
  );
  appendFileSync(path, JSON.stringify(rec(4)) + '\n');
  assert.deepEqual(
    readMetricsFrom(path, next.offset).records.map((r) => r.step),
    [4],
  );
});

void test("a live lock is not taken twice; a dead process's lock and an old heartbeat are broken", () => {
  const dir = tmp();
  const path = join(dir, 'lock');
  const a = acquireLock(path);
  assert.ok(a);
  assert.equal(acquireLock(path), undefined, 'second taker while the holder lives');
  a.release();
  assert.equal(existsSync(path), false);
  // a lock left by a process that has exited (same host)
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  writeFileSync(
    path,
    JSON.stringify({
      pid: Number(dead.stdout),
      host: hostname(),
      started: new Date().toISOString(),
    }),
  );
  assert.match(staleReason(path) ?? '', /is gone/);
  const b = acquireLock(path);
  assert.ok(b, 'stale lock of a dead pid is broken');
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid);
  b.release();
  // another host's lock: alive until its heartbeat is older than staleMs
  writeFileSync(path, JSON.stringify({ pid: 1, host: 'node-elsewhere', started: '' }));
  assert.equal(acquireLock(path, { staleMs: 60_000 }), undefined);
  const old = new Date(Date.now() - 120_000);
  utimesSync(path, old, old);
  assert.match(staleReason(path, 60_000) ?? '', /no heartbeat from 1@node-elsewhere/);
  const c = acquireLock(path, { staleMs: 60_000 });
  assert.ok(c);
  c.release();
});

void test("the holder's heartbeat keeps its lock fresh", async () => {
  const path = join(tmp(), 'lock');
  const lock = acquireLock(path, { heartbeatMs: 20 });
  assert.ok(lock);
  const old = new Date(Date.now() - 120_000);
  utimesSync(path, old, old);
  for (let i = 0; i < 100 && staleReason(path, 60_000) !== undefined; i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(staleReason(path, 60_000), undefined);
  lock.release();
});

test('a classifier accuracy stored as `accuracy` (before the catalog name) reads as eval_accuracy', () => {
  const root = tmp();
  const dir = trialDir(root, 'exp', 't1');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'status.json'),
    JSON.stringify({ state: 'done', final: { eval_loss: 0.5, accuracy: 0.8 } }),
  );
  assert.deepEqual(readTrialStatus(root, 'exp', 't1')?.final, {
    eval_loss: 0.5,
    eval_accuracy: 0.8,
  });
  const { records } = parseMetricLines(
    `${JSON.stringify({ kind: 'eval', step: 3, metrics: { eval_loss: 1, accuracy: 0.1, eval_accuracy: 0.2 } })}\n`,
  );
  // A record that has both names keeps the new one.
  assert.deepEqual(records[0]?.kind === 'eval' && records[0].metrics, {
    eval_loss: 1,
    eval_accuracy: 0.2,
  });
});
