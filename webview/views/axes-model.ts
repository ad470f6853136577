/**
 * The "Axes vs metric" page as pure functions: a parallel-coordinates model of the trials (one
 * vertical axis per swept axis, the metric last; every position scaled to 0..1) and each axis's
 * importance (core/search/importance.ts). Trials that did not finish (pruned, failed, running…)
 * are drawn too, without a metric, and marked by state so the chart can draw them apart.
 */
import { axisImportance, type AxisImportance } from '../../core/search/importance';
import type { Scalar, TrialView } from '../model';
import { formatScalar } from '../format';

export interface ParallelAxis {
  key: string;
  title: string;
  kind: 'log' | 'linear' | 'categorical';
  /** Numeric axes: the range; categorical ones: the values in order of first appearance. */
  min?: number;
  max?: number;
  categories?: string[];
}

export interface ParallelLine {
  id: string;
  label: string;
  state: string;
  /** Position on each axis in 0..1 (null: the trial has no value there, e.g. no metric yet). */
  y: Array<number | null>;
  metric: number | null;
}

export interface ParallelModel {
  axes: ParallelAxis[];
  lines: ParallelLine[];
  /** The best finished trial (lowest metric; highest for accuracy), if any. */
  best?: string;
}

const higherIsBetter = (metric: string): boolean => /acc/i.test(metric);

function numericAxis(key: string, title: string, xs: number[]): ParallelAxis {
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  // Ranges spanning a decade or more of positive values (learning rates, ranks) read best in log.
  const kind = min > 0 && max / min >= 10 ? 'log' : 'linear';
  return { key, title, kind, min, max };
}

function position(axis: ParallelAxis, v: Scalar | undefined): number | null {
  if (v === undefined || v === null) return null;
  if (axis.kind === 'categorical') {
    const i = axis.categories!.indexOf(formatScalar(v));
    const n = axis.categories!.length;
    return i < 0 ? null : n === 1 ? 0.5 : i / (n - 1);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  const [lo, hi, x] =
    axis.kind === 'log'
      ? [Math.log(axis.min!), Math.log(axis.max!), Math.log(v)]
      : [axis.min!, axis.max!, v];
  return hi > lo ? (x - lo) / (hi - lo) : 0.5;
}

/** The parallel-coordinates model of `trials` for `metric`; axes with one value are left out. */
export function parallelModel(trials: readonly TrialView[], metric: string): ParallelModel {
  const keys = [...new Set(trials.flatMap((t) => Object.keys(t.axes)))];
  const axes: ParallelAxis[] = [];
  for (const key of keys) {
    const vs = trials.map((t) => t.axes[key]).filter((v) => v !== undefined && v !== null);
    if (new Set(vs.map((v) => formatScalar(v))).size < 2) continue;
    axes.push(
      vs.every((v) => typeof v === 'number')
        ? numericAxis(key, key, vs)
        : { key, title: key, kind: 'categorical', categories: [...new Set(vs.map(formatScalar))] },
    );
  }
  const metricOf = (t: TrialView): number | null => {
    const v = t.state === 'done' ? t.final?.[metric] : undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const values = trials.map(metricOf).filter((v): v is number => v !== null);
  if (values.length)
    axes.push({ ...numericAxis(`metric:${metric}`, metric, values), kind: 'linear' });
  const lines = trials.map((t): ParallelLine => {
    const m = metricOf(t);
    return {
      id: t.id,
      label: t.label,
      state: t.state,
      metric: m,
      y: axes.map((a) =>
        a.key.startsWith('metric:') ? position(a, m) : position(a, t.axes[a.key]),
      ),
    };
  });
  const done = lines.filter((l) => l.metric !== null);
  const better = (a: ParallelLine, b: ParallelLine): boolean =>
    higherIsBetter(metric) ? a.metric! > b.metric! : a.metric! < b.metric!;
  const best = done.reduce<ParallelLine | undefined>(
    (b, l) => (!b || better(l, b) ? l : b),
    undefined,
  );
  return best ? { axes, lines, best: best.id } : { axes, lines };
}

/** Each swept axis's importance for `metric`, from the finished trials. */
export function importanceOf(trials: readonly TrialView[], metric: string): AxisImportance[] {
  return axisImportance(
    trials.map((t) => ({
      axes: t.axes,
      value: t.final?.[metric] ?? NaN,
      state: t.state,
    })),
  );
}
