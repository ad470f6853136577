/**
 * Backend selection: the fastest present, or the one forced by the file or a setting.
 * Order for "auto": tensorflow-gpu (CUDA) → webgpu (Dawn) → tensorflow (native CPU) → wasm → cpu.
 * The native and GPU packages are optional: each is imported dynamically, and when it is missing
 * or unusable the selection logs ONE line saying why and tries the next.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients (the tfjs umbrella package does this import).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { withWasmThreads, wasmBinaryDir } from './wasm-threads';
import { patchWasmKernels } from './wasm-kernels';
import { startWebgpu } from './webgpu';
import type { BackendDevice } from '../../core/protocol';

export const BACKENDS = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** wasm pthreads (default: PEFT_WASM_THREADS, else 1 = no pool). */
  wasmThreads?: number;
  log?: (line: string) => void;
}

let current: string | null = null;
/** The device of the active GPU backend (webgpu's adapter), recorded in every trial's status. */
let device: BackendDevice | undefined;

/** Optional packages are imported through a variable so bundlers and tsc leave them alone. */
async function optional(spec: string): Promise<Record<string, unknown>> {
  return (await import(spec)) as Record<string, unknown>;
}

async function tryTensorflow(gpu: boolean): Promise<void> {
  await optional(gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node');
  if (!(await tf.setBackend('tensorflow')))
    throw new Error('setBackend("tensorflow") returned false');
  const be = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
  if (gpu && !be.isUsingGpuDevice)
    throw new Error('libtensorflow found no CUDA 11 GPU (it would run on CPU)');
}

async function tryWasm(threads: number, log: (l: string) => void): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  patchWasmKernels();
  wasm.setWasmPaths(wasmBinaryDir());
  if (threads > 1) {
    try {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
      wasm.setThreadsCount(threads);
      const ok = await withWasmThreads(threads, () => tf.setBackend('wasm'));
      if (ok) return;
    } catch (e) {
      log(`wasm: threads unavailable (${(e as Error).message}); using 1 thread`);
    }
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('setBackend("wasm") returned false');
}

/**
 * Activates `wanted` ("auto" or undefined: the fastest present) and returns the active name.
 * A forced backend that fails throws; in "auto" each failure logs one line and falls through.
 */
export async function selectBackend(
  wanted?: string,
  opts: BackendOptions = {},
): Promise<BackendName> {
  const log = opts.log ?? (() => undefined);
  // Production mode: no debug checks, and no console banner (stdout carries `peft run --json`).
  tf.enableProdMode();
  const want = !wanted || wanted === 'auto' ? null : wanted;
  if (want && !(BACKENDS as readonly string[]).includes(want)) {
    throw new Error(`unknown backend "${want}"; expected auto or one of ${BACKENDS.join(', ')}`);
  }
  if (current && (want === null || want === current)) return current as BackendName;
  // Threads are opt-in (PEFT_WASM_THREADS=2; the local executor sets it per sweep layout): the
  // pthread pool was seen to stall test processes running side by side; 1 thread is always safe.
  const threads = opts.wasmThreads ?? Number(process.env['PEFT_WASM_THREADS'] ?? 1);
  const attempts: Record<BackendName, () => Promise<void>> = {
    'tensorflow-gpu': () => tryTensorflow(true),
    webgpu: async () => void (device = await startWebgpu(want === 'webgpu')),
    tensorflow: () => tryTensorflow(false),
    wasm: () => tryWasm(threads, log),
    cpu: async () => void (await tf.setBackend('cpu')),
  };
  const order: BackendName[] = want ? [want as BackendName] : [...BACKENDS];
  for (const name of order) {
    try {
      await attempts[name]();
      await tf.ready();
      current = name;
      if (name !== 'webgpu') device = undefined;
      const on =
        name === 'wasm'
          ? ` (${wasmThreadsInUse()} thread(s))`
          : device
            ? ` on ${device.adapter}${device.software ? ' (software, no GPU)' : ''}`
            : '';
      log(`backend: ${name}${on}`);
      return name;
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      if (want) throw new Error(`backend "${name}" is not usable: ${why}`, { cause: e });
      log(`backend ${name} skipped: ${why}`);
    }
  }
  throw new Error('no tfjs backend could be started');
}

/** The device the active backend runs on: webgpu's adapter; undefined for CPU backends. */
export function backendDevice(): BackendDevice | undefined {
  return current === 'webgpu' ? device : undefined;
}

/** Threads the wasm pool actually runs (1 when not on wasm). */
export function wasmThreadsInUse(): number {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const w = require('@tensorflow/tfjs-backend-wasm') as { getThreadsCount(): number };
    return tf.getBackend() === 'wasm' ? w.getThreadsCount() : 1;
  } catch {
    return 1;
  }
}
