// A hostile or damaged run store (issue 16, cases 2, 4 and 7 and the runner.json case): planted
// symlinks are never written through, a forged runner.json makes `peft cancel` signal nothing
// but the run's own process, damaged records are skipped, and a second `peft run` leaves the
// first one's runner.json alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  mkdtempSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { analyze } from '../../core/plan';
import {
  openMetrics,
  readMetrics,
  readTrialStatus,
  writeStatus,
  writeTrialJson,
} from '../../store';
import { loadFits } from '../../store/fits';
import { processStartTicks } from '../../cli/executor/process-identity';
import { cli, tinyExperiment, workspace } from './helpers';

const TEXT = tinyExperiment(undefined, 'lr = sweep [1e-3, 1e-2]');
const plan = analyze(TEXT, { experiment: 'x' }).plan;
const [t0, t1] = plan.runs[0]!.trials;

function victim(): string {
  const dir = mkdtempSync(join(tmpdir(), 'peft-sec-victim-'));
  writeFileSync(join(dir, 'bashrc'), 'original\n');
  return dir;
}

void test('store writes replace a planted symlink instead of writing through it', () => {
  const v = victim();
  const dir = workspace({ 'x.peft': TEXT });
  writeTrialJson(dir, t0!);
  const tdir = join(dir, '.peft/runs/x', t0!.id);
  for (const f of ['status.json', 'metrics.jsonl']) symlinkSync(join(v, 'bashrc'), join(tdir, f));
  writeStatus(dir, 'x', t0!.id, { state: 'running' });
  const m = openMetrics(dir, 'x', t0!.id);
  m.append({
    kind: 'train',
    step: 1,
    loss: 1,
    lr: 1,
    tokens: 1,
    flops: 1,
    wall: 0,
    gradNorm: 1,
    tokensPerSec: 1,
  });
  m.close();
  assert.equal(readFileSync(join(v, 'bashrc'), 'utf8'), 'original\n');
  assert.ok(!lstatSync(join(tdir, 'status.json')).isSymbolicLink());
  assert.equal(readTrialStatus(dir, 'x', t0!.id)?.state, 'running');
});

void test('a symlinked store folder is refused: trial folder, experiment folder, .peft itself', async () => {
  for (const link of ['.peft', '.peft/runs/x', `.peft/runs/x/${t1!.id}`]) {
    const v = victim();
    const dir = workspace({ 'x.peft': TEXT });
    mkdirSync(join(dir, link, '..'), { recursive: true });
    symlinkSync(v, join(dir, link));
    assert.throws(
      () => writeStatus(dir, 'x', t1!.id, { state: 'queued' }),
      /symlink or not a folder/,
    );
    assert.deepEqual(readFileSync(join(v, 'bashrc'), 'utf8'), 'original\n');
    if (link === '.peft/runs/x') {
      const r = await cli(['run', 'x.peft'], dir, 20000);
      assert.equal(r.code, 1);
      assert.match(r.err, /refusing to write into .*symlink/);
    }
    assert.ok(
      !existsSync(join(v, 'runs')) &&
        !existsSync(join(v, t1!.id)) &&
        !existsSync(join(v, 'runner.json')),
      'nothing created in the victim folder',
    );
  }
});

/** A long-lived process, optionally looking like `peft run x.peft` on its command line. */
function sleeper(args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], {
    stdio: 'ignore',
  });
}
const exited = (p: ChildProcess): Promise<NodeJS.Signals | null> =>
  new Promise((ok) => p.once('exit', (_c, sig) => ok(sig)));

function forgeRunner(dir: string, info: Record<string, unknown>): void {
  mkdirSync(join(dir, '.peft/runs/x'), { recursive: true });
  writeFileSync(
    join(dir, '.peft/runs/x/runner.json'),
    JSON.stringify({ host: hostname(), started: 'now', executor: 'local', slurmJobs: [], ...info }),
  );
}

void test('peft cancel never signals a process a forged runner.json names', async () => {
  const other = sleeper();
  try {
    const dir = workspace({ 'x.peft': TEXT });
    for (const pid of [other.pid!, -1, 0, 1, process.pid]) {
      forgeRunner(dir, {
        pid,
        startTicks: pid > 1 ? processStartTicks(pid) : 1,
        slurmJobs: ['--me', '1;rm -rf ~'],
      });
      const r = await cli(['cancel', 'x.peft'], dir, 10000);
      assert.notEqual(r.code, 0, `pid ${pid}: ${r.out}${r.err}`);
      assert.ok(!/scancel --me|sent SIGTERM/.test(r.out), r.out);
    }
    assert.equal(other.exitCode, null, 'the unrelated process is still running');
    assert.ok(other.kill(0));
  } finally {
    other.kill();
  }
});

void test('peft cancel signals the run it verifies (start time + command line), and a second peft run refuses to start', async () => {
  const dir = workspace({ 'x.peft': TEXT });
  const run = sleeper(['run', join(dir, 'x.peft')]);
  await once(run, 'spawn'); // exec has happened: /proc shows its command line
  const info = { pid: run.pid!, startTicks: processStartTicks(run.pid!) };
  forgeRunner(dir, info);
  const before = readFileSync(join(dir, '.peft/runs/x/runner.json'), 'utf8');
  const second = await cli(['run', 'x.peft'], dir, 20000);
  assert.equal(second.code, 1);
  assert.match(second.err, new RegExp(`another peft run of x is running \\(pid ${run.pid}`));
  assert.equal(
    readFileSync(join(dir, '.peft/runs/x/runner.json'), 'utf8'),
    before,
    'runner.json untouched',
  );
  const gone = exited(run);
  const r = await cli(['cancel', 'x.peft'], dir, 10000);
  assert.equal(r.code, 0, r.err);
  assert.equal(await gone, 'SIGTERM');
});

void test('a damaged store is read record by record: wrong types, null fits, metrics as a folder', async () => {
  const dir = workspace({ 'x.peft': TEXT + 'law l = power(r.eval_loss ~ lr)\n' });
  for (const t of [t0!, t1!]) writeTrialJson(dir, t);
  const d0 = join(dir, '.peft/runs/x', t0!.id);
  const d1 = join(dir, '.peft/runs/x', t1!.id);
  writeFileSync(
    join(d0, 'status.json'),
    JSON.stringify({ state: 'failed', updated: 3, error: 42, final: { eval_loss: 'x' } }),
  );
  writeFileSync(
    join(d1, 'status.json'),
    JSON.stringify({ state: 'done', updated: 'now', final: { eval_loss: 2 } }),
  );
  writeFileSync(
    join(d1, 'metrics.jsonl'),
    '{"kind":"eval","step":1}\n{"kind":"train","step":1,"loss":null}\n',
  );
  writeFileSync(
    join(dir, '.peft/runs/x/fits.json'),
    JSON.stringify({
      version: 1,
      experiment: 'x',
      fits: [null, { law: 'l', form: 'power', ok: 'yes' }],
    }),
  );
  assert.deepEqual(readTrialStatus(dir, 'x', t0!.id), { state: 'failed', updated: '', final: {} });
  const recs = readMetrics(dir, 'x', t1!.id);
  assert.equal(recs.length, 1);
  assert.ok(recs[0]?.kind === 'train' && Number.isNaN(recs[0].loss));
  assert.equal(loadFits(dir, 'x')?.skipped, 2);
  for (const cmd of ['status', 'summary', 'export']) {
    const r = await cli([cmd, 'x.peft'], dir, 20000);
    assert.notEqual(r.code, 70, `${cmd}: ${r.err}`);
    assert.doesNotMatch(r.err, /internal error/);
  }
  mkdirSync(join(d0, 'metrics.jsonl'));
  assert.deepEqual(readMetrics(dir, 'x', t0!.id), []);
  assert.notEqual((await cli(['status', 'x.peft'], dir, 20000)).code, 70);
});
