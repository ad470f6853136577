/**
 * The torch backend as a TrialRunner: one `python -m peft_lab_torch.worker` per trial. The worker trains and
 * streams metrics; this side stays the ONE writer of the run store (executeTrial appends each metric, writes
 * the adapter and the status), so locks, heartbeats, resume and the executors are the same code as for tfjs.
 * Cancel: a `{"type":"cancel"}` line (the worker stops before its next step). If this process dies, the
 * worker sees EOF on stdin and exits at once. A Python exception arrives as an `error` message and is
 * thrown with the Python traceback as the stack, so the trial's status keeps it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { TrialConfig } from '../../core/types/plan';
import type { TorchMessage } from '../../core/protocol';
import type { RunTrialOptions, TrialOutcome } from '../train/run-trial';
import { buildRequest } from './request';
import { probeTorch, projectPython, pythonPackageDir } from './python';
import { parseTorchMessage } from './messages';

export interface TorchRunOptions extends RunTrialOptions {
  /** Trial id (names the request and the temporary adapter file). */
  id?: string;
  /** The catalog's trainable-parameter estimate, checked by the worker. */
  expectedTrainable?: number;
}

/** Error carrying the worker's traceback as its stack. */
function workerError(message: string, traceback: string): Error {
  const e = new Error(`torch worker: ${message}`);
  e.stack = `Error: torch worker: ${message}\nPython traceback:\n${traceback}`;
  return e;
}

export async function runTorchTrial(
  config: TrialConfig,
  opts: TorchRunOptions,
): Promise<TrialOutcome> {
  const t0 = performance.now();
  const probe = probeTorch(projectPython());
  if (!probe.torch)
    throw new Error(
      `backend "torch" is not usable: ${probe.problem ?? 'no torch'} (docs/torch.md)`,
    );
  const python = probe.python;
  const id = opts.id ?? 'trial';
  fs.mkdirSync(opts.cacheDir, { recursive: true });
  const adapterPath = path.join(opts.cacheDir, `adapter-${id}-${process.pid}.safetensors.tmp`);
  const req = await buildRequest(config, {
    id,
    cacheDir: opts.cacheDir,
    adapterPath,
    expectedTrainable: opts.expectedTrainable,
    log: opts.log,
    signal: opts.signal,
  });
  if (opts.signal?.aborted)
    return {
      status: 'cancelled',
      step: 0,
      final: {},
      backend: 'torch',
      wallSeconds: (performance.now() - t0) / 1000,
    };
  const pkg = pythonPackageDir();
  const env = {
    ...process.env,
    PYTHONPATH: [pkg, process.env['PYTHONPATH']].filter(Boolean).join(path.delimiter),
    PEFT_LAB_ROOT: path.dirname(pkg),
    PYTHONUNBUFFERED: '1',
    // Paths written in the .peft file (hf config, weights, data files) are relative to its folder, the store's root.
    PEFT_LAB_BASE_DIR: path.dirname(path.dirname(opts.cacheDir)),
    PEFT_LAB_CACHE: opts.cacheDir,
  };
  const proc = spawn(python, ['-m', 'peft_lab_torch.worker'], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  proc.stdin.on('error', () => undefined); // the worker may exit before reading a cancel
  proc.stdin.write(JSON.stringify(req) + '\n');
  const onAbort = (): void => void proc.stdin.write('{"type":"cancel"}\n');
  opts.signal?.addEventListener('abort', onAbort);
  const stderrTail: string[] = [];
  createInterface({ input: proc.stderr }).on('line', (l) => {
    stderrTail.push(l);
    if (stderrTail.length > 40) stderrTail.shift();
    opts.log?.(`torch: ${l}`);
  });
  let outcome: Extract<TorchMessage, { type: 'outcome' }> | undefined;
  let error: Extract<TorchMessage, { type: 'error' }> | undefined;
  let backend = 'torch';
  let badLine: string | undefined;
  const lines = createInterface({ input: proc.stdout });
  lines.on('line', (line) => {
    const m = parseTorchMessage(line);
    if (!m) {
      badLine ??= line;
      return;
    }
    if (m.type === 'metric') opts.onMetric(m.record);
    else if (m.type === 'log') opts.log?.(m.line);
    else if (m.type === 'info') {
      backend = m.backend;
      opts.log?.(
        `backend: ${m.backend} (${m.device}, torch ${m.torch}); ${m.peftSummary ?? `${m.trainable} trainable`}`,
      );
    } else if (m.type === 'outcome') outcome = m;
    else error = m;
  });
  const code = await new Promise<number | null>((resolve) => proc.on('close', (c) => resolve(c)));
  opts.signal?.removeEventListener('abort', onAbort);
  try {
    if (error) throw workerError(error.message, error.traceback);
    if (!outcome) {
      const why = badLine ? `; it wrote a line outside the protocol: ${badLine.slice(0, 200)}` : '';
      throw new Error(
        `torch worker exited with code ${code} before reporting an outcome${why}\n${stderrTail.join('\n')}`,
      );
    }
    const final = Object.fromEntries(
      Object.entries(outcome.final).map(([k, v]) => [k, v ?? Number.NaN]),
    );
    const adapter =
      outcome.adapter && fs.existsSync(adapterPath)
        ? new Uint8Array(fs.readFileSync(adapterPath))
        : undefined;
    if (outcome.peakMemoryBytes !== undefined)
      opts.log?.(
        `peak memory (${outcome.peakMemoryKind ?? 'rss'}): ${(outcome.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB`,
      );
    const peak =
      outcome.peakMemoryBytes !== undefined ? { peakMemoryBytes: outcome.peakMemoryBytes } : {};
    return {
      status: outcome.status,
      step: outcome.step,
      final,
      backend,
      wallSeconds: (performance.now() - t0) / 1000,
      ...peak,
      ...(adapter ? { adapter } : {}),
    };
  } finally {
    fs.rmSync(adapterPath, { force: true });
  }
}
