/**
 * The batch script of a SLURM submission and the sbatch arguments. Every value that comes from a
 * user (paths, names, options) is either passed to sbatch as its own argv entry (no shell) or
 * single-quoted for bash with `shq`; `#SBATCH` lines are read by sbatch, not the shell, and may
 * not contain newlines.
 */
import type { SlurmOptions } from '../../core/types/plan';
import type { Entry } from './entries';

/** Single-quotes a string for bash (`'` → `'\''`). */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function oneLine(name: string, v: string): string {
  if (/[\n\r\0]/.test(v))
    throw new Error(`slurm option ${name} must be one line, got ${JSON.stringify(v)}`);
  return v;
}

/** sbatch argv (options only; the script path comes last). Throws on values with newlines or bad numbers. */
export function sbatchArgs(
  o: SlurmOptions,
  job: { name: string; tasks: number; output: string; chdir: string },
): string[] {
  const args = [
    '--parsable',
    `--job-name=${oneLine('job name', job.name)}`,
    `--array=0-${job.tasks - 1}`,
    `--output=${oneLine('output', job.output)}`,
    `--chdir=${oneLine('chdir', job.chdir)}`,
  ];
  if (o.partition !== undefined)
    args.push(`--partition=${oneLine('partition', String(o.partition))}`);
  if (o.time !== undefined) args.push(`--time=${oneLine('time', String(o.time))}`);
  if (o.mem !== undefined) args.push(`--mem=${oneLine('mem', String(o.mem))}`);
  for (const [k, flag] of [
    ['cpus', '--cpus-per-task'],
    ['gpus', '--gpus-per-task'],
  ] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (!Number.isInteger(v) || v < 0)
      throw new Error(`slurm ${k} must be a non-negative integer, got ${JSON.stringify(v)}`);
    // A typed request goes through --gres (older clusters know only that form).
    if (k === 'gpus' && o.gpu_type !== undefined && v > 0)
      args.push(`--gres=gpu:${oneLine('gpu_type', String(o.gpu_type))}:${v}`);
    else if (v > 0) args.push(`${flag}=${v}`);
  }
  return args;
}

export interface ScriptInput {
  ids: string[];
  entry: Entry;
  node: string;
  store: string;
  experiment: string;
  backend?: string;
  extra?: string[];
}

/** The bash batch script: task i runs `peft trial` on the i-th id. */
export function batchScript(s: ScriptInput): string {
  const extra = (s.extra ?? []).map(
    (l) => `#SBATCH ${oneLine('extra', String(l)).replace(/^#SBATCH\s+/, '')}`,
  );
  const cmd = [
    s.node,
    ...s.entry.execArgv,
    s.entry.script,
    'trial',
    '--store',
    s.store,
    '--experiment',
    s.experiment,
    '--id',
  ]
    .map(shq)
    .join(' ');
  const backend = s.backend !== undefined ? ` --backend ${shq(s.backend)}` : '';
  return [
    '#!/bin/bash',
    ...extra,
    '# Written by peft run: one array task per trial; the trial writes the run store itself.',
    'set -euo pipefail',
    `ids=(${s.ids.map(shq).join(' ')})`,
    'id="${ids[$SLURM_ARRAY_TASK_ID]}"',
    // exec: node is the task's process, so scancel's SIGTERM reaches it and it marks the trial cancelled
    `exec ${cmd} "$id"${backend}`,
    '',
  ].join('\n');
}
