// Ctrl-C of a local run, two runs on one store, and export of the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTrialStatus } from '../../../store';
import { peft, tempProject, tinyFile } from './helpers';
import { runCli as cli } from '../../helpers/cli';

const sweep = (steps: number): string =>
  `run s {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2, 3]\n  batch = 2  steps = ${steps}  eval_every = ${steps}  backend = "wasm"\n}`;

void test(
  'Ctrl-C: running trials end cancelled, the run exits 130 with a done event; nothing finished is lost',
  { timeout: 120_000 },
  async () => {
    const { dir, file } = tempProject('ctrlc', tinyFile(sweep(200)));
    const run = peft(['run', file, '--json', '--workers', '2'], dir);
    const start = await run.waitFor((e) => e.type === 'trial-start');
    await run.waitFor(
      (e) => e.type === 'metric' && start.type === 'trial-start' && e.id === start.id,
    );
    process.kill(-run.proc.pid!, 'SIGINT'); // what a terminal does: the whole foreground group
    assert.equal(await run.exit, 130);
    const ended = run.events.filter((e) => e.type === 'trial-end');
    assert.ok(
      ended.length >= 1 && ended.every((e) => e.type === 'trial-end' && e.status === 'cancelled'),
      JSON.stringify(ended),
    );
    const done = run.events.at(-1);
    assert.ok(done?.type === 'done' && done.cancelled === 3, JSON.stringify(done));
    const ids = run.events.flatMap((e) => (e.type === 'plan' ? e.trials.map((t) => t.id) : []));
    for (const id of ids) assert.notEqual(readTrialStatus(dir, 'ctrlc', id)?.state, 'running');
    const status = await cli(['status', file], dir);
    assert.match(status.out, /no peft run is running/);
  },
);

void test(
  'two peft runs on one store never train the same trial twice; export lists every trial',
  { timeout: 180_000 },
  async () => {
    const { dir, file } = tempProject('twice', tinyFile(sweep(4)));
    const a = peft(['run', file, '--json', '--workers', '1'], dir);
    await a.waitFor((e) => e.type === 'trial-start');
    const b = peft(['run', file, '--json', '--workers', '1'], dir);
    await Promise.all([a.exit, b.exit]);
    const starts = [...a.events, ...b.events]
      .filter((e) => e.type === 'trial-start')
      .map((e) => (e.type === 'trial-start' ? e.id : ''));
    assert.equal(new Set(starts).size, starts.length, `a trial started twice: ${starts.join(' ')}`);
    const ids = a.events.flatMap((e) => (e.type === 'plan' ? e.trials.map((t) => t.id) : []));
    // whatever B skipped because A held it, a third run finds done (or finishes)
    const c = peft(['run', file, '--json'], dir);
    assert.equal(await c.exit, 0);
    for (const id of ids) assert.equal(readTrialStatus(dir, 'twice', id)?.state, 'done');
    const csv = await cli(['export', file, '--format', 'csv'], dir);
    assert.equal(csv.code, 0);
    const lines = csv.out.trimEnd().split('\n');
    assert.match(
      lines[0]!,
      /^id,run,seed,status,eval_loss,train_loss,step,backend,wall_seconds,trainable_params,error$/,
    );
    assert.equal(lines.length, 4);
    for (const l of lines.slice(1))
      assert.match(l, /^[0-9a-f]+,s,\d,done,\d+\.\d+,\d+\.\d+,4,wasm,\d+\.\d+,\d+,$/);
    const json = JSON.parse((await cli(['export', file, '--format', 'json'], dir)).out) as Array<{
      status: string;
    }>;
    assert.deepEqual(
      json.map((r) => r.status),
      ['done', 'done', 'done'],
    );
    assert.equal((await cli(['export', file, '--format', 'xml'], dir)).code, 2);
  },
);
