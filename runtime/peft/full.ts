/**
 * Full fine-tuning: every base variable trains and the state is every weight. It lives with the
 * PEFT methods (catalog name `full`) and pretraining uses it too.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, MethodFactory } from './types';

export const fullFineTuning: MethodFactory = (model) => {
  const trainable = [...model.variables.values()];
  return {
    trainable,
    state: () =>
      new Map<string, tf.Tensor>([...model.variables].map(([n, v]) => [n, v as tf.Tensor])),
    trainableCount: () => trainable.reduce((a, v) => a + v.size, 0),
    dispose: () => undefined,
  } satisfies AttachedMethod;
};
