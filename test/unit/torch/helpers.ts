/**
 * Shared by the torch integration lane: these tests run the real Python worker (torch, peft), so they need
 * the project's Python environment; without it they fail naming what is missing (never skip).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricRecord } from '../../../core/protocol';
import type { Trial, TrialConfig } from '../../../core/types/plan';
import { probeTorch } from '../../../runtime/torch/python';

export const tmp = (prefix = 'peft-torch-'): string =>
  fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Throws a clear error when the interpreter has no torch (PEFT_LAB_PYTHON, docs/torch.md). */
export function requireTorch(): void {
  const p = probeTorch();
  if (!p.torch)
    throw new Error(
      `the torch integration tests need a Python with torch: ${p.problem} (set PEFT_LAB_PYTHON or run the project's Python install script)`,
    );
}

/** A small pretrained byte LM with LoRA r4 on q,v: seconds per trial on both engines. */
export function loraTrial(over: Partial<TrialConfig> = {}): TrialConfig {
  return {
    experiment: 'parity',
    run: 'r',
    model: {
      name: 'small',
      family: 'transformer',
      params: { vocab: 'bytes', width: 32, depth: 2, heads: 2, context: 32 },
      pretrain: {
        data: { name: 'pre', corpus: 'tiny', holdout: 0, params: {} },
        steps: 30,
        lr: 3e-3,
        batch: 8,
        seed: 0,
      },
    },
    data: { name: 'task', corpus: 'tiny-moby', holdout: 0.1, params: {} },
    adapter: {
      name: 'lora',
      method: 'lora',
      params: { r: 4, lora_alpha: 8, target_modules: ['q', 'v'] },
    },
    optimizer: { name: 'adamw', params: { lr: 3e-3 } },
    schedule: { name: 'cosine', params: { warmup: 0.1 } },
    batch: 8,
    steps: 50,
    seed: 3,
    evalEvery: 25,
    metric: 'eval_loss',
    clip: 1,
    ...over,
  };
}

export const trainLosses = (ms: MetricRecord[]): number[] =>
  ms.flatMap((m) => (m.kind === 'train' ? [m.loss] : []));

// Tiny models run fastest on one thread, and a shared CI machine punishes torch's thread pool badly
// (measured: 3.4 ms/step on 1 thread vs 88 ms on 2 under load); the workers inherit this.
process.env['PEFT_TORCH_THREADS'] ??= '1';

/** A pretrained d16 byte LM with LoRA on q,v swept over r; STEPS is replaced per test. */
export const TORCH_FILE = `data pre = corpus "tiny"
data task = corpus "tiny-moby" { holdout = 10% }
model m = transformer {
  vocab = bytes  width = 16  depth = 1  heads = 2  context = 16
  pretrain { data = pre  steps = 10  lr = 3e-3  batch = 4 }
}
adapter lo = lora { target_modules = [q, v]  r = 2  lora_alpha = 4 }
run ranks {
  model = m  data = task  adapter = lo
  r = sweep [1, 2, 4]
  optimizer = adamw { lr = 3e-3 }
  batch = 4  steps = STEPS  eval_every = 5  backend = "torch"
}
law rank_law = power(ranks.eval_loss ~ r)
`;

/** A Trial around a config, with the catalog's trainable count of loraTrial's adapter. */
export const asTrial = (config: TrialConfig, id: string): Trial => ({
  id,
  run: config.run,
  index: 0,
  axes: {},
  config,
  estimates: {
    totalParams: 0,
    trainableParams: 2 * 2 * (32 * 4 + 4 * 32),
    trainablePercent: 0,
    weightBytes: 0,
    gradientBytes: 0,
    optimizerBytes: 0,
    activationBytes: 0,
    memoryBytes: 0,
    flopsPerStep: 0,
    trainFlops: 0,
    tokens: 0,
  },
});
