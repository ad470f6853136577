/**
 * The sweep table as pure functions: which columns, each cell's value, sorting (nulls last in
 * both directions), filtering (every whitespace-separated term must appear in the row) and the
 * best trial (lowest metric, or highest for accuracy-like metrics).
 */
import type { Scalar, TrialView } from '../model';
import { formatScalar, formatSeconds } from '../format';

export interface Column {
  key: string;
  title: string;
  numeric: boolean;
  value(trial: TrialView): Scalar;
  /** Display text (defaults to formatScalar of the value). */
  text?(trial: TrialView): string;
}

export function tableColumns(trials: readonly TrialView[], metric: string): Column[] {
  const axes = [...new Set(trials.flatMap((t) => Object.keys(t.axes)))];
  const metrics = [...new Set(trials.flatMap((t) => Object.keys(t.final ?? {})))].filter(
    (m) => m !== metric,
  );
  return [
    { key: 'trial', title: 'Trial', numeric: false, value: (t) => t.label },
    { key: 'run', title: 'Run', numeric: false, value: (t) => t.run },
    ...axes.map((a): Column => ({
      key: `axis:${a}`,
      title: a,
      numeric: trials.some((t) => typeof t.axes[a] === 'number'),
      value: (t) => t.axes[a] ?? null,
    })),
    { key: 'state', title: 'Status', numeric: false, value: (t) => t.state, text: stateText },
    { key: 'metric', title: metric, numeric: true, value: (t) => t.final?.[metric] ?? null },
    ...metrics.map((m): Column => ({
      key: `final:${m}`,
      title: m,
      numeric: true,
      value: (t) => t.final?.[m] ?? null,
    })),
    {
      key: 'trainableParams',
      title: 'Trainable',
      numeric: true,
      value: (t) => t.trainableParams ?? null,
    },
    { key: 'trainFlops', title: 'FLOPs', numeric: true, value: (t) => t.trainFlops ?? null },
    {
      key: 'wallSeconds',
      title: 'Wall',
      numeric: true,
      value: (t) => t.wallSeconds ?? null,
      text: (t) => (t.wallSeconds === undefined ? '—' : formatSeconds(t.wallSeconds)),
    },
  ];
}

/** A trial's state as the table shows it: a pruned trial says where early stopping stopped it. */
export function stateText(trial: TrialView): string {
  if (trial.state === 'pruned')
    return trial.stoppedAt === undefined ? 'pruned' : `pruned at step ${trial.stoppedAt}`;
  return trial.state;
}

/** A cell's text; a metric that is NaN in a diverged trial reads "diverged", not "NaN". */
export function cellText(column: Column, trial: TrialView): string {
  if (column.text) return column.text(trial);
  const v = column.value(trial);
  if (typeof v === 'number' && Number.isNaN(v) && trial.state === 'diverged') return 'diverged';
  return formatScalar(v);
}

/** True when a larger value of the metric is better (accuracy, F1, scores). */
export function higherIsBetter(metric: string): boolean {
  return /acc|f1|score|auc|bleu|rouge/i.test(metric);
}

/** The id of the best done trial by `metric`, or undefined when none has a finite value. */
export function bestTrial(trials: readonly TrialView[], metric: string): string | undefined {
  const sign = higherIsBetter(metric) ? -1 : 1;
  let best: { id: string; v: number } | undefined;
  for (const t of trials) {
    const v = t.final?.[metric];
    if (t.state !== 'done' || v === undefined || !Number.isFinite(v)) continue;
    if (!best || sign * v < sign * best.v) best = { id: t.id, v };
  }
  return best?.id;
}

function compareScalars(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** A sorted copy; missing values (null, NaN) always sort last; ties keep the input order. */
export function sortTrials(
  trials: readonly TrialView[],
  column: Column | undefined,
  dir: 'asc' | 'desc',
): TrialView[] {
  if (!column) return [...trials];
  const missing = (v: Scalar): boolean => v === null || (typeof v === 'number' && Number.isNaN(v));
  const sign = dir === 'asc' ? 1 : -1;
  return trials
    .map((t, i) => ({ t, i, v: column.value(t) }))
    .sort((a, b) => {
      const ma = missing(a.v);
      const mb = missing(b.v);
      if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
      return sign * compareScalars(a.v, b.v) || a.i - b.i;
    })
    .map((r) => r.t);
}

/** Keeps the trials whose row text (id, every cell) contains every term of `filter`, case-insensitively. */
export function filterTrials(
  trials: readonly TrialView[],
  columns: readonly Column[],
  filter: string,
): TrialView[] {
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [...trials];
  return trials.filter((t) => {
    const text = [t.id, ...columns.map((c) => `${c.title}=${cellText(c, t)}`)]
      .join(' ')
      .toLowerCase();
    return terms.every((term) => text.includes(term));
  });
}
