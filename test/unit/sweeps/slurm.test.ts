// @lane integration: a single-node SLURM from apt (scripts/slurm-local.sh)
// The SLURM executor against a real single-node SLURM (slurmctld + slurmd + munge on localhost),
// started and stopped here with scripts/slurm-local.sh: submit, run, cancel, resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStatus } from '../../../store';
import { peft, tempProject, tinyFile } from './helpers';
import { useLocalSlurm } from './slurm-cluster';

const env = useLocalSlurm();

const squeue = (): string =>
  execFileSync('squeue', ['-h', '-o', '%i %T'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });

void test(
  'peft run --executor slurm submits one job array, follows it through the store and fits',
  { timeout: 240_000 },
  async () => {
    const run =
      'run ranks {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2]\n  batch = 2  steps = 3  eval_every = 3  backend = "wasm"\n  executor = "slurm"\n  slurm = { time = "00:10:00"  cpus = 1 }\n}';
    const { dir, file } = tempProject("o'brien", tinyFile(run));
    // extra lines come only from the user (settings / --slurm-extra), never from the file (docs/security.md)
    const p = peft(['run', file, '--json', '--slurm-extra', '--comment=peft-$HOME'], dir, env);
    assert.equal(await p.exit, 0, p.stderr());
    const ids = p.events.flatMap((e) => (e.type === 'plan' ? e.trials.map((t) => t.id) : []));
    assert.equal(ids.length, 2);
    for (const id of ids) {
      assert.equal(readTrialStatus(dir, "o'brien", id)?.state, 'done');
      assert.ok(p.events.some((e) => e.type === 'trial-start' && e.id === id));
      assert.ok(
        p.events.some((e) => e.type === 'metric' && e.id === id && e.step === 3),
        'metrics followed from metrics.jsonl',
      );
      assert.ok(p.events.some((e) => e.type === 'trial-end' && e.id === id && e.status === 'done'));
    }
    const slurmDir = join(dir, '.peft', 'runs', "o'brien", 'slurm');
    const script = readFileSync(
      join(
        slurmDir,
        readdirSync(slurmDir).find((f) => f.endsWith('.sh'))!,
      ),
      'utf8',
    );
    assert.match(
      script,
      /#SBATCH --comment=peft-\$HOME\n/,
      'extra lines are copied verbatim, nothing expanded',
    );
    assert.match(script, /'--store' '[^']*'/);
    const provenance = JSON.parse(
      readFileSync(join(dir, '.peft', 'runs', "o'brien", ids[0]!, 'trial.json'), 'utf8'),
    ) as { provenance: { executor: string; slurmJob: string } };
    assert.equal(provenance.provenance.executor, 'slurm');
    assert.match(provenance.provenance.slurmJob, /^\d+_[01]$/);
    const done = p.events.at(-1);
    assert.ok(done?.type === 'done' && done.done === 2);
  },
);

void test(
  'peft cancel scancels the job (running trials end cancelled); --resume finishes the rest',
  { timeout: 300_000 },
  async () => {
    const run =
      'run long {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2, 3]\n  batch = 2  steps = 40  eval_every = 20  backend = "wasm"\n  executor = "slurm"\n}';
    const { dir, file } = tempProject('long', tinyFile(run));
    const p = peft(['run', file, '--json'], dir, env);
    const start = await p.waitFor((e) => e.type === 'trial-start');
    await p.waitFor(
      (e) => e.type === 'metric' && start.type === 'trial-start' && e.id === start.id,
    );
    const c = peft(['cancel', file], dir, env);
    assert.equal(await c.exit, 0, c.stderr());
    assert.equal(await p.exit, 130, p.stderr());
    const ids = p.events.flatMap((e) => (e.type === 'plan' ? e.trials.map((t) => t.id) : []));
    const states = ids.map((id) => readTrialStatus(dir, 'long', id)?.state);
    assert.ok(states.includes('cancelled'), `states after cancel: ${states.join(', ')}`);
    assert.ok(!states.includes('running'), `states after cancel: ${states.join(', ')}`);
    // A cancelled task can sit in COMPLETING while SLURM reaps its processes: wait for the queue to
    // empty (bounded), so the assertion is that the job leaves, not how fast slurmd notices.
    const deadline = Date.now() + 30_000;
    while (squeue().trim() !== '' && Date.now() < deadline)
      await new Promise((resolveWait) => setTimeout(resolveWait, 250));
    assert.equal(squeue().trim(), '', 'no job left in the queue');
    const doneBefore = ids.filter((id) => readTrialStatus(dir, 'long', id)?.state === 'done');
    const r = peft(['run', file, '--json', '--resume'], dir, env);
    assert.equal(await r.exit, 0, r.stderr());
    for (const id of ids) assert.equal(readTrialStatus(dir, 'long', id)?.state, 'done');
    for (const id of doneBefore)
      assert.ok(
        !r.events.some((e) => e.type === 'trial-start' && e.id === id),
        'finished trial not re-run',
      );
  },
);

void test(
  'a TPE search on SLURM: one job array per round of suggestions, each holding that round',
  { timeout: 300_000 },
  async () => {
    const run =
      'run tune {\n  model = m  data = task  adapter = ft\n  lr = log(1e-4 .. 3e-2, 3)\n  batch = 2  steps = 3  eval_every = 3  backend = "wasm"\n  executor = "slurm"\n  slurm = { time = "00:10:00"  cpus = 1 }\n  search = tpe { trials = 4  startup = 2  batch = 2 }\n}';
    const { dir, file } = tempProject('searched', tinyFile(run));
    const p = peft(['run', file, '--json'], dir, env);
    assert.equal(await p.exit, 0, p.stderr());
    const rounds = p.events.flatMap((e) =>
      e.type === 'plan' && e.trials.length ? [e.trials.map((t) => t.id)] : [],
    );
    assert.deepEqual(
      rounds.map((r) => r.length),
      [2, 2],
    );
    const slurmDir = join(dir, '.peft', 'runs', 'searched', 'slurm');
    const scripts = readdirSync(slurmDir)
      .filter((f) => f.endsWith('.sh'))
      .map((f) => readFileSync(join(slurmDir, f), 'utf8'));
    assert.equal(scripts.length, 2, 'one array per round');
    for (const round of rounds)
      assert.ok(
        scripts.some((s) => round.every((id) => s.includes(`'${id}'`))),
        `no array holds the round ${round.join(', ')}`,
      );
    for (const id of rounds.flat())
      assert.equal(readTrialStatus(dir, 'searched', id)?.state, 'done');
  },
);
