// Law data from plan trials and CSV text, and fitPlanLaws over a whole plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, pointsFromCsv } from '../../../core/laws/csv';
import { fitPlanLaws } from '../../../core/laws/fit-plan';
import { trialValue } from '../../../core/laws/points';
import type { ExperimentPlan, LawSpec, Trial } from '../../../core/types/plan';
import { ZERO_ESTIMATES } from '../../../core/catalog';

function trial(id: string, adapter: string, r: number, lr: number): Trial {
  return {
    id,
    run: 'ranks',
    index: 0,
    axes: { adapter, r },
    config: {
      experiment: 'e',
      run: 'ranks',
      model: { name: 'tiny', family: 'transformer', params: { width: 64 } },
      data: { name: 'task', corpus: 'sotu', holdout: 0.1, params: {} },
      adapter: { name: adapter, method: adapter, params: { r, lora_alpha: 16 } },
      optimizer: { name: 'adamw', params: { lr } },
      schedule: { name: 'constant', params: {} },
      batch: 32,
      steps: 400,
      seed: 0,
      evalEvery: 50,
      metric: 'eval_loss',
      clip: 1,
    },
    estimates: {
      ...ZERO_ESTIMATES,
      totalParams: 1e6,
      trainableParams: 1000 * r,
      trainablePercent: 0.1 * r,
      trainFlops: 6e6 * r,
      tokens: 12800,
    },
  };
}

void test('variable names resolve against axes, config fields, estimates and dotted paths', () => {
  const t = trial('t1', 'lora', 8, 3e-4);
  assert.equal(trialValue(t, 'r'), 8);
  assert.equal(trialValue(t, 'lr'), 3e-4);
  assert.equal(trialValue(t, 'batch'), 32);
  assert.equal(trialValue(t, 'trainable_params'), 8000);
  assert.equal(trialValue(t, 'D'), 12800);
  assert.equal(trialValue(t, 'C'), 4.8e7);
  assert.equal(trialValue(t, 'model.width'), 64);
  assert.equal(trialValue(t, 'lora_alpha'), 16);
  assert.equal(trialValue(t, 'adapter'), 'lora');
  assert.equal(trialValue(t, 'nope'), undefined);
});

const law = (over: Partial<LawSpec> = {}): LawSpec => ({
  name: 'rank_law',
  form: 'power',
  source: { kind: 'run', run: 'ranks' },
  y: 'eval_loss',
  x: ['r'],
  by: 'adapter',
  options: { bootstrap: 30 },
  ...over,
});

void test('fitPlanLaws: one fit per group, predictions attached, pending trials reported', () => {
  const trials: Trial[] = [];
  const results: Record<string, Record<string, number>> = {};
  for (const adapter of ['lora', 'allora']) {
    for (const r of [1, 2, 4, 8, 16, 32, 64]) {
      const id = `${adapter}-${r}`;
      trials.push(trial(id, adapter, r, 3e-4));
      results[id] = { eval_loss: (adapter === 'lora' ? 2 : 1.8) + 1.5 * r ** -0.5 };
    }
  }
  trials.push(trial('pending', 'lora', 128, 3e-4));
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'e',
    runs: [{ name: 'ranks', trials }],
    laws: [law()],
    predictions: [{ law: 'rank_law', points: [{ r: 128 }] }],
  };
  const fits = fitPlanLaws(plan, results);
  assert.deepEqual(
    fits.map((f) => f.group),
    ['lora', 'allora'],
  );
  for (const f of fits) {
    assert.ok(f.ok, JSON.stringify(f.diagnostics));
    assert.equal(f.by, 'adapter');
    assert.equal(f.predictions.length, 1);
    const truth = (f.group === 'lora' ? 2 : 1.8) + 1.5 * 128 ** -0.5;
    assert.ok(
      Math.abs(f.predictions[0]!.value - truth) < 1e-3,
      `${f.group}: ${f.predictions[0]!.value} vs ${truth}`,
    );
    assert.ok(f.curve && f.curve.length > 10);
  }
  assert.ok(fits[0]!.diagnostics.some((d) => d.code === 'pending-trials'));
});

void test('fitPlanLaws: bad custom math → diagnostic with offsets; unknown variable and unknown run → errors', () => {
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'e',
    runs: [{ name: 'ranks', trials: [trial('a', 'lora', 2, 1e-3)] }],
    laws: [
      law({ name: 'bad', form: 'custom', expression: 'E + A*r^^a', by: undefined }),
      law({ name: 'unk', x: ['depth_of_soul'], by: undefined }),
      law({ name: 'norun', source: { kind: 'run', run: 'nope' } }),
    ],
    predictions: [],
  };
  const fits = fitPlanLaws(plan, { a: { eval_loss: 2 } });
  assert.equal(fits.length, 3);
  assert.ok(fits.every((f) => !f.ok));
  assert.deepEqual(fits[0]!.diagnostics[0]!.range, { start: 8, end: 9 });
  assert.equal(fits[1]!.diagnostics[0]!.code, 'unknown-variable');
  assert.match(fits[1]!.diagnostics[0]!.message, /depth_of_soul/);
  assert.equal(fits[2]!.diagnostics[0]!.code, 'unknown-run');
});

void test('CSV: header, comments, quoted cells; errors give line numbers', () => {
  const text = '# published\nN,D,loss,group\n1e8,1e9,3.1,"a"\n\n2e8,2e9,2.9,a\n';
  const t = parseCsv(text);
  assert.ok(!('error' in t));
  assert.deepEqual(t.columns, ['N', 'D', 'loss', 'group']);
  const spec = law({
    source: { kind: 'csv', path: 'x.csv' },
    x: ['N', 'D'],
    y: 'loss',
    by: 'group',
    form: 'chinchilla',
  });
  const pts = pointsFromCsv(spec, text);
  assert.deepEqual(
    pts.groups.get('a')!.map((p) => p.source),
    ['csv:3', 'csv:5'],
  );
  assert.match(
    pointsFromCsv(spec, 'N,D,loss,group\n1,2,oops,a\n').diagnostics[0]!.message,
    /^line 2: the loss cell is not a finite number/,
  );
  assert.match(
    pointsFromCsv(spec, 'N,D,loss,group\n1,2\n').diagnostics[0]!.message,
    /^line 2: 2 cell\(s\), the header has 4/,
  );
  assert.match(pointsFromCsv(spec, 'N,loss\n1,2\n').diagnostics[0]!.message, /no column 'D'/);
  assert.match(pointsFromCsv(spec, '').diagnostics[0]!.message, /empty/);
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'e',
    runs: [],
    laws: [{ ...spec, by: undefined, form: 'power', x: ['N'] }],
    predictions: [],
  };
  const fits = fitPlanLaws(
    plan,
    {},
    { readCsv: () => 'N,loss\n1e3,3\n1e4,2.5\n1e5,2.2\n1e6,2.05\n1e7,2.0\n' },
  );
  assert.ok(fits[0]!.ok);
  assert.equal(
    fitPlanLaws(plan, {}, { readCsv: () => undefined })[0]!.diagnostics[0]!.code,
    'bad-csv',
  );
});
