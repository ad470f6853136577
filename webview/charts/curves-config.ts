/**
 * Pure builders for the loss-curve chart: dataset styling and chart options. The view owns the
 * data arrays (it appends to them while streaming); these functions only say how they look.
 */
import type { ChartDataset, ChartOptions, TooltipItem } from 'chart.js';
import type { XAxisKey } from '../model';
import type { Theme } from '../theme';
import { formatNumber } from '../format';
import { X_AXIS_TITLES, type XY } from './curves-data';

/** A dataset tagged with the trial it draws, so tooltips and tests can find it. */
export type CurveDataset = ChartDataset<'line', XY[]> & {
  peftTrial: string;
  peftKind: 'train' | 'eval';
};

export interface CurveStyle {
  color: string;
  hidden: boolean;
  /** Another trial is focused: this one is drawn faint. */
  dimmed: boolean;
  focused: boolean;
}

/** A curve's legend label: a pruned trial's curve ends where early stopping stopped it, and says so. */
export function curveLabel(trial: { label: string; state: string; stoppedAt?: number }): string {
  if (trial.state !== 'pruned') return trial.label;
  return `${trial.label} (pruned${trial.stoppedAt === undefined ? '' : ` at ${trial.stoppedAt}`})`;
}

export function trainDataset(
  trial: string,
  label: string,
  data: XY[],
  style: CurveStyle,
  theme: Theme,
): CurveDataset {
  return {
    type: 'line',
    label,
    data,
    peftTrial: trial,
    peftKind: 'train',
    hidden: style.hidden,
    borderColor: style.dimmed ? fade(style.color) : style.color,
    backgroundColor: style.color,
    borderWidth: style.focused ? theme.lineWidth * 2 : theme.lineWidth,
    pointRadius: 0,
    pointHoverRadius: 3,
    tension: 0,
    spanGaps: true,
    // Streaming appends must not animate: every update is update('none').
    animation: false,
  };
}

export function evalDataset(
  trial: string,
  label: string,
  data: XY[],
  style: CurveStyle,
  theme: Theme,
): CurveDataset {
  return {
    type: 'line',
    label: `${label} (eval)`,
    data,
    peftTrial: trial,
    peftKind: 'eval',
    hidden: style.hidden,
    borderColor: style.dimmed ? fade(style.color) : style.color,
    backgroundColor: style.color,
    borderDash: [4, 3],
    borderWidth: theme.lineWidth,
    pointRadius: 2.5,
    pointStyle: 'rectRot',
    showLine: true,
    animation: false,
  };
}

/** The colour at 25% opacity, for trials behind the focused one. */
export function fade(color: string): string {
  if (/^#[0-9a-f]{6}$/i.test(color)) return `${color}40`;
  return `color-mix(in srgb, ${color} 25%, transparent)`;
}

export interface CurveChartSettings {
  x: XAxisKey;
  logY: boolean;
  metricLabel: string;
  /** Lines shown under a tooltip's title: the trial's config and axes. */
  describe(trial: string): string[];
}

/**
 * Options for the loss-curve chart: no parsing (data is already `{x, y}`), no animation, LTTB
 * decimation (the plugin keeps the full array and draws ~1 point per pixel), linear x, linear or
 * log y, and tooltips naming the trial and its config.
 */
export function curveChartOptions(
  settings: CurveChartSettings,
  theme: Theme,
): ChartOptions<'line'> {
  const ticks = { color: theme.muted, callback: (v: string | number) => formatNumber(Number(v)) };
  return {
    parsing: false,
    normalized: true,
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: {
        type: 'linear',
        title: { display: true, text: X_AXIS_TITLES[settings.x], color: theme.fg },
        ticks,
        grid: { color: theme.grid },
      },
      y: {
        type: settings.logY ? 'logarithmic' : 'linear',
        title: { display: true, text: settings.metricLabel, color: theme.fg },
        ticks,
        grid: { color: theme.grid },
      },
    },
    plugins: {
      decimation: { enabled: true, algorithm: 'lttb' },
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items: TooltipItem<'line'>[]) =>
            items.map((i) => i.dataset.label ?? '').join(', '),
          label: (item: TooltipItem<'line'>) => {
            const p = item.raw as XY;
            return `${formatNumber(p.y)} at ${X_AXIS_TITLES[settings.x].toLowerCase()} ${formatNumber(p.x)}`;
          },
          afterBody: (items: TooltipItem<'line'>[]) => {
            const first = items[0];
            return first ? settings.describe((first.dataset as CurveDataset).peftTrial) : [];
          },
        },
      },
    },
  };
}
