/**
 * Expands a `run` block into trials: every axis (sweep, log, lin, random, zip, isoflop, seeds) is
 * one dimension of a cartesian product in source order (first axis outermost, seeds innermost).
 * Each trial's values are re-evaluated with the axis picks as overrides, so derived values
 * (`lora_alpha = 2 * r`) follow the swept ones. A product larger than the limit is an error.
 */
import type { BlockDecl, Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic } from '../dsl/diagnostics';
import {
  getMethod,
  getModelFamily,
  getOptimizer,
  getSchedule,
  paramsFor,
  withDefaults,
} from '../catalog';
import type { AnalysisContext, RunResult, TrialSource } from './context';
import { collectEntries, newScope, type Entry } from './evaluate';
import { buildTrial } from './trial';
import { assignBranches } from './branches';
import { attachEarlyStop } from './early-stop';
import { resolveTarget, type Target, type TargetScope } from './run-targets';
import { checkValue } from './typecheck';
import { walkExpr } from './symbols';
import { isAxis, isConstruct, isRef, type AxisValue, type Value } from './values';
import { finishSearch, prepareSearch } from './search';

interface Axis {
  key: string;
  at: Span;
  length: number;
  axis: AxisValue;
}

/** Expands one run; returns its plan (empty when it has errors that block expansion). */
export function expandRun(
  ctx: AnalysisContext,
  decl: BlockDecl,
  budget: { left: number },
): RunResult {
  const { ev } = ctx;
  const name = decl.name?.name ?? '';
  const result: RunResult = { decl, plan: { name, trials: [] }, sources: [] };
  const entries = collectEntries(decl.body, (d) => ev.report(d));
  const base = newScope(`run:${name}`, entries);
  const axes: Axis[] = [];
  const baseValues = new Map<string, Value>();
  for (const [key, e] of entries) {
    const v = ev.lookup(base, key);
    baseValues.set(key, v);
    if (isAxis(v)) axes.push({ key, at: e.expr, length: v.values.length, axis: v });
  }
  const scope = targetScope(ctx, baseValues);
  const targets = new Map<string, Target | undefined>();
  for (const [key, e] of entries) {
    const v = baseValues.get(key);
    const label = isAxis(v) && (v.form === 'zip' || v.form === 'isoflop');
    if (
      [
        'model',
        'data',
        'adapter',
        'optimizer',
        'schedule',
        'seeds',
        'seed',
        'search',
        'early_stop',
      ].includes(key) &&
      !label
    ) {
      const spec =
        key === 'optimizer' || key === 'schedule' || key === 'search' || key === 'early_stop'
          ? undefined
          : paramsFor('run').find((x) => x.name === key);
      targets.set(key, spec ? { kind: 'run', name: key, spec } : { kind: 'run', name: key });
      continue;
    }
    targets.set(key, resolveTarget(ev, key, e.key, scope, label));
    if (isAxis(v) && v.zipped) {
      for (const z of Object.keys(v.zipped))
        targets.set(z, resolveTarget(ev, z, v.node, scope, false));
    }
  }
  for (const req of ['model', 'data', 'adapter']) {
    if (!entries.has(req)) {
      ev.report(
        diagnostic(
          DiagnosticCodes.missingRequired,
          'error',
          `Run '${name}' needs '${req} = …' (which ${req} to use).`,
          decl.name ?? decl.keywordSpan,
          {
            kind: 'insert',
            text: `\n  ${req} = `,
            title: `Add ${req}`,
            offset: (decl.body?.start ?? decl.end) + 1,
          },
        ),
      );
      return result;
    }
  }
  const seeds = baseValues.get('seeds');
  const seed0 = typeof baseValues.get('seed') === 'number' ? (baseValues.get('seed') as number) : 0;
  if (
    typeof seeds === 'number' &&
    Number.isInteger(seeds) &&
    seeds > 1 &&
    seeds <= 1000 &&
    !isAxis(baseValues.get('seed'))
  ) {
    axes.push({
      key: 'seed',
      at: entries.get('seeds')!.expr,
      length: seeds,
      axis: {
        $kind: 'axis',
        form: 'sweep',
        values: Array.from({ length: seeds }, (_, i) => seed0 + i),
        node: entries.get('seeds')!.expr,
      },
    });
  }
  const search = entries.get('search');
  // A search expands its suggested points (or a sample for the estimate), not the grid.
  if (search && !prepareSearch(ctx, result, baseValues.get('search'), search.expr, axes, base))
    return result;
  const total = axes.reduce((n, a) => n * a.length, 1);
  if (axes.some((a) => a.length === 0)) return result;
  if (total > budget.left) {
    ev.report(
      diagnostic(
        DiagnosticCodes.tooManyTrials,
        'error',
        `Run '${name}' expands to ${total} trials, over the limit of ${ctx.maxTrials} (${axes.map((a) => `${a.key}: ${a.length}`).join(' × ')}); shrink a sweep or raise the limit.`,
        decl.name ?? decl.keywordSpan,
      ),
    );
    return result;
  }
  budget.left -= total;
  const namesOf = (kind: string): string[] =>
    [...ctx.blocks.values()].filter((b) => b.kind === kind).map((b) => b.name);
  // An entry that mentions no key of the run (`steps = 100`, `model = tiny`) has its base value in
  // every trial; only the others are evaluated again with the trial's picks.
  const runKeys = new Set([
    ...entries.keys(),
    ...axes.flatMap((a) => (a.axis.zipped ? Object.keys(a.axis.zipped) : [a.key])),
  ]);
  const fixed = new Set<string>();
  for (const [key, e] of entries) {
    let free = true;
    walkExpr(e.expr, (x) => {
      if (x.kind === 'Reference' && runKeys.has(x.path[0]!.name)) free = false;
    });
    if (free) fixed.add(key);
  }
  const idx = axes.map(() => 0);
  for (let t = 0; t < total; t++) {
    const picks = new Map<string, Value>();
    const axisLabels: Record<string, Value> = {};
    axes.forEach((a, k) => {
      const i = idx[k]!;
      if (a.axis.zipped) {
        for (const [z, list] of Object.entries(a.axis.zipped)) {
          picks.set(z, list[i]);
          axisLabels[z] = list[i];
        }
      } else {
        picks.set(a.key, a.axis.values[i]);
        axisLabels[a.key] = a.axis.values[i];
      }
    });
    const scopeT = newScope(`run:${name}#${t}`, entries, picks);
    const values = new Map<string, Value>();
    for (const key of new Set([...entries.keys(), ...picks.keys()])) {
      const v = picks.has(key)
        ? picks.get(key)
        : fixed.has(key)
          ? baseValues.get(key)
          : ev.lookup(scopeT, key);
      const target = targets.get(key);
      if (target?.spec)
        checkValue(
          ev,
          target.spec,
          v,
          entries.get(key)?.expr ?? axisNode(axes, key),
          (n) => ctx.blocks.get(n)?.kind,
          namesOf,
        );
      values.set(key, v);
    }
    const isoflop = axes.find((a) => a.axis.form === 'isoflop');
    const built = buildTrial(
      ctx,
      result,
      values,
      targets,
      entries,
      axisLabels,
      t,
      isoflop ? (picks.get(isoflop.key) as number) : undefined,
    );
    if (built) result.sources.push(built);
    for (let k = axes.length - 1; k >= 0; k--) {
      idx[k]!++;
      if (idx[k]! < axes[k]!.length) break;
      idx[k] = 0;
    }
  }
  attachEarlyStop(ev, result, baseValues.get('early_stop'), entries.get('early_stop')?.expr);
  assignBranches(result.plan.trials);
  if (search) finishSearch(ctx, result);
  return result;
}

function axisNode(axes: Axis[], key: string): Span {
  return axes.find((a) => a.axis.zipped && key in a.axis.zipped)?.at ?? { start: 0, end: 0 };
}

/** The methods, families, optimizers and schedules a run can reach, for resolving its keys. */
function targetScope(ctx: AnalysisContext, values: Map<string, Value>): TargetScope {
  const names = (v: Value): string[] =>
    isAxis(v) ? v.values.flatMap(names) : isRef(v) ? [v.name] : [];
  const entryOf = (v: Value): string[] =>
    names(v)
      .map((n) => ctx.blocks.get(n)?.entry)
      .filter((e): e is string => !!e);
  const heads = (v: Value, fallback: string): string[] => {
    const list = isAxis(v) ? v.values : [v];
    const out = list.map((x) => (isConstruct(x) ? x.head : typeof x === 'string' ? x : fallback));
    return out.length ? out : [fallback];
  };
  const runDefaults = withDefaults('run', undefined, {});
  return {
    methods: entryOf(values.get('adapter')).filter((m) => getMethod(m)),
    families: entryOf(values.get('model')).filter((f) => getModelFamily(f)),
    optimizers: heads(
      values.get('optimizer'),
      typeof runDefaults.optimizer === 'string' ? runDefaults.optimizer : 'adamw',
    ).filter((o) => getOptimizer(o)),
    schedules: heads(
      values.get('schedule'),
      typeof runDefaults.schedule === 'string' ? runDefaults.schedule : 'constant',
    ).filter((s) => getSchedule(s)),
  };
}

export type { Entry, TrialSource };
export const runSpecs = (): ReturnType<typeof paramsFor> => paramsFor('run');
