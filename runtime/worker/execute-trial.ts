/**
 * Runs one trial against the store: take its lock, write trial.json and status `running`, train
 * with the engine's runTrial, append metrics, then write the adapter and the final status (in
 * that order, so a `done` status always has its whole curve and weights beside it). On the tfjs
 * engine a trial starts from its newest valid checkpoint, or its WSD leader's, when there is one
 * (./resume.ts, docs/checkpoints.md). Used by the local worker process and by `peft trial` (SLURM
 * tasks). Never throws for a trial's own failure: that ends as status `failed` with the error.
 */
import { join } from 'node:path';
import type { Trial } from '../../core/types/plan';
import type { RunEvent, TrialState } from '../../core/protocol';
import {
  CheckpointRestoreError,
  runTrial as engineRunTrial,
  type RunTrialOptions,
  type TrialOutcome,
} from '../train/run-trial';
import { runTorchTrial } from '../torch/bridge';
import { engineOf } from '../../core/catalog/engines';
import type { Checkpoint } from '../../store/checkpoint';
import { saveCheckpoint, startingPoint, type StartingPoint } from './resume';
import { wantsTorch } from '../torch/python';
import { createPruning } from './pruning';
import {
  acquireLock,
  cacheDir,
  ensureStoreDir,
  FILES,
  isSettled,
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
    if (isSettled(readTrialStatus(root, exp, id)?.state, !!trial.earlyStop)) return 'skipped';
    const engine = engineOf(opts.backend ?? trial.config.backend);
    const start: StartingPoint =
      engine === 'tfjs' ? startingPoint(root, trial, opts.log) : { skipped: 0 };
    writeTrialJson(
      root,
      trial,
      {
        executor: opts.executor,
        slurmJob: opts.slurmJob,
        ...(start.resumedFrom !== undefined ? { resumedFrom: start.resumedFrom } : {}),
      },
      start.branchedFrom ? { branchedFrom: start.branchedFrom } : {},
    );
    writeStatus(root, exp, id, { state: 'running' });
    let metrics = start.metrics ?? openMetrics(root, exp, id);
    emit({
      type: 'trial-start',
      id,
      run: trial.run,
      backend: opts.backend ?? trial.config.backend,
    });
    const pruning = createPruning(root, trial, opts.signal, opts.log);
    let outcome: TrialOutcome;
    try {
      const runner = opts.runner ?? defaultRunner(opts.backend ?? trial.config.backend);
      const ck = trial.checkpoint;
      const saving = engine === 'tfjs' && ck !== undefined;
      const run = (resume: Checkpoint | undefined): Promise<TrialOutcome> =>
        runner(trial.config, {
          id,
          checkpoint:
            saving || resume
              ? {
                  resume,
                  trial: id,
                  every: ck?.every ?? 0,
                  at: ck?.at,
                  save: (c) => saveCheckpoint(dir, c, metrics, ck, opts.log),
                }
              : undefined,
          expectedTrainable: trial.estimates.trainableParams,
          signal: pruning?.signal ?? opts.signal,
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
            if (rec.kind === 'eval') pruning?.report(rec);
          },
        });
      try {
        outcome = await run(start.resume);
      } catch (err) {
        if (!(err instanceof CheckpointRestoreError)) throw err;
        opts.log?.(`trial ${id}: ${err.message}; starting from step 0`);
        writeTrialJson(root, trial, { executor: opts.executor, slurmJob: opts.slurmJob });
        metrics.close();
        metrics = openMetrics(root, exp, id);
        outcome = await run(undefined);
      }
    } catch (err) {
      metrics.close();
      const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
      const message = err instanceof Error ? err.message : String(err);
      writeStatus(root, exp, id, { state: 'failed', error });
      emit({ type: 'trial-end', id, status: 'failed', error: message });
      return 'failed';
    }
    metrics.close();
    const prunedAt = pruning?.prunedAt();
    if (prunedAt !== undefined && outcome.status === 'cancelled')
      return endPruned(root, trial, outcome, prunedAt, emit);
    pruning?.end(outcome.status, outcome.step);
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

/** A trial the pruner stopped: status `pruned` at the decided step, its final metrics as of then (no adapter). */
function endPruned(
  root: string,
  trial: Trial,
  outcome: TrialOutcome,
  step: number,
  emit: (ev: RunEvent) => void,
): 'pruned' {
  writeStatus(root, trial.config.experiment, trial.id, {
    state: 'pruned',
    step,
    backend: outcome.backend,
    device: outcome.device,
    wallSeconds: outcome.wallSeconds,
    final: outcome.final,
  });
  emit({
    type: 'trial-end',
    id: trial.id,
    status: 'pruned',
    step,
    final: outcome.final,
    wallSeconds: outcome.wallSeconds,
  });
  return 'pruned';
}
