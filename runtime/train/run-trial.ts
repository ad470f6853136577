/**
 * One planned trial → a trained model and a stream of metrics. The only entry point the CLI,
 * the worker and the SLURM task call; everything else in runtime/train is its machinery.
 */
import type { TrialConfig } from '../../core/plan/types';
import type { MetricRecord } from '../../core/protocol';

export interface RunTrialOptions {
  /** Called for every logged train step and every eval. */
  onMetric(rec: MetricRecord): void;
  /** Aborting ends the trial as 'cancelled' within one step. */
  signal?: AbortSignal;
  /** Forces a backend ("wasm", "cpu", "tensorflow", "tensorflow-gpu", "webgpu"); wins over config.backend. */
  backend?: string;
  /** Folder for pretrained base models (safetensors, keyed by a hash of model + pretrain config). */
  cacheDir: string;
  /** Human-readable progress lines (backend choice, pretraining). */
  log?(line: string): void;
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
  wallSeconds: number;
  /** The method's adapter state as safetensors bytes (PyTorch layout). */
  adapter?: Uint8Array;
}

/** Trains one trial. Throws (a failed trial) on bad configuration or a runtime error. */
export async function runTrial(config: TrialConfig, opts: RunTrialOptions): Promise<TrialOutcome> {
  void config;
  void opts;
  return Promise.reject(new Error('runTrial: not implemented yet'));
}
