/**
 * `--slurm-*` flags of `peft run` (the extension's `peftLab.slurm.*` settings arrive this way):
 * they override the run's `slurm { … }` block field by field. `--slurm-extra` repeats, one
 * `#SBATCH` line each; every value is quoted by the script writer like the file's values.
 */
import type { SlurmOptions } from '../../core/types/plan';
import { UsageError } from '../command';

const FIELDS: Record<string, keyof SlurmOptions> = {
  '--slurm-partition': 'partition',
  '--slurm-time': 'time',
  '--slurm-cpus': 'cpus',
  '--slurm-gpus': 'gpus',
  '--slurm-mem': 'mem',
  '--slurm-extra': 'extra',
};

/** Splits the `--slurm-*` flags off `args`; returns the overrides and the remaining arguments. */
export function takeSlurmFlags(args: string[]): { overrides: SlurmOptions; rest: string[] } {
  const overrides: SlurmOptions = {};
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const [name, inline] = args[i]!.split('=', 2) as [string, string | undefined];
    const field = FIELDS[name];
    if (!field) {
      rest.push(args[i]!);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    if (field === 'extra') overrides.extra = [...(overrides.extra ?? []), value];
    else if (field === 'cpus' || field === 'gpus') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new UsageError(`${name} must be a non-negative integer, got '${value}'`);
      overrides[field] = n;
    } else overrides[field] = value;
  }
  return { overrides, rest };
}

/** The file's options with the flags' values on top; extra lines only from the flags. */
export function mergeSlurm(file: SlurmOptions, flags: SlurmOptions): SlurmOptions {
  // extra lines come only from the user (settings, --slurm-extra): a plan file's extra is ignored (docs/security.md).
  const { extra: _fromFile, ...typed } = file;
  return { ...typed, ...flags, extra: [...(flags.extra ?? [])] };
}
