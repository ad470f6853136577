/**
 * Pure builders for the parallel-coordinates chart: a line chart on a linear x scale whose
 * integer positions are the axes (drawn as the x grid lines) and a hidden 0..1 y scale. Finished
 * trials are coloured by their metric (green best, red worst) and the best is drawn thicker;
 * pruned trials are dashed, failed and diverged ones dotted, unfinished ones faint, all grey.
 */
import type { ChartConfiguration, ChartDataset, TooltipItem } from 'chart.js';
import type { Theme } from '../theme';
import { formatNumber } from '../format';
import type { ParallelAxis, ParallelLine, ParallelModel } from '../views/axes-model';

export type ParallelDataset = ChartDataset<'line', Array<{ x: number; y: number | null }>> & {
  peftTrial: string;
  peftState: string;
};

/** How a trial's state is drawn: its dash pattern (empty: solid) and whether it is greyed. */
export function stateStyle(state: string): { dash: number[]; grey: boolean } {
  if (state === 'done') return { dash: [], grey: false };
  if (state === 'pruned') return { dash: [6, 4], grey: true };
  if (state === 'failed' || state === 'diverged') return { dash: [2, 3], grey: true };
  return { dash: [], grey: true };
}

function metricColor(line: ParallelLine, model: ParallelModel, higherBetter: boolean): string {
  const t = line.y[model.axes.length - 1];
  if (t === null || t === undefined) return 'hsl(0, 0%, 55%)';
  const good = higherBetter ? t : 1 - t;
  return `hsl(${Math.round(120 * good)}, 65%, 42%)`;
}

export function parallelDataset(
  line: ParallelLine,
  model: ParallelModel,
  theme: Theme,
  higherBetter: boolean,
): ParallelDataset {
  const style = stateStyle(line.state);
  const unfinished = style.grey && !['pruned', 'failed', 'diverged'].includes(line.state);
  const color = unfinished
    ? theme.grid
    : style.grey
      ? theme.muted
      : metricColor(line, model, higherBetter);
  const best = line.id === model.best;
  return {
    type: 'line',
    label: line.label,
    peftTrial: line.id,
    peftState: line.state,
    data: line.y.map((y, x) => ({ x, y })),
    borderColor: color,
    backgroundColor: color,
    borderDash: style.dash,
    borderWidth: best ? theme.lineWidth * 2.5 : theme.lineWidth,
    pointRadius: 2,
    tension: 0,
    spanGaps: false,
    animation: false,
  };
}

/** The tick text under axis `i`: its name, then its range or categories. */
export function axisTick(axis: ParallelAxis | undefined): string[] {
  if (!axis) return [];
  if (axis.kind === 'categorical') return [axis.title, (axis.categories ?? []).join(' · ')];
  const range = `${formatNumber(axis.min!)} … ${formatNumber(axis.max!)}`;
  return [axis.title, axis.kind === 'log' ? `${range} (log)` : range];
}

export function parallelConfig(
  model: ParallelModel,
  theme: Theme,
  metric: string,
): ChartConfiguration<'line', Array<{ x: number; y: number | null }>> {
  const higherBetter = /acc/i.test(metric);
  return {
    type: 'line',
    data: { datasets: model.lines.map((l) => parallelDataset(l, model, theme, higherBetter)) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      parsing: false,
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items: TooltipItem<'line'>[]) => items[0]?.dataset.label ?? '',
            label: (item: TooltipItem<'line'>) => {
              const d = item.dataset as ParallelDataset;
              const line = model.lines.find((l) => l.id === d.peftTrial);
              const m = line?.metric;
              return `${d.peftState}${m === null || m === undefined ? '' : ` · ${metric} ${formatNumber(m)}`}`;
            },
          },
        },
      },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          max: Math.max(1, model.axes.length - 1),
          grid: { color: theme.fg, lineWidth: 1 },
          ticks: {
            stepSize: 1,
            color: theme.fg,
            autoSkip: false,
            callback: (v) => axisTick(model.axes[Number(v)]),
          },
        },
        y: { type: 'linear', min: -0.02, max: 1.02, display: false },
      },
    },
  };
}
