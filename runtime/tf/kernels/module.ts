/**
 * The fused-kernel wasm module (kernels.c, built by scripts/build-kernels.mjs), instantiated on
 * tfjs-wasm's own memory: kernels read and write tensors in place, by heap offset, with no copies.
 * tfjs' pthread build has a shared memory and its single-threaded build an unshared one, and a
 * module accepts only the kind its import declares, so both builds are carried and the one that
 * matches is instantiated. With a shared memory a helper thread (./pool.ts) can share each call.
 */
import * as v8 from 'node:v8';
import {
  KERNELS_WASM_BASE64,
  KERNELS_WASM_FMA_BASE64,
  KERNELS_WASM_SHARED_BASE64,
  KERNELS_WASM_SHARED_FMA_BASE64,
} from './kernels-wasm';
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
  colsum: (x: number, y: number, n: number, d: number, j0: number, j1: number) => void;
  gemm_scratch: () => number;
  gemm: (
    a: number,
    b: number,
    bias: number,
    c: number,
    scratch: number,
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    k: number,
    ldc: number,
    sai: number,
    sap: number,
    sbk: number,
    sbn: number,
  ) => void;
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
let fmaOk: boolean | undefined;

/**
 * Whether the engine runs relaxed SIMD (the FMA builds). Chrome 114+ (VS Code's Electron) has it
 * on; Node 20's V8 11.3 has it behind a flag, which is switched on here, before any module using it
 * is compiled.
 */
export function relaxedSimd(): boolean {
  if (fmaOk !== undefined) return fmaOk;
  const probe = Buffer.from(KERNELS_WASM_FMA_BASE64, 'base64');
  if (!WebAssembly.validate(probe)) {
    try {
      v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // An engine without V8 flags: the plain builds.
    }
  }
  return (fmaOk = WebAssembly.validate(probe));
}

/**
 * The module instantiated on `memory` (re-bound when tfjs' backend, hence its memory, changes).
 * A shared memory means tfjs runs its pthread pool (≥ 2 threads, runtime/tf/backend.ts); then the
 * kernels get one helper thread (PEFT_KERNEL_THREADS=1 turns it off): the GEMM, which replaced
 * XNNPACK's two-threaded matmuls, needs both cores.
 */
export function bindKernels(memory: WebAssembly.Memory): BoundKernels {
  if (bound?.memory === memory) return bound;
  bound?.pool?.close();
  const shared = memory.buffer instanceof SharedArrayBuffer;
  // PEFT_KERNEL_FMA=0 keeps the plain build (the same results up to rounding).
  const fma = process.env['PEFT_KERNEL_FMA'] !== '0' && relaxedSimd();
  const b64 = fma
    ? shared
      ? KERNELS_WASM_SHARED_FMA_BASE64
      : KERNELS_WASM_FMA_BASE64
    : shared
      ? KERNELS_WASM_SHARED_BASE64
      : KERNELS_WASM_BASE64;
  const bytes = Buffer.from(b64, 'base64');
  const mod = new WebAssembly.Module(bytes);
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as KernelExports;
  const wanted = process.env['PEFT_KERNEL_THREADS'] !== '1';
  bound = { memory, k, pool: shared && wanted ? new KernelPool(mod, memory) : null };
  return bound;
}

/** The helper-thread pool of the memory bound last (null: none bound, or single-threaded). */
export function activeKernelPool(): KernelPool | null {
  return bound?.pool ?? null;
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
