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
import { clsBatches, clsEvalBatches, loadExamples, splitExamples } from '../data/classification';
import { mlpParams } from '../model/params';
import { baseLr, createOptimizer } from './optimizers';
import { createSchedule } from './schedules';
import { collectCalibrationInputs, resolveMethod } from '../peft/index';
import { loadBase } from './pretrain';
import { trainLoop } from './trainer';

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
}

export interface TrialOutcome {
  status: 'done' | 'diverged' | 'cancelled';
  /** Last completed step (for 'diverged': the step whose loss was NaN/Inf). */
  step: number;
  /** eval_loss, train_loss; accuracy for classifiers. */
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
  const { nIn } = mlpParams(config.model.params);
  const { train, holdout } = splitExamples(
    loadExamples(config.data.corpus, config.data.limit),
    config.data.holdout > 0 ? config.data.holdout : 0.2,
  );
  return {
    next: clsBatches(train, config.batch, nIn, config.seed),
    evalSet: clsEvalBatches(holdout, config.batch, nIn, 1 << 30),
    calibration: () => {
      const cal = clsBatches(train, config.batch, nIn, config.seed ^ 0xca11);
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
      t0,
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
      wallSeconds: (performance.now() - t0) / 1000,
      adapter,
    };
  } finally {
    method?.dispose();
    optimizer.dispose();
    model.dispose();
  }
}
