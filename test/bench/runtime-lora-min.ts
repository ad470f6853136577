/**
 * A minimal LoRA (r, alpha on chosen sites; A Gaussian/√dIn, B = 0) for the runtime benchmark and
 * the runtime's own tests, so they do not depend on runtime/peft. Not the product's LoRA.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, MethodFactory } from '../../runtime/peft/types';
import { normalValues } from '../../runtime/model/init';

export const minimalLora: MethodFactory = (model, params, ctx) => {
  const r = Number(params['r'] ?? 8);
  const alpha = Number(params['lora_alpha'] ?? 16);
  const targets = (params['target_modules'] as string[] | undefined) ?? ['q', 'v'];
  const scale = alpha / r;
  const ab = new Map<string, [tf.Variable, tf.Variable]>();
  let seed = ctx.seed;
  for (const s of model.sites) {
    if (!targets.some((t) => s.name === t || s.name.endsWith(`.${t}`))) continue;
    const a = tf.variable(
      tf.tensor2d(normalValues(s.dIn * r, 1 / Math.sqrt(s.dIn), ++seed), [s.dIn, r]),
      true,
      `${s.name}.lora_A#${seed}`,
    );
    const b = tf.variable(tf.zeros([r, s.dOut]), true, `${s.name}.lora_B#${seed}`);
    ab.set(s.name, [a, b]);
  }
  const trainable = [...ab.values()].flat();
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const p = ab.get(site.name);
      if (!p) return base(x);
      const low = model.linear(
        model.linear(x, p[0] as unknown as tf.Tensor2D, null, true),
        p[1] as unknown as tf.Tensor2D,
        null,
        true,
      );
      return tf.add(base(x), tf.mul(low, scale));
    },
    state: () => {
      const m = new Map<string, tf.Tensor>();
      for (const [name, [a, b]] of ab) {
        m.set(`base_model.model.${name}.lora_A.weight`, tf.transpose(a));
        m.set(`base_model.model.${name}.lora_B.weight`, tf.transpose(b));
      }
      return m;
    },
    trainableCount: () => trainable.reduce((n, v) => n + v.size, 0),
    dispose: () => trainable.forEach((v) => v.dispose()),
  };
  return method;
};
