/**
 * The byte-level decoder-only transformer LM: pre-norm blocks, causal attention, GELU MLP.
 * Variable names are the brief's shared naming facts (`embed.tokens`, `layers.i.attn.q.kernel`…).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite } from '../peft/types';
import type { Batch, EngineModel } from './types';
import { customGrad, embedLookup, linear } from './linear';
import { causalAttention, gelu, layerNorm } from './layers';
import { VariableFactory } from './init';
import { CROSS_ENTROPY, CROSS_ENTROPY_GRAD, hasFusedKernels } from '../tf/kernels/fused';
import { transformerParamCount, type TransformerParams } from './params';

const STD = 0.02;

/** Builds a transformer with deterministic weights for `seed`. */
export function createTransformer(p: TransformerParams, seed: number): EngineModel {
  const f = new VariableFactory(seed);
  const { vocab: V, width: d, depth: L, context: T, heads } = p;
  const ff = Math.round(p.mlpRatio * d);
  f.normal('embed.tokens', [V, d], STD);
  f.normal('embed.positions', [T, d], STD);
  const sites: LinearSite[] = [];
  const site = (name: string, layer: number, dIn: number, dOut: number, bias: boolean): void => {
    const kernel = f.normal(`${name}.kernel`, [dIn, dOut], STD);
    sites.push({
      name,
      layer,
      dIn,
      dOut,
      kernel,
      bias: bias ? f.fill(`${name}.bias`, [dOut], 0) : null,
    });
  };
  for (let i = 0; i < L; i++) {
    f.fill(`layers.${i}.norm1.gain`, [d], 1);
    f.fill(`layers.${i}.norm1.bias`, [d], 0);
    for (const s of ['q', 'k', 'v', 'o']) site(`layers.${i}.attn.${s}`, i, d, d, true);
    f.fill(`layers.${i}.norm2.gain`, [d], 1);
    f.fill(`layers.${i}.norm2.bias`, [d], 0);
    site(`layers.${i}.mlp.up`, i, d, ff, true);
    site(`layers.${i}.mlp.down`, i, ff, d, true);
  }
  f.fill('norm_f.gain', [d], 1);
  f.fill('norm_f.bias', [d], 0);
  site('head', -1, d, V, false);

  const vars = f.variables;
  const byName = new Map(sites.map((s) => [s.name, s]));
  let trainable = new Set<tf.Variable>();
  const v = (name: string): tf.Variable => vars.get(name)!;
  const v1 = (name: string): tf.Tensor1D => vars.get(name) as tf.Variable as unknown as tf.Tensor1D;

  const handle = {
    width: d,
    depth: L,
    sites,
    variables: vars,
    linear,
  };

  function apply(name: string, x: tf.Tensor2D, method?: AttachedMethod): tf.Tensor2D {
    const s = byName.get(name)!;
    const base = (xi: tf.Tensor2D): tf.Tensor2D =>
      linear(
        xi,
        s.kernel as unknown as tf.Tensor2D,
        s.bias as unknown as tf.Tensor1D | null,
        trainable.has(s.kernel),
      );
    return method?.linear ? method.linear(s, x, base) : base(x);
  }

  function logits(batch: Batch, method?: AttachedMethod): tf.Tensor2D {
    if (batch.kind !== 'lm') throw new Error(`transformer needs an LM batch, got ${batch.kind}`);
    const { batch: B, time } = batch;
    if (time > T) throw new Error(`batch time ${time} exceeds the model context ${T}`);
    const ids = tf.tensor1d(batch.x, 'int32');
    const tok = embedLookup(
      ids,
      v('embed.tokens') as unknown as tf.Tensor2D,
      trainable.has(v('embed.tokens')),
    );
    const pos = tf.slice(v('embed.positions'), [0, 0], [time, d]);
    let h3 = tf.add<tf.Tensor3D>(tf.reshape(tok, [B, time, d]), pos);
    if (method?.embed) h3 = method.embed(h3);
    const tt = h3.shape[1]; // prompt tuning may prepend virtual tokens
    let h = tf.reshape<tf.Rank.R2>(h3, [B * tt, d]);
    for (let i = 0; i < L; i++) {
      const a = layerNorm(h, v1(`layers.${i}.norm1.gain`), v1(`layers.${i}.norm1.bias`));
      const q = apply(`layers.${i}.attn.q`, a, method);
      const k = apply(`layers.${i}.attn.k`, a, method);
      const vv = apply(`layers.${i}.attn.v`, a, method);
      let o = apply(`layers.${i}.attn.o`, causalAttention(q, k, vv, B, tt, heads), method);
      if (method?.afterSublayer) o = method.afterSublayer(i, 'attn', o);
      h = tf.add(h, o);
      const m = layerNorm(h, v1(`layers.${i}.norm2.gain`), v1(`layers.${i}.norm2.bias`));
      let y = apply(`layers.${i}.mlp.down`, gelu(apply(`layers.${i}.mlp.up`, m, method)), method);
      if (method?.afterSublayer) y = method.afterSublayer(i, 'mlp', y);
      h = tf.add(h, y);
    }
    if (tt !== time)
      h = tf.reshape(tf.slice(tf.reshape(h, [B, tt, d]), [0, tt - time, 0], [B, time, d]), [
        B * time,
        d,
      ]);
    const hf = layerNorm(h, v1('norm_f.gain'), v1('norm_f.bias'));
    return apply('head', hf, method);
  }

  const mlpFlops = 2 * (4 * d * d + 2 * d * ff);
  return {
    family: 'transformer',
    handle,
    paramCount: transformerParamCount(p),
    tokensPerExample: T,
    forwardFlopsPerToken: mlpFlops * L + 2 * d * V + L * 4 * T * d,
    setTrainable(list) {
      trainable = new Set(list);
    },
    logits,
    loss(batch, method) {
      const lg = logits(batch, method);
      return crossEntropy(lg, batch.y, V);
    },
    dispose() {
      for (const x of vars.values()) x.dispose();
    },
  };
}

/**
 * Mean cross-entropy of logits [n, C] against ids: one fused kernel each way where the backend
 * has it, else one-hot · log-softmax (no gather gradient).
 */
export function crossEntropy(logits: tf.Tensor2D, ids: Int32Array, classes: number): tf.Scalar {
  if (hasFusedKernels() && classes < 2 ** 24)
    return crossEntropyFused(logits, tf.tensor1d(Float32Array.from(ids)));
  return crossEntropyComposite(logits, ids, classes);
}

export function crossEntropyComposite(
  logits: tf.Tensor2D,
  ids: Int32Array,
  classes: number,
): tf.Scalar {
  const onehot = tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), classes), 'float32');
  return tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1))) as tf.Scalar;
}

const crossEntropyFused = customGrad((logits: tf.Tensor, ids: tf.Tensor, save: tf.GradSaveFunc) => {
  const [loss, prob] = tf.engine().runKernel<tf.Tensor[]>(CROSS_ENTROPY, { logits, ids }, {});
  save([prob!, ids]);
  return {
    value: loss!,
    gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) => [
      tf.engine().runKernel<tf.Tensor>(CROSS_ENTROPY_GRAD, { prob: s[0]!, ids: s[1]!, dy }, {}),
      tf.zerosLike(s[1]!),
    ],
  };
}) as (logits: tf.Tensor2D, ids: tf.Tensor1D) => tf.Scalar;
