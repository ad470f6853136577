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

export const PROTOCOL_VERSION = 1;

export type TrialState = 'queued' | 'running' | 'done' | 'failed' | 'diverged' | 'cancelled';

export interface TrialStatus {
  state: TrialState;
  /** ISO time of the last change. */
  updated: string;
  /** For failed: the error message (and stack, if any). */
  error?: string;
  /** For diverged: the step at which the loss became NaN/Inf. */
  step?: number;
  /** Final metrics for done trials (eval_loss, train_loss, …). */
  final?: Record<string, number>;
  backend?: string;
  wallSeconds?: number;
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
      cached: number;
      wallSeconds: number;
    };
