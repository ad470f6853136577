/**
 * Maps core/laws results (`LawFit`, the entries of fits.json) to the webview's `FitView`.
 * Runs on the host side (report command, extension), never in the page: it evaluates the law
 * with core/laws to sample the fitted curve and band, so the page only draws.
 *
 * Plot axis: a univariate law plots against its variable. A chinchilla law L(N, D) plots against
 * compute C = 6·N·D, its curve being the compute-optimal frontier L_opt(C) (the lower envelope
 * of every (N, D) at that compute). Other multivariate laws plot against their first variable,
 * with the others held at their median. Curves run from the smallest x to max(2× the largest,
 * the farthest prediction).
 */
import type { LawFit, LawPoint } from '../core/laws/types';
import { predict } from '../core/laws/predict';
import { chinchillaOptimal, chinchillaParamsOf } from '../core/laws/compute-optimal';
import { largestScale } from '../core/laws/quality';
import type { CurvePoint, FitView, FrontierPoint } from './model';

const CURVE_SAMPLES = 60;
const finite = (v: number): number | undefined => (Number.isFinite(v) ? v : undefined);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
}

function logspace(lo: number, hi: number, n: number): number[] {
  if (!(lo > 0 && hi > lo)) return lo > 0 ? [lo] : [];
  return Array.from({ length: n }, (_, i) =>
    Math.exp(Math.log(lo) + (i / (n - 1)) * (Math.log(hi) - Math.log(lo))),
  );
}

/**
 * Takes one fit from fits.json; returns its view (plot coordinates, sampled curve with band,
 * predictions, frontier, held-out marks). A failed fit (`ok: false`) yields a view with its
 * points and diagnostics but no curve. Never throws.
 */
export function fitView(fit: LawFit): FitView {
  const chinchilla =
    fit.form === 'chinchilla' && fit.variables.length === 2 ? chinchillaParamsOf(fit) : undefined;
  const plotX = (x: readonly number[]): number => (chinchilla ? 6 * x[0]! * x[1]! : x[0]!);
  const held = new Set(
    fit.quality?.heldOut
      ? largestScale(
          fit.points.map((p) => p.x),
          fit.quality.heldOut.count,
        )
      : [],
  );
  const points = fit.points.map((p: LawPoint, i) => {
    const fitted = fit.ok ? finite(predict(fit, p.x).value) : undefined;
    return {
      x: plotX(p.x),
      y: p.y,
      heldOut: held.has(i),
      ...(fitted !== undefined ? { fitted } : {}),
      ...(p.source ? { trial: p.source } : {}),
    };
  });
  const xsPlot = points.map((p) => p.x).filter((x) => x > 0);
  const predictions = fit.predictions
    .map((p) => {
      const x = fit.variables.map((v) => p.point[v] ?? NaN);
      return {
        x: plotX(x),
        inputs: p.point,
        y: p.value,
        ...(Number.isFinite(p.lo) ? { lo: p.lo } : {}),
        ...(Number.isFinite(p.hi) ? { hi: p.hi } : {}),
      };
    })
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const hiX = Math.max(2 * Math.max(...xsPlot), ...predictions.map((p) => p.x));
  const loX = Math.min(...xsPlot);
  let curve: CurvePoint[] = [];
  let frontier: FrontierPoint[] | undefined;
  if (fit.ok && xsPlot.length) {
    if (chinchilla) {
      frontier = logspace(loX, Math.max(hiX, 100 * Math.max(...xsPlot)), 30)
        .map((c) => {
          const o = chinchillaOptimal(chinchilla, c);
          return { compute: o.flops, nOpt: o.params, dOpt: o.tokens, loss: o.loss };
        })
        .filter((f) => Number.isFinite(f.nOpt) && Number.isFinite(f.loss));
      curve = frontier
        .filter((f) => f.compute <= hiX)
        .map((f) => band(fit, [f.nOpt, f.dOpt], f.compute));
    } else {
      // Sampled here rather than taken from `fit.curve`, so the curve reaches every prediction.
      const others = fit.variables.map((_, j) => median(fit.points.map((p) => p.x[j]!)));
      curve = logspace(loX, hiX, CURVE_SAMPLES).map((x) => band(fit, [x, ...others.slice(1)], x));
    }
    curve = curve.filter((c) => Number.isFinite(c.y)).sort((a, b) => a.x - b.x);
  }
  const view: FitView = {
    law: fit.law,
    form: fit.form,
    y: fit.y,
    x: fit.variables,
    xPlot: chinchilla
      ? `compute 6·${fit.variables[0]}·${fit.variables[1]}`
      : (fit.variables[0] ?? 'x'),
    intervalLevel: fit.level,
    params: fit.params.map((p) => ({
      name: p.name,
      value: p.value,
      ...(Number.isFinite(p.lo) ? { lo: p.lo } : {}),
      ...(Number.isFinite(p.hi) ? { hi: p.hi } : {}),
    })),
    points,
    curve,
    predictions,
    warnings: fit.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => `${d.code}: ${d.message}`),
  };
  if (fit.group !== undefined) view.group = fit.group;
  if (fit.quality?.heldOut)
    view.heldOutError = { metric: 'max |ŷ/y − 1|', value: fit.quality.heldOut.maxRelError };
  if (frontier?.length) view.frontier = frontier;
  return view;
}

function band(fit: LawFit, x: number[], plotX: number): CurvePoint {
  const p = predict(fit, x);
  return {
    x: plotX,
    y: p.value,
    ...(Number.isFinite(p.lo) ? { lo: p.lo } : {}),
    ...(Number.isFinite(p.hi) ? { hi: p.hi } : {}),
  };
}
