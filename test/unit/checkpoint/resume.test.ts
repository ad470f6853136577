// An interrupted trial resumes from its last checkpoint, and its curve from there equals an
// uninterrupted run's; a damaged checkpoint is skipped with a warning and the previous one used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointsDir, listCheckpoints, trialDir } from '../../../store';
import { MODEL, curve, run, tempRoot, trialJson, trialsOf } from './helpers';

const FILE = `${MODEL}
run r {
  model = m  data = task  adapter = lo
  optimizer = adamw { lr = 3e-3 }  schedule = cosine { warmup = 3 }
  batch = 2  steps = 30  eval_every = 10  checkpoint_every = 10  keep_checkpoints = 2
}`;

void test('a cancelled trial resumes from its checkpoint with the uninterrupted curve', async () => {
  const trial = trialsOf(FILE)[0]!;
  assert.ok(trial?.checkpoint, 'checkpoint_every reaches the plan');
  const whole = tempRoot();
  assert.equal(await run(whole, trial), 'done');
  const broken = tempRoot();
  const ac = new AbortController();
  const first = await run(broken, trial, {
    signal: ac.signal,
    onEvent: (e) => e.type === 'metric' && e.step === 25 && ac.abort(),
  });
  assert.equal(first, 'cancelled');
  const dir = trialDir(broken, 'ck', trial.id);
  assert.deepEqual(listCheckpoints(dir), [20, 10]);
  // Damage the newest checkpoint: the resume must skip it (with a warning) and use step 10.
  const newest = join(checkpointsDir(dir), 'step-00000020.ckpt');
  const bytes = readFileSync(newest);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 0xff, bytes.length - 5);
  writeFileSync(newest, bytes);
  const logs: string[] = [];
  assert.equal(await run(broken, trial, { log: (l) => logs.push(l) }), 'done');
  assert.equal(logs.filter((l) => l.startsWith('warning: checkpoint')).length, 1, logs.join('\n'));
  assert.ok(
    logs.some((l) => l.includes('resuming from the checkpoint at step 10')),
    logs.join('\n'),
  );
  const a = curve(whole, trial);
  const b = curve(broken, trial);
  assert.deepEqual(b.steps, a.steps, 'every step once, in order');
  assert.deepEqual(b.train, a.train, 'the same losses, bitwise');
  const prov = trialJson(broken, trial)['provenance'] as Record<string, unknown>;
  assert.equal(prov['resumedFrom'], 10);
});
