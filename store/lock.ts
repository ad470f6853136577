/**
 * One lock per trial, so two `peft run`s (or SLURM tasks) on the same store never train the same
 * trial twice. The lock is a file created exclusively (a hard link, which fails if it exists) holding `{pid, host, started}`;
 * its holder touches it every `heartbeatMs`. A lock is stale — and is broken by the next taker —
 * when its process is gone (same host: `kill(pid, 0)` fails) or its heartbeat is older than
 * `staleMs` (any host: covers other SLURM nodes and a frozen holder). So a dead process never
 * holds a trial forever.
 */
import {
  closeSync,
  linkSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { ensureStoreDir, openNew } from './atomic';
import { hostname } from 'node:os';

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export interface TrialLock {
  path: string;
  info: LockInfo;
  release(): void;
}

export interface LockOptions {
  /** A heartbeat older than this makes the lock stale (default 60 s). */
  staleMs?: number;
  /** How often the holder touches the lock (default 5 s). */
  heartbeatMs?: number;
}

/** Whether `pid` runs on this host. A zombie (killed, not yet reaped by its new parent) counts as gone. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S …"; the comm may contain spaces, the state follows the last ')'
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return true; // no procfs (macOS): trust kill(0)
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Why a lock at `path` is stale, or undefined when its holder looks alive (or there is no lock). */
export function staleReason(path: string, staleMs = 60_000, now = Date.now()): string | undefined {
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const info = readLock(path);
  const age = now - mtime;
  if (!info) return age > 5_000 ? `unreadable lock ${Math.round(age / 1000)} s old` : undefined;
  if (info.host === hostname() && !pidAlive(info.pid))
    return `process ${info.pid} on ${info.host} is gone`;
  if (age > staleMs)
    return `no heartbeat from ${info.pid}@${info.host} for ${Math.round(age / 1000)} s`;
  return undefined;
}

/** Creates the lock with its content in one step (write a temp file, hard-link it): never an empty lock. */
function tryCreate(path: string, info: LockInfo): boolean {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  ensureStoreDir(dirname(path));
  const fd = openNew(tmp); // exclusive + O_NOFOLLOW: a planted link at the temp name is not followed
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Takes the lock at `path`, breaking a stale one. Returns the held lock, or undefined when a live
 * process holds it. Throws only on I/O errors other than "exists".
 */
export function acquireLock(path: string, opts: LockOptions = {}): TrialLock | undefined {
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  if (!tryCreate(path, info)) {
    if (!staleReason(path, opts.staleMs)) return undefined;
    // Move the stale lock aside atomically: of two breakers only one rename succeeds.
    const aside = `${path}.stale.${process.pid}.${Date.now()}`;
    try {
      renameSync(path, aside);
    } catch {
      return undefined;
    }
    try {
      unlinkSync(aside);
    } catch {
      // already gone
    }
    if (!tryCreate(path, info)) return undefined;
  }
  const timer = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // lock removed under us: nothing to keep alive
    }
  }, opts.heartbeatMs ?? 5_000);
  timer.unref();
  return {
    path,
    info,
    release() {
      clearInterval(timer);
      const cur = readLock(path);
      if (cur && cur.pid === info.pid && cur.host === info.host && cur.started === info.started) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}
