/**
 * A run's `slurm { … }` block, typed field by field. The values become sbatch arguments, so a
 * `.peft` file (which may come from anyone) can set only the scheduling fields below, each in its
 * own shape; `extra` lines (any #SBATCH directive, e.g. --output or --export) come only from the
 * user's settings or `--slurm-extra`, never from the file (docs/security.md).
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import type { Evaluator } from './evaluate';
import type { PlanValue, SlurmOptions } from './types';

/** The shape of each field: a check and what to write instead. */
const FIELDS: Record<string, { ok: (v: PlanValue) => boolean; want: string }> = {
  partition: {
    ok: (v) => typeof v === 'string' && /^[A-Za-z0-9_.][\w.,-]{0,63}$/.test(v),
    want: 'a partition name such as "gpu"',
  },
  time: {
    ok: (v) => typeof v === 'string' && /^(\d{1,4}-)?\d{1,4}(:\d{1,2}){0,2}$/.test(v),
    want: 'a SLURM time such as "2:00:00" or "1-12"',
  },
  cpus: {
    ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4096,
    want: 'a whole number of CPUs (0–4096)',
  },
  gpus: {
    ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64,
    want: 'a whole number of GPUs (0–64)',
  },
  mem: {
    ok: (v) => typeof v === 'string' && /^\d{1,9}[KMGT]?$/i.test(v),
    want: 'a memory size such as "16G"',
  },
};

/** The checked options of `slurm` (already plain), reporting each bad field at `at`; bad fields are dropped. */
export function slurmOptions(
  ev: Evaluator,
  slurm: Record<string, PlanValue>,
  at: Span,
): SlurmOptions {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(slurm)) {
    if (k === 'extra') {
      ev.error(
        DiagnosticCodes.incompatibleOption,
        'slurm extra lines are taken only from your settings (peftLab.slurm.extra) or `peft run --slurm-extra`, never from a .peft file: they can set any sbatch option.',
        at,
      );
      continue;
    }
    const field = FIELDS[k];
    if (!field) {
      ev.error(
        DiagnosticCodes.unknownParameter,
        `Unknown slurm option '${k}'; use ${Object.keys(FIELDS).join(', ')}.`,
        at,
      );
      continue;
    }
    if (!field.ok(v)) {
      ev.error(DiagnosticCodes.typeMismatch, `slurm ${k} must be ${field.want}.`, at);
      continue;
    }
    out[k] = v as string | number; // the field's check above fixed its type
  }
  return out;
}
