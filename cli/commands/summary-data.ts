/**
 * The data behind `peft summary`: per run the best finished trial, per adapter sweep a method
 * ranking, and every saved fit with parameters ± intervals, held-out errors, predictions and
 * (chinchilla fits) N*, D* at a budget 10× beyond the largest trial. Pure over its inputs: the
 * plan, each trial's status (a reader passed in) and the saved fits.
 */
import { computeOptimalFor } from '../../core/laws';
import type { ComputeOptimal, LawFit, LawPrediction } from '../../core/laws/types';
import type { ExperimentPlan, PlanValue, RunPlan, Trial } from '../../core/types/plan';
import type { TrialStatus } from '../../core/protocol';

export interface BestTrial {
  id: string;
  axes: Record<string, PlanValue>;
  value: number;
}

export interface MethodRank {
  adapter: string;
  method: string;
  /** Mean of the metric over the adapter's finished trials (all ranks and seeds), and the best one. */
  mean: number;
  best: number;
  trials: number;
}

export interface RunSummary {
  run: string;
  metric: string;
  trials: number;
  done: number;
  failed: number;
  best?: BestTrial;
  /** Runs sweeping `adapter`: every adapter on the same model and data (other runs included), best first. */
  ranking?: MethodRank[];
}

export interface LawSummary {
  law: string;
  group?: string;
  form: string;
  expression: string;
  ok: boolean;
  points: number;
  level: number;
  params: Array<{ name: string; value: number; lo: number; hi: number; atBound: boolean }>;
  r2?: number;
  rmseLog?: number;
  heldOut?: { count: number; rmseLog: number; maxRelError: number };
  predictions: LawPrediction[];
  /** Chinchilla fits: N*, D* at 10× the largest 6·N·D of the fitted trials. */
  computeOptimal?: ComputeOptimal;
  problems: string[];
}

export interface ExperimentSummary {
  experiment: string;
  runs: RunSummary[];
  laws: LawSummary[];
}

const higherIsBetter = (metric: string): boolean => /accuracy|acc$|f1|auc/.test(metric);

function finalOf(status: TrialStatus | undefined, metric: string): number | undefined {
  const v = status?.state === 'done' ? status.final?.[metric] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const metricOf = (run: RunPlan): string => run.trials[0]?.config.metric ?? 'eval_loss';

function rankMethods(
  run: RunPlan,
  plan: ExperimentPlan,
  value: (t: Trial) => number | undefined,
): MethodRank[] {
  const first = run.trials[0];
  if (!first) return [];
  const metric = metricOf(run);
  // Same base model (its resolved config, so a width override is another model) and same data.
  const key = (t: Trial): string => JSON.stringify([t.config.model, t.config.data]);
  const want = key(first);
  const same = (t: Trial): boolean => key(t) === want;
  const groups = new Map<string, { method: string; values: number[] }>();
  for (const r of plan.runs) {
    if (metricOf(r) !== metric) continue;
    for (const t of r.trials.filter(same)) {
      const v = value(t);
      if (v === undefined) continue;
      // DoRA is LoRA with use_dora: name it as users do.
      const method = t.config.adapter.params.use_dora === true ? 'dora' : t.config.adapter.method;
      const g = groups.get(t.config.adapter.name) ?? { method, values: [] };
      g.values.push(v);
      groups.set(t.config.adapter.name, g);
    }
  }
  const sign = higherIsBetter(metric) ? -1 : 1;
  return [...groups]
    .map(([adapter, g]) => ({
      adapter,
      method: g.method,
      mean: g.values.reduce((a, b) => a + b, 0) / g.values.length,
      best: sign > 0 ? Math.min(...g.values) : Math.max(...g.values),
      trials: g.values.length,
    }))
    .sort((a, b) => sign * (a.mean - b.mean));
}

function summarizeRun(
  run: RunPlan,
  plan: ExperimentPlan,
  status: (t: Trial) => TrialStatus | undefined,
): RunSummary {
  const metric = metricOf(run);
  const value = (t: Trial): number | undefined => finalOf(status(t), metric);
  const sign = higherIsBetter(metric) ? -1 : 1;
  const out: RunSummary = { run: run.name, metric, trials: run.trials.length, done: 0, failed: 0 };
  for (const t of run.trials) {
    const s = status(t)?.state;
    if (s === 'done') out.done++;
    else if (s === 'failed' || s === 'diverged') out.failed++;
    const v = value(t);
    if (v !== undefined && (!out.best || sign * (v - out.best.value) < 0))
      out.best = { id: t.id, axes: t.axes, value: v };
  }
  if (run.trials.some((t) => 'adapter' in t.axes)) out.ranking = rankMethods(run, plan, value);
  return out;
}

function summarizeFit(fit: LawFit): LawSummary {
  const q = fit.quality;
  const out: LawSummary = {
    law: fit.law,
    form: fit.form,
    expression: fit.expression,
    ok: fit.ok,
    points: fit.points.length,
    level: fit.level,
    params: fit.params.map((p) => ({
      name: p.name,
      value: p.value,
      lo: p.lo,
      hi: p.hi,
      atBound: p.atBound,
    })),
    predictions: fit.predictions,
    problems: fit.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
  };
  if (fit.group !== undefined) out.group = fit.group;
  if (q) {
    out.r2 = q.r2;
    out.rmseLog = q.rmseLog;
    if (q.heldOut)
      out.heldOut = {
        count: q.heldOut.count,
        rmseLog: q.heldOut.rmseLog,
        maxRelError: q.heldOut.maxRelError,
      };
  }
  if (fit.ok && fit.form === 'chinchilla') {
    const largest = Math.max(...fit.points.map((p) => 6 * (p.x[0] ?? 0) * (p.x[1] ?? 0)));
    const opt = largest > 0 ? computeOptimalFor(fit, 10 * largest) : undefined;
    if (opt) out.computeOptimal = opt;
  }
  return out;
}

/** Summarises `plan`'s runs (statuses read through `status`) and its saved `fits` (empty when none). */
export function summarize(
  plan: ExperimentPlan,
  status: (t: Trial) => TrialStatus | undefined,
  fits: readonly LawFit[],
): ExperimentSummary {
  return {
    experiment: plan.experiment,
    runs: plan.runs.map((r) => summarizeRun(r, plan, status)),
    laws: fits.map(summarizeFit),
  };
}
