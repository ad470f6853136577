/**
 * Whole-curve data for the learning-rate annealing law (SCALING-LAWS.md §2.6): from one trial's
 * metrics records, the forward area S1 and annealing area S2 at every eval step, paired with the
 * eval metric. The law is fitted on all eval points of one or more curves.
 */
import type { MetricRecord } from '../protocol';
import { annealingAreas } from './builtins-curves';
import type { LawPoint } from './types';

/**
 * Points [S1, S2] → `metric` for the eval records of one trial. The learning rate of every step
 * comes from the train records: a record at step s covers the steps since the previous record
 * (records may be logged every k steps). Eval records at step 0, without the metric, or beyond
 * the last logged rate are skipped. Returns [] when there is no train record.
 */
export function annealingPoints(
  records: readonly MetricRecord[],
  metric: string,
  lambda = 0.999,
  source?: string,
): LawPoint[] {
  const train = records
    .filter(
      (r): r is Extract<MetricRecord, { kind: 'train' }> =>
        r.kind === 'train' && Number.isFinite(r.lr) && r.step > 0,
    )
    .sort((a, b) => a.step - b.step);
  const last = train[train.length - 1];
  if (!last) return [];
  const lrs = new Float64Array(last.step);
  let k = 0;
  for (let s = 1; s <= last.step; s++) {
    while (train[k]!.step < s) k++;
    lrs[s - 1] = train[k]!.lr;
  }
  const { S1, S2 } = annealingAreas(lrs, lambda);
  const out: LawPoint[] = [];
  for (const r of records) {
    if (r.kind !== 'eval' || r.step <= 0 || r.step > last.step) continue;
    const y = r.metrics[metric];
    if (y === undefined) continue;
    out.push({
      x: [S1[r.step - 1]!, S2[r.step - 1]!],
      y,
      ...(source !== undefined ? { source: `${source}@${r.step}` } : {}),
    });
  }
  return out;
}
