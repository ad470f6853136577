/**
 * Every message that crosses a process boundary, in one place.
 *
 * 1. `RunEvent`: the `peft run --json` protocol, one JSON object per line on stdout.
 *    Sender: the CLI. Receiver: the VS Code extension (and any script). Versioned by `PROTOCOL_VERSION`.
 * 2. `MetricRecord`: one line of a trial's `metrics.jsonl` in the run store. Writer: the worker
 *    training the trial. Readers: CLI, laws, language server, webviews.
 * 3. `TrialStatus`: the content of a trial's `status.json` (written by atomic rename).
 *
 * Webview ↔ extension messages live in `webview/protocol.ts`; worker ↔ scheduler messages in
 * `cli/executor/` and `runtime/worker/`. Custom LSP requests live in `language-server/protocol.ts`.
 */

import type { PlanValue, TrialConfig } from './types/plan';

export const PROTOCOL_VERSION = 1;

/** `pruned`: stopped by the run's early_stop pruner at `step` (its curve up to there is kept). */
export type TrialState =
  'queued' | 'running' | 'done' | 'failed' | 'diverged' | 'cancelled' | 'pruned';

/** Each TrialState once: a key missing here is a compile error, so the list cannot fall behind the union. */
const STATE_KEYS: Readonly<Record<TrialState, true>> = {
  queued: true,
  running: true,
  done: true,
  failed: true,
  diverged: true,
  cancelled: true,
  pruned: true,
};

/** Every trial state, for the readers that check a state read from a file or a message. */
export const TRIAL_STATES = Object.keys(STATE_KEYS) as readonly TrialState[];

export interface TrialStatus {
  state: TrialState;
  /** ISO time of the last change. */
  updated: string;
  /** For failed: the error message (and stack, if any). */
  error?: string;
  /** For diverged: the step at which the loss became NaN/Inf; for pruned: the step it was stopped at. */
  step?: number;
  /** Final metrics for done trials (eval_loss, train_loss, …). */
  final?: Record<string, number>;
  backend?: string;
  /** The device the backend ran on, for GPU backends (webgpu: the adapter Dawn picked). */
  device?: BackendDevice;
  wallSeconds?: number;
}

/**
 * A GPU backend's device as the trial saw it. `adapter` is the adapter's own description (for
 * Dawn: name and driver, e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)"); `software` is true for
 * devices that emulate a GPU on the CPU (lavapipe/llvmpipe, SwiftShader), i.e. no GPU was used.
 */
export interface BackendDevice {
  adapter: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  software: boolean;
}

/** One line of metrics.jsonl. `kind: 'train'` every logged step, `kind: 'eval'` at eval steps. */
export type MetricRecord =
  | {
      kind: 'train';
      step: number;
      loss: number;
      lr: number;
      tokens: number;
      flops: number;
      /** Seconds since the trial started. */
      wall: number;
      gradNorm: number;
      tokensPerSec: number;
    }
  | {
      kind: 'eval';
      step: number;
      tokens: number;
      flops: number;
      wall: number;
      /** Named eval metrics: eval_loss always, accuracy for classifiers. */
      metrics: Record<string, number>;
    };

export interface PlannedTrialSummary {
  id: string;
  run: string;
  axes: Record<string, unknown>;
  /** Already finished in the store: will not run again. */
  cached: boolean;
  /** For a cached trial, its stored state when it is not `done` (diverged, or pruned by early_stop). */
  state?: TrialState;
}

export type RunEvent =
  | { type: 'plan'; v: number; experiment: string; file: string; trials: PlannedTrialSummary[] }
  | { type: 'trial-start'; id: string; run: string; backend?: string }
  | ({ type: 'metric'; id: string } & Omit<Extract<MetricRecord, { kind: 'train' }>, 'kind'>)
  | ({ type: 'eval'; id: string } & Omit<Extract<MetricRecord, { kind: 'eval' }>, 'kind'>)
  | {
      type: 'trial-end';
      id: string;
      status: Exclude<TrialState, 'queued' | 'running'>;
      error?: string;
      step?: number;
      final?: Record<string, number>;
      wallSeconds?: number;
    }
  | { type: 'error'; message: string; id?: string }
  | { type: 'fit'; law: string; result: unknown }
  | {
      type: 'done';
      done: number;
      failed: number;
      diverged: number;
      cancelled: number;
      /** Trials stopped by the run's early_stop pruner (absent from older CLIs). */
      pruned?: number;
      cached: number;
      wallSeconds: number;
    };

/**
 * 4. The torch worker protocol (docs/protocol.md): the TypeScript runtime (runtime/torch/bridge.ts) starts
 *    `python -m peft_lab_torch.worker` once per trial. Mirrored in python/peft_lab_torch/protocol.py.
 */
export const TORCH_PROTOCOL_VERSION = 1;

export type TorchDevice = 'auto' | 'cpu' | 'cuda' | 'mps';

/** Sender: the bridge, as the first line on the worker's stdin. Receiver: the Python worker. */
export interface TorchRequest {
  v: typeof TORCH_PROTOCOL_VERSION;
  id: string;
  config: TrialConfig;
  /** The store's cache folder (pretrained bases, hub downloads). */
  cacheDir: string;
  /** Where the worker writes the trained adapter (safetensors); the bridge moves it into the store. */
  adapterPath: string;
  /** Built-in models: the engine's safetensors of the base (runtime/model/build.ts `saveWeights`). */
  basePath?: string;
  /** Exactly the adapter_config.json dict `peft export --to peft` writes for this trial (core/interop). */
  peftConfig?: Record<string, PlanValue>;
  /** The catalog's trainable-parameter estimate; the worker fails loudly when the model disagrees. */
  expectedTrainable?: number;
  device: TorchDevice;
  threads?: number;
}

/** Sender: the bridge, later lines on stdin. EOF on stdin means the bridge is gone: the worker exits. */
export type TorchControl = { type: 'cancel' };

/** Sender: the Python worker, one JSON object per line on stdout. Receiver: the bridge. */
export type TorchMessage =
  | { type: 'metric'; record: MetricRecord }
  | { type: 'log'; line: string }
  | {
      type: 'info';
      device: string;
      backend: 'torch-cpu' | 'torch-cuda' | 'torch-mps';
      torch: string;
      trainable: number;
      total: number;
      peftSummary?: string;
    }
  | {
      type: 'outcome';
      status: 'done' | 'diverged' | 'cancelled';
      step: number;
      final: Record<string, number | null>;
      wallSeconds: number;
      adapter?: boolean;
      /** Peak memory of the trial: the accelerator's allocator peak (cuda, mps) or the process' peak RSS (cpu). */
      peakMemoryBytes?: number;
      peakMemoryKind?: 'cuda' | 'mps' | 'rss';
    }
  | { type: 'error'; message: string; traceback: string };
