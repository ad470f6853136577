/** Real `peft run` processes on tiny real trials, for the sweep tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunEvent } from '../../../core/protocol';
import { workerEntry } from '../../../cli/executor/entries';

export const CLI = resolve(__dirname, '../../../cli/main.ts');
export const TSX = workerEntry().execArgv;

/** A tiny transformer (d = 16, one layer) fully fine-tuned on the committed fixture corpus. */
export function tinyFile(runs: string): string {
  return [
    'data task = tiny { holdout = 10% }',
    'data crumbs = tiny { holdout = 10%  limit = 8 }',
    'model m = transformer { vocab = bytes  width = 16  depth = 1  heads = 2  context = 16 }',
    'adapter ft = full { }',
    runs,
  ].join('\n');
}

export function tempProject(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'peft-sweeps-'));
  const file = join(dir, `${name}.peft`);
  writeFileSync(file, text);
  return { dir, file };
}

export interface RunProc {
  proc: ChildProcess;
  events: RunEvent[];
  stderr: () => string;
  /** Resolves at exit with the code (or signal name). */
  exit: Promise<number | string>;
  /** Resolves when an event matching `pred` has arrived. */
  waitFor(pred: (e: RunEvent) => boolean): Promise<RunEvent>;
}

/** Spawns `peft <args>` in its own process group (so a test can kill -9 the whole run). */
export function peft(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): RunProc {
  const proc = spawn(process.execPath, [...TSX, CLI, ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const events: RunEvent[] = [];
  const waiters: Array<{ pred: (e: RunEvent) => boolean; ok: (e: RunEvent) => void }> = [];
  let buf = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) {
      if (!l.startsWith('{')) continue;
      const e = JSON.parse(l) as RunEvent;
      events.push(e);
      for (const w of [...waiters]) {
        if (!w.pred(e)) continue;
        waiters.splice(waiters.indexOf(w), 1);
        w.ok(e);
      }
    }
  });
  proc.stderr.on('data', (d: Buffer) => void (err += d.toString()));
  const exit = new Promise<number | string>((ok) =>
    proc.on('exit', (code, sig) => ok(code ?? sig ?? -1)),
  );
  return {
    proc,
    events,
    stderr: () => err,
    exit,
    waitFor(pred) {
      const hit = events.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((ok, fail) => {
        waiters.push({ pred, ok });
        void exit.then((c) =>
          fail(new Error(`peft exited (${c}) before the awaited event; stderr:\n${err}`)),
        );
      });
    },
  };
}

/** kill -9 of the whole process group (the CLI and its workers). */
export function killGroup(p: RunProc): void {
  try {
    process.kill(-p.proc.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}
