/**
 * A run's `early_stop = asha { … }`: the pruner's name and parameters checked against the catalog
 * (core/catalog/pruners.ts) with exact locations, then completed per trial with the run's own
 * values (min_steps = eval_every, max_steps = steps, the run's eval metric), and the rungs checked
 * against eval_every: a pruner compares trials at its rungs, so evals that miss them warn.
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic } from '../dsl/diagnostics';
import { closestName, getPruner, paramsFor, pruners, withDefaults } from '../catalog';
import { earlyStopRungs } from '../search/spec';
import type { RunResult } from './context';
import type { Evaluator } from './evaluate';
import { checkValue, resolveKey } from './typecheck';
import type { EarlyStopSpec, PlanValue, TrialConfig } from '../types/plan';
import { isAxis, isConstruct, toPlan, type Value } from './values';

/** The pruner as written (defaults filled, run-derived values not yet); undefined when absent or wrong (reported). */
export function resolveEarlyStop(ev: Evaluator, v: Value, at: Span): EarlyStopSpec | undefined {
  if (v === undefined || v === null) return undefined;
  if (isAxis(v)) {
    ev.error(
      DiagnosticCodes.invalidSweep,
      'early_stop cannot be swept: a run has one pruner (write a second run to compare pruners).',
      v.node,
    );
    return undefined;
  }
  const name = isConstruct(v) ? v.head : typeof v === 'string' ? v : undefined;
  const headAt = isConstruct(v) && v.node.kind === 'Construct' ? v.node.head : at;
  const names = pruners().map((p) => p.name);
  const entry = name === undefined ? undefined : getPruner(name);
  if (!entry) {
    const guess = name === undefined ? undefined : closestName(name, names);
    ev.report(
      diagnostic(
        DiagnosticCodes.unknownEnumValue,
        'error',
        `Unknown early_stop pruner ${name === undefined ? '(not a name)' : `'${name}'`}${guess ? `; did you mean '${guess}'?` : `; use one of ${names.join(', ')}.`}`,
        headAt,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      ),
    );
    return undefined;
  }
  const errorsBefore = ev.diagnostics.filter((d) => d.severity === 'error').length;
  const written: Record<string, PlanValue> = {};
  if (isConstruct(v)) {
    const values = ev.constructToObject(v);
    const specs = paramsFor('early_stop', entry.name);
    for (const [key, e] of v.entries) {
      const spec = resolveKey(ev, specs, key, e.key, 'early_stop', entry.name);
      if (!spec) continue;
      checkValue(ev, spec, values[key], e.expr, () => undefined);
      written[spec.name] = toPlan(values[key]);
    }
    const lo = written['min_steps'];
    const hi = written['max_steps'];
    if (typeof lo === 'number' && typeof hi === 'number' && hi < lo)
      ev.error(
        DiagnosticCodes.outOfRange,
        `max_steps = ${hi} is below min_steps = ${lo}: the rungs run from min_steps up to max_steps.`,
        v.entries.get('max_steps')?.expr ?? headAt,
      );
  }
  if (ev.diagnostics.filter((d) => d.severity === 'error').length > errorsBefore) return undefined;
  return {
    pruner: entry.name,
    params: withDefaults('early_stop', entry.name, written) as Record<string, PlanValue>,
  };
}

/** `spec` completed with one trial's values: min_steps = eval_every, max_steps = steps, the eval metric. */
export function earlyStopFor(spec: EarlyStopSpec, config: TrialConfig): EarlyStopSpec {
  const p = { ...spec.params };
  const hasRungs = spec.pruner === 'asha' || spec.pruner === 'hyperband';
  if (hasRungs && p['min_steps'] === undefined) p['min_steps'] = config.evalEvery;
  if (hasRungs && p['max_steps'] === undefined) p['max_steps'] = config.steps;
  if (p['metric'] === undefined)
    p['metric'] = config.metric.startsWith('eval_') ? config.metric : 'eval_loss';
  return { pruner: spec.pruner, params: p };
}

/**
 * Warns when the run's evals cannot serve the pruner: ASHA/Hyperband rungs that are not eval
 * steps (the pruner then compares the first eval after the rung), no rung below `steps` (nothing is
 * ever pruned), or, for the median rule, no eval before the last step.
 */
export function checkEarlyStopEvals(
  ev: Evaluator,
  spec: EarlyStopSpec,
  c: TrialConfig,
  at: Span,
): void {
  const warn = (message: string): void =>
    ev.report(diagnostic(DiagnosticCodes.earlyStopRungs, 'warning', message, at));
  if (spec.pruner === 'median') {
    if (c.evalEvery >= c.steps)
      warn(
        `The median rule decides at eval reports, but eval_every = ${c.evalEvery} leaves none before the last step (${c.steps}); set eval_every below steps.`,
      );
    return;
  }
  let rungs: number[];
  try {
    rungs = earlyStopRungs(spec, c.steps);
  } catch (err) {
    // e.g. Hyperband with min_steps above the run's steps: say it here rather than in a worker.
    warn(`${err instanceof Error ? err.message : String(err)}; nothing would be pruned.`);
    return;
  }
  if (!rungs.length) {
    warn(
      `No ${spec.pruner} rung falls below steps = ${c.steps} (min_steps = ${JSON.stringify(spec.params['min_steps'])}), so nothing would be pruned; lower min_steps.`,
    );
    return;
  }
  const missed = rungs.filter((r) => r % c.evalEvery !== 0);
  if (missed.length)
    warn(
      `eval_every = ${c.evalEvery} misses the ${spec.pruner} rung${missed.length > 1 ? 's' : ''} at step ${missed.join(', ')}: trials would be compared at the next eval instead. Use an eval_every that divides every rung (rungs: ${rungs.join(', ')}).`,
    );
}

/** Resolves the run's `early_stop` and gives every trial its completed spec (warning once per steps/eval_every pair). */
export function attachEarlyStop(
  ev: Evaluator,
  result: RunResult,
  v: Value,
  at: Span | undefined,
): void {
  if (v === undefined || !at) return;
  const spec = resolveEarlyStop(ev, v, at);
  if (!spec) return;
  const checked = new Set<string>();
  for (const t of result.plan.trials) {
    t.earlyStop = earlyStopFor(spec, t.config);
    const key = `${t.config.steps}/${t.config.evalEvery}`;
    if (checked.has(key)) continue;
    checked.add(key);
    checkEarlyStopEvals(ev, t.earlyStop, t.config, at);
  }
}
