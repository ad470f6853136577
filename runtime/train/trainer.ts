/**
 * The training loop around `trainStep`: schedule, periodic eval, metrics, divergence and
 * cancellation (checked before every step; the loop yields to the event loop between steps so
 * an abort can arrive).
 */
import type { MetricRecord } from '../../core/protocol';
import type { AttachedMethod } from '../peft/types';
import type { Batch, EngineModel } from '../model/types';
import type { Optimizer } from './optimizers';
import type { Schedule } from '../../core/plan/lr-schedule';
import { evaluate, trainStep } from './step';

export interface LoopOptions {
  model: EngineModel;
  method: AttachedMethod;
  optimizer: Optimizer;
  schedule: Schedule;
  steps: number;
  clip: number;
  nextBatch: () => Batch;
  evalBatches: readonly Batch[];
  /** Eval every this many steps (0: only at the end). */
  evalEvery: number;
  logEvery?: number;
  signal?: AbortSignal;
  onMetric?: (rec: MetricRecord) => void;
  /** Training FLOPs per step, for the metric records. */
  flopsPerStep: number;
  /** performance.now() at trial start, for wall times. */
  t0?: number;
  /** Resuming: the model and optimizer hold the state after `step` steps that saw `tokens` tokens. */
  start?: { step: number; tokens: number };
  /** After each step's metrics and eval (checkpoints are written here). */
  afterStep?: (step: number, tokens: number) => Promise<void>;
}

export interface LoopResult {
  status: 'done' | 'diverged' | 'cancelled';
  step: number;
  final: Record<string, number>;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

export async function trainLoop(o: LoopOptions): Promise<LoopResult> {
  const t0 = o.t0 ?? performance.now();
  const wall = (): number => (performance.now() - t0) / 1000;
  const logEvery = Math.max(1, o.logEvery ?? 1);
  const loopStart = performance.now();
  let tokens = o.start?.tokens ?? 0;
  let lastLoss = Number.NaN;
  let lastEval: Record<string, number> = {};
  let step = o.start?.step ?? 0;
  const runEval = async (): Promise<void> => {
    lastEval = await evaluate(o.model, o.method, o.evalBatches);
    o.onMetric?.({
      kind: 'eval',
      step,
      tokens,
      flops: step * o.flopsPerStep,
      wall: wall(),
      metrics: lastEval,
    });
  };
  while (step < o.steps) {
    await tick();
    if (o.signal?.aborted)
      return { status: 'cancelled', step, final: { ...lastEval, train_loss: lastLoss } };
    const batch = o.nextBatch();
    const lr = o.schedule(step);
    const r = await trainStep(o.model, o.method, o.optimizer, batch, lr, o.clip, step + 1);
    step++;
    tokens += batch.batch * o.model.tokensPerExample;
    if (!Number.isFinite(r.loss)) {
      o.onMetric?.({
        kind: 'train',
        step,
        loss: r.loss,
        lr,
        tokens,
        flops: step * o.flopsPerStep,
        wall: wall(),
        gradNorm: r.gradNorm,
        tokensPerSec: 0,
      });
      return { status: 'diverged', step, final: { train_loss: r.loss } };
    }
    lastLoss = r.loss;
    if (step % logEvery === 0 || step === o.steps) {
      const secs = (performance.now() - loopStart) / 1000;
      o.onMetric?.({
        kind: 'train',
        step,
        loss: r.loss,
        lr,
        tokens,
        flops: step * o.flopsPerStep,
        wall: wall(),
        gradNorm: r.gradNorm,
        tokensPerSec: secs > 0 ? (tokens - (o.start?.tokens ?? 0)) / secs : 0,
      });
    }
    if (o.evalBatches.length && ((o.evalEvery > 0 && step % o.evalEvery === 0) || step === o.steps))
      await runEval();
    await o.afterStep?.(step, tokens);
  }
  return { status: 'done', step, final: { ...lastEval, train_loss: lastLoss } };
}
