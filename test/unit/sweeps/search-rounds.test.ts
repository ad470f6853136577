// The search executor's rounds over a scripted objective (no training): a search killed mid-round
// and resumed makes the same suggestions as one never interrupted; batches hold distinct
// suggestions; the state file round-trips and a damaged or foreign one is a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan/analyze';
import type { RunPlan, SearchPlan, Trial } from '../../../core/types/plan';
import { writeStatus } from '../../../store';
import { readSearchState, searchStatePath, writeSearchState } from '../../../store/search-state';
import { runSearch, type SearchRunOptions } from '../../../cli/executor/search';
import { withSearchTrials } from '../../../cli/executor/search-trials';

const text = (trials: number): string => `data task = corpus "moby-dick"
model tiny = transformer { width = 32  depth = 1  heads = 2  context = 16 }
adapter lo = lora { r = 4  lora_alpha = 2 * r }
run go {
  model = tiny  data = task  adapter = lo  steps = 10
  lr = log(1e-4 .. 1e-1, 4)
  r = sweep [2, 4, 8]
  search = tpe { trials = ${trials}  startup = 3  seed = 5 }
}
`;

/** A known objective: best at lr = 1e-2, r = 8. */
const loss = (t: Trial): number =>
  (Math.log10(t.axes.lr as number) + 2) ** 2 + (t.axes.r === 8 ? 0 : 0.5) + 1;

function options(root: string, trials: number, batches: Trial[][]): SearchRunOptions {
  const analyzed = analyze(text(trials), { experiment: 'exp' });
  const run = analyzed.plan.runs[0] as RunPlan & { search: SearchPlan };
  return {
    root,
    experiment: 'exp',
    text: text(trials),
    analyze: { experiment: 'exp' },
    run,
    workers: 2,
    resume: true,
    runBatch: (batch) => {
      batches.push(batch);
      for (const t of batch)
        writeStatus(root, 'exp', t.id, { state: 'done', final: { eval_loss: loss(t) } });
      return Promise.resolve();
    },
  };
}

const params = (root: string): unknown =>
  readSearchState(root, 'exp', 'go')!.tpe.trials.map((t) => [t.params, t.state]);

void test('an uninterrupted search: rounds of 2 distinct suggestions (constant liar), N in all', async () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-search-'));
  const batches: Trial[][] = [];
  const ran = await runSearch(options(root, 9, batches));
  assert.deepEqual(
    batches.map((b) => b.length),
    [2, 2, 2, 2, 1],
  );
  for (const b of batches)
    assert.equal(new Set(b.map((t) => JSON.stringify(t.axes))).size, b.length);
  assert.equal(ran.length, 9);
  assert.deepEqual(
    batches.flat().map((t) => t.index),
    [0, 1, 2, 3, 4, 5, 6, 7, 8],
    'trial indexes follow the suggestion numbers across rounds',
  );
  const state = readSearchState(root, 'exp', 'go')!;
  assert.equal(state.batch, 2);
  assert.ok(state.tpe.trials.every((t) => t.state === 'done'));
  // TPE after its 3 startup trials moves towards the optimum: the best found beats the startup.
  const values = state.tpe.trials.map((t) => t.value!);
  assert.ok(Math.min(...values.slice(3)) < Math.min(...values.slice(0, 3)));
  // status, export and the laws see the search's trials through the stored state.
  const plan = analyze(text(9), { experiment: 'exp' }).plan;
  const filled = withSearchTrials(root, text(9), { experiment: 'exp' }, plan);
  assert.deepEqual(
    filled.runs[0]!.trials.map((t) => t.id),
    batches.flat().map((t) => t.id),
  );
});

void test('killed mid-round, then resumed: the same suggestions as an uninterrupted run', async () => {
  const whole = mkdtempSync(join(tmpdir(), 'peft-search-'));
  await runSearch(options(whole, 9, []));
  const root = mkdtempSync(join(tmpdir(), 'peft-search-'));
  const first = options(root, 9, []);
  let calls = 0;
  const finished: string[] = [];
  first.runBatch = (batch) => {
    // Round 3 dies after its first trial (its second stays `running`, as after kill -9).
    if (++calls === 3) {
      writeStatus(root, 'exp', batch[0]!.id, {
        state: 'done',
        final: { eval_loss: loss(batch[0]!) },
      });
      writeStatus(root, 'exp', batch[1]!.id, { state: 'running' });
      finished.push(batch[0]!.id);
      return Promise.reject(new Error('killed'));
    }
    for (const t of batch) {
      writeStatus(root, 'exp', t.id, { state: 'done', final: { eval_loss: loss(t) } });
      finished.push(t.id);
    }
    return Promise.resolve();
  };
  await assert.rejects(runSearch(first), /killed/);
  const pending = readSearchState(root, 'exp', 'go')!.tpe.trials.filter(
    (t) => t.state === 'pending',
  );
  assert.equal(pending.length, 2, 'the interrupted round is saved as pending');
  const rerun: Trial[][] = [];
  await runSearch(options(root, 9, rerun));
  assert.deepEqual(params(root), params(whole));
  const again = rerun.flat().map((t) => t.id);
  assert.ok(!again.some((id) => finished.includes(id)), 'finished trials are not run again');
});

void test('the state round-trips; damaged, foreign or outdated states are clear errors', async () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-search-'));
  await runSearch(options(root, 3, []));
  const state = readSearchState(root, 'exp', 'go')!;
  writeSearchState(root, 'exp', state);
  assert.deepEqual(readSearchState(root, 'exp', 'go'), state);
  assert.equal(readSearchState(root, 'exp', 'other'), undefined);
  const path = searchStatePath(root, 'exp', 'go');
  const good = JSON.stringify({ head: { ...state, tpe: undefined }, tpe: state.tpe });
  const damaged: Array<[string, RegExp]> = [
    ['{"head": {', /damaged search state .*search-go\.json: .*JSON/],
    [good.replace('"run":"go"', '"run":"gone"'), /belongs to run "gone"/],
    [good.replace('"batch":2', '"batch":0'), /batch is not a whole number/],
    [good.replace('"state":"done"', '"state":"finished"'), /trial 0 has state "finished"/],
    [good.replace('"version":1', '"version":2'), /version 2 is not 1/],
  ];
  for (const [content, message] of damaged) {
    writeFileSync(path, content);
    assert.throws(() => readSearchState(root, 'exp', 'go'), message);
    await assert.rejects(runSearch(options(root, 3, [])), message);
  }
  writeSearchState(root, 'exp', state);
  await assert.rejects(runSearch(options(root, 4, [])), /search \(space or options\) changed/);
});

void test('a search with early_stop tells its pruned trials with the metric where they stopped, and goes on', async () => {
  const root = mkdtempSync(join(tmpdir(), 'peft-search-'));
  const pruned = text(6).replace(
    'search = tpe',
    'eval_every = 2\n  early_stop = asha { min_steps = 2 }\n  search = tpe',
  );
  const analyzed = analyze(pruned, { experiment: 'exp' });
  const run = analyzed.plan.runs[0] as RunPlan & { search: SearchPlan };
  const batches: Trial[][] = [];
  await runSearch({
    root,
    experiment: 'exp',
    text: pruned,
    analyze: { experiment: 'exp' },
    run,
    workers: 2,
    resume: true,
    runBatch: (batch) => {
      batches.push(batch);
      // Every second trial is stopped early, at a worse value than it would have ended with.
      for (const t of batch)
        writeStatus(root, 'exp', t.id, {
          state: t.index % 2 ? 'pruned' : 'done',
          step: t.index % 2 ? 2 : 10,
          final: { eval_loss: loss(t) + (t.index % 2 ? 1 : 0) },
        });
      return Promise.resolve();
    },
  });
  assert.ok(
    batches.flat().every((t) => t.earlyStop !== undefined),
    'suggested trials carry the pruner',
  );
  const state = readSearchState(root, 'exp', 'go')!;
  assert.equal(state.tpe.trials.length, 6, 'the search ran all its trials');
  assert.ok(state.tpe.trials.every((t) => t.state === 'done'));
  const byIndex = batches.flat().sort((a, b) => a.index - b.index);
  state.tpe.trials.forEach((t, i) =>
    assert.equal(t.value, loss(byIndex[i]!) + (i % 2 ? 1 : 0), `trial ${i}`),
  );
});
