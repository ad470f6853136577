/**
 * runner.json: written by a running `peft run` so `peft cancel` can find it (pid + host) and, for
 * SLURM, the job ids to scancel. Removed when the run ends; a stale one (dead pid) is ignored.
 */
import { existsSync, linkSync, rmSync, unlinkSync } from 'node:fs';
import { notThisRun } from './process-identity';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Trial } from '../../core/types/plan';
import {
  FILES,
  isSettled,
  pidAlive,
  readJson,
  readTrialStatus,
  runnerPath,
  staleReason,
  trialDir,
  writeJsonAtomic,
  writeStatus,
  writeTrialJson,
} from '../../store';

export interface RunnerInfo {
  pid: number;
  host: string;
  started: string;
  /** The process's start time in clock ticks (process-identity.ts): `peft cancel` checks it before signalling. */
  startTicks?: number;
  /** The run selected with --sweep, or undefined for the whole file. */
  sweep?: string;
  executor: 'local' | 'slurm';
  slurmJobs: string[];
}

export function writeRunner(root: string, experiment: string, info: RunnerInfo): void {
  writeJsonAtomic(runnerPath(root, experiment), info);
}

/**
 * Claims runner.json for this process: created exclusively (link of a complete temp file), so of
 * two `peft run`s started together only one wins. An existing file is replaced only when the run
 * it names is gone. Returns undefined on success, else the live runner that holds it.
 */
export function claimRunner(
  root: string,
  experiment: string,
  info: RunnerInfo,
  peftPath: string,
): RunnerInfo | undefined {
  const path = runnerPath(root, experiment);
  const tmp = `${path}.${process.pid}.tmp`;
  writeJsonAtomic(tmp, info);
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        linkSync(tmp, path);
        return undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const cur = readRunner(root, experiment);
      if (cur && (cur.host !== hostname() || notThisRun(cur, peftPath) === undefined)) return cur;
      rmSync(path, { force: true }); // stale, forged or damaged: the named run is not alive
    }
    return readRunner(root, experiment);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** runner.json checked field by field; undefined when missing or damaged. */
export function readRunner(root: string, experiment: string): RunnerInfo | undefined {
  const v = readJson(runnerPath(root, experiment));
  if (typeof v !== 'object' || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (
    typeof r['pid'] !== 'number' ||
    typeof r['host'] !== 'string' ||
    typeof r['started'] !== 'string'
  )
    return undefined;
  if (r['executor'] !== 'local' && r['executor'] !== 'slurm') return undefined;
  const jobs = Array.isArray(r['slurmJobs'])
    ? r['slurmJobs'].filter((j): j is string => typeof j === 'string')
    : [];
  const info: RunnerInfo = {
    pid: r['pid'],
    host: r['host'],
    started: r['started'],
    executor: r['executor'],
    slurmJobs: jobs,
  };
  if (typeof r['startTicks'] === 'number') info.startTicks = r['startTicks'];
  if (typeof r['sweep'] === 'string') info.sweep = r['sweep'];
  return info;
}

/** True when the runner process of `info` still runs (only decidable on its own host). */
export function runnerAlive(info: RunnerInfo): boolean {
  return (
    info.host !== hostname() ||
    (Number.isSafeInteger(info.pid) && info.pid > 1 && pidAlive(info.pid))
  );
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
    if (!isSettled(st, !!t.earlyStop))
      writeStatus(root, t.config.experiment, t.id, { state: 'queued' });
  }
}
