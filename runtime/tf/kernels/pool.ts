/**
 * One helper thread for the fused kernels: a worker_threads Worker holding its own instance of the
 * kernel module on the same shared memory (tfjs' pthread heap). tfjs kernels run synchronously on
 * the main thread, so a call is handed over through a SharedArrayBuffer and Atomics, no messages.
 * Why: tfjs' XNNPACK matmuls use both cores, but without this every fused kernel used one.
 *
 * A call is a list of chunks taken from a shared counter by both threads. The helper joins only
 * if it wakes while the call is still open; the main thread closes the call when it runs out of
 * chunks and then waits only for the chunk the helper is running, if any. On a loaded machine
 * where the helper is not scheduled in time, the main thread simply runs every chunk itself.
 * A helper preempted in the middle of a chunk still makes the main thread wait for it; when that
 * happens on several calls in a row (waits longer than the main thread's own share of the call:
 * an oversubscribed machine), the pool stays off for the next BACKOFF calls, then tries again.
 *
 * The invariant that keeps this safe: a call is posted only once the previous one is settled
 * (CLOSED before the helper joined, or DONE). Calls run alone while backing off are never posted:
 * a helper joining one of them would still be running it when the next call overwrote its
 * arguments and state, and its late DONE would leave the main thread waiting forever.
 */
import { Worker } from 'node:worker_threads';

const MAX_FLOATS = 512;
// ctl slots: latest posted call, its function, argument count, chunk count, next chunk, call
// state (call·4 + OPEN / BUSY / CLOSED / DONE), helper failure, calls the helper joined.
const [POSTED, FN, ARGC, CHUNKS, NEXT, STATE, FAILED, JOINED] = [0, 1, 2, 3, 4, 5, 6, 7];
const [OPEN, BUSY, CLOSED, DONE] = [0, 1, 2, 3];
const LATE_CALLS = 3;
const BACKOFF = 200;
// A chunk takes milliseconds; a helper silent this long has died or hung, and waiting on would
// hang the trial instead of failing it.
const HELPER_TIMEOUT_MS = 60_000;

// Plain JS (an eval worker): no loader is needed, in the tsx test runs and in the bundles alike.
const HELPER = `
const { workerData } = require('node:worker_threads');
const { mod, memory, ctl, args, names } = workerData;
const k = new WebAssembly.Instance(mod, { env: { memory } }).exports;
const c = new Int32Array(ctl), a = new Float64Array(args);
let seen = 0;
for (;;) {
  Atomics.wait(c, ${POSTED}, seen);
  seen = Atomics.load(c, ${POSTED});
  if (c[${FN}] < 0) break;
  const open = seen * 4 + ${OPEN};
  if (Atomics.compareExchange(c, ${STATE}, open, seen * 4 + ${BUSY}) !== open) continue;
  Atomics.add(c, ${JOINED}, 1);
  const f = k[names[c[${FN}]]], argc = c[${ARGC}], n = c[${CHUNKS}];
  try {
    for (let i = Atomics.add(c, ${NEXT}, 1); i < n; i = Atomics.add(c, ${NEXT}, 1))
      f(...a.subarray(i * argc, (i + 1) * argc));
  } catch (e) {
    c[${FAILED}] = 1;
  }
  Atomics.store(c, ${STATE}, seen * 4 + ${DONE});
  Atomics.notify(c, ${STATE});
}
`;

export class KernelPool {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(8 * 4));
  private readonly args = new Float64Array(new SharedArrayBuffer(MAX_FLOATS * 8));
  private readonly names: string[];
  private readonly worker: Worker;
  private seq = 0;
  private late = 0;
  private backoff = 0;
  /** Calls the helper was asked to share, and calls run on this thread alone while backing off. */
  readonly stats = { shared: 0, alone: 0 };
  /** Calls the helper actually joined (it may wake after the main thread ran every chunk). */
  get joined(): number {
    return Atomics.load(this.ctl, JOINED);
  }

  /** `helperTimeoutMs`: how long a call waits on the helper before failing (a test seam). */
  constructor(
    mod: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly helperTimeoutMs = HELPER_TIMEOUT_MS,
  ) {
    this.names = WebAssembly.Module.exports(mod).map((e) => e.name);
    this.worker = new Worker(HELPER, {
      eval: true,
      workerData: { mod, memory, ctl: this.ctl.buffer, args: this.args.buffer, names: this.names },
    });
    // The helper blocks in Atomics.wait between calls; it must not keep the process alive.
    this.worker.unref();
  }

  /**
   * Runs `call` on every chunk (argument lists of one length), shared with the helper thread.
   * `helperOnly` (tests) leaves every chunk to the helper and waits for it.
   */
  run(name: string, chunks: number[][], call: (args: number[]) => void, helperOnly = false): void {
    const fn = this.names.indexOf(name);
    const argc = chunks[0]!.length;
    if (fn < 0 || argc * chunks.length > MAX_FLOATS || chunks.some((c) => c.length !== argc))
      throw new Error(`kernel pool: cannot run ${name} in ${chunks.length} chunks`);
    if (!helperOnly && this.backoff > 0) {
      this.backoff--;
      this.stats.alone++;
      chunks.forEach(call);
      return;
    }
    const c = this.ctl;
    chunks.forEach((ch, i) => this.args.set(ch, i * argc));
    [c[FN], c[ARGC], c[CHUNKS]] = [fn, argc, chunks.length];
    Atomics.store(c, NEXT, 0);
    const s = ++this.seq;
    Atomics.store(c, STATE, s * 4 + OPEN);
    Atomics.store(c, POSTED, s);
    Atomics.notify(c, POSTED);
    this.stats.shared++;
    if (helperOnly) {
      this.awaitDone(s, name);
    } else {
      const t0 = performance.now();
      for (let i = Atomics.add(c, NEXT, 1); i < chunks.length; i = Atomics.add(c, NEXT, 1))
        call(chunks[i]!);
      // Closed before the helper joined: nothing to wait for (it will skip this call).
      if (Atomics.compareExchange(c, STATE, s * 4 + OPEN, s * 4 + CLOSED) === s * 4 + OPEN) return;
      const t1 = performance.now();
      this.awaitDone(s, name);
      this.noteWait(performance.now() - t1, t1 - t0);
    }
    if (c[FAILED]) {
      c[FAILED] = 0;
      throw new Error(`kernel pool: ${name} failed on the helper thread`);
    }
  }

  /** Blocks until the helper has finished call `s`; throws if it stopped answering. */
  private awaitDone(s: number, name: string): void {
    const c = this.ctl;
    const deadline = performance.now() + this.helperTimeoutMs;
    for (let st = Atomics.load(c, STATE); st !== s * 4 + DONE; st = Atomics.load(c, STATE)) {
      if (st !== s * 4 + BUSY && st !== s * 4 + OPEN)
        throw new Error(`kernel pool: ${name} call ${s} found the state of another call (${st})`);
      const left = deadline - performance.now();
      if (left <= 0) {
        // Never post again: the helper may still write into this call's operands.
        this.backOff(Infinity);
        throw new Error(
          `kernel pool: the helper thread did not finish ${name} within ${this.helperTimeoutMs / 1000} s`,
        );
      }
      Atomics.wait(c, STATE, st, left);
    }
  }

  private noteWait(waited: number, own: number): void {
    if (waited <= Math.max(0.2, own)) this.late = 0;
    else if (++this.late >= LATE_CALLS) {
      this.late = 0;
      this.backOff(BACKOFF);
    }
  }

  /** Runs the next `calls` calls on the main thread alone (what a run of late helpers triggers). */
  backOff(calls: number): void {
    this.backoff = Math.max(this.backoff, calls);
  }

  close(): void {
    this.ctl[FN] = -1;
    Atomics.store(this.ctl, POSTED, ++this.seq);
    Atomics.notify(this.ctl, POSTED);
  }
}
