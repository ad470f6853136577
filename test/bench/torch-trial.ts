/**
 * What the torch benchmarks share (runtime-torch-bridge.ts, runtime-torch-gpu.ts): the byte
 * transformer LoRA trial they time (r8 α16 on q,v, AdamW, batch 32), one runner of it through the
 * real torch backend (a Python worker per trial) and the steady-state speed read from its metrics.
 */
import type { MetricRecord } from '../../core/protocol';
import type { TrialConfig } from '../../core/types/plan';
import { runTorchTrial } from '../../runtime/torch/bridge';
import type { TrialOutcome } from '../../runtime/train/run-trial';

export interface TransformerSize {
  width: number;
  depth: number;
  heads: number;
  context: number;
}

/** The reference trial's size (docs/benchmarks.md): d128 L4 h4 T64. */
export const REFERENCE_SIZE: TransformerSize = { width: 128, depth: 4, heads: 4, context: 64 };

/** The benchmarked LoRA trial on a byte transformer of `size`, `steps` long, evaluated once at the end. */
export function loraTrial(
  size: TransformerSize,
  steps: number,
  names: { experiment: string; run: string; model: string },
): TrialConfig {
  return {
    experiment: names.experiment,
    run: names.run,
    model: { name: names.model, family: 'transformer', params: { vocab: 'bytes', ...size } },
    data: { name: 'd', corpus: 'tiny', holdout: 0.1, params: {} },
    adapter: {
      name: 'lora',
      method: 'lora',
      params: { r: 8, lora_alpha: 16, target_modules: ['q', 'v'] },
    },
    optimizer: { name: 'adamw', params: { lr: 1e-3 } },
    schedule: { name: 'constant', params: {} },
    batch: 32,
    steps,
    seed: 1,
    evalEvery: steps,
    metric: 'eval_loss',
    clip: 1,
  };
}

/** Tokens/s between the 5th and the last train metric (start-up, imports and eval excluded). */
export function steadyTokensPerSec(ms: readonly MetricRecord[]): number {
  const t = ms.filter((m): m is Extract<MetricRecord, { kind: 'train' }> => m.kind === 'train');
  const a = t[4],
    b = t[t.length - 1];
  if (!a || !b) throw new Error(`need at least 5 train metrics, got ${t.length}`);
  return (b.tokens - a.tokens) / (b.wall - a.wall);
}

/** Runs `config` on the torch backend; throws unless it finishes. */
export async function runTorchMeasured(
  config: TrialConfig,
  cacheDir: string,
  id: string,
): Promise<{ outcome: TrialOutcome; tokensPerSec: number; logs: string[] }> {
  const metrics: MetricRecord[] = [];
  const logs: string[] = [];
  const outcome = await runTorchTrial(config, {
    cacheDir,
    id,
    onMetric: (m) => metrics.push(m),
    log: (l) => logs.push(l),
  });
  if (outcome.status !== 'done') throw new Error(`${id}: the torch trial ended ${outcome.status}`);
  return { outcome, tokensPerSec: steadyTokensPerSec(metrics), logs };
}

/** The median (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
