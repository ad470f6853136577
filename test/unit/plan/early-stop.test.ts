// `early_stop = asha { … }` in the language: resolved from the catalog per trial, bad values
// reported where they are written, rungs checked against eval_every, trial ids unchanged, and the
// editor's completion and hover reading the same catalog entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../core/plan';
import { completion } from '../../../language-server/completion';
import { hover } from '../../../language-server/hover';
import { EMPTY_STORE } from '../../../store/view';
import { docAt } from '../lsp/helpers/marked';

const file = (earlyStop: string, extra = 'steps = 90  eval_every = 10'): string =>
  [
    'data d = corpus "sotu" { limit = 10k }',
    'model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }',
    'adapter a = lora { r = 2 }',
    `run go {\n  model = m  data = d  adapter = a\n  r = sweep [1, 2]\n  ${extra}\n  ${earlyStop}\n}`,
  ].join('\n');

/** Each diagnostic as [code, severity, the text its range covers]. */
function diags(text: string): Array<[string, string, string]> {
  return analyze(text).diagnostics.map((d) => [
    d.code,
    d.severity,
    text.slice(d.range.start, d.range.end),
  ]);
}

void test('a pruner resolves per trial with catalog defaults and the run’s own values', () => {
  const trials = analyze(file('early_stop = asha { min_steps = 10 }')).plan.runs[0]!.trials;
  assert.deepEqual(trials[0]!.earlyStop, {
    pruner: 'asha',
    params: { min_steps: 10, reduction: 3, min_rate: 0, max_steps: 90, metric: 'eval_loss' },
  });
  const hb = analyze(file('early_stop = hyperband { seed = 7 }')).plan.runs[0]!.trials[0]!;
  assert.equal(hb.earlyStop?.params.min_steps, 10); // eval_every
  assert.equal(hb.earlyStop?.params.seed, 7);
  const med = analyze(file('early_stop = median')).plan.runs[0]!.trials[0]!;
  assert.deepEqual(med.earlyStop?.params, {
    startup: 5,
    warmup: 0,
    interval: 1,
    min_trials: 1,
    metric: 'eval_loss',
  });
});

void test('early_stop is not part of a trial’s identity', () => {
  const ids = (t: string): string[] => analyze(t).plan.runs[0]!.trials.map((x) => x.id);
  assert.deepEqual(ids(file('early_stop = asha { min_steps = 10 }')), ids(file('')));
});

void test('bad values are errors at the value, with a did-you-mean for the pruner name', () => {
  assert.deepEqual(diags(file('early_stop = ashaa { }')), [
    ['unknown-enum-value', 'error', 'ashaa'],
  ]);
  const fix = analyze(file('early_stop = ashaa { }')).diagnostics[0]!.data;
  assert.deepEqual(fix && 'text' in fix ? fix.text : undefined, 'asha');
  assert.deepEqual(diags(file('early_stop = asha { min_steps = 0  reduction = 1.5  eta = 3 }')), [
    ['out-of-range', 'error', '0'],
    ['not-integer', 'error', '1.5'],
    ['unknown-parameter', 'error', 'eta'],
  ]);
  assert.deepEqual(diags(file('early_stop = asha { min_steps = 30  max_steps = 20 }')), [
    ['out-of-range', 'error', '20'],
  ]);
  assert.deepEqual(diags(file('early_stop = sweep [asha, median]')), [
    ['invalid-sweep', 'error', 'sweep [asha, median]'],
  ]);
  assert.equal(
    analyze(file('early_stop = ashaa { }')).plan.runs[0]!.trials[0]!.earlyStop,
    undefined,
  );
});

void test('the checker warns when eval_every misses the rungs, or no rung or eval can act', () => {
  const es = 'early_stop = asha { min_steps = 15 }';
  const [d] = analyze(file(es)).diagnostics;
  assert.equal(d?.code, 'early-stop-rungs');
  assert.equal(d?.severity, 'warning');
  assert.match(d?.message ?? '', /eval_every = 10 misses the asha rungs at step 15, 45/);
  assert.deepEqual(
    diags(file('early_stop = asha { min_steps = 15 }', 'steps = 90  eval_every = 15')),
    [],
  );
  assert.match(
    analyze(file('early_stop = asha { min_steps = 100 }')).diagnostics[0]!.message,
    /No asha rung falls below steps = 90/,
  );
  assert.match(
    analyze(file('early_stop = median', 'steps = 90  eval_every = 90')).diagnostics[0]!.message,
    /leaves none before the last step/,
  );
  // Hyperband's rungs of every bracket: r = 10, η = 3 gives 10, 30 (bracket 0) and 30 (bracket 1).
  assert.deepEqual(diags(file('early_stop = hyperband { }')), []);
  assert.match(
    analyze(file('early_stop = hyperband { min_steps = 4 }')).diagnostics[0]!.message,
    /rungs at step 4, 12, 36/,
  );
});

void test('completion offers the pruners and each pruner’s options; hover shows their docs', () => {
  const labels = (input: string): string[] => {
    const { doc, position } = docAt(input);
    return completion(doc, position).map((i) => i.label);
  };
  assert.deepEqual(labels('run x { early_stop = | }'), ['asha', 'hyperband', 'median']);
  assert.deepEqual(labels('run x { early_stop = asha { | } }').sort(), [
    'max_steps',
    'metric',
    'min_rate',
    'min_steps',
    'reduction',
  ]);
  assert.ok(labels('run x { early_stop = median { | } }').includes('startup'));
  const text = (input: string): string => {
    const { doc, position } = docAt(input);
    const h = hover(doc, EMPTY_STORE, position);
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  assert.match(text('run x { early_stop = hyper|band { } }'), /Hyperband/);
  assert.match(text('run x { early_stop = asha { reduc|tion = 3 } }'), /η/);
});
