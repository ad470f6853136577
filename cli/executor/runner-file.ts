/**
 * runner.json: written by a running `peft run` so `peft cancel` can find it (pid + host) and, for
 * SLURM, the job ids to scancel. Removed when the run ends; a stale one (dead pid) is ignored.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Trial } from '../../core/plan/types';
import { FILES, pidAlive, readJson, readTrialStatus, runnerPath, staleReason, trialDir, writeJsonAtomic, writeStatus, writeTrialJson } from '../../store';

export interface RunnerInfo {
  pid: number;
  host: string;
  started: string;
  /** The run selected with --sweep, or undefined for the whole file. */
  sweep?: string;
  executor: 'local' | 'slurm';
  slurmJobs: string[];
}

export function writeRunner(root: string, experiment: string, info: RunnerInfo): void {
  writeJsonAtomic(runnerPath(root, experiment), info);
}

export function readRunner(root: string, experiment: string): RunnerInfo | undefined {
  const v = readJson(runnerPath(root, experiment)) as RunnerInfo | undefined;
  return v && typeof v.pid === 'number' ? v : undefined;
}

/** True when the runner process of `info` still runs (only decidable on its own host). */
export function runnerAlive(info: RunnerInfo): boolean {
  return info.host !== hostname() || pidAlive(info.pid);
}

export function removeRunner(root: string, experiment: string, pid: number): void {
  const cur = readRunner(root, experiment);
  if (cur && cur.pid === pid) {
    try {
      unlinkSync(runnerPath(root, experiment));
    } catch {
      // gone already
    }
  }
}

/** Trials another live process is training right now (their lock is held and fresh). */
export function heldElsewhere(root: string, trial: Trial): boolean {
  const lock = join(trialDir(root, trial.config.experiment, trial.id), FILES.lock);
  return existsSync(lock) && staleReason(lock) === undefined;
}

/** Writes trial.json and status `queued` for trials about to run (skipping those held elsewhere). */
export function markQueued(root: string, trials: Trial[]): void {
  for (const t of trials) {
    if (heldElsewhere(root, t)) continue;
    writeTrialJson(root, t);
    const st = readTrialStatus(root, t.config.experiment, t.id)?.state;
    if (st !== 'done' && st !== 'diverged') writeStatus(root, t.config.experiment, t.id, { state: 'queued' });
  }
}
