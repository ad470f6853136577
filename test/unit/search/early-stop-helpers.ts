// Scripted trials for the early-stopping tests: a real analysis of a `.peft` file gives the trials
// (with their resolved early_stop), and a scripted runner stands in for the trainer: it reports an
// eval every eval_every steps with a value from a table and honours the abort signal between steps
// exactly as runtime/train/trainer.ts does.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan';
import type { Trial } from '../../../core/types/plan';
import type { TrialRunner } from '../../../runtime/worker/execute-trial';

export function planTrials(earlyStop: string, values: number, steps = 90, evalEvery = 10): Trial[] {
  const lrs = Array.from({ length: values }, (_, i) => (i + 1) * 1e-3);
  const text = [
    'data d = corpus "sotu" { limit = 10k }',
    'model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }',
    'adapter a = lora { r = 2 }',
    `run go {\n  model = m  data = d  adapter = a\n  lr = sweep [${lrs.join(', ')}]\n  steps = ${steps}  eval_every = ${evalEvery}\n  early_stop = ${earlyStop}\n}`,
  ].join('\n');
  const r = analyze(text, { experiment: 'es' });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('\n'));
  return r.plan.runs[0]!.trials;
}

export const tempRoot = (): string => mkdtempSync(join(tmpdir(), 'peft-es-'));

/**
 * A runner whose trial `id` reports `value(id, step)` at every eval; `crashAt` makes it throw
 * (a worker dying mid-trial) once it passes that step.
 */
export function scriptedRunner(
  value: (id: string, step: number) => number,
  crashAt?: { id: string; step: number },
): TrialRunner {
  return async (config, opts) => {
    const id = opts.id ?? '';
    let last: Record<string, number> = {};
    for (let step = 1; step <= config.steps; step++) {
      if (opts.signal?.aborted)
        return {
          status: 'cancelled',
          step: step - 1,
          final: last,
          backend: 'script',
          wallSeconds: 0,
        };
      if (crashAt && crashAt.id === id && step > crashAt.step) throw new Error('worker died');
      opts.onMetric({
        kind: 'train',
        step,
        loss: 1,
        lr: 1e-3,
        tokens: step,
        flops: step,
        wall: 0,
        gradNorm: 1,
        tokensPerSec: 1,
      });
      if (step % config.evalEvery === 0 || step === config.steps) {
        last = { eval_loss: value(id, step) };
        opts.onMetric({ kind: 'eval', step, tokens: step, flops: step, wall: 0, metrics: last });
      }
      await Promise.resolve();
    }
    return { status: 'done', step: config.steps, final: last, backend: 'script', wallSeconds: 0 };
  };
}
