// kill -9 of a whole `peft run` at random moments, then resume: every trial done exactly once,
// finished trials untouched (byte-identical metrics), stale locks broken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTrialStatus } from '../../../store';
import type { RunEvent } from '../../../core/protocol';
import { killGroup, peft, tempProject, tinyFile } from './helpers';

const RUN =
  'run sweep {\n  model = m  data = task  adapter = ft\n  seed = sweep [1, 2, 3, 4, 5]\n  optimizer = adamw { lr = 3e-3 }\n  batch = 2  steps = 6  eval_every = 3  backend = "wasm"\n}';

void test(
  'kill -9 of the whole run at random moments, then --resume: each trial done once, finished ones untouched',
  { timeout: 240_000 },
  async () => {
    const { dir, file } = tempProject('crash', tinyFile(RUN));
    const store = join(dir, '.peft', 'runs', 'crash');
    const doneBytes = new Map<string, string>();
    const startsAfterDone: string[] = [];
    const doneEnds = new Map<string, number>();
    let ids: string[] = [];
    const snapshot = (): void => {
      for (const id of ids) {
        if (readTrialStatus(dir, 'crash', id)?.state !== 'done') continue;
        const bytes = readFileSync(join(store, id, 'metrics.jsonl'), 'utf8');
        const before = doneBytes.get(id);
        if (before !== undefined)
          assert.equal(bytes, before, `metrics of finished trial ${id} changed`);
        else doneBytes.set(id, bytes);
      }
    };
    const count = (events: RunEvent[]): void => {
      for (const e of events) {
        if (e.type === 'trial-start' && doneBytes.has(e.id)) startsAfterDone.push(e.id);
        if (e.type === 'trial-end' && e.status === 'done')
          doneEnds.set(e.id, (doneEnds.get(e.id) ?? 0) + 1);
      }
    };
    for (let round = 0; round < 3; round++) {
      const run = peft(
        ['run', file, '--json', '--workers', '2', ...(round ? ['--resume'] : [])],
        dir,
      );
      const plan = await run.waitFor((e) => e.type === 'plan');
      if (plan.type === 'plan') ids = plan.trials.map((t) => t.id);
      // a random moment once training is under way: mid-step, mid-write or between trials
      await run.waitFor((e) => e.type === 'metric' || e.type === 'done');
      await new Promise((r) => setTimeout(r, Math.random() * 1500));
      killGroup(run);
      await run.exit;
      count(run.events);
      snapshot();
    }
    const last = peft(['run', file, '--json', '--resume'], dir);
    assert.equal(
      await last.exit,
      0,
      last.stderr() +
        JSON.stringify(last.events.filter((e) => e.type !== 'metric' && e.type !== 'eval')),
    );
    count(last.events);
    snapshot();
    for (const id of ids)
      assert.equal(readTrialStatus(dir, 'crash', id)?.state, 'done', `trial ${id}`);
    assert.deepEqual(startsAfterDone, [], 'a finished trial was started again');
    for (const [id, n] of doneEnds) assert.ok(n <= 1, `trial ${id} ended done ${n} times`);
    const done = last.events.find((e) => e.type === 'done');
    assert.ok(done && done.type === 'done');
    assert.equal(done.cached + done.done, ids.length);
    // lines are whole JSON records; the final run's trials have both train and eval records
    for (const id of ids) {
      const lines = readFileSync(join(store, id, 'metrics.jsonl'), 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string });
      assert.deepEqual([...new Set(lines.map((l) => l.kind))].sort(), ['eval', 'train']);
    }
  },
);

void test(
  'a diverging trial ends diverged, a throwing trial failed with its error; the sweep goes on',
  { timeout: 180_000 },
  async () => {
    const runs = [
      'run good {\n  model = m  data = task  adapter = ft\n  optimizer = adamw { lr = 3e-3 }\n  batch = 2  steps = 4  eval_every = 2  backend = "wasm"\n}',
      'run bad {\n  model = m  data = crumbs  adapter = ft\n  batch = 2  steps = 4  backend = "wasm"\n}',
      'run boom {\n  model = m  data = task  adapter = ft\n  optimizer = sgd { lr = 1e12  momentum = 0 }\n  clip = 0  batch = 2  steps = 30  backend = "wasm"\n}',
    ].join('\n');
    const { dir, file } = tempProject('mixed', tinyFile(runs));
    const run = peft(['run', file, '--workers', '1'], dir);
    let out = '';
    run.proc.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
    assert.equal(await run.exit, 1, 'failed trials give exit code 1');
    assert.match(out, /failed [0-9a-f]+: corpus has 8 bytes, fewer than context 16/);
    assert.match(out, /diverged [0-9a-f]+ at step \d+/);
    assert.match(out, /finished in .*: 1 done, 0 cached, 1 failed, 1 diverged, 0 cancelled/);
    const json = peft(['status', file, '--json'], dir);
    let st = '';
    json.proc.stdout!.on('data', (d: Buffer) => void (st += d.toString()));
    assert.equal(await json.exit, 0);
    const rows = (
      JSON.parse(st) as { trials: Array<{ run: string; state: string; id: string; step?: number }> }
    ).trials;
    const by = new Map(rows.map((r) => [r.run, r]));
    assert.equal(by.get('good')?.state, 'done');
    assert.equal(by.get('boom')?.state, 'diverged');
    assert.ok((by.get('boom')?.step ?? 0) >= 1);
    assert.equal(by.get('bad')?.state, 'failed');
    assert.match(
      readTrialStatus(dir, 'mixed', by.get('bad')!.id)?.error ?? '',
      /corpus has 8 bytes/,
    );
    // a second run re-runs nothing (done, diverged are results; failed is kept without --resume)
    const again = peft(['run', file, '--json'], dir);
    await again.exit;
    assert.equal(again.events.filter((e) => e.type === 'trial-start').length, 0);
  },
);
