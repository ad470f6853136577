/** Tiny configurations shared by the runtime tests (fast on the 2-core CI machine). */
import type { TrialConfig } from '../../../core/types/plan';
import type { TransformerParams } from '../../../runtime/model/params';

export const TINY: TransformerParams = {
  vocab: 256,
  width: 16,
  depth: 1,
  heads: 2,
  context: 16,
  mlpRatio: 4,
};

export function tinyTrial(over: Partial<TrialConfig> = {}): TrialConfig {
  return {
    experiment: 'test',
    run: 'r',
    model: {
      name: 'tiny',
      family: 'transformer',
      params: { vocab: 'bytes', width: 16, depth: 1, heads: 2, context: 16 },
    },
    data: { name: 'task', corpus: 'tiny-moby', holdout: 0.1, params: {} },
    adapter: { name: 'full', method: 'full', params: {} },
    optimizer: { name: 'adamw', params: { lr: 3e-3 } },
    schedule: { name: 'constant', params: {} },
    batch: 4,
    steps: 6,
    seed: 1,
    evalEvery: 3,
    metric: 'eval_loss',
    clip: 1,
    ...over,
  };
}
