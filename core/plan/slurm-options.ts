/**
 * A run's `slurm { … }` block, typed field by field. The values become sbatch arguments, so a
 * `.peft` file (which may come from anyone) can set only the scheduling fields below, each in its
 * own shape; `extra` lines (any #SBATCH directive, e.g. --output or --export) come only from the
 * user's settings or `--slurm-extra`, never from the file (docs/security.md).
 */
import type { Span } from '../dsl/ast';
import { DiagnosticCodes } from '../dsl/diagnostics';
import type { Evaluator } from './evaluate';
import type { PlanValue, SlurmOptions } from '../types/plan';

/**
 * The shape of each field: its plain type, a check and what to write instead. Unknown keys and
 * values of the wrong plain type are reported at their own location by the catalog check
 * (checks/slurm.ts); this pass drops them silently and reports only a right-typed value of the
 * wrong shape (a partition name with a newline, a time that is not a SLURM time).
 */
const FIELDS: Record<
  string,
  { kind: 'string' | 'number'; ok: (v: PlanValue) => boolean; want: string }
> = {
  partition: {
    kind: 'string',
    ok: (v) => typeof v === 'string' && /^[A-Za-z0-9_.][\w.,-]{0,63}$/.test(v),
    want: 'a partition name such as "gpu"',
  },
  time: {
    kind: 'string',
    ok: (v) => typeof v === 'string' && /^(\d{1,4}-)?\d{1,4}(:\d{1,2}){0,2}$/.test(v),
    want: 'a SLURM time such as "2:00:00" or "1-12"',
  },
  cpus: {
    kind: 'number',
    ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 4096,
    want: 'a whole number of CPUs (0–4096)',
  },
  gpus: {
    kind: 'number',
    ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 64,
    want: 'a whole number of GPUs (0–64)',
  },
  gpu_type: {
    kind: 'string',
    ok: (v) => typeof v === 'string' && /^[A-Za-z0-9_.-]{1,32}$/.test(v),
    want: 'a GPU type such as "a100"',
  },
  mem: {
    kind: 'string',
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
    if (!field || typeof v !== field.kind) continue; // reported at the key or value by checks/slurm.ts
    if (!field.ok(v)) {
      ev.error(DiagnosticCodes.typeMismatch, `slurm ${k} must be ${field.want}.`, at);
      continue;
    }
    out[k] = v as string | number; // the field's check above fixed its type
  }
  return out;
}
