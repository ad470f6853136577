// `search = tpe { … }` in a run: options checked against the catalog, the axes as a search space,
// suggested points expanded into trials whose ids are the ids the same config gets in a grid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan/analyze';
import type { RunPlan } from '../../../core/types/plan';

const HEAD = `data task = corpus "moby-dick"
model tiny = transformer { width = 32  depth = 1  heads = 2  context = 16 }
adapter lo = lora { r = 4  lora_alpha = 2 * r }
adapter ia = ia3 { }
`;
const file = (body: string): string =>
  `${HEAD}run go {\n  model = tiny  data = task  steps = 10\n${body.includes('adapter =') ? '' : '  adapter = lo\n'}${body}\n}\n`;

const runOf = (text: string, points?: Array<Record<string, string | number>>): RunPlan => {
  const r = analyze(text, points ? { searchPoints: { go: points } } : {});
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, [], 'no errors expected');
  return r.plan.runs[0]!;
};
const codesOf = (text: string): Array<[string, string]> =>
  analyze(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.code, text.slice(d.range.start, d.range.end)]);

void test('the axes become the space: log in log, lin linear, whole numbers, lists and zips as categories', () => {
  const run = runOf(
    file(`  lr = log(1e-4 .. 1e-2, 3)
  batch = lin(8 .. 32, 4)
  r = sweep [4, 8, 16]
  adapter = sweep [lo, ia]
  pair = zip(lora_dropout = [0, 0.1], clip = [1, 0.5])
  search = tpe { trials = 20  seed = 7  startup = 4 }`),
  );
  assert.equal(run.trials.length, 0, 'a search lists no trials in the plan');
  const s = run.search!;
  assert.deepEqual(
    { method: s.method, trials: s.trials, seed: s.seed, startup: s.startup, batch: s.batch },
    { method: 'tpe', trials: 20, seed: 7, startup: 4, batch: undefined },
  );
  assert.deepEqual(s.space, [
    { name: 'lr', kind: 'log', low: 1e-4, high: 1e-2 },
    { name: 'batch', kind: 'linear', low: 8, high: 32, integer: true },
    { name: 'r', kind: 'categorical', choices: [4, 8, 16] },
    { name: 'adapter', kind: 'categorical', choices: ['lo', 'ia'] },
    { name: 'pair', kind: 'categorical', choices: [0, 1] },
  ]);
  // The estimate comes from the written grid: 3 × 4 × 3 × 2 × 2 = 144 points, sampled to 32.
  assert.equal(s.estimate.points, 32);
  assert.ok(s.estimate.maxTrainFlops >= s.estimate.meanTrainFlops);
  assert.ok(s.estimate.meanTrainFlops > 0);
});

void test('random(…) axes keep their distribution; seeds are replicates, not searched', () => {
  const run = runOf(
    file(`  lr = random(loguniform(1e-5 .. 1e-3), n = 4)
  r = random(int_uniform(2 .. 16), n = 3)
  schedule = random(choice(["constant", "cosine"]), n = 2)
  seeds = 3
  search = random { trials = 6 }`),
  );
  const s = run.search!;
  assert.equal(s.method, 'random');
  assert.equal(s.startup, 6, 'random search: every trial is a startup draw');
  assert.equal(s.seeds, 3);
  assert.deepEqual(s.space, [
    { name: 'lr', kind: 'log', low: 1e-5, high: 1e-3 },
    { name: 'r', kind: 'linear', low: 2, high: 16, integer: true },
    { name: 'schedule', kind: 'categorical', choices: ['constant', 'cosine'] },
  ]);
});

void test('suggested points expand into trials whose ids equal the same config written as a grid', () => {
  const search = file(`  lr = log(1e-4 .. 1e-2, 3)
  r = sweep [4, 8, 16]
  adapter = sweep [lo, ia]
  seeds = 2
  search = tpe { trials = 5 }`);
  const run = runOf(search, [
    { lr: 0.00123456789, r: 8, adapter: 'lo' },
    { lr: 0.005, r: 16, adapter: 'ia' },
  ]);
  assert.equal(run.trials.length, 4, 'two points × two seeds');
  assert.deepEqual(
    run.trials.map((t) => [t.index, t.axes]),
    [
      [0, { lr: 0.00123457, r: 8, adapter: 'lo', seed: 0 }],
      [1, { lr: 0.00123457, r: 8, adapter: 'lo', seed: 1 }],
      [2, { lr: 0.005, r: 16, adapter: 'ia', seed: 0 }],
      [3, { lr: 0.005, r: 16, adapter: 'ia', seed: 1 }],
    ],
  );
  // Derived values follow the suggestion (lora_alpha = 2 * r).
  assert.equal(run.trials[0]!.config.adapter.params.lora_alpha, 16);
  const grid = runOf(
    file(`  lr = 0.00123457
  r = 8
  seeds = 2`),
  );
  assert.deepEqual(
    grid.trials.map((t) => t.id),
    run.trials.slice(0, 2).map((t) => t.id),
  );
});

void test('bad options and unsearchable axes are errors at their place, with fixes', () => {
  const base = '  r = sweep [4, 8]\n';
  assert.deepEqual(codesOf(file(base + '  search = tpo { trials = 4 }')), [
    ['invalid-search', 'tpo'],
  ]);
  const fix = analyze(file(base + '  search = tpo { trials = 4 }')).diagnostics.find(
    (d) => d.code === 'invalid-search',
  )!.data;
  assert.deepEqual(fix && 'text' in fix ? fix.text : undefined, 'tpe');
  assert.deepEqual(codesOf(file(base + '  search = tpe { trails = 4 }')), [
    ['missing-required', 'tpe'],
    ['unknown-parameter', 'trails'],
  ]);
  assert.deepEqual(codesOf(file(base + '  search = tpe { trials = 0 }')), [['out-of-range', '0']]);
  assert.deepEqual(codesOf(file(base + '  search = random { trials = 4  startup = 2 }')), [
    ['unknown-parameter', 'startup'],
  ]);
  assert.deepEqual(codesOf(file('  search = tpe { trials = 4 }')), [['invalid-search', 'go']]);
  assert.deepEqual(codesOf(file(base + '  search = 3')), [['invalid-search', '3']]);
});
