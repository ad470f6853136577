import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalPoints, extendTrainPoints, type XY } from '../../../webview/charts/curves-data';
import {
  curveChartOptions,
  evalDataset,
  fade,
  trainDataset,
} from '../../../webview/charts/curves-config';
import { emaStart } from '../../../webview/ema';
import type { Theme } from '../../../webview/theme';

const theme: Theme = {
  fg: '#000000',
  muted: '#555555',
  grid: '#dddddd',
  bg: '#ffffff',
  accent: '#0000ff',
  lineWidth: 1.5,
  palette: ['#112233'],
};
const cols = {
  step: [0, 1, 2, 3],
  loss: [4, NaN, 2, 1],
  tokens: [0, 100, 200, 300],
  flops: [0, 1e9, 2e9, 3e9],
  wall: [0, 0.5, 1, 1.5],
};

void test('train points take x from the chosen column and skip non-finite losses', () => {
  const out: XY[] = [];
  assert.equal(extendTrainPoints(out, cols, 0, 'tokens', 0, emaStart()), 4);
  assert.deepEqual(out, [
    { x: 0, y: 4 },
    { x: 200, y: 2 },
    { x: 300, y: 1 },
  ]);
});

void test('train points extended incrementally equal a full rebuild, smoothing included', () => {
  const full: XY[] = [];
  extendTrainPoints(full, cols, 0, 'step', 0.6, emaStart());
  const inc: XY[] = [];
  const ema = emaStart();
  const first = {
    step: cols.step.slice(0, 2),
    loss: cols.loss.slice(0, 2),
    tokens: cols.tokens.slice(0, 2),
    flops: cols.flops.slice(0, 2),
    wall: cols.wall.slice(0, 2),
  };
  const consumed = extendTrainPoints(inc, first, 0, 'step', 0.6, ema);
  extendTrainPoints(inc, cols, consumed, 'step', 0.6, ema);
  assert.deepEqual(inc, full);
  assert.ok(full[1]!.y > 2, 'the smoothed value lags the raw one');
});

void test('eval points are never smoothed and skip NaN', () => {
  assert.deepEqual(
    evalPoints(
      { step: [0, 5], tokens: [0, 5], flops: [0, 5], wall: [0, 5], value: [3, NaN] },
      'wall',
    ),
    [{ x: 0, y: 3 }],
  );
});

void test('curve chart options: no parsing, no animation, LTTB decimation, log or linear y', () => {
  const describe = (id: string) => [`config of ${id}`];
  const lin = curveChartOptions(
    { x: 'flops', logY: false, metricLabel: 'Train loss', describe },
    theme,
  );
  assert.equal(lin.parsing, false);
  assert.equal(lin.animation, false);
  assert.deepEqual(lin.plugins?.decimation, { enabled: true, algorithm: 'lttb' });
  assert.equal(lin.scales?.x?.type, 'linear');
  assert.equal(lin.scales?.y?.type, 'linear');
  assert.equal((lin.scales?.x as { title: { text: string } }).title.text, 'FLOPs');
  const log = curveChartOptions(
    { x: 'step', logY: true, metricLabel: 'Train loss', describe },
    theme,
  );
  assert.equal(log.scales?.y?.type, 'logarithmic');
  const afterBody = log.plugins?.tooltip?.callbacks?.afterBody as unknown as (
    items: unknown[],
  ) => string[];
  assert.deepEqual(afterBody([{ dataset: { peftTrial: 't9' } }]), ['config of t9']);
});

void test('datasets carry their trial; focus widens the line and others fade', () => {
  const style = { color: '#112233', hidden: false, dimmed: false, focused: true };
  const focused = trainDataset('t1', 'lora r=8', [], style, theme);
  assert.equal(focused.peftTrial, 't1');
  assert.equal(focused.borderWidth, 3);
  assert.equal(focused.pointRadius, 0);
  const dimmed = trainDataset('t2', 'x', [], { ...style, focused: false, dimmed: true }, theme);
  assert.equal(dimmed.borderColor, '#11223340');
  assert.equal(evalDataset('t1', 'x', [], { ...style, hidden: true }, theme).hidden, true);
  assert.match(fade('hsl(10, 65%, 50%)'), /color-mix/);
});
