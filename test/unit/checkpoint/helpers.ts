/** Tiny real trials for the checkpoint tests: analysed from `.peft` text, trained in-process. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../core/plan/analyze';
import type { Trial } from '../../../core/types/plan';
import type { MetricRecord } from '../../../core/protocol';
import { executeTrial, type ExecuteOptions } from '../../../runtime/worker/execute-trial';
import { readMetrics, trialDir } from '../../../store';

export const MODEL = [
  'data task = tiny { holdout = 10% }',
  'model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }',
  'adapter lo = lora { target_modules = [q, v]  r = 2  lora_alpha = 4  lora_dropout = 0.1 }',
  'adapter ft = full { }',
].join('\n');

export function trialsOf(text: string, experiment = 'ck'): Trial[] {
  const r = analyze(text, { experiment });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  return r.plan.runs.flatMap((run) => run.trials);
}

export const tempRoot = (): string => mkdtempSync(join(tmpdir(), 'peft-ckpt-'));

export function run(root: string, trial: Trial, opts: ExecuteOptions = {}) {
  return executeTrial(root, trial, { backend: 'cpu', ...opts });
}

/** The train records' (step, loss) pairs and every record's step, in file order. */
export function curve(root: string, trial: Trial): { train: [number, number][]; steps: string[] } {
  const recs: MetricRecord[] = readMetrics(root, trial.config.experiment, trial.id);
  return {
    train: recs.flatMap((r) => (r.kind === 'train' ? [[r.step, r.loss] as [number, number]] : [])),
    steps: recs.map((r) => `${r.kind}:${r.step}`),
  };
}

export const trialJson = (root: string, trial: Trial): Record<string, unknown> =>
  JSON.parse(
    readFileSync(join(trialDir(root, trial.config.experiment, trial.id), 'trial.json'), 'utf8'),
  ) as Record<string, unknown>;
