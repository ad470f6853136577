// TPE end to end on the tiny corpus with real `peft run` processes: two workers get distinct
// suggestions, a kill -9 of the whole run mid-search and `--resume` finish the search, and the
// suggestions equal those of an uninterrupted search given the same results (replayed below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan/analyze';
import type { RunPlan, SearchPlan } from '../../../core/types/plan';
import { readTrialStatus, writeStatus } from '../../../store';
import { readSearchState } from '../../../store/search-state';
import { runSearch } from '../../../cli/executor/search';
import { killGroup, peft, tempProject, tinyFile } from './helpers';

const RUN = `run tune {
  model = m  data = task  adapter = ft
  lr = log(1e-4 .. 3e-2, 4)
  batch = sweep [2, 4]
  steps = 6  eval_every = 3  backend = "wasm"
  search = tpe { trials = 6  startup = 2  seed = 3  batch = 2 }
}`;

void test(
  'TPE on the tiny corpus: 2 workers, kill -9 mid-search, --resume continues the same search',
  { timeout: 300_000 },
  async () => {
    const text = tinyFile(RUN);
    const { dir, file } = tempProject('tpe', text);
    const first = peft(['run', file, '--json', '--workers', '2'], dir);
    // Kill once the second round has been suggested and one of its trials is training.
    let rounds = 0;
    const round2 = await first.waitFor(
      (e) => e.type === 'plan' && e.trials.length > 0 && ++rounds === 2,
    );
    const ids = round2.type === 'plan' ? round2.trials.map((t) => t.id) : [];
    await first.waitFor((e) => e.type === 'metric' && ids.includes(e.id));
    killGroup(first);
    await first.exit;
    const mid = readSearchState(dir, 'tpe', 'tune')!;
    assert.equal(mid.tpe.trials.length, 4, 'two rounds of two suggested before the kill');
    assert.ok(mid.tpe.trials.slice(2).every((t) => t.state === 'pending'));
    const doneBefore = new Set(
      first.events.flatMap((e) => (e.type === 'trial-end' && e.status === 'done' ? [e.id] : [])),
    );

    const second = peft(['run', file, '--json', '--workers', '2', '--resume'], dir);
    assert.equal(await second.exit, 0, second.stderr());
    for (const e of second.events)
      if (e.type === 'trial-start') assert.ok(!doneBefore.has(e.id), `${e.id} trained twice`);
    const plans = [...first.events, ...second.events].flatMap((e) =>
      e.type === 'plan' && e.trials.length ? [e.trials] : [],
    );
    for (const p of plans)
      assert.equal(new Set(p.map((t) => JSON.stringify(t.axes))).size, p.length, 'distinct batch');

    const final = readSearchState(dir, 'tpe', 'tune')!;
    assert.equal(final.tpe.trials.length, 6);
    assert.ok(final.tpe.trials.every((t) => t.state === 'done'));
    assert.deepEqual(
      final.tpe.trials.slice(0, 4).map((t) => t.params),
      mid.tpe.trials.map((t) => t.params),
      'suggestions made before the kill are kept',
    );

    // Replay: an uninterrupted search fed the same results suggests exactly the same.
    const run = analyze(text, { experiment: 'tpe' }).plan.runs[0] as RunPlan & {
      search: SearchPlan;
    };
    const replay = mkdtempSync(join(tmpdir(), 'peft-replay-'));
    await runSearch({
      root: replay,
      experiment: 'tpe',
      text,
      analyze: { experiment: 'tpe' },
      run,
      workers: 2,
      resume: false,
      runBatch: (batch) => {
        for (const t of batch) {
          const st = readTrialStatus(dir, 'tpe', t.id);
          assert.ok(st?.final, `replay suggested ${JSON.stringify(t.axes)}, never run`);
          writeStatus(replay, 'tpe', t.id, { state: 'done', final: st.final });
        }
        return Promise.resolve();
      },
    });
    assert.deepEqual(
      readSearchState(replay, 'tpe', 'tune')!.tpe.trials.map((t) => t.params),
      final.tpe.trials.map((t) => t.params),
    );
  },
);
