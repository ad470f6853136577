/**
 * tfjs kernels for the wasm backend backed by the fused wasm SIMD module (kernels.c):
 * causal attention forward/backward (one call per layer instead of ~1,500 small matmuls,
 * slices and softmax ops), GELU forward/backward (a SIMD tanh instead of tfjs' scalar one) and
 * LayerNorm forward/backward (one op each way instead of ~10, gain/bias gradients included), and
 * skinny matmuls with the transposes folded in (LoRA's rank-r products, slow in XNNPACK), and
 * softmax cross-entropy forward/backward (one op each way instead of ~20), the AdamW update, and
 * a blocked 2-D transpose, and a packed GEMM with transposes and bias folded in (every matmul of
 * a linear layer: forward, dX and dW; XNNPACK repacks changing weights on each call).
 * They run in place on tfjs' wasm heap (./module.ts), and with tfjs' pthread pool on, each call
 * is split between this thread and one helper thread (./pool.ts).
 * runtime/model/layers.ts uses them when `hasFusedKernels()` holds for the active backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bindKernels, runParts, type BoundKernels } from './module';

export const ATTENTION = 'PeftCausalAttention';
export const ATTENTION_GRAD = 'PeftCausalAttentionGrad';
export const GELU = 'PeftGelu';
export const GELU_GRAD = 'PeftGeluGrad';
export const MATMUL_SMALL = 'PeftMatMulSmall';
export const CROSS_ENTROPY = 'PeftCrossEntropy';
export const CROSS_ENTROPY_GRAD = 'PeftCrossEntropyGrad';
export const ADAMW = 'PeftAdamW';
export const LAYER_NORM = 'PeftLayerNorm';
export const LAYER_NORM_GRAD = 'PeftLayerNormGrad';
export const TRANSPOSE = 'PeftTranspose2D';
export const GEMM = 'PeftGemm';
export const COLUMN_SUM = 'PeftColumnSum';

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
}

export interface AttentionAttrs {
  batch: number;
  time: number;
  heads: number;
  scale: number;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** What a kernel body gets: input and output byte offsets in tfjs' heap, and a scratch buffer. */
interface Call {
  b: BoundKernels;
  ins: number[];
  outs: number[];
  scratch: number;
}

/**
 * Runs a module kernel in place on tfjs' heap: `shapes` outputs are made, `scratchFloats` more
 * floats (a count, or one the bound module gives) allocated for the call only, and `body` gets
 * every operand's byte offset.
 */
function run(
  args: KernelArgs,
  names: string[],
  shapes: number[][],
  body: (c: Call) => void,
  scratchFloats: number | ((b: BoundKernels) => number) = 0,
): tf.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackendLike;
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) throw new Error('fused kernels: tfjs-wasm exposes no memory');
  const ins = names.map((n) => args.inputs[n] as tf.TensorInfo);
  for (const t of ins)
    if (t.dtype !== 'float32') throw new Error(`fused kernel: ${t.dtype} input, expected float32`);
  const b = bindKernels(memory);
  const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
  const floats = typeof scratchFloats === 'number' ? scratchFloats : scratchFloats(b);
  const scratch = floats > 0 ? backend.makeOutput([floats], 'float32') : null;
  const at = (t: tf.TensorInfo): number => backend.typedArrayFromHeap(t).byteOffset;
  try {
    body({
      b,
      ins: ins.map(at),
      outs: outs.map(at),
      scratch: scratch ? at(scratch) : 0,
    });
  } finally {
    if (scratch) backend.disposeData(scratch.dataId, true);
  }
  return outs;
}

/**
 * [lo, count) ranges cutting n items into up to CHUNKS pieces of at least `minItems` each, at
 * multiples of `align`: the units the main and helper threads take turns on (./pool.ts).
 */
function chunks(n: number, align: number, minItems: number): [number, number][] {
  const k = Math.max(1, Math.min(CHUNKS, Math.floor(n / Math.max(1, minItems))));
  const step = Math.max(align, Math.ceil(n / k / align) * align);
  const out: [number, number][] = [];
  for (let lo = 0; lo < n; lo += step) out.push([lo, Math.min(step, n - lo)]);
  return out;
}

const CHUNKS = 8;
const MIN_ELEMS = 16384;

function attention(args: KernelArgs): tf.TensorInfo[] {
  const { batch: B, time: T, heads: H, scale } = args.attrs as unknown as AttentionAttrs;
  const q = args.inputs['q'] as tf.TensorInfo;
  const dh = q.shape[1]! / H;
  const per = (dh + 1) * (Math.ceil(T / 4) * 4); // the head's transposed keys and a score row
  return run(
    args,
    ['q', 'k', 'v'],
    [q.shape, [B, H, T, T]],
    ({ b, ins: [qq, kk, vv], outs: [o, p], scratch }) => {
      runParts(
        b,
        'attn_fwd',
        chunks(B * H, 1, 1).map(([lo, n], i) => {
          const s = scratch + i * per * 4; // each chunk its own scratch
          return [qq!, kk!, vv!, o!, p!, s, T, H, dh, scale, lo, lo + n];
        }),
      );
    },
    CHUNKS * per,
  );
}

function attentionGrad(args: KernelArgs): tf.TensorInfo[] {
  const { batch: B, time: T, heads: H, scale } = args.attrs as unknown as AttentionAttrs;
  const q = args.inputs['q'] as tf.TensorInfo;
  const dh = q.shape[1]! / H;
  const per = (dh + T) * (Math.ceil(T / 4) * 4); // the head's transposed values and dS
  return run(
    args,
    ['q', 'k', 'v', 'p', 'dy'],
    [q.shape, q.shape, q.shape],
    ({ b, ins, outs, scratch }) => {
      runParts(
        b,
        'attn_bwd',
        chunks(B * H, 1, 1).map(([lo, n], i) => {
          const s = scratch + i * per * 4;
          return [...ins, ...outs, s, T, H, dh, scale, lo, lo + n];
        }),
      );
    },
    CHUNKS * per,
  );
}

/** An elementwise kernel over n floats, in chunks cut at multiples of 4. */
function elementwise(b: BoundKernels, name: 'gelu_fwd' | 'gelu_bwd', ptrs: number[], n: number) {
  runParts(
    b,
    name,
    chunks(n, 4, MIN_ELEMS).map(([lo, c]) => [...ptrs.map((p) => p + 4 * lo), c]),
  );
}

function gelu(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const n = tf.util.sizeFromShape(x.shape);
  return run(args, ['x'], [x.shape], (c) => elementwise(c.b, 'gelu_fwd', [...c.ins, ...c.outs], n));
}

function geluGrad(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const n = tf.util.sizeFromShape(x.shape);
  return run(args, ['x', 'dy'], [x.shape], (c) =>
    elementwise(c.b, 'gelu_bwd', [...c.ins, ...c.outs], n),
  );
}

function layerNorm(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [n, d] = x.shape as [number, number];
  const { eps } = args.attrs as unknown as { eps: number };
  return run(args, ['x', 'gain', 'bias'], [x.shape, [n], [n]], ({ b, ins, outs }) => {
    const [xx, g, bb] = ins as [number, number, number];
    const [y, mean, rstd] = outs as [number, number, number];
    runParts(
      b,
      'ln_fwd',
      chunks(n, 1, MIN_ELEMS / d).map(([lo, c]) => {
        const [r, e] = [4 * lo * d, 4 * lo];
        return [xx + r, g, bb, y + r, mean + e, rstd + e, c, d, eps];
      }),
    );
  });
}

function layerNormGrad(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [n, d] = x.shape as [number, number];
  // One thread: the gain and bias gradients are sums over every row.
  return run(args, ['x', 'gain', 'mean', 'rstd', 'dy'], [x.shape, [d], [d]], ({ b, ins, outs }) =>
    runParts(b, 'ln_bwd', [[...ins, ...outs, n, d]]),
  );
}

function matMulSmall(args: KernelArgs): tf.TensorInfo[] {
  const [a, bt] = [args.inputs['a'] as tf.TensorInfo, args.inputs['b'] as tf.TensorInfo];
  const { transA, transB } = args.attrs as unknown as { transA: boolean; transB: boolean };
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : (a.shape as [number, number]);
  const n = transB ? bt.shape[0]! : bt.shape[1]!;
  if (transA && transB)
    throw new Error(`${MATMUL_SMALL}: transA and transB together are not supported`);
  return run(args, ['a', 'b'], [[m, n]], ({ b, ins: [pa, pb], outs: [pc] }) => {
    // Each part computes a block of C's rows (rows of A, or columns of A when transposed).
    const lda = transA ? m : k;
    runParts(
      b,
      'mm_small',
      chunks(m, 4, MIN_ELEMS / Math.max(1, k * n)).map(([lo, c]) => [
        pa! + 4 * (transA ? lo : lo * lda),
        pb!,
        pc! + 4 * lo * n,
        c,
        k,
        n,
        transA ? 1 : 0,
        transB ? 1 : 0,
        lda,
      ]),
    );
  });
}

/**
 * A GEMM chunk's least extent along the side that is cut: each chunk packs the other operand
 * again, k·(other side) floats, against k·(other side)·extent multiply-adds of work.
 */
const GEMM_MIN_SIDE = 64;

export interface GemmAttrs {
  transA: boolean;
  transB: boolean;
}

/**
 * op(a)·op(b) (+ bias) for 2-D a, b: inputs a, b and optionally bias [n]; n must be a multiple of 4.
 * Chunks cut the larger of C's two sides, so the operand every chunk packs again is the smaller.
 */
function gemm(args: KernelArgs): tf.TensorInfo[] {
  const [a, bt] = [args.inputs['a'] as tf.TensorInfo, args.inputs['b'] as tf.TensorInfo];
  const { transA, transB } = args.attrs as unknown as GemmAttrs;
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : (a.shape as [number, number]);
  const n = transB ? bt.shape[0]! : bt.shape[1]!;
  if (n % 4 !== 0) throw new Error(`${GEMM}: ${n} columns, expected a multiple of 4`);
  const names = args.inputs['bias'] ? ['a', 'b', 'bias'] : ['a', 'b'];
  const byRows = m >= n;
  const parts = chunks(byRows ? m : n, byRows ? 4 : 8, GEMM_MIN_SIDE);
  // op(A)(i, p) = a[i·sai + p·sap], op(B)(p, j) = b[p·sbk + j·sbn].
  const [sai, sap] = transA ? [1, m] : [k, 1];
  const [sbk, sbn] = transB ? [1, k] : [n, 1];
  // Each chunk packs into its own scratch, of the size the module asks for.
  return run(
    args,
    names,
    [[m, n]],
    ({ b, ins: [pa, pb, bias], outs: [pc], scratch }) => {
      const per = 4 * b.k.gemm_scratch();
      runParts(
        b,
        'gemm',
        parts.map(([lo, c], i) => {
          const [i0, i1, j0, j1] = byRows ? [lo, lo + c, 0, n] : [0, m, lo, lo + c];
          return [
            pa!,
            pb!,
            bias ?? 0,
            pc!,
            scratch + i * per,
            i0,
            i1,
            j0,
            j1,
            k,
            n,
            sai,
            sap,
            sbk,
            sbn,
          ];
        }),
      );
    },
    (b) => parts.length * b.k.gemm_scratch(),
  );
}

/** x [n, d] → its column sums [d] (no gradient: bias gradients only), chunked by columns. */
function columnSum(args: KernelArgs): tf.TensorInfo[] {
  const [n, d] = (args.inputs['x'] as tf.TensorInfo).shape as [number, number];
  return run(args, ['x'], [[d]], ({ b, ins: [x], outs: [y] }) =>
    runParts(
      b,
      'colsum',
      chunks(d, 16, MIN_ELEMS / Math.max(1, n)).map(([lo, c]) => [x!, y!, n, d, lo, lo + c]),
    ),
  );
}

/** x [m, n] → xᵀ [n, m] (no gradient: used inside gradient functions only). */
function transpose2d(args: KernelArgs): tf.TensorInfo[] {
  const [m, n] = (args.inputs['x'] as tf.TensorInfo).shape as [number, number];
  return run(args, ['x'], [[n, m]], ({ b, ins: [x], outs: [y] }) =>
    runParts(
      b,
      'transpose2d',
      chunks(m, 4, MIN_ELEMS / n).map(([lo, c]) => [x! + 4 * lo * n, y! + 4 * lo, c, n, m]),
    ),
  );
}

/** Inputs logits [n, C] and ids [n] (float32 class ids); outputs the mean loss and the softmax. */
function crossEntropy(args: KernelArgs): tf.TensorInfo[] {
  const l = args.inputs['logits'] as tf.TensorInfo;
  const [n, c] = l.shape as [number, number];
  return run(args, ['logits', 'ids'], [[], l.shape], ({ b, ins, outs }) =>
    runParts(b, 'ce_fwd', [[...ins, ...outs, n, c]]),
  );
}

function crossEntropyGrad(args: KernelArgs): tf.TensorInfo[] {
  const pr = args.inputs['prob'] as tf.TensorInfo;
  const [n, c] = pr.shape as [number, number];
  return run(args, ['prob', 'ids', 'dy'], [pr.shape], ({ b, ins, outs }) =>
    runParts(b, 'ce_bwd', [[...ins, ...outs, n, c]]),
  );
}

export interface AdamWAttrs {
  b1: number;
  b2: number;
  c1: number;
  c2: number;
  eps: number;
  lr: number;
  decay: number;
}

/** One AdamW update: inputs v, g, m, s → outputs v', m', s' (one op instead of ~14). */
function adamW(args: KernelArgs): tf.TensorInfo[] {
  const v = args.inputs['v'] as tf.TensorInfo;
  const a = args.attrs as unknown as AdamWAttrs;
  const n = tf.util.sizeFromShape(v.shape);
  const consts = [a.b1, 1 - a.b1, a.b2, 1 - a.b2, a.c1, a.c2, a.eps, a.lr, a.decay];
  return run(args, ['v', 'g', 'm', 's'], [v.shape, v.shape, v.shape], ({ b, ins, outs }) =>
    runParts(
      b,
      'adamw',
      chunks(n, 4, MIN_ELEMS).map(([lo, c]) => [
        ...[...ins, ...outs].map((p) => p + 4 * lo),
        c,
        ...consts,
      ]),
    ),
  );
}

let registered = false;

/** Registers the fused kernels on the wasm backend (once; call after it is registered). */
export function registerFusedKernels(): void {
  if (registered || process.env['PEFT_FUSED_KERNELS'] === '0') return;
  registered = true;
  const one = (f: (a: KernelArgs) => tf.TensorInfo[]) => (a: KernelArgs) => f(a)[0]!;
  tf.registerKernel({ kernelName: ATTENTION, backendName: 'wasm', kernelFunc: attention });
  tf.registerKernel({ kernelName: ATTENTION_GRAD, backendName: 'wasm', kernelFunc: attentionGrad });
  tf.registerKernel({
    kernelName: MATMUL_SMALL,
    backendName: 'wasm',
    kernelFunc: one(matMulSmall),
  });
  tf.registerKernel({ kernelName: CROSS_ENTROPY, backendName: 'wasm', kernelFunc: crossEntropy });
  tf.registerKernel({
    kernelName: CROSS_ENTROPY_GRAD,
    backendName: 'wasm',
    kernelFunc: one(crossEntropyGrad),
  });
  tf.registerKernel({ kernelName: ADAMW, backendName: 'wasm', kernelFunc: adamW });
  tf.registerKernel({ kernelName: LAYER_NORM, backendName: 'wasm', kernelFunc: layerNorm });
  tf.registerKernel({
    kernelName: LAYER_NORM_GRAD,
    backendName: 'wasm',
    kernelFunc: layerNormGrad,
  });
  tf.registerKernel({ kernelName: TRANSPOSE, backendName: 'wasm', kernelFunc: one(transpose2d) });
  tf.registerKernel({ kernelName: GEMM, backendName: 'wasm', kernelFunc: one(gemm) });
  tf.registerKernel({ kernelName: COLUMN_SUM, backendName: 'wasm', kernelFunc: one(columnSum) });
  tf.registerKernel({ kernelName: GELU, backendName: 'wasm', kernelFunc: one(gelu) });
  tf.registerKernel({ kernelName: GELU_GRAD, backendName: 'wasm', kernelFunc: one(geluGrad) });
}

/** Whether the active backend has the fused kernels (else layers use the composite ops). */
export function hasFusedKernels(): boolean {
  return tf.getKernel(ATTENTION, tf.getBackend()) !== undefined;
}
