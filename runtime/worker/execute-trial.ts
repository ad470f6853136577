/**
 * Runs one trial against the store: take its lock, write trial.json and status `running`, train
 * with the engine's runTrial, append metrics, then write the adapter and the final status (in
 * that order, so a `done` status always has its whole curve and weights beside it). Used by the
 * local worker process and by `peft trial` (SLURM tasks). Never throws for a trial's own failure:
 * that ends as status `failed` with the error.
 */
import { join } from 'node:path';
import type { Trial } from '../../core/types/plan';
import type { RunEvent, TrialState } from '../../core/protocol';
import {
  runTrial as engineRunTrial,
  type RunTrialOptions,
  type TrialOutcome,
} from '../train/run-trial';
import { runTorchTrial } from '../torch/bridge';
import { wantsTorch } from '../torch/python';
import {
  acquireLock,
  cacheDir,
  ensureStoreDir,
  FILES,
  isFinished,
  openMetrics,
  readTrialStatus,
  trialDir,
  writeAdapter,
  writeStatus,
  writeTrialJson,
} from '../../store';

export type TrialRunner = (
  config: Trial['config'],
  opts: RunTrialOptions & { id?: string; expectedTrainable?: number },
) => Promise<TrialOutcome>;

/** The engine for a trial: the torch worker when the backend is `torch` (or auto with a GPU torch), else tfjs. */
export function defaultRunner(backend: string | undefined): TrialRunner {
  return wantsTorch(backend) ? runTorchTrial : engineRunTrial;
}

export interface ExecuteOptions {
  signal?: AbortSignal;
  onEvent?: (ev: RunEvent) => void;
  /** Forced backend (wins over the file's). */
  backend?: string;
  log?: (line: string) => void;
  executor?: string;
  slurmJob?: string;
  /** Test seam: the trainer (default: the engine's runTrial). */
  runner?: TrialRunner;
}

/** `locked`: another live process holds the trial; `skipped`: it finished meanwhile. */
export type ExecuteResult = TrialState | 'locked' | 'skipped';

export async function executeTrial(
  root: string,
  trial: Trial,
  opts: ExecuteOptions = {},
): Promise<ExecuteResult> {
  const exp = trial.config.experiment;
  const id = trial.id;
  const emit = opts.onEvent ?? ((): void => undefined);
  const dir = trialDir(root, exp, id);
  ensureStoreDir(dir); // plain folders only: a planted symlink is refused (store/atomic.ts)
  const lock = acquireLock(join(dir, FILES.lock));
  if (!lock) return 'locked';
  try {
    if (isFinished(readTrialStatus(root, exp, id)?.state)) return 'skipped';
    writeTrialJson(root, trial, { executor: opts.executor, slurmJob: opts.slurmJob });
    writeStatus(root, exp, id, { state: 'running' });
    const metrics = openMetrics(root, exp, id);
    emit({
      type: 'trial-start',
      id,
      run: trial.run,
      backend: opts.backend ?? trial.config.backend,
    });
    let outcome: TrialOutcome;
    try {
      const runner = opts.runner ?? defaultRunner(opts.backend ?? trial.config.backend);
      outcome = await runner(trial.config, {
        id,
        expectedTrainable: trial.estimates.trainableParams,
        signal: opts.signal,
        backend: opts.backend,
        cacheDir: cacheDir(root),
        log: opts.log,
        onMetric: (rec) => {
          metrics.append(rec);
          const { kind, ...rest } = rec;
          emit(
            kind === 'train'
              ? { type: 'metric', id, ...(rest as Omit<typeof rec & { kind: 'train' }, 'kind'>) }
              : { type: 'eval', id, ...(rest as Omit<typeof rec & { kind: 'eval' }, 'kind'>) },
          );
        },
      });
    } catch (err) {
      metrics.close();
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      const message = err instanceof Error ? err.message : String(err);
      writeStatus(root, exp, id, { state: 'failed', error });
      emit({ type: 'trial-end', id, status: 'failed', error: message });
      return 'failed';
    }
    metrics.close();
    if (outcome.adapter && outcome.status === 'done') writeAdapter(root, exp, id, outcome.adapter);
    const base = {
      backend: outcome.backend,
      device: outcome.device,
      wallSeconds: outcome.wallSeconds,
      final: outcome.final,
    };
    if (outcome.status === 'diverged')
      writeStatus(root, exp, id, { state: 'diverged', step: outcome.step, ...base });
    else writeStatus(root, exp, id, { state: outcome.status, step: outcome.step, ...base });
    emit({
      type: 'trial-end',
      id,
      status: outcome.status,
      step: outcome.step,
      final: outcome.final,
      wallSeconds: outcome.wallSeconds,
    });
    return outcome.status;
  } finally {
    lock.release();
  }
}
