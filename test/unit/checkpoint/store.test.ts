// The checkpoint files: round trip, every kind of damage refused with a reason (torn, flipped
// byte, wrong trial, planted symlink), the previous checkpoint used, and pruning to the last K
// plus pinned branch points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkpointsDir,
  latestCheckpoint,
  listCheckpoints,
  pruneCheckpoints,
  readCheckpoint,
  trialDir,
  writeCheckpoint,
  type Checkpoint,
} from '../../../store';
import { nextReady } from '../../../cli/executor/branch-order';
import type { Trial } from '../../../core/types/plan';
import { tempRoot } from './helpers';

const ck = (step: number, trial = 'abc'): Checkpoint => ({
  trial,
  step,
  meta: { engine: 'tfjs', tokens: step * 32, dropout: 7 },
  tensors: [
    {
      name: 'var.0',
      dtype: 'float32',
      shape: [2, 3],
      data: Float32Array.from([1, 2, 3, 4, 5, step]),
    },
    { name: 'idx', dtype: 'int32', shape: [2], data: Int32Array.from([-1, step]) },
  ],
});

const dirOf = (): string => trialDir(tempRoot(), 'x', 'abc');

void test('a checkpoint reads back exactly', () => {
  const dir = dirOf();
  const path = writeCheckpoint(dir, ck(10));
  assert.deepEqual(readCheckpoint(path), ck(10));
  assert.deepEqual(readdirSync(checkpointsDir(dir)), ['step-00000010.ckpt'], 'no temp file left');
});

void test('damaged checkpoints are skipped with one warning each and the previous one is used', () => {
  const dir = dirOf();
  for (const s of [10, 20, 30, 40]) writeCheckpoint(dir, ck(s));
  const file = (s: number) => join(checkpointsDir(dir), `step-${String(s).padStart(8, '0')}.ckpt`);
  truncateSync(file(40), 100); // torn
  const b = readFileSync(file(30));
  b.writeUInt8(b.readUInt8(b.length - 1) ^ 1, b.length - 1); // one flipped bit in a tensor
  writeFileSync(file(30), b);
  writeFileSync(file(20), Buffer.from(readFileSync(writeCheckpoint(dirOf(), ck(20, 'other')))));
  const r = latestCheckpoint(dir, 'abc');
  assert.equal(r.checkpoint?.step, 10);
  assert.equal(r.warnings.length, 3);
  assert.match(r.warnings[0]!, /step-00000040.*(torn|past the end|payload)/);
  assert.match(r.warnings[1]!, /SHA-256/);
  assert.match(r.warnings[2]!, /trial other/);
  assert.equal(latestCheckpoint(dir, 'abc', { maxStep: 9 }).checkpoint, undefined);
  assert.equal(latestCheckpoint(dir, 'abc', { step: 10 }).warnings.length, 0);
});

void test('a planted symlink is not read through', () => {
  const dir = dirOf();
  const real = writeCheckpoint(dir, ck(10));
  symlinkSync(real, join(checkpointsDir(dir), 'step-00000020.ckpt'));
  const r = latestCheckpoint(dir, 'abc');
  assert.equal(r.checkpoint?.step, 10);
  assert.equal(r.warnings.length, 1);
});

void test('pruning keeps the last K and the pinned branch points, and clears dead writers’ temp files', () => {
  const dir = dirOf();
  for (const s of [10, 20, 30, 40, 50]) writeCheckpoint(dir, ck(s));
  writeFileSync(join(checkpointsDir(dir), 'step-00000060.ckpt.999999.0.tmp'), 'torn');
  pruneCheckpoints(dir, 2, [20]);
  assert.deepEqual(listCheckpoints(dir), [50, 40, 20]);
  assert.deepEqual(
    readdirSync(checkpointsDir(dir)).filter((n) => n.endsWith('.tmp')),
    [],
  );
});

void test('the local pool holds a WSD branch back while its leader is queued or running', () => {
  const t = (id: string, from?: string) =>
    ({ id, ...(from ? { branchFrom: { trial: from, step: 5 } } : {}) }) as Trial;
  const [lead, b1, b2, other] = [t('L'), t('B1', 'L'), t('B2', 'L'), t('O')];
  assert.equal(nextReady([b1, b2, lead], []), 2);
  assert.equal(nextReady([b1, b2, other], [lead]), 2);
  assert.equal(nextReady([b1, b2], [lead]), -1);
  assert.equal(nextReady([b1, b2], [other]), 0, 'a leader not in this run holds nothing back');
});
