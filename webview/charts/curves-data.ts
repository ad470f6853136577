/**
 * Loss-curve points for Chart.js with `parsing: false`: `{x, y}` objects sorted by x, built
 * incrementally so a streamed append costs only the new points.
 */
import { emaStep, type EmaState } from '../ema';
import type { EvalColumns, TrainColumns, XAxisKey } from '../model';

export interface XY {
  x: number;
  y: number;
}

/**
 * Appends train rows `from…end` of `cols` to `out` as points (x from column `x`, y the loss
 * smoothed with EMA weight `weight`, continuing `ema`). Rows whose x or loss is not finite are
 * skipped: Chart.js decimation needs finite, sorted x. Returns the number of rows consumed.
 */
export function extendTrainPoints(
  out: XY[],
  cols: TrainColumns,
  from: number,
  x: XAxisKey,
  weight: number,
  ema: EmaState,
): number {
  const xs = cols[x];
  const n = cols.loss.length;
  for (let i = from; i < n; i++) {
    const xv = xs[i]!;
    const loss = cols.loss[i]!;
    if (!Number.isFinite(xv) || !Number.isFinite(loss)) continue;
    out.push({ x: xv, y: emaStep(ema, weight, loss) });
  }
  return Math.max(0, n - from);
}

/** Eval points (never smoothed: they are few and each one matters). */
export function evalPoints(cols: EvalColumns, x: XAxisKey): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < cols.value.length; i++) {
    const xv = cols[x][i]!;
    const y = cols.value[i]!;
    if (Number.isFinite(xv) && Number.isFinite(y)) out.push({ x: xv, y });
  }
  return out;
}

export const X_AXIS_TITLES: Record<XAxisKey, string> = {
  step: 'Step',
  tokens: 'Tokens',
  flops: 'FLOPs',
  wall: 'Wall time (s)',
};
