/**
 * `peft export FILE --to peft|axolotl|llama-factory|tensorboard|mlflow [--trial ID] [--out DIR]`:
 * - peft: DIR/<trial-id>/adapter_config.json (what PeftConfig.from_pretrained reads)
 * - axolotl / llama-factory: DIR/<trial-id>.yaml
 * - tensorboard: DIR/<run>/<trial-id>/events.out.tfevents.* from each trial's metrics.jsonl
 * - mlflow: DIR (an mlruns folder) gets one experiment with a run per trial
 * DIR defaults to `export/<to>` (mlflow: `mlruns`) next to the .peft file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExperimentPlan, Trial } from '../../core/types/plan';
import { emitYaml, toAdapterConfig, toAxolotl, toLlamaFactory } from '../../core/interop';
import { readMetrics, readTrialStatus } from '../../store';
import type { CliIO } from '../command';
import { UsageError } from '../command';
import { writeTensorBoard } from './tensorboard';
import { writeMlflow } from './mlflow';

export const EXPORT_TARGETS = [
  'peft',
  'axolotl',
  'llama-factory',
  'tensorboard',
  'mlflow',
] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportToOptions {
  to: string;
  trial?: string;
  out?: string;
  /** Folder holding the .peft file (the store root). */
  root: string;
  /** Clock seam (ms since the epoch) for stamps in event files and MLflow metadata. */
  now?: () => number;
}

/** Writes the export; returns the paths written (one line each on stdout). Throws UsageError on bad options. */
export function exportTo(
  plan: ExperimentPlan,
  trials: readonly Trial[],
  opts: ExportToOptions,
  io: CliIO,
): string[] {
  if (!(EXPORT_TARGETS as readonly string[]).includes(opts.to))
    throw new UsageError(`--to must be one of ${EXPORT_TARGETS.join(', ')}, got '${opts.to}'`);
  const to = opts.to as ExportTarget;
  const chosen =
    opts.trial === undefined
      ? trials
      : trials.filter((t) => t.id === opts.trial || t.id.startsWith(opts.trial!));
  if (chosen.length === 0)
    throw new UsageError(
      opts.trial === undefined
        ? 'the plan has no trials to export'
        : `no trial with id '${opts.trial}' (ids: ${trials
            .slice(0, 5)
            .map((t) => t.id)
            .join(', ')}${trials.length > 5 ? ', …' : ''})`,
    );
  const now = (opts.now ?? Date.now)();
  const out = resolve(
    io.cwd,
    opts.out ?? join(opts.root, to === 'mlflow' ? 'mlruns' : join('export', to)),
  );
  const written: string[] = [];
  const write = (path: string, text: string) => {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  };
  try {
    if (to === 'peft')
      for (const t of chosen)
        write(
          join(out, t.id, 'adapter_config.json'),
          JSON.stringify(
            toAdapterConfig(t.config.adapter, t.config.model, { steps: t.config.steps }),
            null,
            2,
          ) + '\n',
        );
    else if (to === 'axolotl' || to === 'llama-factory') {
      for (const t of chosen)
        write(
          join(out, `${t.id}.yaml`),
          `# ${plan.experiment} / ${t.run} trial ${t.index} (${t.id})\n${emitYaml(to === 'axolotl' ? toAxolotl(t.config) : toLlamaFactory(t.config))}`,
        );
    } else if (to === 'tensorboard') {
      written.push(
        ...writeTensorBoard(
          out,
          chosen.map((t) => ({
            id: t.id,
            run: t.run,
            records: readMetrics(opts.root, plan.experiment, t.id),
          })),
          now / 1000,
          hostname(),
        ),
      );
    } else {
      const id = writeMlflow(
        out,
        plan.experiment,
        chosen.map((t) => ({
          trial: t,
          status: readTrialStatus(opts.root, plan.experiment, t.id),
          records: readMetrics(opts.root, plan.experiment, t.id),
        })),
        now,
      );
      written.push(join(out, id));
    }
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return written;
}
