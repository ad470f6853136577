/** Typed access to `peftLab.*` settings, read per resource (never cached in module globals). */
import * as vscode from 'vscode';

export interface RunSettings {
  backend: string;
  workers: number;
  memoryBudgetGB: number;
  executor: 'local' | 'slurm';
  slurm: {
    partition: string;
    time: string;
    cpus: number;
    gpus: number;
    mem: string;
    extra: string[];
  };
  nodePath: string;
}

export function runSettings(resource?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration('peftLab', resource);
  return {
    backend: c.get<string>('backend', 'auto'),
    workers: c.get<number>('workers', 0),
    memoryBudgetGB: c.get<number>('memoryBudgetGB', 0),
    executor: c.get<'local' | 'slurm'>('executor', 'local'),
    slurm: {
      partition: c.get<string>('slurm.partition', ''),
      time: c.get<string>('slurm.time', ''),
      cpus: c.get<number>('slurm.cpus', 0),
      gpus: c.get<number>('slurm.gpus', 0),
      mem: c.get<string>('slurm.mem', ''),
      extra: c.get<string[]>('slurm.extra', []),
    },
    nodePath: c.get<string>('nodePath', ''),
  };
}

/** CLI flags for `peft run` from the settings; empty/zero settings leave the CLI's defaults. */
export function runFlags(s: RunSettings): string[] {
  const flags: string[] = [];
  if (s.backend && s.backend !== 'auto') flags.push('--backend', s.backend);
  if (s.workers > 0) flags.push('--workers', String(s.workers));
  if (s.memoryBudgetGB > 0) flags.push('--memory', String(Math.round(s.memoryBudgetGB * 1e9)));
  flags.push('--executor', s.executor);
  if (s.executor === 'slurm') {
    if (s.slurm.partition) flags.push('--slurm-partition', s.slurm.partition);
    if (s.slurm.time) flags.push('--slurm-time', s.slurm.time);
    if (s.slurm.cpus > 0) flags.push('--slurm-cpus', String(s.slurm.cpus));
    if (s.slurm.gpus > 0) flags.push('--slurm-gpus', String(s.slurm.gpus));
    if (s.slurm.mem) flags.push('--slurm-mem', s.slurm.mem);
    for (const line of s.slurm.extra) flags.push('--slurm-extra', line);
  }
  return flags;
}
