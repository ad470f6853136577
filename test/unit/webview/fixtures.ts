/**
 * Synthetic but realistic inputs for the webview tests and benchmarks: planned trials, their
 * metrics.jsonl records, and real fits made by core/laws (a power law per method over the LoRA
 * rank, and a chinchilla law over a params × tokens grid), mapped by the same adapters the report
 * command uses.
 */
import type { MetricRecord, TrialStatus } from '../../../core/protocol';
import type { Trial } from '../../../core/types/plan';
import type { FitsFile, LawFit } from '../../../core/laws/types';
import { fitLaw } from '../../../core/laws/fit';
import { powerLaw, chinchillaLaw } from '../../../core/laws/builtins-power';
import { predict } from '../../../core/laws/predict';
import type { HostMessage } from '../../../webview/protocol';
import type { ViewName } from '../../../webview/model';
import { reportMessage, type StoredTrial } from '../../../webview/report-snapshot';

export function makeTrial(
  id: string,
  run: string,
  index: number,
  method: string,
  rank: number,
): Trial {
  return {
    id,
    run,
    index,
    axes: { rank, lr: 1e-3 },
    config: {
      experiment: 'demo',
      run,
      model: { name: 'tiny', family: 'transformer', params: { width: 64, depth: 2 } },
      data: { name: 'task', corpus: 'moby-dick', holdout: 0.1, params: {} },
      adapter: { name: method, method, params: { r: rank, lora_alpha: 2 * rank } },
      optimizer: { name: 'adamw', params: { lr: 1e-3 } },
      schedule: { name: 'cosine', params: {} },
      batch: 8,
      steps: 1000,
      seed: 1,
      evalEvery: 100,
      metric: 'eval_loss',
      clip: 1,
    },
    estimates: {
      totalParams: 1e6,
      trainableParams: 1000 * rank,
      trainablePercent: 0.1 * rank,
      weightBytes: 0,
      gradientBytes: 0,
      optimizerBytes: 0,
      activationBytes: 0,
      memoryBytes: 0,
      flopsPerStep: 1e9,
      trainFlops: 1e12,
      tokens: 1e6,
    },
  };
}

/** A smooth decaying loss with deterministic wiggles; eval every `evalEvery` steps. */
export function makeRecords(
  steps: number,
  floor: number,
  from = 0,
  evalEvery = 100,
): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (let s = from; s < from + steps; s++) {
    const loss = floor + 3 * Math.exp(-s / (steps / 4 + 50)) + 0.05 * Math.sin(s * 1.7);
    out.push({
      kind: 'train',
      step: s,
      loss,
      lr: 1e-3,
      tokens: s * 512,
      flops: s * 1e9,
      wall: s * 0.01,
      gradNorm: 1,
      tokensPerSec: 5e4,
    });
    if (s % evalEvery === 0)
      out.push({
        kind: 'eval',
        step: s,
        tokens: s * 512,
        flops: s * 1e9,
        wall: s * 0.01,
        metrics: { eval_loss: loss + 0.1 },
      });
  }
  return out;
}

export const RANKS = [1, 2, 4, 8, 16, 32];
export const METHODS = ['lora', 'dora'];

/** Real fits: `rank_law` (power over rank, one per method, with predictions) and `compute_law` (chinchilla). */
export function makeFits(): FitsFile {
  const fits: LawFit[] = [];
  for (const [g, method] of METHODS.entries()) {
    const points = RANKS.map((r, i) => ({
      x: [r],
      y: 1.5 + 0.2 * g + 2 * Math.pow(r, -0.5) * (1 + 0.01 * Math.sin(i)),
      source: `${method}-r${r}`,
    }));
    const fit = fitLaw({
      law: 'rank_law',
      model: powerLaw,
      points,
      variables: ['rank'],
      y: 'eval_loss',
      group: method,
      by: 'method',
      options: { bootstrap: 40, holdout: 1 },
    });
    fit.predictions = [predict(fit, [64]), predict(fit, [128])];
    fits.push(fit);
  }
  const grid: Array<{ x: number[]; y: number }> = [];
  for (const N of [1e6, 3e6, 1e7, 3e7])
    for (const D of [1e8, 3e8, 1e9, 3e9])
      grid.push({
        x: [N, D],
        y:
          (1.8 + 400 * Math.pow(N, -0.34) + 2000 * Math.pow(D, -0.28)) *
          (1 + 0.01 * Math.sin(grid.length * 2.3)),
      });
  const chin = fitLaw({
    law: 'compute_law',
    model: chinchillaLaw,
    points: grid,
    y: 'eval_loss',
    options: { bootstrap: 20 },
  });
  chin.predictions = [predict(chin, [1e8, 2e10])];
  fits.push(chin);
  return { version: 1, experiment: 'demo', created: '2026-11-26T00:00:00Z', fits };
}

let cachedFits: FitsFile | undefined;

/** A store's worth of trials: `METHODS × RANKS`, the last one still running, each with `points` train records. */
export function makeStoredTrials(points: number): StoredTrial[] {
  const trials: StoredTrial[] = [];
  let n = 0;
  for (const method of METHODS) {
    RANKS.forEach((rank, i) => {
      const id = `${method}-r${rank}`;
      const last = n === METHODS.length * RANKS.length - 1;
      const status: TrialStatus = last
        ? { state: 'running', updated: '2026-11-26T00:00:00Z' }
        : {
            state: 'done',
            updated: '2026-11-26T00:00:00Z',
            final: { eval_loss: 1.5 + 2 / Math.sqrt(rank) + (method === 'dora' ? 0.05 : 0) },
            wallSeconds: 30 + i,
          };
      trials.push({
        id,
        trial: makeTrial(id, method === 'lora' ? 'lora_sweep' : 'dora_sweep', i, method, rank),
        status,
        records: makeRecords(points, 1 + 1 / rank),
      });
      n++;
    });
  }
  return trials;
}

/** The report's `init` message for `points` train points per trial (12 trials). */
export function makeReportMessage(points: number, view: ViewName = 'report'): HostMessage {
  cachedFits ??= makeFits();
  const message = reportMessage({
    experiment: 'demo',
    trials: makeStoredTrials(points),
    fits: cachedFits,
    generated: '2026-11-26T00:00:00Z',
  });
  if (message.type === 'init') message.view = view;
  return message;
}
