// Pure pieces: SLURM script quoting, sbatch argv, CSV export, progress model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { batchScript, sbatchArgs, shq } from '../../../cli/executor/slurm-script';
import { toCsv } from '../../../cli/commands/export';
import { ProgressModel } from '../../../cli/progress-model';

void test('shq survives bash for hostile strings', () => {
  for (const s of [`it's`, '$(touch /tmp/pwned)', '`id`', 'a"b', "''", 'new\\nline', ' spaced ']) {
    const r = spawnSync('bash', ['-c', `printf %s ${shq(s)}`], { encoding: 'utf8' });
    assert.equal(r.stdout, s);
  }
});

void test('the batch script runs the i-th trial id; user strings are quoted; bad options rejected', () => {
  const script = batchScript({
    ids: ['aa11', 'bb22'],
    entry: { execArgv: [], script: '/opt/pe ft/cli.js' },
    node: '/usr/bin/node',
    store: "/data/o'brien $HOME",
    experiment: 'exp',
    extra: ['--qos=low'],
  });
  assert.match(script, /^#!\/bin\/bash\n#SBATCH --qos=low\n/);
  assert.ok(script.includes(`'/data/o'\\''brien $HOME'`));
  // run the script's selection logic with a stub node that prints its argv
  const body = script.replace(/exec '\/usr\/bin\/node'/, 'printf "%s|" ');
  const r = spawnSync('bash', ['-c', body], {
    encoding: 'utf8',
    env: { ...process.env, SLURM_ARRAY_TASK_ID: '1' },
  });
  assert.equal(
    r.stdout,
    `/opt/pe ft/cli.js|trial|--store|/data/o'brien $HOME|--experiment|exp|--id|bb22|`,
  );
  assert.deepEqual(
    sbatchArgs(
      { partition: 'gpu', time: '1:00:00', cpus: 4, gpus: 1, mem: '8G' },
      { name: 'n', tasks: 3, output: '/o/%A_%a', chdir: '/c' },
    ),
    [
      '--parsable',
      '--job-name=n',
      '--array=0-2',
      '--output=/o/%A_%a',
      '--chdir=/c',
      '--partition=gpu',
      '--time=1:00:00',
      '--mem=8G',
      '--cpus-per-task=4',
      '--gpus-per-task=1',
    ],
  );
  assert.throws(
    () => sbatchArgs({ partition: 'a\nb' }, { name: 'n', tasks: 1, output: 'o', chdir: 'c' }),
    /partition must be one line/,
  );
  assert.throws(
    () => sbatchArgs({ cpus: 1.5 }, { name: 'n', tasks: 1, output: 'o', chdir: 'c' }),
    /cpus must be a non-negative integer, got 1.5/,
  );
  assert.throws(
    () =>
      batchScript({
        ids: [],
        entry: { execArgv: [], script: 's' },
        node: 'n',
        store: 's',
        experiment: 'e',
        extra: ['--x\n rm -rf /'],
      }),
    /one line/,
  );
});

void test('CSV export quotes per RFC 4180 and unions columns', () => {
  assert.equal(
    toCsv([
      { id: 'a', r: 1, note: 'x,"y"' },
      { id: 'b', eval_loss: 2.5 },
    ]),
    'id,r,note,eval_loss\na,1,"x,""y""",\nb,,,2.5\n',
  );
});

void test('progress model: counts, running lines and ETA from finished trials', () => {
  const m = new ProgressModel(2, () => 10);
  m.handle(
    {
      type: 'plan',
      v: 1,
      experiment: 'e',
      file: 'f',
      trials: ['a', 'b', 'c', 'd', 'e'].map((id) => ({
        id,
        run: 'r',
        axes: {},
        cached: id === 'e',
      })),
    },
    0,
  );
  m.handle({ type: 'trial-start', id: 'a', run: 'r' }, 0);
  m.handle(
    {
      type: 'metric',
      id: 'a',
      step: 4,
      loss: 2.5,
      lr: 0,
      tokens: 0,
      flops: 0,
      wall: 0,
      gradNorm: 0,
      tokensPerSec: 1234.4,
    },
    100,
  );
  assert.equal(m.trialLine(m.running.get('a')!), '  r/a  step 4/10  loss 2.5000  1234 tok/s');
  assert.equal(m.eta(), undefined);
  m.handle({ type: 'trial-end', id: 'a', status: 'done', wallSeconds: 10 }, 10_000);
  m.handle({ type: 'trial-end', id: 'b', status: 'failed', wallSeconds: 20 }, 10_000);
  assert.equal(m.remaining(), 2);
  assert.equal(m.eta(), 15, 'mean 15 s × 2 left / 2 workers');
  assert.equal(m.summary(), '2/5 done, 1 cached, 0 running, 1 failed, ETA 15 s');
});
