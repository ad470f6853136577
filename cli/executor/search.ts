/**
 * Runs a search run (`search = tpe { trials = N }`) in rounds: tell the sampler the results of
 * the store's finished trials, suggest a batch (constant liar), save the state, expand the points
 * into trials through core/plan (so their ids are content hashes like any trial), run the batch
 * on the executor (a local pool, or one SLURM array per round), repeat until N configurations.
 * The state is saved before a round starts: after a kill -9, `peft run --resume` finds the round
 * pending, runs (or reuses, by id) its trials, and goes on with the same suggestions as a run that
 * was never interrupted, given the same results.
 */
import type { AnalyzeOptions } from '../../core/plan/analysis-types';
import type { RunPlan, SearchPlan, Trial } from '../../core/types/plan';
import { quantize } from '../../core/plan/search-space';
import { createTpe, suggest, tell, type TpeState } from '../../core/search';
import { isSettled, readTrialStatus } from '../../store';
import { readSearchState, writeSearchState, type SearchState } from '../../store/search-state';

export interface SearchRunOptions {
  root: string;
  experiment: string;
  /** The `.peft` text and the options it was analysed with: rounds expand their points with it. */
  text: string;
  analyze: AnalyzeOptions;
  run: RunPlan & { search: SearchPlan };
  /** The batch size when the file gives none and the search starts now. */
  workers: number;
  /** Retry failed trials of a pending round (as `--resume` does for a grid). */
  resume: boolean;
  signal?: AbortSignal;
  /** Runs one round's trials (only those not finished in the store) to the end. */
  runBatch: (trials: Trial[]) => Promise<void>;
}

/** The canonical description a state is tied to: a changed space or option is not resumed. */
export function searchKey(s: SearchPlan): string {
  const { method, trials, seed, startup, candidates, space, seeds } = s;
  return JSON.stringify({ method, trials, seed, startup, candidates, space, seeds });
}

/** Lower is better for the sampler: accuracy is negated. */
function objective(trial: Trial, final: Record<string, number> | undefined): number {
  const v = final?.[trial.config.metric];
  if (typeof v !== 'number') return NaN;
  return trial.config.metric === 'eval_accuracy' ? -v : v;
}

/** Expands tpe trials' params into the run's trials (each point × the run's seeds). */
async function expandPoints(o: SearchRunOptions, params: TpeState['trials']): Promise<Trial[][]> {
  const { analyze } = await import('../../core/plan/analyze');
  const points = params.map((t) => t.params);
  const plan = analyze(o.text, { ...o.analyze, searchPoints: { [o.run.name]: points } }).plan;
  const trials = plan.runs.find((r) => r.name === o.run.name)?.trials ?? [];
  const seeds = o.run.search.seeds;
  // Index = suggestion number × seeds + replicate, unique in the run across rounds.
  return params.map((p, i) =>
    trials
      .filter((t) => Math.floor(t.index / seeds) === i)
      .map((t) => ({ ...t, index: p.number * seeds + (t.index % seeds) })),
  );
}

/** The state to continue, or a new one; throws when the stored one is for another search. */
function openState(o: SearchRunOptions): SearchState {
  const s = o.run.search;
  const key = searchKey(s);
  const stored = readSearchState(o.root, o.experiment, o.run.name);
  if (stored && stored.space !== key)
    throw new Error(
      `run ${o.run.name}: the file's search (space or options) changed since its state was saved; delete .peft/runs/${o.experiment}/search-${o.run.name}.json to start a new search (finished trials are reused by id)`,
    );
  if (stored) return stored;
  const tpe = createTpe(s.space, s.seed, {
    startupTrials: s.startup,
    eiCandidates: s.candidates,
  });
  const batch = s.batch ?? Math.max(1, o.workers);
  return {
    version: 1,
    run: o.run.name,
    method: s.method,
    trials: s.trials,
    batch,
    space: key,
    tpe,
  };
}

/** Runs the search to its end (or cancellation); returns every trial it ran or reused. */
export async function runSearch(o: SearchRunOptions): Promise<Trial[]> {
  let state = openState(o);
  const seen: Trial[] = [];
  const save = (): void => writeSearchState(o.root, o.experiment, state);
  for (;;) {
    const pending = state.tpe.trials.filter((t) => t.state === 'pending');
    if (pending.length) {
      const groups = await expandPoints(o, pending);
      // Two suggestions can be the same config (same id): it is trained once.
      const unique = [...new Map(groups.flat().map((t) => [t.id, t])).values()];
      const todo = unique.filter((t) => {
        const st = readTrialStatus(o.root, o.experiment, t.id)?.state;
        return !(isSettled(st, !!t.earlyStop) || (st === 'failed' && !o.resume));
      });
      seen.push(...unique);
      if (todo.length) await o.runBatch(todo);
      if (o.signal?.aborted) return seen;
      const status = (t: Trial) => readTrialStatus(o.root, o.experiment, t.id);
      pending.forEach((p, i) => {
        const group = groups[i]!;
        const states = group.map((t) => status(t));
        // Cancelled or lost trials keep the point pending for the next run (--resume).
        const settled = (t: Trial, k: number): boolean =>
          isSettled(states[k]?.state, !!t.earlyStop) || states[k]?.state === 'failed';
        if (!group.every(settled)) return;
        // A pruned trial counts with its metric where it was stopped (as Optuna's TPE uses a pruned
        // trial's last report): worse than it would have ended, which is why it was stopped.
        const values = group.map((t, k) =>
          states[k]?.state === 'done' || states[k]?.state === 'pruned'
            ? objective(t, states[k]?.final)
            : NaN,
        );
        const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
        state = { ...state, tpe: tell(state.tpe, p.number, mean) };
      });
      save();
      if (state.tpe.trials.some((t) => t.state === 'pending')) return seen;
    }
    const left = state.trials - state.tpe.trials.length;
    if (left <= 0) return seen;
    let tpe = state.tpe;
    for (let i = 0; i < Math.min(state.batch, left); i++) {
      const next = suggest(tpe, 1);
      const t = next.trials[0]!;
      const params = Object.fromEntries(
        tpe.axes.map((a, k) => [a.name, quantize(o.run.search.space[k]!, t.params[a.name]!)]),
      );
      tpe = {
        ...next.state,
        trials: next.state.trials.map((x) => (x.number === t.number ? { ...x, params } : x)),
      };
    }
    state = { ...state, tpe };
    save();
  }
}
