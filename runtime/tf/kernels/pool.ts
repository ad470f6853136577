/**
 * One helper thread for the fused kernels: a worker_threads Worker holding its own instance of the
 * kernel module on the same shared memory (tfjs' pthread heap). tfjs kernels run synchronously on
 * the main thread, so a call is handed over through a SharedArrayBuffer and Atomics (no message
 * round trip): the main thread writes the function and its arguments, bumps a sequence number and
 * runs its own half; the helper runs the other half and publishes the sequence number back.
 * Why: tfjs' XNNPACK matmuls use both cores, but without this every fused kernel used one.
 */
import { Worker } from 'node:worker_threads';

const MAX_ARGS = 24;

// Plain JS (an eval worker): no loader is needed, in the tsx test runs and in the bundles alike.
const HELPER = `
const { workerData } = require('node:worker_threads');
const { mod, memory, ctl, args, names } = workerData;
const k = new WebAssembly.Instance(mod, { env: { memory } }).exports;
const c = new Int32Array(ctl), a = new Float64Array(args);
let seen = 0;
for (;;) {
  Atomics.wait(c, 0, seen);
  seen = Atomics.load(c, 0);
  if (c[2] < 0) break;
  try {
    k[names[c[2]]](...a.subarray(0, c[3]));
  } catch (e) {
    c[4] = 1;
  }
  Atomics.store(c, 1, seen);
  Atomics.notify(c, 1);
}
`;

export class KernelPool {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(5 * 4));
  private readonly args = new Float64Array(new SharedArrayBuffer(MAX_ARGS * 8));
  private readonly names: string[];
  private readonly worker: Worker;
  private seq = 0;

  constructor(mod: WebAssembly.Module, memory: WebAssembly.Memory) {
    this.names = WebAssembly.Module.exports(mod).map((e) => e.name);
    this.worker = new Worker(HELPER, {
      eval: true,
      workerData: {
        mod,
        memory,
        ctl: this.ctl.buffer,
        args: this.args.buffer,
        names: this.names,
      },
    });
    // The helper blocks in Atomics.wait between calls; it must not keep the process alive.
    this.worker.unref();
  }

  /** Hands `name(...args)` to the helper; `wait` returns once it has finished. */
  start(name: string, args: number[]): void {
    const fn = this.names.indexOf(name);
    if (fn < 0 || args.length > MAX_ARGS) throw new Error(`kernel pool: cannot run ${name}`);
    this.args.set(args);
    this.ctl[2] = fn;
    this.ctl[3] = args.length;
    this.seq++;
    Atomics.store(this.ctl, 0, this.seq);
    Atomics.notify(this.ctl, 0);
  }

  wait(): void {
    for (;;) {
      const done = Atomics.load(this.ctl, 1);
      if (done === this.seq) break;
      Atomics.wait(this.ctl, 1, done);
    }
    if (this.ctl[4]) {
      this.ctl[4] = 0;
      throw new Error('kernel pool: the helper thread failed');
    }
  }

  close(): void {
    this.ctl[2] = -1;
    Atomics.store(this.ctl, 0, ++this.seq);
    Atomics.notify(this.ctl, 0);
  }
}
