/**
 * `peft run`'s side of search runs: each run with `search = …` goes through runSearch (search.ts)
 * after the grid trials, its rounds announced with a `plan` event (the trials are known only now),
 * refused before they start when their engine cannot run them, and marked queued in the store.
 */
import { PROTOCOL_VERSION, type RunEvent } from '../../core/protocol';
import type { RunPlan, SearchPlan, Trial } from '../../core/types/plan';
import type { LoadedPlan } from './plan-file';
import { defaultWorkers } from './local';
import { refusedTrials } from './refusals';
import { markQueued } from './runner-file';
import { runSearch } from './search';

export interface SearchRoundsOptions {
  loaded: LoadedPlan;
  workers: number | undefined;
  resume: boolean;
  signal: AbortSignal;
  backend: string | undefined;
  emit: (ev: RunEvent) => void;
  /** Told each round's trials before they run (the progress display's step counts). */
  onTrials: (trials: Trial[]) => void;
  /** Runs trials on the chosen executor (a local pool or one SLURM array). */
  execute: (trials: Trial[]) => Promise<void>;
}

const isSearch = (r: RunPlan): r is RunPlan & { search: SearchPlan } => r.search !== undefined;

/** Runs every search run of `runs` to its end; returns the trials they ran or reused. */
export async function runSearches(runs: RunPlan[], o: SearchRoundsOptions): Promise<Trial[]> {
  const out: Trial[] = [];
  const { root, plan, path } = o.loaded;
  for (const run of runs.filter(isSearch)) {
    if (o.signal.aborted) break;
    const trials = await runSearch({
      root,
      experiment: plan.experiment,
      text: o.loaded.text,
      analyze: o.loaded.options,
      run,
      workers: o.workers ?? defaultWorkers(),
      resume: o.resume,
      signal: o.signal,
      runBatch: async (batch) => {
        const refused = refusedTrials(batch, o.backend);
        if (refused.length)
          throw new Error(
            `search ${run.name}: trial ${refused[0]!.id} cannot run: ${refused[0]!.message}`,
          );
        o.onTrials(batch);
        o.emit({
          type: 'plan',
          v: PROTOCOL_VERSION,
          experiment: plan.experiment,
          file: path,
          trials: batch.map((t) => ({ id: t.id, run: t.run, axes: t.axes, cached: false })),
        });
        markQueued(root, batch);
        await o.execute(batch);
      },
    });
    out.push(...trials);
  }
  return out;
}
