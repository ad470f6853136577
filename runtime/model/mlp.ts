/** The MLP classifier: linear sites `layers.0`, `layers.1`, … and `head`, all with bias; GELU. */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite } from '../peft/types';
import type { Batch, EngineModel } from './types';
import { linear } from './linear';
import { gelu } from './layers';
import { VariableFactory } from './init';
import { mlpParamCount, type MlpParams } from './params';
import { crossEntropy } from './transformer';

export function createMlp(p: MlpParams, seed: number): EngineModel {
  const f = new VariableFactory(seed);
  const sites: LinearSite[] = [];
  let prev = p.nIn;
  const dims = [...p.hidden, p.classes];
  dims.forEach((h, i) => {
    const name = i < p.hidden.length ? `layers.${i}` : 'head';
    // Kaiming-style scale keeps activations O(1) for any input width.
    const kernel = f.normal(`${name}.kernel`, [prev, h], 1 / Math.sqrt(prev));
    sites.push({
      name,
      layer: i < p.hidden.length ? i : -1,
      dIn: prev,
      dOut: h,
      kernel,
      bias: f.fill(`${name}.bias`, [h], 0),
    });
    prev = h;
  });
  let trainable = new Set<tf.Variable>();
  const handle = {
    width: p.hidden[0] ?? p.nIn,
    depth: p.hidden.length,
    sites,
    variables: f.variables,
    linear,
  };

  function logits(batch: Batch, method?: AttachedMethod): tf.Tensor2D {
    if (batch.kind !== 'cls')
      throw new Error(`mlp needs a classification batch, got ${batch.kind}`);
    if (batch.nIn !== p.nIn)
      throw new Error(`batch has ${batch.nIn} features, the model expects n_in = ${p.nIn}`);
    let h = tf.tensor2d(batch.x, [batch.batch, batch.nIn]);
    for (const s of sites) {
      const base = (xi: tf.Tensor2D): tf.Tensor2D =>
        linear(
          xi,
          s.kernel as unknown as tf.Tensor2D,
          s.bias as unknown as tf.Tensor1D,
          trainable.has(s.kernel),
        );
      h = method?.linear ? method.linear(s, h, base) : base(h);
      if (s.name !== 'head') {
        h = gelu(h);
        if (method?.afterSublayer) h = method.afterSublayer(s.layer, 'mlp', h);
      }
    }
    return h;
  }

  return {
    family: 'mlp',
    handle,
    paramCount: mlpParamCount(p),
    tokensPerExample: 1,
    forwardFlopsPerToken: 2 * mlpParamCount(p),
    setTrainable(list) {
      trainable = new Set(list);
    },
    logits,
    loss: (batch, method) => crossEntropy(logits(batch, method), batch.y, p.classes),
    dispose() {
      for (const v of f.variables.values()) v.dispose();
    },
  };
}
