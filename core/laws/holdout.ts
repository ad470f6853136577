/**
 * The honest quality figure (SCALING-LAWS.md §2.0.7): refit without the largest-scale points and
 * predict them. Extrapolation error, not in-sample fit, is what a scaling law is for.
 */
import { multiStart } from './engine';
import { toNatural, type Problem } from './objective';
import { largestScale } from './quality';
import { evaluateMany } from './resolve';
import type { FitDiagnostic, FitOptions, HeldOut, LawModel, LawPoint, ParamSpec } from './types';

/**
 * Holds out `options.holdout` (default ⌊n/5⌋, at least 1) largest-scale points, refits from the
 * grid, and scores the predictions of the held-out points. Returns an info diagnostic instead
 * when too few points would remain; nothing when the refit fails.
 */
export function heldOutError(
  prob: Problem,
  params: ParamSpec[],
  columns: Float64Array[],
  pts: LawPoint[],
  o: FitOptions,
  model: LawModel,
  constants: Record<string, number>,
): { quality?: HeldOut; diagnostic?: FitDiagnostic } {
  const n = pts.length;
  const count = o.holdout ?? Math.max(1, Math.floor(n / 5));
  if (count <= 0) return {};
  const rest = n - count;
  const out = largestScale(
    pts.map((p) => p.x),
    count,
  );
  const w = Float64Array.from(prob.weights);
  for (const i of out) w[i] = 0;
  const distinctRest = new Set(pts.filter((_, i) => w[i]! > 0).map((p) => p.x.join(','))).size;
  if (rest < 1 || distinctRest <= params.length)
    return {
      diagnostic: {
        code: 'no-holdout',
        severity: 'info',
        message: `too few points (${n}) to hold out ${count} and still fit ${params.length} parameters: no held-out error`,
      },
    };
  const r = multiStart({ ...prob, weights: w }, params, columns, {
    ...o,
    maxStarts: Math.max(1, Math.ceil(o.maxStarts / 2)),
  });
  if (!Number.isFinite(r.f)) return {};
  const theta = Array.from(toNatural(r.x, prob.isLog));
  const yHat = evaluateMany(model, theta, constants, columns);
  let ss = 0;
  let maxRel = 0;
  for (const i of out) {
    ss += Math.log(yHat[i]! / prob.y[i]!) ** 2;
    maxRel = Math.max(maxRel, Math.abs(yHat[i]! / prob.y[i]! - 1));
  }
  return {
    quality: { count: out.length, rmseLog: Math.sqrt(ss / out.length), maxRelError: maxRel },
  };
}
