/**
 * The command table. Loaders are lazy so `peft check` never loads TensorFlow.js.
 * Owners: check/plan/fmt (language core), run/status/cancel/export/trial (sweeps),
 * fit (laws), report (webview), import (interop), bench (runtime).
 */
import type { CliCommand } from '../command';

export interface CommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

export const commands: Record<string, CommandEntry> = {
  check: {
    summary: 'check .peft files and print diagnostics',
    load: async () => (await import('./check')).command,
  },
  plan: {
    summary: 'expand sweeps and print trials with ids and estimates',
    load: async () => (await import('./plan')).command,
  },
  fmt: {
    summary: 'format .peft files (--check to verify)',
    load: async () => (await import('./fmt')).command,
  },
  report: {
    summary: 'write a self-contained HTML report (curves, laws, sweep table)',
    load: async () => (await import('./report')).command,
  },
  fit: {
    summary: 'fit scaling laws on finished trials and save fits.json',
    load: async () => (await import('./fit')).command,
  },
  run: {
    summary: 'run the trials of a .peft file (local or SLURM), skip finished ones, fit its laws',
    load: async () => (await import('./run')).command,
  },
  status: {
    summary: 'show the state of every trial of a .peft file in the run store',
    load: async () => (await import('./status')).command,
  },
  cancel: {
    summary: 'cancel the running `peft run` of a .peft file (and its SLURM jobs)',
    load: async () => (await import('./cancel')).command,
  },
  export: {
    summary: 'export trials as CSV/JSON, or --to peft|axolotl|llama-factory|tensorboard|mlflow',
    load: async () => (await import('./export')).command,
  },
  import: {
    summary: 'turn a PEFT adapter_config.json or an axolotl/LLaMA-Factory YAML into a .peft file',
    load: async () => (await import('./import')).command,
  },
  trial: {
    summary: 'run one trial of a run store from its trial.json (SLURM tasks)',
    load: async () => (await import('./trial')).command,
  },
  suggest: {
    summary: "propose the next trials that most narrow a law's prediction interval per FLOP",
    load: async () => (await import('./suggest')).command,
  },
  summary: {
    summary:
      'summarise an experiment: best setup per run, method ranking, fitted laws with intervals',
    load: async () => (await import('./summary')).command,
  },
};
