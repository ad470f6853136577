/**
 * Pure builders for the scaling-law charts: the log–log fit chart (observed and held-out
 * trials, fitted curve dashed where it extrapolates, interval band, predictions with interval
 * bars), the residual chart, and the compute-optimal frontier.
 */
import type { ChartDataset, ChartOptions, ScriptableLineSegmentContext } from 'chart.js';
import type { FitView } from '../model';
import type { Theme } from '../theme';
import { seriesColor } from '../theme';
import { formatNumber } from '../format';
import type { Interval } from './plugin-intervals';
import { fade } from './curves-config';

export type LawDataset = ChartDataset<'line', Array<{ x: number; y: number }>> & {
  peftRole: string;
  peftIntervals?: Interval[];
};

const positive = (p: { x: number; y: number }): boolean => p.x > 0 && p.y > 0;

function groupName(fit: FitView): string {
  return fit.group ?? fit.law;
}

/** Datasets of the fit chart, for every group of one law; group i takes palette colour i. */
export function lawDatasets(fits: readonly FitView[], theme: Theme): LawDataset[] {
  const out: LawDataset[] = [];
  fits.forEach((fit, i) => {
    const color = seriesColor(theme, i);
    const name = groupName(fit);
    const maxObserved = Math.max(
      ...fit.points.filter((p) => !p.heldOut).map((p) => p.x),
      -Infinity,
    );
    const curve = fit.curve.filter(positive);
    const banded = fit.curve.filter(
      (c) => c.lo !== undefined && c.hi !== undefined && c.x > 0 && c.lo > 0,
    );
    const base = { type: 'line' as const, showLine: false, animation: false as const };
    if (banded.length) {
      out.push({
        ...base,
        label: `${name} band low`,
        peftRole: 'band-lo',
        data: banded.map((c) => ({ x: c.x, y: c.lo! })),
        showLine: true,
        borderWidth: 0,
        pointRadius: 0,
        fill: false,
      });
      out.push({
        ...base,
        label: `${name} ${Math.round(fit.intervalLevel * 100)}% interval`,
        peftRole: 'band-hi',
        data: banded.map((c) => ({ x: c.x, y: c.hi! })),
        showLine: true,
        borderWidth: 0,
        pointRadius: 0,
        fill: '-1',
        backgroundColor: fade(color),
      });
    }
    out.push({
      ...base,
      label: `${name} fit`,
      peftRole: 'curve',
      data: curve.map((c) => ({ x: c.x, y: c.y })),
      showLine: true,
      pointRadius: 0,
      borderColor: color,
      borderWidth: theme.lineWidth,
      segment: {
        borderDash: (ctx: ScriptableLineSegmentContext) =>
          (ctx.p1.parsed.x ?? 0) > maxObserved ? [6, 4] : undefined,
      },
    });
    out.push({
      ...base,
      label: `${name} trials`,
      peftRole: 'observed',
      data: fit.points
        .filter((p) => !p.heldOut)
        .map((p) => ({ x: p.x, y: p.y }))
        .filter(positive),
      borderColor: color,
      backgroundColor: color,
      pointRadius: 4,
    });
    const heldOut = fit.points
      .filter((p) => p.heldOut)
      .map((p) => ({ x: p.x, y: p.y }))
      .filter(positive);
    if (heldOut.length)
      out.push({
        ...base,
        label: `${name} held out`,
        peftRole: 'held-out',
        data: heldOut,
        borderColor: color,
        backgroundColor: 'transparent',
        pointRadius: 5,
        borderWidth: 2,
      });
    const predictions = fit.predictions.filter(positive);
    if (predictions.length) {
      out.push({
        ...base,
        label: `${name} predictions`,
        peftRole: 'predictions',
        data: predictions.map((p) => ({ x: p.x, y: p.y })),
        peftIntervals: predictions.map((p) => ({ lo: p.lo, hi: p.hi })),
        borderColor: color,
        backgroundColor: color,
        pointStyle: 'triangle',
        pointRadius: 7,
      });
    }
  });
  return out;
}

/** Relative residuals (observed − fitted) / fitted per group, against the plot's x. */
export function residualDatasets(fits: readonly FitView[], theme: Theme): LawDataset[] {
  return fits.map((fit, i) => {
    const color = seriesColor(theme, i);
    const data = fit.points
      .filter((p) => p.fitted !== undefined && p.fitted !== 0 && p.x > 0)
      .map((p) => ({ x: p.x, y: (p.y - p.fitted!) / p.fitted! }));
    return {
      type: 'line',
      label: groupName(fit),
      peftRole: 'residuals',
      data,
      showLine: false,
      pointRadius: 4,
      borderColor: color,
      backgroundColor: color,
      animation: false,
    };
  });
}

/** N_opt(C) and D_opt(C) lines for the fits that have a compute-optimal frontier. */
export function frontierDatasets(fits: readonly FitView[], theme: Theme): LawDataset[] {
  const out: LawDataset[] = [];
  fits.forEach((fit, i) => {
    if (!fit.frontier?.length) return;
    const color = seriesColor(theme, i);
    const f = fit.frontier.filter((p) => p.compute > 0 && p.nOpt > 0 && p.dOpt > 0);
    const common = {
      type: 'line' as const,
      pointRadius: 2,
      borderColor: color,
      backgroundColor: color,
      borderWidth: theme.lineWidth,
      animation: false as const,
    };
    out.push({
      ...common,
      label: `${groupName(fit)} N_opt`,
      peftRole: 'n-opt',
      data: f.map((p) => ({ x: p.compute, y: p.nOpt })),
    });
    out.push({
      ...common,
      label: `${groupName(fit)} D_opt`,
      peftRole: 'd-opt',
      data: f.map((p) => ({ x: p.compute, y: p.dOpt })),
      borderDash: [6, 3],
    });
  });
  return out;
}

export function lawChartOptions(
  xTitle: string,
  yTitle: string,
  theme: Theme,
  logY: boolean,
): ChartOptions<'line'> {
  const ticks = { color: theme.muted, callback: (v: string | number) => formatNumber(Number(v)) };
  return {
    parsing: false,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: {
        type: 'logarithmic',
        title: { display: true, text: xTitle, color: theme.fg },
        ticks,
        grid: { color: theme.grid },
      },
      y: {
        type: logY ? 'logarithmic' : 'linear',
        title: { display: true, text: yTitle, color: theme.fg },
        ticks,
        grid: { color: theme.grid },
      },
    },
    plugins: {
      legend: {
        labels: { color: theme.fg, filter: (item) => !item.text.endsWith('band low') },
      },
      tooltip: {
        callbacks: {
          label: (item) =>
            `${item.dataset.label ?? ''}: (${formatNumber((item.raw as { x: number }).x)}, ${formatNumber((item.raw as { y: number }).y)})`,
        },
      },
    },
  };
}
