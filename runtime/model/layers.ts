/**
 * Elementwise layers of the transformer: layer norm, GELU, causal multi-head attention.
 * LayerNorm and GELU have hand-written gradients: tfjs would otherwise record ~10 ops each,
 * keep every intermediate until the step ends, and reduce over axis 0 through transposes.
 * GELU is the tanh approximation (PyTorch `nn.GELU(approximate='tanh')`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { bmm, columnSum, customGrad } from './linear';
import {
  ATTENTION,
  ATTENTION_GRAD,
  GELU,
  GELU_GRAD,
  hasFusedKernels,
  LAYER_NORM,
  LAYER_NORM_GRAD,
} from '../tf/kernels/fused';

const EPS = 1e-5;

/** Runs a fused kernel by name (runtime/tf/kernels/fused.ts). */
const run = (
  name: string,
  inputs: tf.NamedTensorMap,
  attrs: object = {},
): tf.Tensor | tf.Tensor[] =>
  tf.engine().runKernel<tf.Tensor | tf.Tensor[]>(name, inputs, attrs as tf.NamedAttrMap);

/** LayerNorm over the last axis of [n, d] (biased variance, eps 1e-5, as PyTorch), as tfjs ops. */
export const layerNormComposite = customGrad(
  (x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    const mean = tf.mean(x, -1, true);
    const xc = tf.sub(x, mean);
    const rstd = tf.rsqrt(tf.add(tf.mean(tf.square(xc), -1, true), EPS));
    const xhat = tf.mul(xc, rstd);
    save([xhat, rstd, gain]);
    return {
      value: tf.add(tf.mul(xhat, gain), bias),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, rs, g] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const d = dy as tf.Tensor2D;
        const dxhat = tf.mul(d, g);
        // dx = rstd · (dxhat − mean(dxhat) − xhat · mean(dxhat · xhat))
        const dx = tf.mul(
          rs,
          tf.sub(
            tf.sub(dxhat, tf.mean(dxhat, -1, true)),
            tf.mul(xh, tf.mean(tf.mul(dxhat, xh), -1, true)),
          ),
        );
        return [dx, columnSum(tf.mul(d, xh)), columnSum(d)];
      },
    };
  },
) as (x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D;

/** LayerNorm as one fused kernel each way (saves x, mean and rstd; no [n, d] intermediates). */
const layerNormFused = customGrad(
  (x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, mean, rstd] = run(LAYER_NORM, { x, gain, bias }, { eps: EPS }) as tf.Tensor[];
    save([x, gain, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) =>
        run(LAYER_NORM_GRAD, { x: s[0]!, gain: s[1]!, mean: s[2]!, rstd: s[3]!, dy }),
    };
  },
) as (x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D) => tf.Tensor2D;

/** LayerNorm: the fused kernel where the backend has it (and the width is a multiple of 4). */
export function layerNorm(x: tf.Tensor2D, gain: tf.Tensor1D, bias: tf.Tensor1D): tf.Tensor2D {
  return hasFusedKernels() && x.shape[1] % 4 === 0
    ? layerNormFused(x, gain, bias)
    : layerNormComposite(x, gain, bias);
}

const C = Math.sqrt(2 / Math.PI);
const K = 0.044715;

/** 0.5·x·(1 + tanh(c·(x + 0.044715·x³))) with its analytic derivative, as tfjs ops. */
export const geluComposite = customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const x2 = tf.square(x);
  const t = tf.tanh(tf.mul(x, tf.add(C, tf.mul(x2, C * K))));
  save([x, t]);
  return {
    value: tf.mul(tf.mul(x, 0.5), tf.add(t, 1)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ts] = saved as [tf.Tensor, tf.Tensor];
      // d/dx = 0.5(1+t) + 0.5·x·(1−t²)·c·(1 + 3·0.044715·x²)
      const sech2 = tf.sub(1, tf.square(ts));
      const dInner = tf.add(C, tf.mul(tf.square(xs), 3 * K * C));
      const g = tf.add(tf.mul(tf.add(ts, 1), 0.5), tf.mul(tf.mul(xs, 0.5), tf.mul(sech2, dInner)));
      return tf.mul(dy, g);
    },
  };
}) as <T extends tf.Tensor>(x: T) => T;

/** GELU as one fused kernel each way (the backward recomputes tanh from the saved input). */
const geluFused = customGrad((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return {
    value: run(GELU, { x }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => run(GELU_GRAD, { x: saved[0]!, dy }),
  };
}) as <T extends tf.Tensor>(x: T) => T;

/** GELU (tanh form): the fused kernel where the backend has it, else tfjs ops. */
export function gelu<T extends tf.Tensor>(x: T): T {
  return hasFusedKernels() ? geluFused(x) : geluComposite(x);
}

const masks = new Map<string, tf.Tensor2D>();
/**
 * Additive causal mask [T, T]: 0 on and below the diagonal, −1e9 above. Cached per length and
 * backend (once uploaded to a GPU it cannot be read back synchronously to move elsewhere).
 */
function causalMask(t: number): tf.Tensor2D {
  const key = `${tf.getBackend()}:${t}`;
  let m = masks.get(key);
  if (!m || m.isDisposed) {
    const v = new Float32Array(t * t);
    for (let i = 0; i < t; i++) for (let j = i + 1; j < t; j++) v[i * t + j] = -1e9;
    m = tf.keep(tf.tensor2d(v, [t, t]));
    masks.set(key, m);
  }
  return m;
}

/**
 * Causal attention core. q, k, v: [B·T, d] → [B·T, d]. One fused kernel per direction where the
 * backend has it (it keeps the softmax probabilities [B, H, T, T] for the backward), else tfjs ops.
 */
export function causalAttention(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  batch: number,
  time: number,
  heads: number,
): tf.Tensor2D {
  if (!hasFusedKernels() || (q.shape[1] / heads) % 4 !== 0)
    return causalAttentionComposite(q, k, v, batch, time, heads);
  const attrs = { batch, time, heads, scale: 1 / Math.sqrt(q.shape[1] / heads) };
  const f = customGrad((qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor, save: tf.GradSaveFunc) => {
    const [o, p] = run(ATTENTION, { q: qi, k: ki, v: vi }, attrs) as tf.Tensor[];
    save([qi, ki, vi, p!]);
    return {
      value: o!,
      gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) =>
        run(ATTENTION_GRAD, { q: s[0]!, k: s[1]!, v: s[2]!, p: s[3]!, dy }, attrs),
    };
  });
  return f(q, k, v) as tf.Tensor2D;
}

/**
 * Causal attention as tfjs ops. Heads are split with one materialised transpose each, and both
 * products run through `bmm` (plain 2-D matmuls per batch·head).
 */
export function causalAttentionComposite(
  q: tf.Tensor2D,
  k: tf.Tensor2D,
  v: tf.Tensor2D,
  batch: number,
  time: number,
  heads: number,
): tf.Tensor2D {
  const d = q.shape[1];
  const dh = d / heads;
  const n = batch * heads;
  const qh = tf.reshape(
    tf.transpose(tf.reshape(tf.mul(q, 1 / Math.sqrt(dh)), [batch, time, heads, dh]), [0, 2, 1, 3]),
    [n, time, dh],
  );
  const kT = tf.reshape(tf.transpose(tf.reshape(k, [batch, time, heads, dh]), [0, 2, 3, 1]), [
    n,
    dh,
    time,
  ]);
  const vh = tf.reshape(tf.transpose(tf.reshape(v, [batch, time, heads, dh]), [0, 2, 1, 3]), [
    n,
    time,
    dh,
  ]);
  const att = tf.softmax(tf.add(bmm(qh as tf.Tensor3D, kT as tf.Tensor3D), causalMask(time)));
  const out = bmm(att as tf.Tensor3D, vh as tf.Tensor3D); // [n, T, dh]
  return tf.reshape(tf.transpose(tf.reshape(out, [batch, heads, time, dh]), [0, 2, 1, 3]), [
    batch * time,
    d,
  ]);
}
