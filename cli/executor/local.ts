/**
 * The local executor: a pool of worker processes (one trial at a time each), sized to the cores
 * or `workers`, that starts a trial only while the plan's memory estimates of the running trials
 * fit the budget (a trial larger than the whole budget runs alone). A worker that crashes fails
 * only its trial (the scheduler writes its status) and is replaced.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Trial } from '../../core/types/plan';
import type { RunEvent } from '../../core/protocol';
import { readFileSync, unlinkSync } from 'node:fs';
import { FILES, readTrialStatus, trialDir, writeStatus } from '../../store';
import type { ExecuteResult } from '../../runtime/worker/execute-trial';
import { workerEntry, type Entry } from './entries';
import type { FromWorker, ToWorker } from '../../runtime/worker/messages';
import { onceLog } from './once-log';
import { nextReady } from './branch-order';
import { localLayout } from './layout';

export interface LocalOptions {
  root: string;
  /** Worker processes (default: the number of cores). */
  workers?: number;
  /** Bytes the running trials' estimates may add up to (default: half of the machine's memory). */
  memoryBudget?: number;
  backend?: string;
  signal?: AbortSignal;
  onEvent: (ev: RunEvent) => void;
  log?: (line: string) => void;
  /** Test seam: another worker entry (default dist/worker.js or runtime/worker/main.ts from source). */
  worker?: Entry;
}

interface Slot {
  proc: ChildProcess;
  trial?: Trial;
  exited: boolean;
  /**
   * The worker said `ready`: its signal handlers are installed. A trial handed to a worker still
   * loading would die with it on a terminal's Ctrl-C (the default SIGINT action) and be recorded
   * as failed instead of cancelled.
   */
  ready: boolean;
}

export function defaultWorkers(): number {
  return Math.max(1, cpus().length);
}

/** Runs `trials`; resolves with each trial's result once all are finished or cancelled. */
export function runLocal(trials: Trial[], opts: LocalOptions): Promise<Map<string, ExecuteResult>> {
  const results = new Map<string, ExecuteResult>();
  const queue = [...trials];
  const budget = opts.memoryBudget ?? totalmem() / 2;
  // Workers × wasm threads chosen per sweep size (./layout.ts); PEFT_WASM_THREADS still overrides.
  const layout = localLayout(trials.length, defaultWorkers(), opts.workers);
  const size = layout.workers;
  const entry = opts.worker ?? workerEntry();
  const slots: Slot[] = [];
  const root = resolve(opts.root);
  const log = onceLog(opts.log);
  return new Promise((done) => {
    if (!trials.length) return done(results);
    let cancelled = opts.signal?.aborted ?? false;
    const running = (): Slot[] => slots.filter((s) => s.trial);
    const finish = (): void => {
      for (const s of slots) if (!s.exited && s.proc.connected) s.proc.disconnect();
      done(results);
    };
    const check = (): void => {
      if ((cancelled || !queue.length) && !running().length) finish();
    };
    const memUsed = (): number =>
      running().reduce((a, s) => a + (s.trial?.estimates.memoryBytes ?? 0), 0);
    const dispatch = (): void => {
      if (cancelled) return check();
      for (const s of slots) {
        if (s.trial || s.exited || !s.ready || !queue.length) continue;
        // A WSD branch waits for its leader, whose checkpoint it starts from.
        const at = nextReady(
          queue,
          running().map((r) => r.trial!),
        );
        if (at < 0) break;
        const next = queue[at]!;
        if (running().length && memUsed() + next.estimates.memoryBytes > budget) break;
        queue.splice(at, 1);
        s.trial = next;
        const msg: ToWorker = { type: 'run', root, trial: next, backend: opts.backend };
        s.proc.send(msg);
      }
      while (!cancelled && queue.length && slots.filter((s) => !s.exited).length < size)
        spawnSlot();
      check();
    };
    const onCrash = (s: Slot, code: number | null, sig: NodeJS.Signals | null): void => {
      s.exited = true;
      const t = s.trial;
      s.trial = undefined;
      if (t) {
        const exp = t.config.experiment;
        const st = readTrialStatus(root, exp, t.id)?.state;
        if (st === 'running' || st === 'queued' || st === undefined) {
          const error = `worker process ${s.proc.pid} exited (${sig ? `signal ${sig}` : `code ${code}`}) while training`;
          writeStatus(root, exp, t.id, { state: 'failed', error });
          releaseDeadLock(join(trialDir(root, exp, t.id), FILES.lock), s.proc.pid);
          opts.onEvent({ type: 'trial-end', id: t.id, status: 'failed', error });
          results.set(t.id, 'failed');
        }
      }
      slots.splice(slots.indexOf(s), 1);
      dispatch();
    };
    const spawnSlot = (): void => {
      const threads = process.env.PEFT_WASM_THREADS ?? String(layout.threads);
      const env = { ...process.env, PEFT_WASM_THREADS: threads };
      const proc = fork(entry.script, [], {
        execArgv: entry.execArgv,
        env,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      const slot: Slot = { proc, exited: false, ready: false };
      slots.push(slot);
      proc.stderr?.on('data', (d: Buffer) => log(d.toString().trimEnd()));
      proc.on('message', (raw) => {
        const m = raw as FromWorker;
        if (m.type === 'ready') {
          slot.ready = true;
          dispatch();
        } else if (m.type === 'event') opts.onEvent(m.event);
        else if (m.type === 'log') log(m.line);
        else if (m.type === 'finished') {
          results.set(m.id, m.result);
          if (m.result === 'locked')
            opts.onEvent({
              type: 'error',
              id: m.id,
              message: `trial ${m.id} is being trained by another process (its lock is held); not starting it twice`,
            });
          slot.trial = undefined;
          dispatch();
        }
      });
      proc.on('exit', (code, sig) => onCrash(slot, code, sig));
    };
    opts.signal?.addEventListener('abort', () => {
      cancelled = true;
      for (const s of running()) if (!s.exited) s.proc.send({ type: 'cancel' } satisfies ToWorker);
      check();
    });
    dispatch();
  });
}

/** Removes a lock left by a worker that died, if that worker holds it. */
function releaseDeadLock(path: string, pid: number | undefined): void {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
    if (info.pid === pid) unlinkSync(path);
  } catch {
    // no lock or unreadable: the next taker judges it stale
  }
}
