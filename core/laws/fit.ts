/**
 * `fitLaw`: one law on one set of points → a `LawFit` (parameters with bootstrap intervals,
 * quality, held-out error, convergence, diagnostics). Ill-posed input gives `ok: false` and an
 * error diagnostic, never an exception.
 */
import { bootstrapParams, quantile } from './bootstrap';
import { computeOptimalCurve } from './compute-optimal';
import { multiStart } from './engine';
import { toNatural, type Problem } from './objective';
import { heldOutError } from './holdout';
import { fitQuality } from './quality';
import { evaluateMany } from './resolve';
import { curveSamples } from './predict';
import type {
  FitDiagnostic,
  FitOptions,
  FitQuality,
  LawFit,
  LawModel,
  LawPoint,
  ParamSpec,
} from './types';
import { validatePoints } from './validate';

export const DEFAULT_FIT_OPTIONS: Readonly<FitOptions> = {
  loss: 'huber',
  delta: 1e-3,
  residuals: 'log',
  maxStarts: 16,
  maxIterations: 1000,
  bootstrap: 200,
  seed: 1,
  level: 0.9,
};

export interface FitRequest {
  /** The law's name (for results and messages). */
  law: string;
  model: LawModel;
  points: LawPoint[];
  /** Names bound to the model's variables (LawSpec.x); default the model's own names. */
  variables?: string[];
  y?: string;
  group?: string;
  by?: string;
  options?: Partial<FitOptions>;
}

/** The model's parameters with the request's bound and start overrides applied. */
function effectiveParams(model: LawModel, o: FitOptions): ParamSpec[] {
  return model.params.map((p) => {
    const b = o.bounds?.[p.name];
    const s = o.starts?.[p.name];
    const q: ParamSpec = { ...p };
    if (b) [q.lower, q.upper] = b;
    if (s) {
      q.grid = s;
      delete q.gridFromData;
    }
    if (q.log && q.lower < 0) q.lower = 0;
    return q;
  });
}

/** The objective's ingredients for `model` on already-validated `points` (used by fitLaw, tests and benchmarks). */
export function buildProblem(
  model: LawModel,
  points: readonly LawPoint[],
  options: Partial<FitOptions> = {},
): {
  prob: Problem;
  params: ParamSpec[];
  columns: Float64Array[];
  constants: Record<string, number>;
} {
  const o: FitOptions = { ...DEFAULT_FIT_OPTIONS, ...options };
  const params = effectiveParams(model, o);
  const columns = columnsOf(points, model.variables.length);
  const constants = model.constants ? model.constants(columns) : {};
  const prob: Problem = {
    bound: model.bind(columns, constants),
    isLog: params.map((p) => p.log),
    y: Float64Array.from(points, (p) => p.y),
    weights: Float64Array.from(points, (p) => p.weight ?? 1),
  };
  return { prob, params, columns, constants };
}

function columnsOf(points: readonly LawPoint[], arity: number): Float64Array[] {
  return Array.from({ length: arity }, (_, j) => Float64Array.from(points, (p) => p.x[j]!));
}

/**
 * Fits `req.model` to `req.points`. Takes options (defaults: Huber δ = 1e-3 with L-BFGS-B from
 * the 16 best grid starts, 200 bootstrap resamples, seed 1, 90% intervals). Returns a LawFit;
 * `ok: false` with an error diagnostic when the data cannot support a fit.
 */
export function fitLaw(req: FitRequest): LawFit {
  const o: FitOptions = { ...DEFAULT_FIT_OPTIONS, ...req.options };
  const model = req.model;
  const names = req.variables ?? model.variables;
  const params = effectiveParams(model, o);
  const k = params.length;
  const base: LawFit = {
    law: req.law,
    form: model.form,
    expression: model.expression,
    variables: [...names],
    y: req.y ?? 'y',
    ...(req.group !== undefined ? { group: req.group } : {}),
    ...(req.by !== undefined ? { by: req.by } : {}),
    ok: false,
    params: [],
    constants: {},
    level: o.level,
    points: [],
    bootstrap: { seed: o.seed, samples: [] },
    predictions: [],
    diagnostics: [],
  };
  const data = validatePoints(model, req.points, k, names);
  base.points = data.points;
  base.diagnostics.push(...data.diagnostics);
  if (!data.ok) return base;
  const pts = data.points;
  const { prob, columns, constants } = buildProblem(model, pts, o);
  const best = multiStart(prob, params, columns, o);
  if (!Number.isFinite(best.f)) {
    base.diagnostics.push({
      code: 'no-finite-start',
      severity: 'error',
      message: `the ${model.form} law is not positive and finite at any start on these data: check the data or give starts`,
    });
    return base;
  }
  const theta = Array.from(toNatural(best.x, prob.isLog));
  const samples =
    o.bootstrap > 0 ? bootstrapParams(prob, params, best.x, o, o.bootstrap, o.seed) : [];
  const lowQ = (1 - o.level) / 2;
  const yHat = evaluateMany(model, theta, constants, columns);
  const diagnostics: FitDiagnostic[] = [];
  const fitted = params.map((p, j) => {
    const draws = samples.map((s) => s[j]!);
    const mean = draws.reduce((a, v) => a + v, 0) / Math.max(draws.length, 1);
    const sd =
      draws.length > 1
        ? Math.sqrt(draws.reduce((a, v) => a + (v - mean) ** 2, 0) / (draws.length - 1))
        : NaN;
    const v = theta[j]!;
    const atBound =
      Math.abs(v - p.lower) <= 1e-9 * Math.max(1, Math.abs(v)) ||
      Math.abs(v - p.upper) <= 1e-9 * Math.max(1, Math.abs(v)) ||
      (p.log && v < 1e-12);
    if (atBound)
      diagnostics.push({
        code: 'at-bound',
        severity: 'warning',
        message: `${p.name} = ${Number(v.toPrecision(4))} sits on its bound [${p.lower}, ${p.upper}]`,
      });
    return {
      name: p.name,
      value: v,
      lo: quantile(draws, lowQ),
      hi: quantile(draws, 1 - lowQ),
      sd,
      atBound,
      doc: p.doc,
    };
  });
  if (!best.converged)
    diagnostics.push({
      code: 'not-converged',
      severity: 'warning',
      message: `the optimiser stopped (${best.reason}) after ${best.iterations} iterations without meeting its tolerances; gradient norm ${best.gradNorm.toExponential(2)}`,
    });
  if (o.bootstrap > 0 && samples.length < o.bootstrap * 0.8)
    diagnostics.push({
      code: 'bootstrap-failures',
      severity: 'warning',
      message: `only ${samples.length} of ${o.bootstrap} bootstrap refits succeeded: intervals are rough`,
    });
  const quality: FitQuality = fitQuality(prob.y, yHat, k, prob.weights);
  const held = heldOutError(prob, params, columns, pts, o, model, constants);
  if (held.quality) quality.heldOut = held.quality;
  if (held.diagnostic) diagnostics.push(held.diagnostic);
  const fit: LawFit = {
    ...base,
    ok: true,
    params: fitted,
    constants,
    quality,
    convergence: {
      method: o.loss === 'huber' ? 'huber-lbfgs' : 'lm',
      objective: best.f,
      converged: best.converged,
      reason: best.reason,
      iterations: best.iterations,
      starts: best.starts,
      gridSize: best.gridSize,
      gradNorm: best.gradNorm,
    },
    bootstrap: { seed: o.seed, samples },
    diagnostics: [...base.diagnostics, ...diagnostics],
  };
  if (model.variables.length === 1) fit.curve = curveSamples(fit, model, 48);
  if (model.form === 'chinchilla') fit.computeOptimal = computeOptimalCurve(fit, columns);
  return fit;
}
