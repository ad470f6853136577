/**
 * One trial: the run's values for one point of the product, resolved into a TrialConfig (catalog
 * defaults filled in, so the config is complete and its hash stable), with static estimates.
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import {
  ZERO_ESTIMATES,
  estimateTrial,
  getOptimizer,
  getSchedule,
  optimizers,
  paramsFor,
  resolveAlias,
  schedules,
  withDefaults,
  type BlockKind,
} from '../catalog';
import { memoReported, type AnalysisContext, type RunResult, type TrialSource } from './context';
import { evaluateBlock, type ResolvedBlock } from './blocks';
import { modelEnv } from './families';
import type { Entry, Evaluator, Scope } from './evaluate';
import { canonicalJson, stableId } from './hash';
import type { Target } from './run-targets';
import type {
  PlanValue,
  ResolvedData,
  ResolvedModel,
  ResolvedOptimizer,
  Trial,
  TrialConfig,
  TrialEstimates,
} from '../types/plan';
import { isConstruct, isRef, toPlan, type Value } from './values';
import { slurmOptions } from './slurm-options';
import { plainValues } from './trial-params';

/** Converts a value to plain JSON, turning `{ … }` maps into objects. */
export function plain(ev: Evaluator, v: Value, scope?: Scope, depth = 0): PlanValue {
  if (isConstruct(v) && v.head === '' && depth < 32) {
    const obj = ev.constructToObject(v, scope);
    const out: Record<string, PlanValue> = {};
    for (const [k, x] of Object.entries(obj)) out[k] = plain(ev, x, scope, depth + 1);
    return out;
  }
  return toPlan(v);
}

/** Written params → canonical PEFT names (aliases resolved), plain values, defaults filled. */
function paramsOf(
  ev: Evaluator,
  block: BlockKind,
  entry: string,
  values: Map<string, Value>,
  scope: Scope,
  skip: string[] = [],
): Record<string, PlanValue> {
  const specs = paramsFor(block, entry);
  const out: Record<string, PlanValue> = {};
  for (const [k, v] of values) {
    if (skip.includes(k) || v === undefined) continue;
    const name = specs.some((s) => s.name === k)
      ? k
      : (resolveAlias(k, block, entry)?.canonical ?? k);
    out[name] = plain(ev, v, scope);
  }
  return withDefaults(block, entry, out) as Record<string, PlanValue>;
}

const blockOf = (
  ctx: AnalysisContext,
  v: Value,
  kind: ResolvedBlock['kind'],
): ResolvedBlock | undefined => {
  const b = isRef(v) ? ctx.blocks.get(v.name) : undefined;
  return b && b.kind === kind && b.entry ? b : undefined;
};

export function resolveData(ctx: AnalysisContext, rb: ResolvedBlock): ResolvedData {
  return memoReported(ctx, `data:${rb.name}`, () => {
    const params = paramsOf(ctx.ev, 'data', rb.entry!, evaluateBlock(ctx.ev, rb), rb.scope, [
      'corpus',
    ]);
    const { holdout, limit, ...rest } = params;
    if (rb.corpusFile && rest['path'] === undefined) rest['path'] = rb.corpusFile.path;
    const data: ResolvedData = {
      name: rb.name,
      corpus: rb.entry!,
      holdout: typeof holdout === 'number' ? holdout : 0.1,
      params: rest,
    };
    if (typeof limit === 'number') data.limit = limit;
    return data;
  });
}

function resolveNamed(
  ev: Evaluator,
  kind: 'optimizer' | 'schedule',
  v: Value,
  fallback: string,
  overrides: Map<string, Value>,
  at: Span,
): ResolvedOptimizer | undefined {
  const name = isConstruct(v) ? v.head : typeof v === 'string' ? v : fallback;
  const found = kind === 'optimizer' ? getOptimizer(name) : getSchedule(name);
  if (!found) {
    const names = (kind === 'optimizer' ? optimizers() : schedules()).map((x) => x.name);
    const guess = closestName(name, names);
    ev.report(
      diagnostic(
        kind === 'optimizer' ? DiagnosticCodes.unknownOptimizer : DiagnosticCodes.unknownSchedule,
        'error',
        `Unknown ${kind} '${name}'${guess ? `; did you mean '${guess}'?` : `; use one of ${names.join(', ')}.`}`,
        isConstruct(v) && v.node.kind === 'Construct' ? v.node.head : at,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      ),
    );
    return undefined;
  }
  const written = new Map<string, Value>(
    isConstruct(v) ? Object.entries(ev.constructToObject(v)) : [],
  );
  for (const [k, x] of overrides) written.set(k, x);
  return {
    name: found.name,
    params: paramsOf(ev, kind, found.name, written, undefined as unknown as Scope),
  };
}

/**
 * estimateTrial, memoised on everything it reads (names, seed and run excluded). The adapter part
 * of the key is the evaluated values' JSON when they are plain (the config's params are a function
 * of the method and those values, and that JSON is kept across analyses), else the params' JSON.
 */
function memoEstimate(
  ctx: AnalysisContext,
  c: TrialConfig,
  values: Map<string, Value>,
): TrialEstimates {
  const plainJson = plainValues(values)?.json;
  const adapter =
    plainJson !== undefined
      ? `v${plainJson}`
      : `p${canonicalJson(c.adapter.params, ctx.jsonCache)}`;
  const json = (x: unknown): string => canonicalJson(x, ctx.jsonCache);
  const key = `est:${c.adapter.method}:${adapter}:${json(c.model)}:${json(c.optimizer)}:${json(c.batch)}:${json(c.steps)}`;
  const hit = ctx.memo.get(key) as TrialEstimates | undefined;
  if (hit) return { ...hit };
  const e = estimateTrial(c, modelEnv(ctx.resolveFile));
  ctx.memo.set(key, e);
  return { ...e };
}

/**
 * A trial whose id (the hash of its config's canonical JSON, 15 % of a large file's analysis) is
 * computed on first read: diagnostics never read it, so a keystroke does not pay for it. The id
 * is an own enumerable property in the first position, as before, so JSON, spreads and
 * comparisons see it; the config is never mutated after the plan is built.
 */
function trialWithLazyId(
  config: TrialConfig,
  cache: WeakMap<object, string>,
  rest: Omit<Trial, 'id'>,
): Trial {
  const trial = {} as Trial;
  Object.defineProperty(trial, 'id', {
    enumerable: true,
    configurable: true,
    get(): string {
      const id = stableId(config, cache);
      Object.defineProperty(trial, 'id', { value: id, enumerable: true, writable: true });
      return id;
    },
  });
  return Object.assign(trial, rest);
}

/** Builds trial `index` into `result`; undefined when a referenced block is missing (already reported). */
export function buildTrial(
  ctx: AnalysisContext,
  result: RunResult,
  values: Map<string, Value>,
  targets: Map<string, Target | undefined>,
  entries: Map<string, Entry>,
  axes: Record<string, Value>,
  index: number,
  isoflopBudget: number | undefined,
): TrialSource | undefined {
  const { ev } = ctx;
  const model = blockOf(ctx, values.get('model'), 'model');
  const data = blockOf(ctx, values.get('data'), 'data');
  const adapter = blockOf(ctx, values.get('adapter'), 'adapter');
  if (!model || !data || !adapter) return undefined;
  const over = (
    kind: Target['kind'],
    specs: readonly { name: string }[] | undefined,
  ): Map<string, Value> => {
    const m = new Map<string, Value>();
    for (const [k, v] of values) {
      const t = targets.get(k);
      if (t?.kind === kind && (!specs || specs.some((s) => s.name === t.name))) m.set(t.name, v);
    }
    return m;
  };
  const adapterOver = over('adapter', paramsFor('adapter', adapter.entry));
  const adapterValues = evaluateBlock(ev, adapter, adapterOver);
  const modelOver = over('model', paramsFor('model', model.entry));
  const buildModel = (): ResolvedModel => {
    const modelValues = evaluateBlock(ev, model, modelOver);
    const built: ResolvedModel = {
      name: model.name,
      family: model.entry!,
      params: paramsOf(ev, 'model', model.entry!, modelValues, model.scope, ['pretrain']),
    };
    const pre = modelValues.get('pretrain');
    if (isConstruct(pre)) {
      const p = ev.constructToObject(pre, model.scope);
      const d = blockOf(ctx, p.data, 'data');
      const defs = withDefaults('pretrain', undefined, {});
      const num = (k: string): number =>
        typeof p[k] === 'number' ? p[k] : typeof defs[k] === 'number' ? defs[k] : 0;
      if (d)
        built.pretrain = {
          data: resolveData(ctx, d),
          steps: num('steps'),
          lr: num('lr'),
          batch: num('batch'),
          seed: num('seed'),
        };
    }
    return built;
  };
  // Without overrides every trial shares one resolved model object (cheaper hashing, less memory).
  const resolvedModel =
    modelOver.size === 0 ? memoReported(ctx, `model:${model.name}`, buildModel) : buildModel();
  const runDefaults = withDefaults('run', undefined, {});
  const at = entries.get('optimizer')?.expr ?? result.decl.name ?? result.decl.keywordSpan;
  // Without per-trial overrides an optimizer or schedule is the same for every trial of the run:
  // resolve it once (keyed by where it is written) and share the object, as for the model.
  const named = (kind: 'optimizer' | 'schedule', fallback: string, site: Span) => {
    const v = values.get(kind);
    const overrides = over(kind, undefined);
    const resolve = () => resolveNamed(ev, kind, v, fallback, overrides, site);
    if (overrides.size > 0) return resolve();
    const what = isConstruct(v)
      ? `c${v.node.start}:${v.node.end}`
      : typeof v === 'string'
        ? `s${v}`
        : 'd';
    return memoReported(ctx, `${kind}:${site.start}:${site.end}:${what}`, resolve);
  };
  const optimizer = named(
    'optimizer',
    typeof runDefaults.optimizer === 'string' ? runDefaults.optimizer : 'adamw',
    at,
  );
  const schedule = named(
    'schedule',
    typeof runDefaults.schedule === 'string' ? runDefaults.schedule : 'constant',
    entries.get('schedule')?.expr ?? at,
  );
  if (!optimizer || !schedule) return undefined;
  const scalar = (k: string): PlanValue => {
    const v = values.get(k);
    return v !== undefined && !isConstruct(v) ? toPlan(v) : (runDefaults[k] ?? null);
  };
  const n = (k: string, d: number): number =>
    typeof scalar(k) === 'number' ? (scalar(k) as number) : d;
  const config: TrialConfig = {
    experiment: ctx.experiment,
    run: result.plan.name,
    model: resolvedModel,
    data: resolveData(ctx, data),
    adapter: {
      name: adapter.name,
      method: adapter.entry!,
      params: paramsOf(ev, 'adapter', adapter.entry!, adapterValues, adapter.scope),
    },
    optimizer,
    schedule,
    batch: n('batch', 32),
    steps: n('steps', 400),
    seed: n('seed', 0),
    evalEvery: n('eval_every', 100),
    metric: typeof scalar('metric') === 'string' ? (scalar('metric') as string) : 'eval_loss',
    clip: n('clip', 1),
  };
  if (typeof scalar('backend') === 'string') config.backend = scalar('backend') as string;
  let estimates = ZERO_ESTIMATES;
  try {
    if (isoflopBudget !== undefined) {
      const perStep = memoEstimate(ctx, { ...config, steps: 1 }, adapterValues).flopsPerStep;
      config.steps = perStep > 0 ? Math.max(1, Math.round(isoflopBudget / perStep)) : 1;
    }
    estimates = memoEstimate(ctx, config, adapterValues);
  } catch (err) {
    ev.report(
      diagnostic(
        DiagnosticCodes.estimateFailed,
        'warning',
        `Cannot estimate run '${result.plan.name}': ${err instanceof Error ? err.message : String(err)}. Fix the model or adapter parameters.`,
        result.decl.name ?? result.decl.keywordSpan,
      ),
    );
  }
  const axisPlain: Record<string, PlanValue> = {};
  for (const [k, v] of Object.entries(axes)) axisPlain[k] = toPlan(v);
  if (isoflopBudget !== undefined) axisPlain.steps = config.steps;
  const every = scalar('checkpoint_every');
  result.plan.trials.push(
    trialWithLazyId(config, ctx.jsonCache, {
      run: result.plan.name,
      index,
      axes: axisPlain,
      config,
      estimates,
      ...(typeof every === 'number' && every >= 1
        ? { checkpoint: { every: Math.floor(every), keep: n('keep_checkpoints', 2) } }
        : {}),
    }),
  );
  const executor = scalar('executor');
  if (executor === 'local' || executor === 'slurm') result.plan.executor = executor;
  const slurm = values.get('slurm');
  if (isConstruct(slurm)) {
    const raw = plain(ev, slurm);
    const at = entries.get('slurm')?.expr ?? result.decl.name ?? result.decl.keywordSpan;
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw))
      result.plan.slurm = slurmOptions(ev, raw, at);
  }
  const sites = new Map<string, Span>();
  for (const [k, e] of adapter.entries)
    sites.set(resolveAlias(k, 'adapter', adapter.entry)?.canonical ?? k, e.key);
  for (const [k] of adapterOver) {
    const key = [...values.keys()].find(
      (w) => targets.get(w)?.name === k && targets.get(w)?.kind === 'adapter',
    );
    const e = key ? entries.get(key) : undefined;
    if (e) sites.set(k, e.key);
  }
  const source: TrialSource = { adapter, model, adapterParams: adapterValues, adapterSites: sites };
  return source;
}
