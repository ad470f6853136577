/**
 * One optimisation step: loss and gradients for the method's trainables only, the method's
 * gradient transform, global-norm clipping, the optimizer update and the method's afterStep.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod } from '../peft/types';
import type { Batch, EngineModel } from '../model/types';
import type { Optimizer } from './optimizers';

export interface StepResult {
  loss: number;
  /** Global L2 norm of the gradients before clipping (NaN when the loss is not finite). */
  gradNorm: number;
}

/** Global L2 norm of a set of gradients. */
export function globalNorm(grads: Iterable<tf.Tensor>): number {
  return tf.tidy(() => {
    const parts = [...grads].map((g) => tf.sum(tf.square(g)));
    return parts.length ? Math.sqrt(tf.addN(parts).dataSync()[0]!) : 0;
  });
}

/**
 * Runs one step. Gradients are keyed by the tfjs variable name (`variable.name`) when handed to
 * the method's hooks. A non-finite loss returns without updating anything.
 */
export function trainStep(model: EngineModel, method: AttachedMethod, opt: Optimizer, batch: Batch, lr: number, clip: number, step: number): StepResult {
  const vars = method.trainable;
  if (vars.length === 0) throw new Error('the method has no trainable variables');
  model.setTrainable(vars);
  const { value, grads } = tf.variableGrads(() => model.loss(batch, method), vars);
  const loss = value.dataSync()[0]!;
  value.dispose();
  let named = new Map<string, tf.Tensor>(Object.entries(grads));
  try {
    if (!Number.isFinite(loss)) return { loss, gradNorm: Number.NaN };
    if (method.transformGradients) {
      const next = method.transformGradients(named);
      for (const [k, g] of named) if (next.get(k) !== g) g.dispose();
      named = next;
    }
    const gradNorm = globalNorm(named.values());
    if (clip > 0 && gradNorm > clip) {
      const s = clip / (gradNorm + 1e-6);
      for (const [k, g] of named) {
        named.set(k, tf.mul(g, s));
        g.dispose();
      }
    }
    const byVar = new Map<tf.Variable, tf.Tensor>();
    for (const v of vars) {
      const g = named.get(v.name);
      if (g) byVar.set(v, g);
    }
    opt.step(vars, byVar, lr, method.lrScale);
    method.afterStep?.(step, named);
    return { loss, gradNorm };
  } finally {
    for (const g of named.values()) g.dispose();
  }
}

/** Mean loss (and accuracy for classifiers) over eval batches, weighted by rows. */
export function evaluate(model: EngineModel, method: AttachedMethod | undefined, batches: readonly Batch[]): Record<string, number> {
  let lossSum = 0;
  let rows = 0;
  let correct = 0;
  model.setTrainable([]);
  for (const b of batches) {
    tf.tidy(() => {
      const lg = model.logits(b, method);
      const n = b.y.length;
      const onehot = tf.cast(tf.oneHot(tf.tensor1d(b.y, 'int32'), lg.shape[1]), 'float32');
      lossSum += -tf.sum(tf.mul(onehot, tf.logSoftmax(lg))).dataSync()[0]!;
      rows += n;
      if (b.kind === 'cls') {
        const pred = tf.argMax(lg, 1).dataSync();
        for (let i = 0; i < n; i++) if (pred[i] === b.y[i]) correct++;
      }
    });
  }
  const out: Record<string, number> = { eval_loss: rows ? lossSum / rows : Number.NaN };
  if (batches[0]?.kind === 'cls') out['accuracy'] = rows ? correct / rows : Number.NaN;
  return out;
}
