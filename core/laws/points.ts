/**
 * Law data from a plan's trials and their final metrics. A law variable name resolves, in order,
 * against the trial's swept axes, config fields and static estimates:
 *   r → adapter.params.r, lr → optimizer.params.lr, batch, steps, seed,
 *   N | params | total_params → estimates.totalParams, trainable_params | Nt → estimates.trainableParams,
 *   D | tokens → estimates.tokens, C | flops → estimates.trainFlops,
 *   dotted paths (model.width, adapter.lora_alpha, optimizer.weight_decay, data.limit),
 *   then any adapter, model, optimizer or schedule parameter of that name.
 */
import type { LawSpec, PlanValue, Trial } from '../types/plan';
import type { FitDiagnostic, LawPoint } from './types';

/** Final metrics per trial id (from each trial's status.json `final`). */
export type TrialResults = Record<string, Record<string, number> | undefined>;

const ESTIMATES: Record<string, (t: Trial) => number> = {
  N: (t) => t.estimates.totalParams,
  params: (t) => t.estimates.totalParams,
  total_params: (t) => t.estimates.totalParams,
  trainable_params: (t) => t.estimates.trainableParams,
  Nt: (t) => t.estimates.trainableParams,
  D: (t) => t.estimates.tokens,
  tokens: (t) => t.estimates.tokens,
  C: (t) => t.estimates.trainFlops,
  flops: (t) => t.estimates.trainFlops,
};

const CONFIG: Record<string, (t: Trial) => PlanValue | undefined> = {
  r: (t) => t.config.adapter.params.r,
  lr: (t) => t.config.optimizer.params.lr,
  batch: (t) => t.config.batch,
  steps: (t) => t.config.steps,
  seed: (t) => t.config.seed,
  adapter: (t) => t.config.adapter.name,
  method: (t) => t.config.adapter.method,
  model: (t) => t.config.model.name,
};

function dotted(t: Trial, path: string): PlanValue | undefined {
  const [head, ...rest] = path.split('.');
  const key = rest.join('.');
  const c = t.config;
  switch (head) {
    case 'model':
      return c.model.params[key];
    case 'adapter':
      return c.adapter.params[key];
    case 'optimizer':
      return c.optimizer.params[key];
    case 'schedule':
      return c.schedule.params[key];
    case 'data':
      return key === 'limit'
        ? c.data.limit
        : key === 'holdout'
          ? c.data.holdout
          : c.data.params[key];
    default:
      return undefined;
  }
}

/** The value named `name` for `trial` (see the file comment for the resolution order), or undefined. */
export function trialValue(trial: Trial, name: string): PlanValue | undefined {
  if (Object.prototype.hasOwnProperty.call(trial.axes, name)) return trial.axes[name];
  const cfg = CONFIG[name];
  if (cfg) {
    const v = cfg(trial);
    if (v !== undefined) return v;
  }
  const est = ESTIMATES[name];
  if (est) return est(trial);
  if (name.includes('.')) return dotted(trial, name);
  const c = trial.config;
  for (const bag of [c.adapter.params, c.model.params, c.optimizer.params, c.schedule.params])
    if (Object.prototype.hasOwnProperty.call(bag, name)) return bag[name];
  return undefined;
}

/** Stringifies a group key value (lists and objects as JSON). */
export function groupLabel(v: PlanValue | undefined): string {
  return v === undefined ? '(none)' : typeof v === 'string' ? v : JSON.stringify(v);
}

export interface GroupedPoints {
  /** Group label → points (a single group with key undefined when the law has no `by`). */
  groups: Map<string | undefined, LawPoint[]>;
  diagnostics: FitDiagnostic[];
}

/**
 * Points of `spec` from `trials` (those of its run) and their final metrics. Trials without a
 * result or without the metric are skipped (they have not finished); a variable that resolves to
 * a non-number for some trial is an error diagnostic naming the trial and the value.
 */
export function pointsFromTrials(
  spec: LawSpec,
  trials: readonly Trial[],
  results: TrialResults,
): GroupedPoints {
  const groups = new Map<string | undefined, LawPoint[]>();
  const diagnostics: FitDiagnostic[] = [];
  const unresolved = new Set<string>();
  let pending = 0;
  for (const t of trials) {
    const y = results[t.id]?.[spec.y];
    if (y === undefined) {
      pending++;
      continue;
    }
    const x: number[] = [];
    for (const name of spec.x) {
      const v = trialValue(t, name);
      if (typeof v === 'number') x.push(v);
      else {
        unresolved.add(
          `${name} (${v === undefined ? 'not an axis, config field or estimate' : `= ${JSON.stringify(v)}, not a number`})`,
        );
        x.push(NaN);
      }
    }
    const key = spec.by === undefined ? undefined : groupLabel(trialValue(t, spec.by));
    const list = groups.get(key) ?? [];
    list.push({ x, y, source: t.id });
    groups.set(key, list);
  }
  if (unresolved.size)
    diagnostics.push({
      code: 'unknown-variable',
      severity: 'error',
      message: `law ${spec.name}: cannot resolve ${[...unresolved].join(', ')}`,
    });
  if (pending)
    diagnostics.push({
      code: 'pending-trials',
      severity: 'info',
      message: `${pending} trial(s) of run ${spec.source.kind === 'run' ? spec.source.run : ''} have no ${spec.y} yet`,
    });
  return { groups, diagnostics };
}
