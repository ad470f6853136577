/**
 * Where a key written in a `run` block goes: a run setting (`steps`, `batch`, …), an adapter
 * parameter (`r = sweep […]` overrides the adapter's `r`), a model parameter (`width = …` for
 * model-size sweeps), an optimizer or schedule parameter (`lr`, `optimizer.lr`, `schedule.warmup`),
 * or a label (the key of a `zip(…)` or `isoflop […]` axis).
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import { paramsFor, type ParamSpec } from '../catalog';
import type { Evaluator } from './evaluate';
import { resolveKey } from './typecheck';

export type TargetKind = 'run' | 'adapter' | 'model' | 'optimizer' | 'schedule' | 'label';

export interface Target {
  kind: TargetKind;
  /** Canonical parameter name at the target. */
  name: string;
  spec?: ParamSpec;
}

export interface TargetScope {
  methods: string[];
  families: string[];
  optimizers: string[];
  schedules: string[];
}

const union = (lists: readonly (readonly ParamSpec[])[]): ParamSpec[] => {
  const seen = new Map<string, ParamSpec>();
  for (const l of lists) for (const s of l) if (!seen.has(s.name)) seen.set(s.name, s);
  return [...seen.values()];
};

/** Resolves one run key; reports unknown keys (with did-you-mean) and aliases. */
export function resolveTarget(
  ev: Evaluator,
  key: string,
  keyRange: Span,
  scope: TargetScope,
  isLabel: boolean,
): Target | undefined {
  if (isLabel) return { kind: 'label', name: key };
  const adapter = union(scope.methods.map((m) => paramsFor('adapter', m)));
  const model = union(scope.families.map((f) => paramsFor('model', f)));
  const optimizer = union(scope.optimizers.map((o) => paramsFor('optimizer', o)));
  const schedule = union(scope.schedules.map((s) => paramsFor('schedule', s)));
  const run = [...paramsFor('run')];
  const dot = key.indexOf('.');
  if (dot > 0) {
    const head = key.slice(0, dot);
    const field = key.slice(dot + 1);
    const lists: Record<string, ParamSpec[]> = { optimizer, schedule, adapter, model };
    const specs = lists[head];
    if (!specs) {
      ev.error(
        DiagnosticCodes.unknownParameter,
        `'${head}.…' cannot be set in a run; dotted keys start with optimizer, schedule, adapter or model.`,
        keyRange,
      );
      return undefined;
    }
    const spec = resolveKey(
      ev,
      specs,
      field,
      keyRange,
      head === 'optimizer' || head === 'schedule' ? head : (head as 'adapter' | 'model'),
      undefined,
    );
    return spec ? { kind: head as TargetKind, name: spec.name, spec } : undefined;
  }
  const order: Array<[TargetKind, ParamSpec[]]> = [
    ['run', run],
    ['adapter', adapter],
    ['model', model],
    ['optimizer', optimizer],
    ['schedule', schedule],
  ];
  for (const [kind, specs] of order) {
    const spec = specs.find((s) => s.name === key);
    if (spec) return { kind: kind === 'run' && key === 'lr' ? 'optimizer' : kind, name: key, spec };
  }
  const aliased = resolveKey(ev, adapter, key, keyRange, 'adapter', undefined, false);
  if (aliased) return { kind: 'adapter', name: aliased.name, spec: aliased };
  const all = order.flatMap(([, s]) => s.map((x) => x.name));
  const guess = closestName(key, all);
  ev.error(
    DiagnosticCodes.unknownParameter,
    `Unknown run key '${key}': not a run setting nor a parameter of ${[...scope.methods, ...scope.families].join(', ') || 'the adapter or model'}${guess ? `; did you mean '${guess}'?` : '.'}`,
    keyRange,
    guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
  );
  return undefined;
}
