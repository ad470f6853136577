/**
 * `search = tpe { trials = 40 }` in a run: the sampler's options, checked against the catalog
 * (core/catalog/search.ts), and the run's axes turned into its search space (search-space.ts).
 * A search run has no trials in the plan: the executor asks for suggestions at run time and gets
 * their trials from `analyze(text, { searchPoints })`, which expands exactly those points (one
 * `zip` axis of the suggested values) through the same code as a grid, so trial ids stay content
 * hashes of the resolved config. Without points, a sample of the written grid is expanded for the
 * checks and the cost estimate, then dropped from the plan.
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes, diagnostic } from '../dsl/diagnostics';
import { closestName } from '../dsl/suggest';
import { getSearcher, paramsFor, searchers } from '../catalog';
import type { AnalysisContext, RunResult } from './context';
import type { Scope } from './evaluate';
import { checkValue } from './typecheck';
import { isConstruct, type Value } from './values';
import { pointsAxis, sampleAxis, searchSpace, type RunAxis } from './search-space';
import type { SearchPlan } from '../types/plan';

const int = (v: Value, d: number): number => (typeof v === 'number' ? v : d);

/** The sampler options of `search = …`, checked; undefined (reported) when unusable. */
function searchOptions(
  ctx: AnalysisContext,
  v: Value,
  at: Span,
): Omit<SearchPlan, 'space' | 'seeds' | 'estimate'> | undefined {
  const { ev } = ctx;
  const names = searchers().map((s) => s.name);
  if (!isConstruct(v)) {
    ev.report(
      diagnostic(
        DiagnosticCodes.invalidSearch,
        'error',
        `search needs a method and its options, e.g. search = tpe { trials = 40 } (methods: ${names.join(', ')}).`,
        at,
      ),
    );
    return undefined;
  }
  const entry = getSearcher(v.head);
  if (!entry) {
    const guess = closestName(v.head, names);
    const head = v.node.kind === 'Construct' ? v.node.head : at;
    ev.report(
      diagnostic(
        DiagnosticCodes.invalidSearch,
        'error',
        `Unknown search method '${v.head}'${guess ? `; did you mean '${guess}'?` : `; use one of ${names.join(', ')}.`}`,
        head,
        guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
      ),
    );
    return undefined;
  }
  const specs = paramsFor('search', entry.name);
  const values = ev.constructToObject(v);
  let ok = true;
  for (const [key, e] of v.entries) {
    const spec = specs.find((s) => s.name === key);
    if (!spec) {
      const guess = closestName(
        key,
        specs.map((s) => s.name),
      );
      ev.report(
        diagnostic(
          DiagnosticCodes.unknownParameter,
          'error',
          `${entry.name} has no option '${key}'${guess ? `; did you mean '${guess}'?` : `; its options are ${specs.map((s) => s.name).join(', ')}.`}`,
          e.key,
          guess ? { kind: 'replace', text: guess, title: `Change to '${guess}'` } : undefined,
        ),
      );
      ok = false;
      continue;
    }
    const before = ev.diagnostics.length;
    checkValue(ev, spec, values[key], e.expr, () => undefined);
    if (ev.diagnostics.length > before) ok = false;
  }
  if (!v.entries.has('trials')) {
    ev.report(
      diagnostic(
        DiagnosticCodes.missingRequired,
        'error',
        `${entry.name} needs 'trials = …' (how many configurations to try).`,
        v.node.kind === 'Construct' ? v.node.head : at,
      ),
    );
    return undefined;
  }
  if (!ok) return undefined;
  const batch = values.batch;
  return {
    method: entry.name as SearchPlan['method'],
    trials: int(values.trials, 1),
    seed: int(values.seed, 0),
    ...(typeof batch === 'number' ? { batch } : {}),
    startup: entry.name === 'random' ? int(values.trials, 1) : int(values.startup, 10),
    candidates: int(values.candidates, 24),
  };
}

/**
 * Prepares a search run before its expansion: checks the options and the axes, then replaces
 * `axes` in place by what to expand (the suggested points, or a sample of the grid for the
 * estimate). Returns the plan's search (set on the result) or undefined when it cannot search.
 */
export function prepareSearch(
  ctx: AnalysisContext,
  result: RunResult,
  value: Value,
  at: Span,
  axes: RunAxis[],
  scope: Scope,
): SearchPlan | undefined {
  const options = searchOptions(ctx, value, at);
  const replicas = axes.filter((a) => a.key === 'seed');
  const searched = axes.filter((a) => a.key !== 'seed');
  const space = searchSpace(ctx.ev, searched, scope, result.decl.name ?? result.decl.keywordSpan);
  if (!options || !space || !isConstruct(value)) return undefined;
  const seeds = replicas.reduce((n, a) => n * a.length, 1);
  const points = ctx.searchPoints?.[result.plan.name];
  const outer = points
    ? pointsAxis(space, points, at, value.node)
    : sampleAxis(space, at, value.node);
  axes.splice(0, axes.length, outer, ...replicas);
  const plan: SearchPlan = {
    ...options,
    space: space.map((d) => d.axis),
    seeds,
    estimate: {
      points: outer.length,
      meanTrainFlops: 0,
      maxTrainFlops: 0,
      maxMemoryBytes: 0,
    },
  };
  result.plan.search = plan;
  return plan;
}

/**
 * After a search run's expansion without points: the sampled trials become the estimate (mean
 * and max over the sample) and leave the plan, which lists no trials for a search.
 */
export function finishSearch(ctx: AnalysisContext, result: RunResult): void {
  const plan = result.plan.search;
  if (!plan || ctx.searchPoints?.[result.plan.name]) return;
  const trials = result.plan.trials;
  const flops = trials.map((t) => t.estimates.trainFlops);
  plan.estimate = {
    points: trials.length,
    meanTrainFlops: flops.length ? flops.reduce((a, b) => a + b, 0) / flops.length : 0,
    maxTrainFlops: flops.length ? Math.max(...flops) : 0,
    maxMemoryBytes: trials.length ? Math.max(...trials.map((t) => t.estimates.memoryBytes)) : 0,
  };
  result.plan.trials = [];
}
