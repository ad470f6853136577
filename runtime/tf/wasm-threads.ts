/**
 * Turns on tfjs-wasm's pthread pool under Node, which tfjs disables there (tfjs issue #3830).
 * Three obstacles, each worked around here (see docs/design/RUNTIME-NOTES.md, fix 2):
 * 1. the pthread worker script is handed to `new Worker()` as a `blob:` URL that worker_threads
 *    cannot load → a Worker subclass swaps it for a temp file holding the same script;
 * 2. the worker's `load` message carries the glue code as a Blob → the subclass writes it to a
 *    file first and sends the path;
 * 3. the C++ side caps the pool at min(requested, logical cores / 2) → `os.cpus()` reports
 *    twice the requested count while the backend initialises.
 * And once the backend is up, every pthread worker is unref'd: emscripten unrefs only some of
 * them, and the rest kept any process that had selected threaded wasm from ever exiting. They only
 * run inside kernel calls, which the main thread makes synchronously, so nothing is cut short.
 * Anything unexpected throws, and the caller falls back to single-threaded wasm.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as workerThreads from 'node:worker_threads';
import { createRequire } from 'node:module';
import { makeWasmTmpDir } from './wasm-tmp';

const req = createRequire(__filename);

/** The pthread worker script tfjs embeds as a string constant in its Node bundle. */
function workerScriptSource(): string {
  const bundle = fs.readFileSync(req.resolve('@tensorflow/tfjs-backend-wasm'), 'utf8');
  const m = /var wasmWorkerContents = ("(?:[^"\\]|\\.)*");/.exec(bundle);
  if (!m?.[1]) throw new Error('tfjs-backend-wasm: pthread worker script not found in its bundle');
  // tfjs escapes newlines the same way before making its Blob (they sit inside string literals).
  return (JSON.parse(m[1]) as string).replace(/\n/g, '\\n');
}

/** Directory of the wasm binaries, for setWasmPaths (keeps working when our code is bundled). */
export function wasmBinaryDir(): string {
  return path.dirname(req.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/**
 * The glue tfjs posts is its factory's source cut out of a rollup bundle: it refers to the
 * bundle's module-scope names, which the worker must define.
 */
const GLUE_PRELUDE =
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), " +
  "require$$4 = require('os'), commonjsGlobal = globalThis;\n";

type WorkerCtor = typeof workerThreads.Worker;

/**
 * Runs `init` (which must call tf.setBackend('wasm')) with the three workarounds in place.
 * Returns what `init` returns. Restores os.cpus and worker_threads.Worker afterwards; the
 * emscripten module keeps its reference to the patched Worker class for later pool growth.
 */
export async function withWasmThreads<T>(threads: number, init: () => Promise<T>): Promise<T> {
  const dir = makeWasmTmpDir();
  const workerFile = path.join(dir, 'pthread-worker.js');
  fs.writeFileSync(workerFile, workerScriptSource());
  const glueFile = path.join(dir, 'glue.js');
  let glue: Promise<string> | null = null;
  const Base: WorkerCtor = workerThreads.Worker;
  const started: workerThreads.Worker[] = [];
  let up = false;
  class PatchedWorker extends Base {
    constructor(file: string | URL, options?: workerThreads.WorkerOptions) {
      const f = String(file);
      super(f.startsWith('blob:') ? workerFile : file, options);
      // A worker added after start-up (pool growth) is unref'd once loaded, as the first were.
      if (up) this.once('message', () => this.unref());
      else started.push(this);
    }
    override postMessage(
      value: unknown,
      transfer?: readonly workerThreads.TransferListItem[],
    ): void {
      const msg = value as { cmd?: string; urlOrBlob?: unknown } | null;
      if (msg?.cmd === 'load' && msg.urlOrBlob instanceof Blob) {
        const blob = msg.urlOrBlob;
        glue ??= blob
          .text()
          .then((src) => (fs.writeFileSync(glueFile, GLUE_PRELUDE + src), glueFile));
        void glue.then((p) => super.postMessage({ ...msg, urlOrBlob: p }, transfer));
        return;
      }
      super.postMessage(value, transfer);
    }
  }
  const realCpus = os.cpus;
  const cjsWt = req('worker_threads') as { Worker: WorkerCtor };
  const cjsOs = req('os') as { cpus: () => os.CpuInfo[] };
  const fakeCpus = (): os.CpuInfo[] => {
    const one = realCpus()[0]!;
    return Array.from({ length: 2 * threads }, () => one);
  };
  const saved = { wt: cjsWt.Worker, cpus: cjsOs.cpus };
  try {
    cjsWt.Worker = PatchedWorker;
    cjsOs.cpus = fakeCpus;
    const result = await init();
    up = true;
    for (const w of started) w.unref();
    return result;
  } finally {
    cjsWt.Worker = saved.wt;
    cjsOs.cpus = saved.cpus;
  }
}
