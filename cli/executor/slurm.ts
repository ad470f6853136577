/**
 * The SLURM executor: submits the pending trials as one `sbatch --array` job whose tasks run
 * `peft trial` against the store (which must be on a path the nodes share), follows them through
 * the store's files (status.json, metrics.jsonl) and `squeue`, and cancels with `scancel`.
 * Commands run with execFile (argv, no shell).
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { SlurmOptions, Trial } from '../../core/types/plan';
import type { RunEvent } from '../../core/protocol';
import {
  ensureStoreDir,
  experimentDir,
  FILES,
  readMetricsFrom,
  readTrialStatus,
  trialDir,
  writeAtomic,
  writeStatus,
} from '../../store';
import { cliEntry } from './entries';
import { batchScript, sbatchArgs } from './slurm-script';

export interface SlurmRunOptions {
  root: string;
  experiment: string;
  options: SlurmOptions;
  backend?: string;
  signal?: AbortSignal;
  onEvent: (ev: RunEvent) => void;
  onSubmit?: (jobId: string) => void;
  /** Poll interval (default 500 ms). */
  pollMs?: number;
  /** Give up on trials when squeue has failed for this long (default 2 min). */
  lostMs?: number;
}

export function sh(cmd: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { encoding: 'utf8' }, (err, stdout, stderr) =>
      err
        ? fail(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.trim() || err.message}`))
        : ok(stdout),
    );
  });
}

/** Submits the job array; returns the job id. */
export async function submitArray(trials: Trial[], o: SlurmRunOptions): Promise<string> {
  const root = resolve(o.root);
  const dir = join(experimentDir(root, o.experiment), 'slurm');
  ensureStoreDir(dir);
  const tag = `${Date.now()}-${process.pid}`;
  const script = join(dir, `submit-${tag}.sh`);
  const entry = cliEntry();
  writeAtomic(
    script,
    batchScript({
      ids: trials.map((t) => t.id),
      entry,
      node: process.execPath,
      store: root,
      experiment: o.experiment,
      backend: o.backend,
      extra: o.options.extra,
    }),
    0o755,
  );
  const chdir = resolve(__dirname, entry.execArgv.length ? '../..' : '..');
  const args = sbatchArgs(o.options, {
    name: `peft-${o.experiment}`,
    tasks: trials.length,
    output: join(dir, 'task-%A_%a.out'),
    chdir,
  });
  const out = await sh('sbatch', [...args, script]);
  const job = out.trim().split(';')[0]!;
  if (!/^\d+$/.test(job)) throw new Error(`sbatch printed no job id: ${JSON.stringify(out)}`);
  return job;
}

/** Array tasks of `job` still pending or running. */
async function activeTasks(job: string): Promise<number | undefined> {
  try {
    const out = await sh('squeue', ['-h', '-r', '-j', job, '-t', 'PD,R,CG,CF,S', '-o', '%i']);
    return out.split('\n').filter((l) => l.trim()).length;
  } catch {
    return undefined; // controller busy: ask again next poll
  }
}

interface Follow {
  started: boolean;
  ended: boolean;
  offset: number;
}

export async function runSlurm(trials: Trial[], o: SlurmRunOptions): Promise<void> {
  if (!trials.length) return;
  const root = resolve(o.root);
  const job = await submitArray(trials, o);
  o.onSubmit?.(job);
  const state = new Map<string, Follow>(
    trials.map((t) => [t.id, { started: false, ended: false, offset: 0 }]),
  );
  let cancelled = false;
  const onAbort = (): void => {
    cancelled = true;
    void sh('scancel', [job]).catch(() => undefined);
  };
  o.signal?.addEventListener('abort', onAbort);
  if (o.signal?.aborted) onAbort();
  const poll = (): void => {
    for (const t of trials) {
      const f = state.get(t.id)!;
      if (f.ended) continue;
      const st = readTrialStatus(root, o.experiment, t.id);
      if (!st || st.state === 'queued') continue;
      if (!f.started) {
        f.started = true;
        o.onEvent({ type: 'trial-start', id: t.id, run: t.run, backend: st.backend });
      }
      const m = readMetricsFrom(join(trialDir(root, o.experiment, t.id), FILES.metrics), f.offset);
      f.offset = m.offset;
      for (const rec of m.records) {
        const { kind, ...rest } = rec;
        o.onEvent(
          kind === 'train'
            ? ({ type: 'metric', id: t.id, ...rest } as RunEvent)
            : ({ type: 'eval', id: t.id, ...rest } as RunEvent),
        );
      }
      if (st.state !== 'running') {
        f.ended = true;
        o.onEvent({
          type: 'trial-end',
          id: t.id,
          status: st.state,
          error: st.error?.split('\n')[0],
          step: st.step,
          final: st.final,
          wallSeconds: st.wallSeconds,
        });
      }
    }
  };
  let lastSeen = Date.now();
  try {
    for (;;) {
      await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
      poll();
      if ([...state.values()].every((f) => f.ended)) break;
      const queried = await activeTasks(job);
      if (queried !== undefined) lastSeen = Date.now();
      // squeue failing for minutes: the controller is gone; do not wait forever
      const active = queried ?? (Date.now() - lastSeen > (o.lostMs ?? 120_000) ? 0 : undefined);
      if (active === 0) {
        poll(); // last files written just before the task ended
        for (const t of trials) {
          const f = state.get(t.id)!;
          if (f.ended) continue;
          f.ended = true;
          const status = cancelled ? 'cancelled' : 'failed';
          const error = cancelled
            ? undefined
            : `SLURM task of job ${job} ended without finishing the trial (see ${join(experimentDir(root, o.experiment), 'slurm')})`;
          writeStatus(root, o.experiment, t.id, { state: status, error });
          o.onEvent({ type: 'trial-end', id: t.id, status, error });
        }
        break;
      }
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
