/**
 * One planned trial → a trained model and a stream of metrics. The only entry point the CLI,
 * the worker and the SLURM task call; everything else in runtime/train is its machinery.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrialConfig } from '../../core/types/plan';
import type { BackendDevice, MetricRecord } from '../../core/protocol';
import type { Batch } from '../model/types';
import { backendDevice, selectBackend } from '../tf/backend';
import { cacheOnHost, onSyncBackend } from '../tf/readback';
import { encodeState } from '../model/build';
import { loadCorpus } from '../data/corpora';
import { splitCorpus } from '../data/split';
import { lmBatches, lmEvalBatches } from '../data/batches';
import { classifierData } from '../data/classifier-data';
import { mlpParams } from '../model/params';
import { baseLr, createOptimizer } from './optimizers';
import { createSchedule } from '../../core/plan/lr-schedule';
import { collectCalibrationInputs, resolveMethod } from '../peft/index';
import { loadBase } from './pretrain';
import { trainLoop } from './trainer';
import { captureState, restoreState } from './checkpoint';
import { setDropoutPosition } from '../peft/common';
import type { Checkpoint } from '../../store/checkpoint';

export interface RunTrialOptions {
  /** Called for every logged train step and every eval. */
  onMetric: (rec: MetricRecord) => void;
  /** Aborting ends the trial as 'cancelled' within one step. */
  signal?: AbortSignal;
  /** Forces a backend ("wasm", "cpu", "tensorflow", "tensorflow-gpu", "webgpu"); wins over config.backend. */
  backend?: string;
  /** Folder for pretrained base models (safetensors, keyed by a hash of model + pretrain config). */
  cacheDir: string;
  /** Human-readable progress lines (backend choice, pretraining). */
  log?: (line: string) => void;
  /** Emit a train metric every this many steps (default 1; the last step is always emitted). */
  logEvery?: number;
  /** Checkpoints inside the trial (docs/checkpoints.md); the torch engine ignores it (`check` refuses it there). */
  checkpoint?: CheckpointOptions;
}

export interface CheckpointOptions {
  /** Start from this state instead of step 0 (the trial's own last checkpoint, or its WSD leader's). */
  resume?: Checkpoint;
  /** Save every this many steps (0: only at `at`). */
  every: number;
  /** Steps saved whatever `every` says (WSD branch points). */
  at?: readonly number[];
  /** The trial's id, recorded in each checkpoint. */
  trial: string;
  save: (c: Checkpoint) => void | Promise<void>;
}

/** A checkpoint that does not fit the trial it was restored onto; the caller starts from step 0. */
export class CheckpointRestoreError extends Error {}

export interface TrialOutcome {
  status: 'done' | 'diverged' | 'cancelled';
  /** Last completed step (for 'diverged': the step whose loss was NaN/Inf). */
  step: number;
  /** eval_loss, train_loss; eval_accuracy for classifiers. */
  final: Record<string, number>;
  backend: string;
  /** The GPU backend's device (webgpu: the adapter); absent for CPU backends. */
  device?: BackendDevice;
  wallSeconds: number;
  /** Peak memory in bytes where the engine measures it (the torch worker: GPU allocator or RSS). */
  peakMemoryBytes?: number;
  /** The method's adapter state as safetensors bytes (PyTorch layout). */
  adapter?: Uint8Array;
}

/** Eval batches per evaluation: enough for a stable mean, cheap next to training. */
const EVAL_BATCHES = 8;
/** Batches for data-driven inits (EVA), drawn from their own stream so training data is unchanged. */
const CALIBRATION_BATCHES = 4;

function lmData(
  config: TrialConfig,
  time: number,
): { next: () => Batch; evalSet: Batch[]; calibration: () => Batch[] } {
  const bytes = loadCorpus(config.data.corpus, config.data.limit);
  const { train, holdout } = splitCorpus(
    bytes,
    config.data.holdout > 0 ? config.data.holdout : 0.1,
  );
  return {
    next: lmBatches(train, config.batch, time, config.seed),
    evalSet: lmEvalBatches(holdout, config.batch, time, EVAL_BATCHES),
    calibration: () => {
      const cal = lmBatches(train, config.batch, time, config.seed ^ 0xca11);
      return Array.from({ length: CALIBRATION_BATCHES }, cal);
    },
  };
}

function clsData(config: TrialConfig): {
  next: () => Batch;
  evalSet: Batch[];
  calibration: () => Batch[];
} {
  const { nIn, classes } = mlpParams(config.model.params);
  const data = classifierData({
    corpus: config.data.corpus,
    limit: config.data.limit,
    holdout: config.data.holdout > 0 ? config.data.holdout : 0.2,
    batch: config.batch,
    nIn,
    classes,
    seed: config.seed,
  });
  return {
    next: data.next,
    evalSet: data.evalSet(),
    calibration: () => {
      const cal = data.stream(config.seed ^ 0xca11);
      return Array.from({ length: CALIBRATION_BATCHES }, cal);
    },
  };
}

/** Trains one trial. Throws (a failed trial) on bad configuration or a runtime error. */
export async function runTrial(config: TrialConfig, opts: RunTrialOptions): Promise<TrialOutcome> {
  const t0 = performance.now();
  const backend = await selectBackend(opts.backend ?? config.backend, { log: opts.log });
  const factory = resolveMethod(config.adapter.method);
  const model = await loadBase(config.model, {
    cacheDir: opts.cacheDir,
    log: opts.log,
    signal: opts.signal,
  });
  const optimizer = createOptimizer(config.optimizer);
  let method: ReturnType<typeof factory> | undefined;
  try {
    const { next, evalSet, calibration } =
      model.family === 'mlp' ? clsData(config) : lmData(config, model.tokensPerExample);
    // Method setup reads tensors synchronously (SVD inits, norms, calibration): on a GPU backend
    // it runs on the cpu backend and its tensors move to the GPU on first use.
    method = await onSyncBackend(model.handle.variables.values(), () =>
      factory(model.handle, config.adapter.params, {
        seed: config.seed,
        calibrationInputs: () => collectCalibrationInputs(model, calibration()),
      }),
    );
    // Dropout masks are numbered per trial, so a trial draws the same ones in any worker process.
    setDropoutPosition(0);
    const ck = opts.checkpoint;
    let start: { step: number; tokens: number } | undefined;
    // Wall times (metrics and the outcome) go on from the checkpoint's.
    let clock = t0;
    if (ck?.resume) {
      let pos: ReturnType<typeof restoreState>;
      try {
        pos = restoreState(ck.resume, method, optimizer);
      } catch (err) {
        throw new CheckpointRestoreError(
          `checkpoint at step ${ck.resume.step} does not fit this trial: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      for (let i = 0; i < pos.batches; i++) next();
      start = { step: pos.step, tokens: pos.tokens };
      clock -= pos.wall * 1000;
      opts.log?.(`resuming from the checkpoint at step ${pos.step}`);
    }
    const lr = baseLr(config.optimizer);
    const full = config.adapter.method === 'full';
    const flopsPerStep =
      config.batch *
      model.tokensPerExample *
      (model.forwardFlopsPerToken * (full ? 3 : 2) + 6 * method.trainableCount());
    const r = await trainLoop({
      model,
      method,
      optimizer,
      schedule: createSchedule(config.schedule, lr, config.steps),
      steps: config.steps,
      clip: config.clip,
      nextBatch: next,
      evalBatches: evalSet,
      evalEvery: config.evalEvery,
      logEvery: opts.logEvery,
      signal: opts.signal,
      onMetric: opts.onMetric,
      flopsPerStep,
      t0: clock,
      start,
      afterStep: ck
        ? async (step, tokens) => {
            const due = (ck.every > 0 && step % ck.every === 0) || ck.at?.includes(step);
            if (!due || step >= config.steps) return;
            const wall = (performance.now() - clock) / 1000;
            await ck.save(await captureState(ck.trial, { step, tokens, wall }, method!, optimizer));
          }
        : undefined,
    });
    let adapter: Uint8Array | undefined;
    if (r.status === 'done') {
      const state = method.state();
      try {
        await cacheOnHost(state.values());
        adapter = encodeState(state, { method: config.adapter.method });
      } finally {
        // PEFT methods return fresh copies; `full` returns its live variables, disposed with the model.
        for (const t of state.values()) if (!(t instanceof tf.Variable)) t.dispose();
      }
    }
    return {
      ...r,
      backend,
      device: backendDevice(),
      wallSeconds: (performance.now() - clock) / 1000,
      adapter,
    };
  } finally {
    method?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}
