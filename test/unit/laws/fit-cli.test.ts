// `peft fit` over a plan JSON and a store written by hand in a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFits, readMetrics, readTrialResults } from '../../../store/fits';
import type { ExperimentPlan, Trial } from '../../../core/types/plan';
import { runCli as cli } from '../../helpers/cli';
import { ZERO_ESTIMATES } from '../../../core/catalog';

function trial(id: string, r: number): Trial {
  return {
    id,
    run: 'ranks',
    index: r,
    axes: { r },
    config: {
      experiment: 'demo',
      run: 'ranks',
      model: { name: 'm', family: 'mlp', params: {} },
      data: { name: 'd', corpus: 'sotu', holdout: 0.1, params: {} },
      adapter: { name: 'lora', method: 'lora', params: { r } },
      optimizer: { name: 'adamw', params: { lr: 1e-3 } },
      schedule: { name: 'constant', params: {} },
      batch: 8,
      steps: 10,
      seed: 0,
      evalEvery: 5,
      metric: 'eval_loss',
      clip: 0,
    },
    estimates: { ...ZERO_ESTIMATES, totalParams: 1, trainableParams: r, trainablePercent: 1 },
  };
}

void test('peft fit reads done trials, prints params/intervals/predictions, saves fits.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peft-fit-'));
  const ranks = [1, 2, 4, 8, 16, 32, 64];
  const trials = [...ranks.map((r) => trial(`t${r}`, r)), trial('failed', 128)];
  const plan: ExperimentPlan = {
    version: 1,
    experiment: 'demo',
    runs: [{ name: 'ranks', trials }],
    laws: [
      {
        name: 'rank_law',
        form: 'power',
        source: { kind: 'run', run: 'ranks' },
        y: 'eval_loss',
        x: ['r'],
        options: { bootstrap: 40 },
      },
    ],
    predictions: [{ law: 'rank_law', points: [{ r: 256 }] }],
  };
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(plan));
  for (const t of trials) {
    mkdirSync(join(dir, '.peft', 'runs', 'demo', t.id), { recursive: true });
    const r = t.axes.r as number;
    const status =
      t.id === 'failed'
        ? { state: 'failed', updated: '', error: 'boom' }
        : { state: 'done', updated: '', final: { eval_loss: 2 + 3 * r ** -0.4 } };
    writeFileSync(join(dir, '.peft', 'runs', 'demo', t.id, 'status.json'), JSON.stringify(status));
  }
  assert.deepEqual(
    Object.keys(readTrialResults(dir, plan)).sort(),
    ranks.map((r) => `t${r}`).sort(),
  );
  writeFileSync(
    join(dir, '.peft', 'runs', 'demo', 't1', 'metrics.jsonl'),
    '{"kind":"eval","step":5,"tokens":0,"flops":0,"wall":0,"metrics":{"eval_loss":3}}\n{"kind":"tr',
  );
  assert.deepEqual(
    readMetrics(dir, 'demo', 't1')!.map((r) => r.step),
    [5],
  );
  assert.equal(readMetrics(dir, 'demo', 't2'), undefined);
  const res = await cli(['fit', 'demo.json'], dir);
  assert.equal(res.code, 0, res.err);
  assert.match(res.out, /law rank_law: power E \+ A\*x\^-alpha/);
  assert.match(res.out, /alpha +0\.4 +90% \[/);
  assert.match(res.out, /predict at r = 256: 2\.3\d* +90% \[/);
  assert.match(res.out, /extrapolating/);
  const saved = loadFits(dir, 'demo');
  assert.ok(saved && saved.fits.length === 1 && saved.fits[0]!.ok);
  const json = await cli(['fit', 'demo.json', '--json'], dir);
  assert.equal((JSON.parse(json.out) as { fits: unknown[] }).fits.length, 1);
  assert.equal(
    JSON.parse(readFileSync(join(dir, '.peft', 'runs', 'demo', 'fits.json'), 'utf8')).version,
    1,
  );
  assert.equal((await cli(['fit'], dir)).code, 2);
  assert.equal((await cli(['fit', 'missing.json'], dir)).code, 2);
});

void test('peft fit FILE.peft analyses the file with core/plan and fits its laws', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'peft-fit-peft-'));
  const text = [
    'data task = sotu { holdout = 10% }',
    'model tiny = transformer { vocab = bytes  width = 32  depth = 2  heads = 2  context = 64 }',
    'adapter lora = lora { target_modules = [q, v]  r = 2 }',
    'run ranks {',
    '  model = tiny   data = task   adapter = lora',
    '  r = sweep [1, 2, 4, 8, 12]',
    '  optimizer = adamw { lr = 3e-4 }',
    '  batch = 8  steps = 20',
    '}',
    'law rank_law = power(ranks.eval_loss ~ r) { bootstrap = 20 }',
    'predict rank_law at r = [64]',
  ].join('\n');
  writeFileSync(join(dir, 'demo.peft'), text);
  const { analyze } = await import('../../../core/plan/analyze');
  const plan = analyze(text, { experiment: 'demo' }).plan;
  assert.equal(plan.laws.length, 1);
  for (const t of plan.runs[0]!.trials) {
    mkdirSync(join(dir, '.peft', 'runs', 'demo', t.id), { recursive: true });
    writeFileSync(
      join(dir, '.peft', 'runs', 'demo', t.id, 'status.json'),
      JSON.stringify({
        state: 'done',
        updated: '',
        final: { eval_loss: 2 + 3 * (t.axes.r as number) ** -0.4 },
      }),
    );
  }
  const res = await cli(['fit', 'demo.peft'], dir);
  assert.equal(res.code, 0, res.err + res.out);
  assert.match(res.out, /predict at r = 64: 2\.56\d* +90%/);
  writeFileSync(join(dir, 'broken.peft'), 'law x = power(nope.eval_loss ~ r)\n');
  const bad = await cli(['fit', 'broken.peft'], dir);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /broken.peft:1:\d+: error: /);
});
