/**
 * Data hygiene before a fit: drop points a law cannot use (non-finite values, non-positive
 * responses for log residuals, non-positive inputs of power laws) with a diagnostic naming them,
 * and refuse ill-posed fits (no data, fewer distinct points than parameters).
 */
import type { FitDiagnostic, LawModel, LawPoint } from './types';

export interface ValidatedData {
  points: LawPoint[];
  diagnostics: FitDiagnostic[];
  /** False when the fit cannot be made at all (an error diagnostic says why). */
  ok: boolean;
}

const fmt = (v: number): string =>
  Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);

/** Checks `points` against `model` (with `k` parameters); never throws. */
export function validatePoints(
  model: LawModel,
  points: readonly LawPoint[],
  k: number,
  names: readonly string[],
): ValidatedData {
  const diagnostics: FitDiagnostic[] = [];
  const kept: LawPoint[] = [];
  const dropped: string[] = [];
  const arity = model.variables.length;
  for (const [i, pt] of points.entries()) {
    const label = pt.source ?? `#${i + 1}`;
    let why = '';
    if (pt.x.length !== arity) why = `has ${pt.x.length} input(s), the law takes ${arity}`;
    else if (!Number.isFinite(pt.y)) why = `${fmt(pt.y)} response`;
    else if (!(pt.y > 0)) why = `response ${fmt(pt.y)} ≤ 0 (fits use log residuals)`;
    else if (pt.weight !== undefined && !(pt.weight >= 0 && Number.isFinite(pt.weight)))
      why = `weight ${fmt(pt.weight)}`;
    else {
      for (let j = 0; j < arity && !why; j++) {
        const v = pt.x[j]!;
        if (!Number.isFinite(v)) why = `${names[j] ?? model.variables[j]} = ${fmt(v)}`;
        else if (model.positive[j] && !(v > 0))
          why = `${names[j] ?? model.variables[j]} = ${fmt(v)} ≤ 0 (a ${model.form} law takes its log)`;
      }
    }
    if (why) dropped.push(`${label}: ${why}`);
    else kept.push(pt);
  }
  if (dropped.length) {
    const list =
      dropped.slice(0, 5).join('; ') + (dropped.length > 5 ? `; … ${dropped.length - 5} more` : '');
    diagnostics.push({
      code: 'dropped-points',
      severity: 'warning',
      message: `${dropped.length} point(s) dropped: ${list}`,
    });
  }
  if (kept.length === 0) {
    diagnostics.push({
      code: 'no-data',
      severity: 'error',
      message: points.length
        ? 'no usable point left to fit'
        : 'no data points to fit (no finished trial has the metric?)',
    });
    return { points: kept, diagnostics, ok: false };
  }
  const distinct = new Set(kept.map((p) => p.x.join(','))).size;
  if (distinct < k) {
    const what =
      distinct === 1
        ? `all ${kept.length} point(s) have the same inputs (${kept[0]!.x.map(fmt).join(', ')})`
        : `${distinct} distinct input point(s)`;
    diagnostics.push({
      code: 'too-few-points',
      severity: 'error',
      message: `${what}, but the ${model.form} law has ${k} parameters: add runs at more distinct values`,
    });
    return { points: kept, diagnostics, ok: false };
  }
  for (let j = 0; j < arity; j++) {
    const first = kept[0]!.x[j]!;
    if (kept.every((p) => p.x[j] === first))
      diagnostics.push({
        code: 'constant-variable',
        severity: 'warning',
        message: `${names[j] ?? model.variables[j]} is ${fmt(first)} at every point: parameters that depend on it are not identified`,
      });
  }
  if (distinct === k)
    diagnostics.push({
      code: 'exactly-determined',
      severity: 'info',
      message: `${k} distinct points for ${k} parameters: the law interpolates, quality figures mean little`,
    });
  return { points: kept, diagnostics, ok: true };
}
