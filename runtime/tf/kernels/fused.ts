/**
 * tfjs kernels for the wasm backend backed by the fused wasm SIMD module (kernels.c):
 * causal attention forward/backward (one call per layer instead of ~1,500 small matmuls,
 * slices and softmax ops), GELU forward/backward (a SIMD tanh instead of tfjs' scalar one) and
 * LayerNorm forward/backward (one op each way instead of ~10, gain/bias gradients included), and
 * skinny matmuls with the transposes folded in (LoRA's rank-r products, slow in XNNPACK), and
 * softmax cross-entropy forward/backward (one op each way instead of ~20), the AdamW update, and
 * a blocked 2-D transpose (full fine-tuning's Xᵀ for every weight gradient).
 * Inputs are read straight from tfjs' wasm heap and results written straight back.
 * runtime/model/layers.ts uses them when `hasFusedKernels()` holds for the active backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { callKernel } from './module';

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

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export interface AttentionAttrs {
  batch: number;
  time: number;
  heads: number;
  scale: number;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Runs a module kernel: inputs from tfjs' heap, `shapes` outputs made and filled on it. */
function run(
  args: KernelArgs,
  names: string[],
  shapes: number[][],
  fn: Parameters<typeof callKernel>[2],
  scratch = 0,
): tf.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackendLike;
  const ins = names.map((n) => args.inputs[n] as tf.TensorInfo);
  for (const t of ins)
    if (t.dtype !== 'float32') throw new Error(`fused kernel: ${t.dtype} input, expected float32`);
  const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
  // Heap views are taken after every makeOutput: an allocation may grow (and replace) the heap.
  const data = ins.map((t) => backend.typedArrayFromHeap(t) as Float32Array);
  const sizes = [...shapes.map((s) => tf.util.sizeFromShape(s)), scratch];
  callKernel(data, sizes, fn, (i, v) => {
    if (i < outs.length) (backend.typedArrayFromHeap(outs[i]!) as Float32Array).set(v);
  });
  return outs;
}

function attention(args: KernelArgs): tf.TensorInfo[] {
  const { batch: B, time: T, heads: H, scale } = args.attrs as unknown as AttentionAttrs;
  const q = args.inputs['q'] as tf.TensorInfo;
  const dh = q.shape[1]! / H;
  const t4 = Math.ceil(T / 4) * 4;
  // Outputs o and p, then scratch for the head's transposed keys and one score row.
  return run(
    args,
    ['q', 'k', 'v'],
    [q.shape, [B, H, T, T]],
    (k, p) => k.attn_fwd(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, B, T, H, dh, scale),
    (dh + 1) * t4,
  );
}

function attentionGrad(args: KernelArgs): tf.TensorInfo[] {
  const { batch: B, time: T, heads: H, scale } = args.attrs as unknown as AttentionAttrs;
  const q = args.inputs['q'] as tf.TensorInfo;
  const dh = q.shape[1]! / H;
  const t4 = Math.ceil(T / 4) * 4;
  // Outputs dq, dk, dv, then scratch (module memory only) for the head's transposed values and dS.
  return run(
    args,
    ['q', 'k', 'v', 'p', 'dy'],
    [q.shape, q.shape, q.shape],
    (k, p) =>
      k.attn_bwd(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, B, T, H, dh, scale),
    (dh + T) * t4,
  );
}

const pad4 = (n: number): number => Math.ceil(n / 4) * 4;

function gelu(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const n = tf.util.sizeFromShape(x.shape);
  return run(args, ['x'], [x.shape], (k, p) => k.gelu_fwd(p[0]!, p[1]!, pad4(n)));
}

function geluGrad(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const n = tf.util.sizeFromShape(x.shape);
  return run(args, ['x', 'dy'], [x.shape], (k, p) => k.gelu_bwd(p[0]!, p[1]!, p[2]!, pad4(n)));
}

function layerNorm(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [n, d] = x.shape as [number, number];
  const { eps } = args.attrs as unknown as { eps: number };
  return run(args, ['x', 'gain', 'bias'], [x.shape, [n], [n]], (k, p) =>
    k.ln_fwd(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, n, d, eps),
  );
}

function layerNormGrad(args: KernelArgs): tf.TensorInfo[] {
  const x = args.inputs['x'] as tf.TensorInfo;
  const [n, d] = x.shape as [number, number];
  return run(args, ['x', 'gain', 'mean', 'rstd', 'dy'], [x.shape, [d], [d]], (k, p) =>
    k.ln_bwd(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, n, d),
  );
}

function matMulSmall(args: KernelArgs): tf.TensorInfo[] {
  const [a, b] = [args.inputs['a'] as tf.TensorInfo, args.inputs['b'] as tf.TensorInfo];
  const { transA, transB } = args.attrs as unknown as { transA: boolean; transB: boolean };
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : (a.shape as [number, number]);
  const n = transB ? b.shape[0]! : b.shape[1]!;
  if (transA && transB)
    throw new Error(`${MATMUL_SMALL}: transA and transB together are not supported`);
  return run(args, ['a', 'b'], [[m, n]], (km, p) =>
    km.mm_small(p[0]!, p[1]!, p[2]!, m, k, n, transA ? 1 : 0, transB ? 1 : 0),
  );
}

/** x [m, n] → xᵀ [n, m] (no gradient: used inside gradient functions only). */
function transpose2d(args: KernelArgs): tf.TensorInfo[] {
  const [m, n] = (args.inputs['x'] as tf.TensorInfo).shape as [number, number];
  return run(args, ['x'], [[n, m]], (k, p) => k.transpose2d(p[0]!, p[1]!, m, n));
}

/** Inputs logits [n, C] and ids [n] (float32 class ids); outputs the mean loss and the softmax. */
function crossEntropy(args: KernelArgs): tf.TensorInfo[] {
  const l = args.inputs['logits'] as tf.TensorInfo;
  const [n, c] = l.shape as [number, number];
  return run(args, ['logits', 'ids'], [[], l.shape], (k, p) =>
    k.ce_fwd(p[0]!, p[1]!, p[2]!, p[3]!, n, c),
  );
}

function crossEntropyGrad(args: KernelArgs): tf.TensorInfo[] {
  const pr = args.inputs['prob'] as tf.TensorInfo;
  const [n, c] = pr.shape as [number, number];
  return run(args, ['prob', 'ids', 'dy'], [pr.shape], (k, p) =>
    k.ce_bwd(p[0]!, p[1]!, p[2]!, p[3]!, n, c),
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
  const n = pad4(tf.util.sizeFromShape(v.shape));
  return run(args, ['v', 'g', 'm', 's'], [v.shape, v.shape, v.shape], (k, p) =>
    k.adamw(
      p[0]!,
      p[1]!,
      p[2]!,
      p[3]!,
      p[4]!,
      p[5]!,
      p[6]!,
      n,
      a.b1,
      1 - a.b1,
      a.b2,
      1 - a.b2,
      a.c1,
      a.c2,
      a.eps,
      a.lr,
      a.decay,
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
  tf.registerKernel({ kernelName: GELU, backendName: 'wasm', kernelFunc: one(gelu) });
  tf.registerKernel({ kernelName: GELU_GRAD, backendName: 'wasm', kernelFunc: one(geluGrad) });
}

/** Whether the active backend has the fused kernels (else layers use the composite ops). */
export function hasFusedKernels(): boolean {
  return tf.getKernel(ATTENTION, tf.getBackend()) !== undefined;
}
