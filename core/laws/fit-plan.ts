/**
 * `fitPlanLaws`: every `law` of a plan fitted on its data (run-store results or a CSV file),
 * one fit per `by` group, with the plan's `predict` points evaluated on each fit.
 */
import type { ExperimentPlan, LawSpec, PlanValue } from '../types/plan';
import type { MetricRecord } from '../protocol';
import { pointsFromCsv } from './csv';
import { annealingPoints } from './curve-points';
import { bestLrPoints } from './best-lr';
import { fitLaw } from './fit';
import {
  groupLabel,
  pointsFromTrials,
  trialValue,
  type GroupedPoints,
  type TrialResults,
} from './points';
import { predict } from './predict';
import { resolveLaw } from './resolve';
import type { FitOptions, LawFit } from './types';

export interface FitPlanOptions {
  /** Reads a CSV source's text (path as written in the file); undefined when unreadable. */
  readCsv?: (path: string) => string | undefined;
  /** Reads a trial's metrics.jsonl records (needed by `lr_annealing`, which fits whole curves). */
  readMetrics?: (trialId: string) => readonly MetricRecord[] | undefined;
  /** Defaults under each law's own options (e.g. fewer bootstrap resamples in the editor). */
  fit?: Partial<FitOptions>;
  /**
   * Ids of trials an early_stop pruner stopped whose (partial) results are in `results`: a law
   * skips them unless its `include_pruned = true` (docs/search.md).
   */
  pruned?: ReadonlySet<string>;
}

const num = (v: PlanValue | undefined): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

function record<T>(
  v: PlanValue | undefined,
  pick: (x: PlanValue) => T | undefined,
): Record<string, T> | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, T> = {};
  for (const [k, x] of Object.entries(v)) {
    const t = pick(x);
    if (t !== undefined) out[k] = t;
  }
  return out;
}

const numbers = (x: PlanValue): number[] | undefined =>
  Array.isArray(x) && x.every((e) => typeof e === 'number')
    ? x
    : typeof x === 'number'
      ? [x]
      : undefined;

/** LawSpec.options → FitOptions: loss, delta, residuals, bootstrap, holdout, seed, level, max_starts, bounds {p: [lo, hi]}, starts {p: [..]}. */
export function fitOptionsFromSpec(options: Record<string, PlanValue>): Partial<FitOptions> {
  const o: Partial<FitOptions> = {};
  if (options.loss === 'lm' || options.loss === 'huber') o.loss = options.loss;
  if (options.residuals === 'log' || options.residuals === 'linear')
    o.residuals = options.residuals;
  const set = <K extends keyof FitOptions>(k: K, v: number | undefined): void => {
    if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  };
  set('delta', num(options.delta));
  set('bootstrap', num(options.bootstrap));
  set('holdout', num(options.holdout));
  set('seed', num(options.seed));
  set('level', num(options.level));
  set('maxStarts', num(options.max_starts));
  set('maxIterations', num(options.max_iterations));
  const bounds = record(options.bounds, (x) => {
    const n = numbers(x);
    return n && n.length === 2 ? ([n[0]!, n[1]!] as [number, number]) : undefined;
  });
  if (bounds) o.bounds = bounds;
  const starts = record(options.starts, numbers);
  if (starts) o.starts = starts;
  return o;
}

function failed(spec: LawSpec, form: string, diagnostics: LawFit['diagnostics']): LawFit {
  return {
    law: spec.name,
    form,
    expression: spec.expression ?? '',
    variables: [...spec.x],
    y: spec.y,
    ok: false,
    params: [],
    constants: {},
    level: 0.9,
    points: [],
    bootstrap: { seed: 0, samples: [] },
    predictions: [],
    diagnostics,
  };
}

/** The grouped points of one law, from its run's trials or its CSV file. */
function lawPoints(
  spec: LawSpec,
  plan: ExperimentPlan,
  results: TrialResults,
  options: FitPlanOptions,
): GroupedPoints {
  if (spec.source.kind === 'csv') {
    let text: string | undefined;
    try {
      text = options.readCsv?.(spec.source.path);
    } catch (e) {
      // The reader's reason (outside the workspace, not a regular file, too large), never the content.
      return {
        groups: new Map(),
        diagnostics: [
          {
            code: 'bad-csv',
            severity: 'error',
            message: `cannot read CSV file '${spec.source.path}': ${(e as Error).message}`,
          },
        ],
      };
    }
    if (text === undefined)
      return {
        groups: new Map(),
        diagnostics: [
          {
            code: 'bad-csv',
            severity: 'error',
            message: `cannot read CSV file '${spec.source.path}'`,
          },
        ],
      };
    return pointsFromCsv(spec, text);
  }
  const runName = spec.source.run;
  const run = plan.runs.find((r) => r.name === runName);
  if (!run)
    return {
      groups: new Map(),
      diagnostics: [
        {
          code: 'unknown-run',
          severity: 'error',
          message: `law ${spec.name}: no run named '${runName}'`,
        },
      ],
    };
  const pruned = options.pruned;
  const trials =
    pruned?.size && spec.options.include_pruned !== true
      ? run.trials.filter((t) => !pruned.has(t.id))
      : run.trials;
  if (spec.form === 'lr_annealing') return curvePoints(spec, trials, options);
  if (spec.form === 'batch_lr') return bestLrPoints(spec, trials, results);
  return pointsFromTrials(spec, trials, results);
}

/** lr_annealing: every eval point of every trial's curve, as [S1, S2] → y (λ from options.lambda). */
function curvePoints(
  spec: LawSpec,
  trials: ExperimentPlan['runs'][number]['trials'],
  options: FitPlanOptions,
): GroupedPoints {
  const groups: GroupedPoints['groups'] = new Map();
  if (!options.readMetrics)
    return {
      groups,
      diagnostics: [
        {
          code: 'no-curves',
          severity: 'error',
          message: `law ${spec.name}: lr_annealing fits whole loss curves, and no metrics reader was given`,
        },
      ],
    };
  const lambda = num(spec.options.lambda) ?? 0.999;
  if (!(lambda >= 0 && lambda < 1))
    return {
      groups,
      diagnostics: [
        {
          code: 'bad-option',
          severity: 'error',
          message: `law ${spec.name}: lambda must be in [0, 1), got ${lambda}`,
        },
      ],
    };
  for (const t of trials) {
    const records = options.readMetrics(t.id);
    if (!records) continue;
    const pts = annealingPoints(records, spec.y, lambda, t.id);
    if (!pts.length) continue;
    const key = spec.by === undefined ? undefined : groupLabel(trialValue(t, spec.by));
    groups.set(key, [...(groups.get(key) ?? []), ...pts]);
  }
  return { groups, diagnostics: [] };
}

/**
 * Fits every law in `plan.laws` (one LawFit per group; a LawFit with ok: false and diagnostics
 * when a law cannot be fitted) and attaches the plan's predictions. Never throws on bad data.
 */
export function fitPlanLaws(
  plan: ExperimentPlan,
  results: TrialResults,
  options: FitPlanOptions = {},
): LawFit[] {
  const fits: LawFit[] = [];
  for (const spec of plan.laws) {
    // lr_annealing's variables are the schedule areas, whatever the file binds (usually `step`).
    const variables = spec.form === 'lr_annealing' ? ['S1', 'S2'] : spec.x;
    const { model, errors } = resolveLaw(spec.form, spec.expression, variables);
    if (!model) {
      fits.push(
        failed(
          spec,
          spec.form,
          errors.map((e) => ({
            code: 'bad-law',
            severity: 'error' as const,
            message: e.message,
            ...(spec.expression !== undefined && e.end > e.start
              ? { range: { start: e.start, end: e.end } }
              : {}),
          })),
        ),
      );
      continue;
    }
    const data = lawPoints(spec, plan, results, options);
    const fatal = data.diagnostics.some((d) => d.severity === 'error');
    if (fatal || data.groups.size === 0) {
      const diags =
        data.groups.size === 0 && !fatal
          ? [
              ...data.diagnostics,
              {
                code: 'no-data',
                severity: 'error' as const,
                message: `law ${spec.name}: no finished trial has ${spec.y} yet`,
              },
            ]
          : data.diagnostics;
      fits.push(failed(spec, model.form, diags));
      continue;
    }
    const fitOptions = { ...options.fit, ...fitOptionsFromSpec(spec.options) };
    for (const [group, points] of data.groups) {
      const fit = fitLaw({
        law: spec.name,
        model,
        points,
        variables,
        y: spec.y,
        ...(group !== undefined ? { group } : {}),
        ...(spec.by !== undefined ? { by: spec.by } : {}),
        options: fitOptions,
      });
      fit.diagnostics.unshift(...data.diagnostics);
      for (const pr of plan.predictions.filter((p) => p.law === spec.name))
        for (const point of pr.points) fit.predictions.push(predict(fit, point));
      fits.push(fit);
    }
  }
  return fits;
}
