/**
 * What `suggestTrials` designs over: the law a request means (by name, else that of the first
 * `predict` line, else the only law) and the candidate trials, one per distinct configuration of
 * the law's run (seeds aside), in its `by` group and within the budget.
 */
import type { Declaration, PeftFile } from '../dsl/ast';
import { groupLabel, trialValue } from '../laws/points';
import type { ExperimentPlan, LawSpec, Trial } from '../types/plan';
import type { DesignCandidate } from './design';
import { SuggestError } from './suggest-text';

export const declNamed = (
  ast: PeftFile,
  kind: Declaration['kind'],
  name: string,
): Declaration | undefined =>
  ast.declarations.find((d) => d.kind === kind && 'name' in d && d.name?.name === name);

/** The law that `law` names, else that of the first `predict`, else the only law. */
export function chooseLaw(plan: ExperimentPlan, law: string | undefined): LawSpec {
  const laws = plan.laws;
  if (laws.length === 0)
    throw new SuggestError(
      'this file has no law: suggest needs `law NAME = FORM(RUN.METRIC ~ x)` and `predict NAME at x = …`',
      0,
    );
  const name = law ?? plan.predictions[0]?.law ?? (laws.length === 1 ? laws[0]!.name : undefined);
  if (name === undefined)
    throw new SuggestError(
      `the file has ${laws.length} laws and no predict line: name one with --law (${laws.map((l) => l.name).join(', ')})`,
      0,
    );
  const spec = laws.find((l) => l.name === name);
  if (!spec)
    throw new SuggestError(
      `no law named '${name}' (laws: ${laws.map((l) => l.name).join(', ')})`,
      0,
    );
  return spec;
}

/** One candidate per distinct configuration of the run (seeds aside), in the law's group. */
export function candidatesOf(
  spec: LawSpec,
  trials: readonly Trial[],
  group: string | undefined,
  budget: number | undefined,
): Array<{ trial: Trial; candidate: DesignCandidate }> {
  const seen = new Set<string>();
  const out: Array<{ trial: Trial; candidate: DesignCandidate }> = [];
  for (const t of trials) {
    if (spec.by !== undefined && groupLabel(trialValue(t, spec.by)) !== group) continue;
    const key = JSON.stringify(Object.entries(t.axes).filter(([k]) => k !== 'seed'));
    const x = spec.x.map((v) => trialValue(t, v));
    const cost = t.estimates.trainFlops;
    if (seen.has(key) || !x.every((v): v is number => typeof v === 'number') || !(cost > 0))
      continue;
    if (budget !== undefined && cost > budget) continue;
    seen.add(key);
    out.push({ trial: t, candidate: { x, cost, label: t.id } });
  }
  return out;
}
