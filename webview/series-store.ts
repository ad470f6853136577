/**
 * The points each page holds, per trial, in columns. Appends keep steps strictly increasing:
 * a delta that repeats steps already held (a resumed trial, a re-sent batch) only adds its newer
 * points, so the host can re-send freely.
 */
import type { EvalColumns, SeriesDelta, TrainColumns } from './model';

export interface TrialSeries {
  train: TrainColumns;
  eval: EvalColumns;
}

export function emptyTrain(): TrainColumns {
  return { step: [], loss: [], tokens: [], flops: [], wall: [] };
}
export function emptyEval(): EvalColumns {
  return { step: [], tokens: [], flops: [], wall: [], value: [] };
}

/**
 * Appends the rows of `add` whose step is greater than the last step in `into`. Both must have
 * the same keys with equal-length columns. Returns how many rows were appended.
 */
export function appendColumns<K extends string>(
  into: Record<K, number[]>,
  add: Record<K, number[]>,
  keys: readonly K[],
): number {
  const steps = (into as Record<string, number[]>).step!;
  const addSteps = (add as Record<string, number[]>).step!;
  const n = addSteps.length;
  let lastStep = steps.length ? steps[steps.length - 1]! : -Infinity;
  // Fast path (the usual case): skip the already-held prefix, then copy column by column when
  // the rest is strictly increasing. Column loops are several times faster than row loops.
  let start = 0;
  while (start < n && !(addSteps[start]! > lastStep)) start++;
  let increasing = true;
  for (let i = start + 1; i < n && increasing; i++) increasing = addSteps[i]! > addSteps[i - 1]!;
  if (increasing) {
    for (const k of keys) {
      const src = add[k];
      const dst = into[k];
      if (dst.length === 0) into[k] = src.slice(start);
      else for (let i = start; i < n; i++) dst.push(src[i]!);
    }
    return n - start;
  }
  let added = 0;
  for (let i = start; i < n; i++) {
    const s = addSteps[i]!;
    if (!(s > lastStep)) continue;
    for (const k of keys) into[k].push(add[k][i]!);
    lastStep = s;
    added++;
  }
  return added;
}

const TRAIN_KEYS = ['step', 'loss', 'tokens', 'flops', 'wall'] as const;
const EVAL_KEYS = ['step', 'tokens', 'flops', 'wall', 'value'] as const;

export class SeriesStore {
  private readonly byTrial = new Map<string, TrialSeries>();

  get(id: string): TrialSeries | undefined {
    return this.byTrial.get(id);
  }

  /** Appends a delta; returns the number of train and eval rows added. */
  append(delta: SeriesDelta): { train: number; eval: number } {
    let series = this.byTrial.get(delta.id);
    if (!series) {
      series = { train: emptyTrain(), eval: emptyEval() };
      this.byTrial.set(delta.id, series);
    }
    const train = appendColumns(series.train, delta.train, TRAIN_KEYS);
    const ev = delta.eval ? appendColumns(series.eval, delta.eval, EVAL_KEYS) : 0;
    return { train, eval: ev };
  }

  clear(): void {
    this.byTrial.clear();
  }

  /** Total train points held (for the status line and tests). */
  size(): number {
    let n = 0;
    for (const s of this.byTrial.values()) n += s.train.step.length;
    return n;
  }
}
