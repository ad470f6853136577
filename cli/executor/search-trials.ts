/**
 * The trials a search run has in the store: its state's suggestions expanded through core/plan
 * (the same ids `peft run` gave them). A search run's plan lists no trials, so the commands that
 * read trials from the plan (status, export, fitting the laws) fill them in with this first.
 */
import { analyze } from '../../core/plan/analyze';
import type { AnalyzeOptions } from '../../core/plan/analysis-types';
import type { ExperimentPlan } from '../../core/types/plan';
import { readSearchState } from '../../store/search-state';

/**
 * `plan` with each search run's trials as its stored state suggested them (none without a
 * state). Throws the state reader's error for a damaged state file.
 */
export function withSearchTrials(
  root: string,
  text: string,
  options: AnalyzeOptions,
  plan: ExperimentPlan,
): ExperimentPlan {
  const points: Record<string, Array<Record<string, string | number>>> = {};
  for (const run of plan.runs) {
    if (!run.search) continue;
    const state = readSearchState(root, plan.experiment, run.name);
    if (state) points[run.name] = state.tpe.trials.map((t) => t.params);
  }
  if (!Object.keys(points).length) return plan;
  const filled = analyze(text, { ...options, searchPoints: points }).plan;
  return {
    ...plan,
    runs: plan.runs.map((r) =>
      r.search ? { ...r, trials: filled.runs.find((f) => f.name === r.name)?.trials ?? [] } : r,
    ),
  };
}
