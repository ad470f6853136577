/**
 * The data of `batch_lr` (§2.15): the law is lr* = c·B^kappa, so its points are, per batch size,
 * the learning rate of the best trial (lowest response; highest for accuracy metrics), not the
 * response itself. `batch_lr(run.eval_loss ~ batch)` reads "the best lr per batch by eval_loss".
 * Seeds of one (batch, lr) are averaged before the best lr is chosen.
 */
import type { LawSpec, Trial } from '../types/plan';
import type { FitDiagnostic, LawPoint } from './types';
import { groupLabel, trialValue, type GroupedPoints, type TrialResults } from './points';

const higherIsBetter = (metric: string): boolean => /acc/.test(metric);

export function bestLrPoints(
  spec: LawSpec,
  trials: readonly Trial[],
  results: TrialResults,
): GroupedPoints {
  const diagnostics: FitDiagnostic[] = [];
  const batchName = spec.x[0] ?? 'batch';
  // group → batch → lr → { sum, n, ids }
  const table = new Map<
    string | undefined,
    Map<number, Map<number, { sum: number; n: number; id: string }>>
  >();
  let pending = 0;
  for (const t of trials) {
    const y = results[t.id]?.[spec.y];
    if (y === undefined || !Number.isFinite(y)) {
      pending++;
      continue;
    }
    const b = trialValue(t, batchName);
    const lr = trialValue(t, 'lr');
    if (typeof b !== 'number' || typeof lr !== 'number') {
      diagnostics.push({
        code: 'unknown-variable',
        severity: 'error',
        message: `law ${spec.name}: batch_lr needs a numeric ${batchName} and lr in every trial (trial ${t.id}: ${batchName} = ${JSON.stringify(b)}, lr = ${JSON.stringify(lr)})`,
      });
      return { groups: new Map(), diagnostics };
    }
    const key = spec.by === undefined ? undefined : groupLabel(trialValue(t, spec.by));
    const byBatch =
      table.get(key) ?? new Map<number, Map<number, { sum: number; n: number; id: string }>>();
    table.set(key, byBatch);
    const byLr = byBatch.get(b) ?? new Map<number, { sum: number; n: number; id: string }>();
    byBatch.set(b, byLr);
    const cell = byLr.get(lr) ?? { sum: 0, n: 0, id: t.id };
    cell.sum += y;
    cell.n++;
    byLr.set(lr, cell);
  }
  const better = higherIsBetter(spec.y)
    ? (a: number, b: number) => a > b
    : (a: number, b: number) => a < b;
  const groups = new Map<string | undefined, LawPoint[]>();
  const single: number[] = [];
  const edge: number[] = [];
  for (const [key, byBatch] of table) {
    const points: LawPoint[] = [];
    for (const [b, byLr] of [...byBatch].sort(([x], [y]) => x - y)) {
      const lrs = [...byLr.keys()].sort((x, y) => x - y);
      let best = lrs[0]!;
      for (const lr of lrs)
        if (better(byLr.get(lr)!.sum / byLr.get(lr)!.n, byLr.get(best)!.sum / byLr.get(best)!.n))
          best = lr;
      if (lrs.length < 2) single.push(b);
      else if (best === lrs[0] || best === lrs[lrs.length - 1]) edge.push(b);
      points.push({ x: [b], y: best, source: byLr.get(best)!.id });
    }
    groups.set(key, points);
  }
  if (single.length)
    diagnostics.push({
      code: 'best-lr-unidentified',
      severity: 'warning',
      message: `law ${spec.name}: batch ${single.join(', ')} has one learning rate, so its best lr is that lr; sweep lr at every batch size`,
    });
  if (edge.length)
    diagnostics.push({
      code: 'best-lr-at-edge',
      severity: 'info',
      message: `law ${spec.name}: at batch ${edge.join(', ')} the best lr is at the edge of the swept range; the true optimum may lie outside it`,
    });
  if (pending)
    diagnostics.push({
      code: 'pending-trials',
      severity: 'info',
      message: `${pending} trial(s) have no ${spec.y} yet`,
    });
  return { groups, diagnostics };
}
