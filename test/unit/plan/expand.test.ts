import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, run } from './fixture';
import { canonicalJson, stableId } from '../../../core/plan/hash';
import { CHECKS } from '../../../core/plan/checks';
import type { Check } from '../../../core/plan/context';

const withRun = (body: string): string => BASE.replace('steps = 10', `steps = 10\n  ${body}`);
const trials = (text: string, maxTrials?: number) =>
  run(text, maxTrials ? { maxTrials } : {}).plan.runs[0]!.trials;

void test('cartesian product: counts, order (first axis outermost) and axes labels', () => {
  const t = trials(withRun('r = sweep [2, 4, 8]  lr = sweep [1e-3, 3e-3]'));
  assert.equal(t.length, 6);
  assert.deepEqual(
    t.map((x) => [x.axes.r, x.axes.lr]),
    [
      [2, 1e-3],
      [2, 3e-3],
      [4, 1e-3],
      [4, 3e-3],
      [8, 1e-3],
      [8, 3e-3],
    ],
  );
  assert.deepEqual(
    t.map((x) => x.index),
    [0, 1, 2, 3, 4, 5],
  );
  assert.equal(t[2]!.config.adapter.params.r, 4);
  assert.equal(t[1]!.config.optimizer.params.lr, 3e-3);
});

void test('seeds multiply the product and set each trial seed', () => {
  const t = trials(withRun('r = sweep [2, 4]  seeds = 3  seed = 10'));
  assert.equal(t.length, 6);
  assert.deepEqual(
    t.slice(0, 3).map((x) => x.config.seed),
    [10, 11, 12],
  );
});

void test('zip pairs axes instead of multiplying them', () => {
  const t = trials(withRun('pair = zip(r = [2, 4, 8], lora_alpha = [4, 8, 16])'));
  assert.equal(t.length, 3);
  assert.deepEqual(
    t.map((x) => [x.config.adapter.params.r, x.config.adapter.params.lora_alpha]),
    [
      [2, 4],
      [4, 8],
      [8, 16],
    ],
  );
});

void test('log and lin grids are exact at the ends and geometric/linear between', () => {
  const t = trials(withRun('lr = log(1e-4 .. 1e-2, 3)'));
  assert.deepEqual(
    t.map((x) => x.config.optimizer.params.lr),
    [1e-4, 1e-3, 1e-2],
  );
  const l = trials(withRun('r = lin(2 .. 10, 5)'));
  assert.deepEqual(
    l.map((x) => x.config.adapter.params.r),
    [2, 4, 6, 8, 10],
  );
});

void test('seeded random samples are reproducible and differ by seed', () => {
  const a = trials(withRun('lr = random(loguniform(1e-4 .. 1e-2), n = 5, seed = 1)')).map(
    (x) => x.config.optimizer.params.lr as number,
  );
  const b = trials(withRun('lr = random(loguniform(1e-4 .. 1e-2), n = 5, seed = 1)')).map(
    (x) => x.config.optimizer.params.lr as number,
  );
  const c = trials(withRun('lr = random(loguniform(1e-4 .. 1e-2), n = 5, seed = 2)')).map(
    (x) => x.config.optimizer.params.lr as number,
  );
  assert.equal(a.length, 5);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  for (const v of a) assert.ok(v >= 1e-4 && v <= 1e-2);
});

void test('derived values follow the swept parameter', () => {
  const text = BASE.replace('lora_alpha = 8', 'lora_alpha = 2 * r').replace(
    'steps = 10',
    'steps = 10 r = sweep [4, 16]',
  );
  assert.deepEqual(
    trials(text).map((x) => x.config.adapter.params.lora_alpha),
    [8, 32],
  );
});

void test('isoflop picks steps so training FLOPs meet each budget', () => {
  const t = trials(withRun('budget = isoflop [1e10, 4e10]'));
  assert.equal(t.length, 2);
  for (const [i, budget] of [1e10, 4e10].entries()) {
    const e = t[i]!.estimates;
    assert.ok(
      Math.abs(e.trainFlops - budget) / budget < 0.01 + e.flopsPerStep / budget,
      `trial ${i}: ${e.trainFlops} vs ${budget}`,
    );
  }
  assert.ok(t[1]!.config.steps > 3 * t[0]!.config.steps);
});

void test('trial ids are stable, distinct, and a hash of the config', () => {
  const text = withRun('r = sweep [2, 4, 8]');
  const a = trials(text);
  const b = trials(text.replace(/\n/g, '\n\n'));
  assert.deepEqual(
    a.map((x) => x.id),
    b.map((x) => x.id),
  );
  assert.equal(new Set(a.map((x) => x.id)).size, 3);
  for (const t of a) {
    assert.match(t.id, /^[0-9a-f]{16}$/);
    assert.equal(t.id, stableId(t.config));
  }
  assert.equal(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] }), '{"a":[1,{"c":3,"d":2}],"b":1}');
});

/**
 * Work, not time, bounds these tests (time fails on a loaded machine): expressions the evaluator
 * evaluated, read by a check added after the built-in ones.
 */
function withSteps(text: string, maxTrials?: number): [ReturnType<typeof run>, number] {
  let steps = -1;
  const count: Check = (ctx) => void (steps = ctx.ev.evalSteps);
  const r = run(text, { checks: [...CHECKS, count], ...(maxTrials ? { maxTrials } : {}) });
  return [r, steps];
}

void test('a sweep over the limit is an error with no trials, found without expanding it', () => {
  const [r, steps] = withSteps(
    withRun('r = lin(1 .. 1000, 1000)  lr = log(1e-5 .. 1e-1, 1000)  seeds = 1000'),
  );
  assert.ok(r.diagnostics.some((d) => d.code === 'too-many-trials'));
  assert.equal(r.plan.runs[0]!.trials.length, 0);
  // Expanding even one trial per value of one axis would take thousands of steps.
  assert.ok(steps > 0 && steps < 500, `${steps} evaluation steps`);
});

void test('an axis asking for billions of values is refused before anything is allocated', () => {
  const [r, steps] = withSteps(withRun('lr = log(1e-5 .. 1e-1, 2B)'));
  const d = r.diagnostics.find((x) => x.code === 'too-many-trials');
  assert.ok(d, 'too-many-trials');
  assert.match(d.message, /2,000,000,000 values/);
  assert.ok(steps > 0 && steps < 500, `${steps} evaluation steps`);
});

void test('estimates: LoRA trainable params on q and v equal r·(d_in + d_out) per site', () => {
  const t = trials(BASE)[0]!;
  // tiny: width 32, depth 1, default targets [q, v] → 2 sites of 32×32, r = 4
  assert.equal(t.estimates.trainableParams, 2 * 4 * (32 + 32));
  assert.ok(t.estimates.totalParams > t.estimates.trainableParams);
  assert.equal(t.estimates.tokens, t.config.steps * t.config.batch * 16);
});

void test('the examples expand to the documented trial counts with no errors', () => {
  const expect: Record<string, number> = {
    'lora-vs-allora.peft': 30,
    'rank-scaling.peft': 25,
    'isoflop.peft': 4,
    'methods.peft': 8,
    'fashion.peft': 6,
  };
  for (const [file, n] of Object.entries(expect)) {
    const r = run(readFileSync(`examples/${file}`, 'utf8'));
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error'),
      [],
      file,
    );
    assert.equal(
      r.plan.runs.reduce((s, x) => s + x.trials.length, 0),
      n,
      file,
    );
  }
});

void test('laws and predictions reach the plan', () => {
  const r = run(BASE + 'predict l at r = [64, 128]\n');
  assert.deepEqual(r.plan.laws[0], {
    name: 'l',
    form: 'power',
    source: { kind: 'run', run: 'go' },
    y: 'eval_loss',
    x: ['r'],
    options: {},
  });
  assert.deepEqual(r.plan.predictions, [{ law: 'l', points: [{ r: 64 }, { r: 128 }] }]);
});

void test('symbols: declarations and references for the language server', () => {
  const r = run(BASE);
  assert.deepEqual(
    r.symbols.declarations.map((d) => `${d.kind}:${d.name}`),
    ['data:task', 'model:tiny', 'adapter:lo', 'run:go', 'law:l'],
  );
  const refs = r.symbols.references.map(
    (x) => `${x.target}${x.field ? '.' + x.field : ''}@${BASE.slice(x.range.start, x.range.end)}`,
  );
  assert.deepEqual(refs, ['tiny@tiny', 'task@task', 'lo@lo', 'go.eval_loss@go']);
  const tiny = r.symbols.byName.tiny!;
  assert.equal(BASE.slice(tiny.nameRange.start, tiny.nameRange.end), 'tiny');
});

void test('a reference that re-enters its own nested block is stopped, not evaluated forever (fuzz find)', () => {
  const text = [
    'data task = corpus "moby-dick" { holdout = 10% }',
    'model tiny = transformer {',
    '  pretrain { data = pretrain  steps = 1500  lr = data = task',
    'adapter allora = allora { target_modules = lora.target_modules  r = lora.r }',
    'run ranks {',
    '  model = tiny   data = task',
    '  adapter = sweep [lora, allora]',
  ].join('\n');
  const [r, steps] = withSteps(text, 200);
  // Re-entering the block doubled the work per level until the 2,000,000-step safety net.
  assert.ok(steps > 0 && steps < 5_000, `${steps} evaluation steps`);
  assert.ok(r.diagnostics.some((d) => d.code === 'cyclic-reference'));
  assert.ok(!r.diagnostics.some((d) => d.code === 'internal-error'));
  // The cause is caught (the block re-entering itself), not the evaluation-step safety net.
  assert.ok(
    r.diagnostics.some((d) => /contains itself/.test(d.message)),
    JSON.stringify(r.diagnostics),
  );
  assert.ok(!r.diagnostics.some((d) => /evaluation stopped/.test(d.message)));
});
