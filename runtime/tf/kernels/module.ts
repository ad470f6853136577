/**
 * The fused-kernel wasm module (kernels.c, built by scripts/build-kernels.mjs), instantiated on
 * tfjs-wasm's own memory: kernels read and write tensors in place, by heap offset, with no copies.
 * tfjs' pthread build has a shared memory and its single-threaded build an unshared one, and a
 * module accepts only the kind its import declares, so both builds are carried and the one that
 * matches is instantiated. With a shared memory a helper thread (./pool.ts) can share each call.
 */
import { KERNELS_WASM_BASE64, KERNELS_WASM_SHARED_BASE64 } from './kernels-wasm';
import { KernelPool } from './pool';

export interface KernelExports {
  gelu_fwd: (x: number, y: number, n: number) => void;
  gelu_bwd: (x: number, dy: number, dx: number, n: number) => void;
  ln_fwd: (
    x: number,
    g: number,
    b: number,
    y: number,
    mean: number,
    rstd: number,
    n: number,
    d: number,
    eps: number,
  ) => void;
  ln_bwd: (
    x: number,
    g: number,
    mean: number,
    rstd: number,
    dy: number,
    dx: number,
    dg: number,
    db: number,
    n: number,
    d: number,
  ) => void;
  mm_small: (
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    ta: number,
    tb: number,
    lda: number,
  ) => void;
  transpose2d: (x: number, y: number, m: number, n: number, ldy: number) => void;
  ce_fwd: (logits: number, ids: number, loss: number, prob: number, n: number, c: number) => void;
  ce_bwd: (prob: number, ids: number, dy: number, dl: number, n: number, c: number) => void;
  adamw: (
    v: number,
    g: number,
    m: number,
    s: number,
    vo: number,
    mo: number,
    so: number,
    n: number,
    b1: number,
    b1c: number,
    b2: number,
    b2c: number,
    c1: number,
    c2: number,
    eps: number,
    lr: number,
    decay: number,
  ) => void;
  attn_fwd: (
    q: number,
    k: number,
    v: number,
    o: number,
    p: number,
    scratch: number,
    t: number,
    h: number,
    dh: number,
    scale: number,
    lo: number,
    hi: number,
  ) => void;
  attn_bwd: (
    q: number,
    k: number,
    v: number,
    p: number,
    dO: number,
    dq: number,
    dk: number,
    dv: number,
    scratch: number,
    t: number,
    h: number,
    dh: number,
    scale: number,
    lo: number,
    hi: number,
  ) => void;
}

export type KernelName = keyof KernelExports;

/** The module bound to one memory, and the helper thread when that memory is shared. */
export interface BoundKernels {
  memory: WebAssembly.Memory;
  k: KernelExports;
  pool: KernelPool | null;
}

let bound: BoundKernels | null = null;

/**
 * The module instantiated on `memory` (re-bound when tfjs' backend, hence its memory, changes).
 * A shared memory means tfjs runs its pthread pool (≥ 2 threads, runtime/tf/backend.ts); then
 * PEFT_KERNEL_THREADS=2 gives the kernels one helper thread. Opt-in: on the loaded shared machine
 * it was measured slower (docs/benchmarks/runtime.md); an idle machine decides the default.
 */
export function bindKernels(memory: WebAssembly.Memory): BoundKernels {
  if (bound?.memory === memory) return bound;
  bound?.pool?.close();
  const shared = memory.buffer instanceof SharedArrayBuffer;
  const bytes = Buffer.from(shared ? KERNELS_WASM_SHARED_BASE64 : KERNELS_WASM_BASE64, 'base64');
  const mod = new WebAssembly.Module(bytes);
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as KernelExports;
  const wanted = process.env['PEFT_KERNEL_THREADS'] === '2';
  bound = { memory, k, pool: shared && wanted ? new KernelPool(mod, memory) : null };
  return bound;
}

/**
 * Runs `name` once per argument list (chunk): shared with the helper thread when there is one.
 * Chunks must write disjoint memory; their order of execution is not fixed.
 */
export function runParts(b: BoundKernels, name: KernelName, chunks: number[][]): void {
  const fn: (...a: number[]) => void = b.k[name];
  const call = (args: number[]): void => fn(...args);
  if (b.pool && chunks.length >= 2) b.pool.run(name, chunks, call);
  else chunks.forEach(call);
}
