/**
 * Is the process a runner.json names really this experiment's `peft run`? runner.json lives in
 * the workspace, so a repository can ship a forged one: `peft cancel` must never signal a pid
 * only because a file says so (pid -1 would signal every process of the user). A process is
 * accepted when its pid is a plain number above 1, its start time (/proc/<pid>/stat, field 22,
 * in clock ticks since boot) equals the one the run recorded, and its command line is a `run` of
 * the same .peft file. Without /proc nothing can be verified, and nothing is signalled.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';

/** A process's start time in clock ticks since boot, or undefined (no such process, no /proc). */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/** A process's arguments (/proc/<pid>/cmdline), or undefined. */
export function processArgv(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((a) => a !== '');
  } catch {
    return undefined;
  }
}

export interface RunnerIdentity {
  pid: number;
  host: string;
  startTicks?: number | undefined;
}

/** Why `who` is not the `peft run` of `peftPath` on this machine, or undefined when it is. */
export function notThisRun(who: RunnerIdentity, peftPath: string): string | undefined {
  if (!Number.isSafeInteger(who.pid) || who.pid <= 1)
    return `pid ${who.pid} is not a process peft would start`;
  if (who.pid === process.pid) return 'that pid is this process';
  if (who.host !== hostname()) return `it runs on ${who.host}`;
  if (who.startTicks === undefined)
    return 'runner.json records no start time to verify the process by';
  const ticks = processStartTicks(who.pid);
  if (ticks === undefined) return `process ${who.pid} is gone (or cannot be inspected)`;
  if (ticks !== who.startTicks)
    return `process ${who.pid} started at another time: it is not the run that wrote runner.json`;
  const argv = processArgv(who.pid) ?? [];
  const file = basename(peftPath);
  if (!argv.includes('run') || !argv.some((a) => basename(a) === file))
    return `process ${who.pid} is not a \`peft run\` of ${file}`;
  return undefined;
}

/** SLURM job ids scancel may be given: `123` or `123_4` (never an option such as `--me`). */
export const SLURM_JOB_ID = /^\d+(_\d+)?$/;
