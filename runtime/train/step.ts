/**
 * One optimisation step: loss and gradients for the method's trainables only, the method's
 * gradient transform, global-norm clipping, the optimizer update and the method's afterStep.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod } from '../peft/types';
import type { Batch, EngineModel } from '../model/types';
import type { Optimizer } from './optimizers';
import { firstValue } from '../tf/readback';

export interface StepResult {
  loss: number;
  /** Global L2 norm of the gradients before clipping (NaN when the loss is not finite). */
  gradNorm: number;
}

/** Global L2 norm of a set of gradients (awaited: GPU backends read back asynchronously). */
export async function globalNorm(grads: Iterable<tf.Tensor>): Promise<number> {
  const list = [...grads];
  if (list.length === 0) return 0;
  // A tidy cannot span an await: the sum is kept out of it and disposed after the read.
  const sq = tf.tidy(() => tf.addN(list.map((g) => tf.sum(tf.square(g)))));
  try {
    return Math.sqrt(await firstValue(sq));
  } finally {
    sq.dispose();
  }
}

/**
 * Runs one step. Gradients are keyed by the tfjs variable name (`variable.name`) when handed to
 * the method's hooks. A non-finite loss returns without updating anything. Async because the loss
 * and the gradient norm are read back, which GPU backends only do asynchronously; the gradients
 * are plain tensors (no tidy is open across the awaits) and are disposed in `finally`.
 */
export async function trainStep(
  model: EngineModel,
  method: AttachedMethod,
  opt: Optimizer,
  batch: Batch,
  lr: number,
  clip: number,
  step: number,
): Promise<StepResult> {
  const vars = method.trainable;
  if (vars.length === 0) throw new Error('the method has no trainable variables');
  model.setTrainable(vars);
  const { value, grads } = tf.variableGrads(() => model.loss(batch, method), vars);
  let named = new Map<string, tf.Tensor>(Object.entries(grads));
  try {
    const loss = await firstValue(value).finally(() => value.dispose());
    if (!Number.isFinite(loss)) return { loss, gradNorm: Number.NaN };
    if (method.transformGradients) {
      const next = method.transformGradients(named);
      for (const [k, g] of named) if (next.get(k) !== g) g.dispose();
      named = next;
    }
    const gradNorm = await globalNorm(named.values());
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
    await method.afterStep?.(step, named);
    return { loss, gradNorm };
  } finally {
    for (const g of named.values()) g.dispose();
  }
}

/** Mean loss (and accuracy for classifiers) over eval batches, weighted by rows. */
export async function evaluate(
  model: EngineModel,
  method: AttachedMethod | undefined,
  batches: readonly Batch[],
): Promise<Record<string, number>> {
  let lossSum = 0;
  let rows = 0;
  let correct = 0;
  model.setTrainable([]);
  for (const b of batches) {
    const n = b.y.length;
    const lg = tf.tidy(() => model.logits(b, method));
    const nll = tf.tidy(() => {
      const onehot = tf.cast(tf.oneHot(tf.tensor1d(b.y, 'int32'), lg.shape[1]), 'float32');
      return tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(lg))));
    });
    const pred = b.kind === 'cls' ? tf.argMax(lg, 1) : null;
    lg.dispose();
    try {
      lossSum += await firstValue(nll);
      rows += n;
      if (pred) {
        const p = await pred.data();
        for (let i = 0; i < n; i++) if (p[i] === b.y[i]) correct++;
      }
    } finally {
      nll.dispose();
      pred?.dispose();
    }
  }
  const out: Record<string, number> = { eval_loss: rows ? lossSum / rows : Number.NaN };
  if (batches[0]?.kind === 'cls') out['eval_accuracy'] = rows ? correct / rows : Number.NaN;
  return out;
}
