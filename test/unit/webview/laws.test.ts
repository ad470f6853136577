import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitView } from '../../../webview/fit-adapter';
import {
  frontierDatasets,
  lawDatasets,
  residualDatasets,
} from '../../../webview/charts/laws-config';
import type { Theme } from '../../../webview/theme';
import { predict } from '../../../core/laws/predict';
import { logWorthy } from '../../../webview/views/laws-view';
import { makeFits } from './fixtures';

const theme: Theme = {
  fg: '#000000',
  muted: '#555555',
  grid: '#dddddd',
  bg: '#ffffff',
  accent: '#0000ff',
  lineWidth: 1.5,
  palette: ['#112233', '#445566'],
};
const fits = makeFits();
const rank = fits.fits.filter((f) => f.law === 'rank_law');
const chin = fits.fits.find((f) => f.law === 'compute_law')!;

void test('univariate fit view: curve reaches the farthest prediction, band around the fit, held-out marked', () => {
  const v = fitView(rank[0]!);
  assert.equal(v.xPlot, 'rank');
  assert.equal(v.group, 'lora');
  const last = v.curve[v.curve.length - 1]!;
  assert.ok(Math.abs(last.x - 128) < 1e-9, `curve ends at ${last.x}`);
  for (const c of v.curve)
    assert.ok(
      c.lo! <= c.y + 1e-12 && c.y <= c.hi! + 1e-12,
      `band at ${c.x}: ${c.lo} ≤ ${c.y} ≤ ${c.hi}`,
    );
  assert.equal(v.points.filter((p) => p.heldOut).length, rank[0]!.quality!.heldOut!.count);
  assert.deepEqual(v.points.find((p) => p.heldOut)?.x, 32, 'the largest rank is held out');
  assert.deepEqual(
    v.predictions.map((p) => p.x),
    [64, 128],
  );
  assert.equal(v.heldOutError?.value, rank[0]!.quality!.heldOut!.maxRelError);
  assert.equal(v.params.map((p) => p.name).join(), 'E,A,alpha');
});

void test('chinchilla fit view plots against 6·N·D with the compute-optimal frontier as its curve', () => {
  const v = fitView(chin);
  assert.match(v.xPlot, /compute 6·N·D/);
  assert.deepEqual(
    v.points.map((p) => p.x),
    chin.points.map((p) => 6 * p.x[0]! * p.x[1]!),
  );
  assert.ok(v.frontier && v.frontier.length > 5);
  for (const f of v.frontier) {
    assert.ok(Math.abs((6 * f.nOpt * f.dOpt) / f.compute - 1) < 1e-9);
    // The optimum is no worse than any other split of the same compute.
    for (const share of [0.3, 3])
      assert.ok(f.loss <= predict(chin, [f.nOpt * share, f.dOpt / share]).value + 1e-12);
  }
  // Every trial has a fitted value for the residual plot.
  const fitted = v.points.map((p) => p.fitted!);
  assert.ok(fitted.every((y) => Number.isFinite(y)));
});

void test('a failed fit still shows its points, with no curve', () => {
  const v = fitView({ ...rank[0]!, ok: false });
  assert.equal(v.curve.length, 0);
  assert.equal(v.points.length, rank[0]!.points.length);
  assert.ok(v.points.every((p) => p.fitted === undefined));
});

void test('law datasets: band (low, high filled to low), curve, observed, held-out and predictions per group', () => {
  const ds = lawDatasets(rank.map(fitView), theme);
  assert.deepEqual(
    ds.map((d) => d.peftRole),
    [
      'band-lo',
      'band-hi',
      'curve',
      'observed',
      'held-out',
      'predictions',
      'band-lo',
      'band-hi',
      'curve',
      'observed',
      'held-out',
      'predictions',
    ],
  );
  assert.equal(ds[1]!.fill, '-1');
  assert.equal(ds[3]!.data.length, 5);
  assert.equal(ds[5]!.peftIntervals!.length, 2);
  assert.equal(ds[2]!.borderColor, '#112233');
  assert.equal(ds[8]!.borderColor, '#445566');
});

void test('residuals are (observed − fitted)/fitted; the frontier gives N_opt and D_opt lines', () => {
  const v = fitView(rank[0]!);
  const [res] = residualDatasets([v], theme);
  res!.data.forEach((d, i) =>
    assert.ok(
      Math.abs(d.y - (v.points[i]!.y - v.points[i]!.fitted!) / v.points[i]!.fitted!) < 1e-15,
    ),
  );
  assert.deepEqual(frontierDatasets([v], theme), []);
  const f = frontierDatasets([fitView(chin)], theme);
  assert.deepEqual(
    f.map((d) => d.peftRole),
    ['n-opt', 'd-opt'],
  );
});

void test('law charts use a log y axis only when the values span more than 2×', () => {
  assert.equal(logWorthy([5.515, 5.52, 5.519]), false);
  assert.equal(logWorthy([1.5, 3.7]), true);
  assert.equal(logWorthy([0, -1, NaN]), false);
});
