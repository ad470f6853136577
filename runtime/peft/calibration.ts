/**
 * EVA's calibration inputs (MethodContext.calibrationInputs): a recording pass over a few batches
 * of the fine-tuning data that keeps what each linear site sees, as [rows, dIn] per site name.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, EngineModel } from '../model/types';
import type { AttachedMethod } from './types';

/**
 * Runs `batches` through `model` (no gradients) and returns the concatenated inputs of every
 * site, at most `maxRows` rows each. The caller owns (and disposes) the returned tensors.
 */
export function collectCalibrationInputs(
  model: EngineModel,
  batches: readonly Batch[],
  maxRows = 4096,
): Map<string, tf.Tensor2D> {
  const parts = new Map<string, tf.Tensor2D[]>();
  const rows = new Map<string, number>();
  const recorder: AttachedMethod = {
    trainable: [],
    linear(site, x, base) {
      const have = rows.get(site.name) ?? 0;
      if (have < maxRows) {
        const take = Math.min(x.shape[0], maxRows - have);
        const list = parts.get(site.name) ?? [];
        list.push(tf.keep(tf.slice(x, [0, 0], [take, x.shape[1]])));
        parts.set(site.name, list);
        rows.set(site.name, have + take);
      }
      return base(x);
    },
    state: () => new Map(),
    trainableCount: () => 0,
    dispose: () => undefined,
  };
  model.setTrainable([]);
  for (const b of batches) tf.tidy(() => void model.logits(b, recorder));
  const out = new Map<string, tf.Tensor2D>();
  for (const [name, list] of parts) {
    out.set(name, list.length === 1 ? list[0]! : tf.concat(list, 0));
    if (list.length > 1) list.forEach((t) => t.dispose());
  }
  return out;
}
