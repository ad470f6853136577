/**
 * The fused-kernel wasm module (kernels.c, built by scripts/build-kernels.mjs): instantiated once,
 * synchronously, from the base64 text the build generated. Operands are laid out one after the
 * other from the module's heap base; memory grows on demand and is reused by every call (the
 * kernels are called one at a time, from tfjs kernels on the main thread).
 */
import { KERNELS_WASM_BASE64 } from './kernels-wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  heap_base(): number;
  gelu_fwd(x: number, y: number, n: number): void;
  gelu_bwd(x: number, dy: number, dx: number, n: number): void;
  ln_fwd(
    x: number,
    g: number,
    b: number,
    y: number,
    mean: number,
    rstd: number,
    n: number,
    d: number,
    eps: number,
  ): void;
  ln_bwd(
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
  ): void;
  mm_small(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    ta: number,
    tb: number,
  ): void;
  transpose2d(x: number, y: number, m: number, n: number): void;
  ce_fwd(logits: number, ids: number, loss: number, prob: number, n: number, c: number): void;
  ce_bwd(prob: number, ids: number, dy: number, dl: number, n: number, c: number): void;
  adamw(
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
  ): void;
  attn_fwd(
    q: number,
    k: number,
    v: number,
    o: number,
    p: number,
    scratch: number,
    b: number,
    t: number,
    h: number,
    dh: number,
    scale: number,
  ): void;
  attn_bwd(
    q: number,
    k: number,
    v: number,
    p: number,
    dO: number,
    dq: number,
    dk: number,
    dv: number,
    scratch: number,
    b: number,
    t: number,
    h: number,
    dh: number,
    scale: number,
  ): void;
}

let exportsCache: KernelExports | null = null;

function kernels(): KernelExports {
  if (!exportsCache) {
    const bytes = Buffer.from(KERNELS_WASM_BASE64, 'base64');
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    exportsCache = instance.exports as unknown as KernelExports;
  }
  return exportsCache;
}

/** Byte offsets of `sizes` float buffers (16-byte aligned), with memory grown to hold them all. */
function layout(sizes: number[]): number[] {
  const k = kernels();
  let at = (k.heap_base() + 15) & ~15;
  const offsets = sizes.map((n) => {
    const o = at;
    at += (Math.ceil(n / 4) * 4 + 4) * 4;
    return o;
  });
  const need = at - k.memory.buffer.byteLength;
  if (need > 0) k.memory.grow(Math.ceil(need / 65536));
  return offsets;
}

/** A float view of module memory (taken after `layout`, which may replace the buffer). */
function view(offset: number, n: number): Float32Array {
  return new Float32Array(kernels().memory.buffer, offset, n);
}

/**
 * Runs `fn` on copies of `inputs` placed in module memory, with `outputs` more buffers of the given
 * lengths; `fn` gets every buffer's byte offset (inputs first) and `sink` receives each output.
 */
export function callKernel(
  inputs: Float32Array[],
  outputs: number[],
  fn: (k: KernelExports, ptrs: number[]) => void,
  sink: (i: number, data: Float32Array) => void,
): void {
  const ptrs = layout([...inputs.map((a) => a.length), ...outputs]);
  inputs.forEach((a, i) => view(ptrs[i]!, a.length).set(a));
  fn(kernels(), ptrs);
  outputs.forEach((n, i) => sink(i, view(ptrs[inputs.length + i]!, n)));
}
