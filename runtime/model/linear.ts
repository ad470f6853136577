/**
 * Matmul building blocks whose backward runs as plain 2-D, untransposed matmuls.
 * Why: the wasm backend serves only plain 2-D matmuls through XNNPACK; tfjs' own gradients
 * (`dX = dY·Wᵀ`, `dW = Xᵀ·dY`) and batched matmuls fall to a scalar single-threaded loop that is
 * 3–6× slower (RUNTIME-NOTES.md, fix 1). Materialising the transpose first costs little.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { COLUMN_SUM, GEMM, hasFusedKernels, MATMUL_SMALL, TRANSPOSE } from '../tf/kernels/fused';

type GradResult = {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
};

/** `tf.customGrad` with typed inputs (tfjs types every input as Tensor | GradSaveFunc). */
export function customGrad<A extends tf.Tensor[]>(
  f: (...args: [...A, tf.GradSaveFunc]) => GradResult,
): (...args: A) => tf.Tensor {
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]);
}

const onesCache = new Map<string, tf.Tensor2D>();
/**
 * A kept [1, n] row of ones: column sums as a plain matmul (wasm reduces axis 0 via a transpose).
 * Cached per backend: a tensor computed on webgpu cannot be moved to another backend (that needs
 * a synchronous read), and a process may switch backends (the tests compare them).
 */
function onesRow(n: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${n}`;
  const hit = onesCache.get(key);
  if (hit && !hit.isDisposed) return hit;
  const o = tf.keep(tf.ones<tf.Rank.R2>([1, n]));
  onesCache.set(key, o);
  return o;
}

/** Sum over rows of a 2-D tensor → [cols] (gradient paths only: the fused kernel has none). */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  if (gemmFits(4)) return tf.engine().runKernel<tf.Tensor1D>(COLUMN_SUM, { x }, {});
  return tf.reshape(tf.matMul(onesRow(x.shape[0]), x), [x.shape[1]]);
}

const transposeCache = new Map<tf.Tensor, { t: tf.Tensor2D; dataId: object }>();
/**
 * Wᵀ of a frozen kernel, kept across steps (the weight does not change while frozen). Keyed by
 * the tensor and invalidated when a variable is reassigned (tfjs gives it a new dataId). Entries
 * of disposed weights (a finished trial's model) are freed at the next miss: a worker runs many
 * trials, and each would otherwise leave one transpose per frozen kernel behind.
 */
function frozenTranspose(w: tf.Tensor2D): tf.Tensor2D {
  const hit = transposeCache.get(w);
  if (hit && !hit.t.isDisposed && hit.dataId === w.dataId) return hit.t;
  for (const [k, e] of transposeCache) {
    if (!k.isDisposed) continue;
    e.t.dispose();
    transposeCache.delete(k);
  }
  hit?.t.dispose();
  const t = tf.keep(tf.transpose(w));
  transposeCache.set(w, { t, dataId: w.dataId });
  return t;
}

/** xᵀ of a 2-D tensor: the fused blocked kernel where the backend has it (gradient paths only). */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  return hasFusedKernels() && process.env['PEFT_FUSED_TRANSPOSE'] !== '0'
    ? tf.engine().runKernel<tf.Tensor2D>(TRANSPOSE, { x }, {})
    : tf.transpose(x);
}

/** A dimension this small makes XNNPACK slower than the fused kernel's plain loops (LoRA's rank). */
const SKINNY = 16;

/**
 * Whether an [·, n] product goes to the fused GEMM (transposes and bias folded in, ~1.5–3× XNNPACK
 * here: docs/benchmarks/runtime.md). PEFT_FUSED_GEMM=0 sends it to XNNPACK (the A/B benchmark).
 */
function gemmFits(n: number): boolean {
  return n % 4 === 0 && hasFusedKernels() && process.env['PEFT_FUSED_GEMM'] !== '0';
}

/**
 * op(a)·op(b) for 2-D tensors: the fused GEMM (LoRA's rank-r products too, 1.2–3× the skinny
 * kernel), else skinny products in the skinny kernel, both with the transposes folded in; else
 * tfjs' plain matmul (XNNPACK on wasm) with any transpose materialised first.
 */
function mm(a: tf.Tensor2D, b: tf.Tensor2D, transA = false, transB = false): tf.Tensor2D {
  const [m, k] = transA ? [a.shape[1], a.shape[0]] : a.shape;
  const n = transB ? b.shape[0] : b.shape[1];
  if (gemmFits(n)) return tf.engine().runKernel<tf.Tensor2D>(GEMM, { a, b }, { transA, transB });
  if (Math.min(m, k, n) <= SKINNY && !(transA && transB) && hasFusedKernels()) {
    return tf.engine().runKernel<tf.Tensor2D>(MATMUL_SMALL, { a, b }, { transA, transB });
  }
  return tf.matMul(transA ? transpose2d(a) : a, transB ? transpose2d(b) : b);
}

/**
 * x·w + b. The bias rides in the matmul kernel (added while the output is written), which saves
 * a separate broadcast Add pass over the output: ~5× cheaper than matMul + add on wasm.
 */
function affine(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | null): tf.Tensor2D {
  if (!b) return mm(x, w);
  if (gemmFits(w.shape[1])) {
    const attrs = { transA: false, transB: false };
    return tf.engine().runKernel<tf.Tensor2D>(GEMM, { a: x, b: w, bias: b }, attrs);
  }
  if (Math.min(...x.shape, w.shape[1]) <= SKINNY) return tf.add(mm(x, w), b);
  return tf.fused.matMul({ a: x, b: w, bias: b }) as tf.Tensor2D;
}

/**
 * y = x·kernel + bias. With `trainKernel` false, kernel and bias are closed over (not inputs),
 * so the tape records only x and the backward computes dX alone — frozen weights cost no dW.
 */
export function linear(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  trainKernel: boolean,
): tf.Tensor2D {
  if (!trainKernel) {
    const f = customGrad((xi: tf.Tensor, save: tf.GradSaveFunc) => {
      save([]);
      return {
        value: affine(xi as tf.Tensor2D, kernel, bias),
        gradFunc: (dy: tf.Tensor) => {
          const d = dy as tf.Tensor2D;
          return Math.min(...d.shape, kernel.shape[0]) <= SKINNY || gemmFits(kernel.shape[0])
            ? mm(d, kernel, false, true)
            : tf.matMul(d, frozenTranspose(kernel));
        },
      };
    });
    return f(x) as tf.Tensor2D;
  }
  if (bias) {
    const f = customGrad((xi: tf.Tensor, w: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      save([xi, w]);
      return {
        value: affine(xi as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
          const d = dy as tf.Tensor2D;
          return [mm(d, ws, false, true), mm(xs, d, true), columnSum(d)];
        },
      };
    });
    return f(x, kernel, bias) as tf.Tensor2D;
  }
  const f = customGrad((xi: tf.Tensor, w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([xi, w]);
    return {
      value: mm(xi as tf.Tensor2D, w as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        const d = dy as tf.Tensor2D;
        return [mm(d, ws, false, true), mm(xs, d, true)];
      },
    };
  });
  return f(x, kernel) as tf.Tensor2D;
}

/** Plain matmul of two 2-D tensors where both need gradients (LoRA's A·B chains use `linear`). */
export function matmul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return linear(a, b, null, true);
}

/** Per-slice 2-D matmuls: [N,m,k]·[N,k,n] → [N,m,n], both inputs untransposed. */
function bmmForward(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  // The slicing serves wasm's XNNPACK (2-D matmuls only); a GPU runs the batch as one dispatch,
  // where N slices would be 3N dispatches and N copies.
  if (tf.getBackend() === 'webgpu') return tf.matMul(a, b);
  // tf.unstack is ~100× slower than N slices on wasm (its Unpack kernel), so slice explicitly.
  const [n, m, k] = a.shape;
  const cols = b.shape[2];
  const outs: tf.Tensor2D[] = [];
  for (let i = 0; i < n; i++) {
    const ai = tf.reshape<tf.Rank.R2>(tf.slice(a, [i, 0, 0], [1, m, k]), [m, k]);
    const bi = tf.reshape<tf.Rank.R2>(tf.slice(b, [i, 0, 0], [1, k, cols]), [k, cols]);
    outs.push(tf.matMul(ai, bi));
  }
  return tf.stack(outs) as tf.Tensor3D;
}

/**
 * Batched matmul [N,m,k]·[N,k,n] as N plain 2-D matmuls, forward and backward
 * (dA = dY·Bᵀ, dB = Aᵀ·dY with the transposes materialised). For attention's QKᵀ and A·V.
 */
export const bmm = customGrad((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  return {
    value: bmmForward(a as tf.Tensor3D, b as tf.Tensor3D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [as, bs] = saved as [tf.Tensor3D, tf.Tensor3D];
      const d = dy as tf.Tensor3D;
      return [
        bmmForward(d, tf.transpose(bs, [0, 2, 1])),
        bmmForward(tf.transpose(as, [0, 2, 1]), d),
      ];
    },
  };
}) as (a: tf.Tensor3D, b: tf.Tensor3D) => tf.Tensor3D;

/**
 * Token embedding lookup. Frozen: a gather (forward only). Trainable: one-hot · table, whose
 * gradient Oᵀ·dY is a plain matmul (the wasm backend has no gather gradient).
 */
export function embedLookup(ids: tf.Tensor1D, table: tf.Tensor2D, trainable: boolean): tf.Tensor2D {
  if (!trainable) return tf.gather(table, ids);
  const vocab = table.shape[0];
  const onehot = tf.cast(tf.oneHot(ids, vocab), 'float32') as tf.Tensor2D;
  // The one-hot is closed over, so it must be saved: the forward pass runs in a tidy that
  // disposes everything the tape does not keep.
  const f = customGrad((w: tf.Tensor, save: tf.GradSaveFunc) => {
    save([onehot]);
    return {
      value: mm(onehot, w as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        mm(saved[0] as tf.Tensor2D, dy as tf.Tensor2D, true),
    };
  });
  return f(table) as tf.Tensor2D;
}
