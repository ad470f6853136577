// The "Axes vs metric" page's pure parts: the parallel-coordinates model (log, linear and
// categorical axes scaled to 0..1, the metric last, unfinished trials without a metric), the
// chart's drawing of states (pruned dashed, failed dotted) and the importance ranking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialView } from '../../../webview/model';
import { importanceOf, parallelModel } from '../../../webview/views/axes-model';
import { axisTick, parallelConfig, stateStyle } from '../../../webview/charts/parallel-config';
import type { Theme } from '../../../webview/theme';

const trial = (id: string, axes: TrialView['axes'], state: string, loss?: number): TrialView => ({
  id,
  run: 'tune',
  index: 0,
  label: id,
  axes,
  config: {},
  state: state as TrialView['state'],
  ...(loss === undefined ? {} : { final: { eval_loss: loss } }),
});

const TRIALS = [
  trial('a', { lr: 1e-4, method: 'lora', seed: 0 }, 'done', 3),
  trial('b', { lr: 1e-3, method: 'dora', seed: 0 }, 'done', 2),
  trial('c', { lr: 1e-2, method: 'lora', seed: 0 }, 'done', 1),
  trial('d', { lr: 1e-1, method: 'dora', seed: 0 }, 'pruned', 9),
  trial('e', { lr: 1e-3, method: 'ia3', seed: 0 }, 'running'),
];

void test('axes: log for a wide positive range, categories in order, the metric last; constant axes left out', () => {
  const m = parallelModel(TRIALS, 'eval_loss');
  assert.deepEqual(
    m.axes.map((a) => [a.key, a.kind]),
    [
      ['lr', 'log'],
      ['method', 'categorical'],
      ['metric:eval_loss', 'linear'],
    ],
  );
  assert.deepEqual(m.axes[1]!.categories, ['lora', 'dora', 'ia3']);
  const line = (id: string) => m.lines.find((l) => l.id === id)!;
  assert.deepEqual(line('a').y, [0, 0, 1]);
  assert.deepEqual(
    line('b').y.map((y) => Number(y!.toFixed(6))),
    [0.333333, 0.5, 0.5],
  );
  assert.deepEqual(line('c').y, [2 / 3, 0, 0]);
  // The pruned trial's loss is partial: it has no metric position; the running one neither.
  assert.equal(line('d').y[2], null);
  assert.equal(line('d').metric, null);
  assert.equal(line('e').y[2], null);
  assert.equal(m.best, 'c');
});

const THEME: Theme = {
  fg: '#000',
  muted: '#777',
  grid: '#ccc',
  bg: '#fff',
  accent: '#00f',
  lineWidth: 1,
  palette: [],
};

void test('the chart draws pruned dashed, failed dotted, unfinished faint, the best thicker', () => {
  assert.deepEqual(stateStyle('pruned'), { dash: [6, 4], grey: true });
  assert.deepEqual(stateStyle('failed').dash, [2, 3]);
  const m = parallelModel(TRIALS, 'eval_loss');
  const sets = parallelConfig(m, THEME, 'eval_loss').data.datasets as unknown as Array<
    Record<string, unknown>
  >;
  const by = (id: string) => sets.find((d) => d.peftTrial === id)!;
  assert.deepEqual(by('d').borderDash, [6, 4]);
  assert.equal(by('d').borderColor, '#777');
  assert.equal(by('e').borderColor, '#ccc');
  assert.equal(by('c').borderColor, 'hsl(120, 65%, 42%)', 'best loss is green');
  assert.equal(by('a').borderColor, 'hsl(0, 65%, 42%)', 'worst loss is red');
  assert.equal(by('c').borderWidth, 2.5);
  assert.deepEqual(axisTick(m.axes[0]), ['lr', '1e-4 … 0.1 (log)']);
  assert.deepEqual(axisTick(m.axes[1]), ['method', 'lora · dora · ia3']);
});

void test('importance from the finished trials only', () => {
  const imp = importanceOf(TRIALS, 'eval_loss');
  const lr = imp.find((a) => a.axis === 'lr')!;
  assert.equal(lr.n, 3);
  assert.equal(lr.rho, -1);
  assert.equal(imp[0]!.axis, 'lr');
});
