/** Parser for one `FitView` from untrusted JSON (see webview/model.ts). */
import type {
  CurvePoint,
  FitParam,
  FitPoint,
  FitView,
  FrontierPoint,
  PredictionView,
} from './model';
import { isFiniteNumber, isRecord, type Parsed } from './guards';

type Row = Record<string, unknown>;

/** Reads `keys` as finite numbers (required) and `optional` as finite numbers when present. */
function numbers(
  v: unknown,
  where: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Parsed<Row> {
  if (!isRecord(v)) return { ok: false, error: `${where} is not an object` };
  const out: Row = {};
  for (const k of keys) {
    // null is JSON's NaN (a parameter or prediction of a diverged fit): kept as NaN, drawn as a gap.
    if (v[k] === null) {
      out[k] = NaN;
      continue;
    }
    if (!isFiniteNumber(v[k]))
      return { ok: false, error: `${where}.${k} is not a finite number: ${JSON.stringify(v[k])}` };
    out[k] = v[k];
  }
  for (const k of optional) {
    if (v[k] === undefined || v[k] === null) continue;
    if (!isFiniteNumber(v[k]))
      return { ok: false, error: `${where}.${k} is not a finite number: ${JSON.stringify(v[k])}` };
    out[k] = v[k];
  }
  return { ok: true, value: out };
}

function rows<T>(
  v: unknown,
  where: string,
  one: (x: unknown, w: string) => Parsed<Row>,
): Parsed<T[]> {
  if (v === undefined) return { ok: true, value: [] };
  if (!Array.isArray(v)) return { ok: false, error: `${where} is not an array` };
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) {
    const r = one(v[i], `${where}[${i}]`);
    if (!r.ok) return r;
    out.push(r.value as T);
  }
  return { ok: true, value: out };
}

export function parseFit(v: unknown): Parsed<FitView> {
  if (!isRecord(v)) return { ok: false, error: 'fit is not an object' };
  if (typeof v.law !== 'string') return { ok: false, error: 'fit.law is not a string' };
  const where = `fit ${v.law}${typeof v.group === 'string' ? `[${v.group}]` : ''}`;
  const x = Array.isArray(v.x) ? v.x.filter((s): s is string => typeof s === 'string') : [];
  const params = rows<FitParam>(v.params, `${where}.params`, (p, w) => {
    const r = numbers(p, w, ['value'], ['lo', 'hi']);
    if (r.ok && isRecord(p) && typeof p.name === 'string') r.value.name = p.name;
    else if (r.ok) return { ok: false, error: `${w}.name is not a string` };
    return r;
  });
  if (!params.ok) return params;
  const points = rows<FitPoint>(v.points, `${where}.points`, (p, w) => {
    const r = numbers(p, w, ['x', 'y'], ['fitted']);
    if (r.ok && isRecord(p)) {
      r.value.heldOut = p.heldOut === true;
      if (typeof p.trial === 'string') r.value.trial = p.trial;
    }
    return r;
  });
  if (!points.ok) return points;
  const curve = rows<CurvePoint>(v.curve, `${where}.curve`, (p, w) =>
    numbers(p, w, ['x', 'y'], ['lo', 'hi']),
  );
  if (!curve.ok) return curve;
  const predictions = rows<PredictionView>(v.predictions, `${where}.predictions`, (p, w) => {
    const r = numbers(p, w, ['x', 'y'], ['lo', 'hi']);
    if (r.ok && isRecord(p)) {
      const inputs: Record<string, number> = {};
      if (isRecord(p.inputs))
        for (const [k, n] of Object.entries(p.inputs)) if (isFiniteNumber(n)) inputs[k] = n;
      r.value.inputs = inputs;
    }
    return r;
  });
  if (!predictions.ok) return predictions;
  const fit: FitView = {
    law: v.law,
    form: typeof v.form === 'string' ? v.form : 'custom',
    y: typeof v.y === 'string' ? v.y : 'eval_loss',
    x,
    xPlot: typeof v.xPlot === 'string' ? v.xPlot : (x[0] ?? 'x'),
    intervalLevel: isFiniteNumber(v.intervalLevel) ? v.intervalLevel : 0.9,
    params: params.value,
    points: points.value,
    curve: curve.value,
    predictions: predictions.value,
  };
  if (typeof v.group === 'string') fit.group = v.group;
  if (
    isRecord(v.heldOutError) &&
    typeof v.heldOutError.metric === 'string' &&
    isFiniteNumber(v.heldOutError.value)
  ) {
    fit.heldOutError = { metric: v.heldOutError.metric, value: v.heldOutError.value };
  }
  if (v.frontier !== undefined) {
    const frontier = rows<FrontierPoint>(v.frontier, `${where}.frontier`, (p, w) =>
      numbers(p, w, ['compute', 'nOpt', 'dOpt', 'loss']),
    );
    if (!frontier.ok) return frontier;
    fit.frontier = frontier.value;
  }
  if (Array.isArray(v.warnings))
    fit.warnings = v.warnings.filter((s): s is string => typeof s === 'string');
  return { ok: true, value: fit };
}
