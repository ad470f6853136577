// @lane integration: reads Debian's dataset-fashion-mnist (scripts/ci/system-packages.txt)
// The real Fashion-MNIST: all 70,000 images read and split as documented, and examples/fashion.peft
// run for real through `peft run` (six 300-step trials, seconds on two cores), each LoRA rank and
// full fine-tuning well above chance (0.1), accuracy growing with the rank.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadImages, splitImages } from '../../../runtime/data/vision';
import { main } from '../../../cli/main';
import { readExperiment } from '../../../store/read';

void test('the Debian files read as 60,000 + 10,000 images of 28×28, 7,000 per class', () => {
  const set = loadImages('fashion-mnist');
  assert.equal(set.ids.length, 70_000);
  assert.equal(set.features, 784);
  assert.equal(set.pixels.length, 70_000 * 784);
  assert.deepEqual([set.ids[59_999], set.ids[60_000]], ['train/59999', 'test/0']);
  const perClass = new Array<number>(10).fill(0);
  for (const l of set.labels) perClass[l]!++;
  assert.deepEqual(perClass, new Array<number>(10).fill(7000));
  const { train, holdout } = splitImages(set, 0.1);
  assert.equal(train.length + holdout.length, 70_000);
  assert.ok(Math.abs(holdout.length / 70_000 - 0.1) < 0.005, `holdout ${holdout.length}`);
  assert.equal(loadImages('fashion-mnist', 1234).ids.length, 1234);
});

void test('examples/fashion.peft trains: every trial well above chance, accuracy rising with rank', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peft-fashion-'));
  copyFileSync(resolve(__dirname, '../../../examples/fashion.peft'), join(dir, 'fashion.peft'));
  let out = '';
  const code = await main(['run', 'fashion.peft'], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    cwd: dir,
    signal: new AbortController().signal,
  });
  assert.equal(code, 0, out);
  const trials = readExperiment(dir, 'fashion');
  assert.equal(trials.length, 6, out);
  const acc = new Map<string, number>();
  for (const t of trials) {
    assert.equal(t.status?.state, 'done', `${t.id}: ${JSON.stringify(t.status)}`);
    const c = t.trial!.config;
    const key = c.adapter.method === 'full' ? 'full' : `r${JSON.stringify(c.adapter.params['r'])}`;
    acc.set(key, t.status?.final?.['eval_accuracy'] ?? NaN);
  }
  for (const [key, a] of acc) assert.ok(a > 0.3, `${key}: accuracy ${a}`);
  for (const key of ['r8', 'r16', 'full'])
    assert.ok(acc.get(key)! > 0.7, `${key}: ${acc.get(key)}`);
  assert.ok(acc.get('r16')! > acc.get('r1')! + 0.1, JSON.stringify([...acc]));
});
