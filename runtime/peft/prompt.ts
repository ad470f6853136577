/**
 * Prompt tuning (PEFT-METHODS §1.24): n_v trained soft tokens [n_v, d] prepended to the embedded
 * sequence through the engine's `embed` hook; the engine drops their positions before the head,
 * so the loss covers the real tokens only. Init RANDOM (N(0, 1), PEFT's nn.Embedding), SAMPLE_VOCAB
 * (random rows of embed.tokens) or TEXT (the rows of the init text's UTF-8 bytes, repeated).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, MethodFactory } from './types';
import { effectiveParams, familyOf, normal, num, rng, Store, variableNamer } from './common';

export const promptTuning: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('prompt_tuning', params);
  if (familyOf(model) !== 'transformer')
    throw new Error('prompt_tuning needs a token model; the mlp family has no sequence');
  const nv = num(p, 'num_virtual_tokens', 8);
  const d = model.width;
  const next = rng(ctx.seed);
  const init = typeof p['prompt_tuning_init'] === 'string' ? p['prompt_tuning_init'] : 'RANDOM';
  let values: Float32Array;
  if (init === 'RANDOM') values = normal(next, nv * d, 0, 1);
  else {
    const table = model.variables.get('embed.tokens');
    if (!table) throw new Error('prompt_tuning: the model has no embed.tokens to initialise from');
    const rows = table.shape[0];
    const ids =
      init === 'TEXT'
        ? [
            ...new TextEncoder().encode(
              typeof p['prompt_tuning_init_text'] === 'string' ? p['prompt_tuning_init_text'] : '',
            ),
          ]
        : Array.from({ length: nv }, () => Math.floor(next() * rows));
    if (ids.length === 0)
      throw new Error('prompt_tuning_init = TEXT needs a non-empty prompt_tuning_init_text');
    const t = table.dataSync();
    values = new Float32Array(nv * d);
    for (let i = 0; i < nv; i++)
      values.set(t.subarray(ids[i % ids.length]! * d, ids[i % ids.length]! * d + d), i * d);
  }
  const store = new Store(variableNamer('prompt_tuning'));
  const prompt = store.variable('prompt_embeddings', [nv, d], values);
  return {
    trainable: [prompt],
    embed(h) {
      const b = h.shape[0];
      return tf.concat([tf.tile(tf.reshape(prompt, [1, nv, d]), [b, 1, 1]), h], 1) as tf.Tensor3D;
    },
    state: () => new Map([['prompt_embeddings', tf.clone(prompt)]]),
    trainableCount: () => prompt.size,
    dispose: () => store.dispose(),
  } satisfies AttachedMethod;
};
