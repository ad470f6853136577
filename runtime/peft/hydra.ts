// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * Hydra (PEFT-METHODS §1.12): a parallel LoRA-style branch on the input and a sequential one on
 * the frozen layer's output, h = y + s·up_p(drop(down_p(x))) + s·up_s(drop(down_s(y))), y = W·x + b.
 * Down projections Xavier-uniform, up projections 0 (so h = y at init); biases with branch_bias.
 * Merged: K' = K + s(A_p·B_p + K·A_s·B_s), b' = b + s(b·A_s·B_s + branch biases) (tfjs layout).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import {
  count,
  effectiveParams,
  num,
  peftKey,
  rng,
  Store,
  targetSites,
  trainDropout,
  uniform,
  variableNamer,
} from './common';

interface Branch {
  down: tf.Variable;
  up: tf.Variable;
  downBias: tf.Variable | null;
  upBias: tf.Variable | null;
}
interface HydraSite {
  site: LinearSite;
  par: Branch;
  seq: Branch;
  s: number;
  dropout: number;
}

export const hydra: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('hydra', params);
  const store = new Store(variableNamer('hydra'));
  const next = rng(ctx.seed);
  const biases = p['branch_bias'] === true;
  const sites = new Map<string, HydraSite>();
  const branch = (name: string, dIn: number, r: number, dOut: number): Branch => ({
    down: store.variable(
      `${name}.down`,
      [dIn, r],
      uniform(next, dIn * r, Math.sqrt(6 / (dIn + r))),
    ),
    up: store.variable(`${name}.up`, [r, dOut], new Float32Array(r * dOut)),
    downBias: biases ? store.variable(`${name}.down_bias`, [r], new Float32Array(r)) : null,
    upBias: biases ? store.variable(`${name}.up_bias`, [dOut], new Float32Array(dOut)) : null,
  });
  for (const { site, p: sp } of targetSites(model, p, 'hydra')) {
    const r = num(sp, 'r', 8);
    if (r < 1 || r > Math.min(site.dIn, site.dOut))
      throw new Error(
        `hydra: r = ${r} must be in [1, ${Math.min(site.dIn, site.dOut)}] at ${site.name}`,
      );
    sites.set(site.name, {
      site,
      s: num(sp, 'scaling', 0.1),
      dropout: num(sp, 'dropout', 0),
      par: branch(`${site.name}.hydra_parallel`, site.dIn, r, site.dOut),
      seq: branch(`${site.name}.hydra_sequential`, site.dOut, r, site.dOut),
    });
  }
  const trainable = [...store.vars];
  const run = (b: Branch, x: tf.Tensor2D, rate: number): tf.Tensor2D => {
    const h = trainDropout(
      model.linear(
        x,
        b.down as unknown as tf.Tensor2D,
        b.downBias as unknown as tf.Tensor1D | null,
        true,
      ),
      rate,
      ctx.seed,
    );
    return model.linear(
      h,
      b.up as unknown as tf.Tensor2D,
      b.upBias as unknown as tf.Tensor1D | null,
      true,
    );
  };
  const bias1 = (b: Branch): tf.Tensor1D | null =>
    b.downBias
      ? (tf.add(
          tf.reshape(tf.matMul(tf.reshape(b.downBias, [1, -1]), b.up), [-1]),
          b.upBias!,
        ) as tf.Tensor1D)
      : null;
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const hs = sites.get(site.name);
      if (!hs) return base(x);
      const y = base(x);
      return tf.add(
        y,
        tf.mul(tf.add(run(hs.par, x, hs.dropout), run(hs.seq, y, hs.dropout)), hs.s),
      );
    },
    merge: () =>
      new Map(
        [...sites.values()].map((hs) => [
          hs.site.name,
          tf.tidy(() => {
            const k = hs.site.kernel as unknown as tf.Tensor2D;
            const upd = tf.add(
              tf.matMul(hs.par.down, hs.par.up),
              tf.matMul(tf.matMul(k, hs.seq.down), hs.seq.up),
            );
            return tf.add(k, tf.mul(upd, hs.s)) as tf.Tensor2D;
          }),
        ]),
      ),
    mergeBiases() {
      const out = new Map<string, tf.Tensor1D>();
      for (const hs of sites.values()) {
        if (!hs.site.bias && !biases) continue;
        if (!hs.site.bias)
          throw new Error(
            `hydra: cannot merge branch biases into ${hs.site.name}, which has no bias`,
          );
        out.set(
          hs.site.name,
          tf.tidy(() => {
            const b = hs.site.bias as unknown as tf.Tensor1D;
            let extra: tf.Tensor1D = tf.reshape(
              tf.matMul(tf.matMul(tf.reshape(b, [1, -1]), hs.seq.down), hs.seq.up),
              [-1],
            );
            const bp = bias1(hs.par),
              bs = bias1(hs.seq);
            if (bp && bs) extra = tf.add(extra, tf.add(bp, bs));
            return tf.add(b, tf.mul(extra, hs.s)) as tf.Tensor1D;
          }),
        );
      }
      return out;
    },
    state() {
      const out = new Map<string, tf.Tensor>();
      for (const hs of sites.values())
        for (const [tag, b] of [
          ['hydra_parallel', hs.par],
          ['hydra_sequential', hs.seq],
        ] as const) {
          out.set(peftKey(hs.site.name, `${tag}.down.weight`), tf.transpose(b.down));
          out.set(peftKey(hs.site.name, `${tag}.up.weight`), tf.transpose(b.up));
          if (b.downBias) out.set(peftKey(hs.site.name, `${tag}.down.bias`), tf.clone(b.downBias));
          if (b.upBias) out.set(peftKey(hs.site.name, `${tag}.up.bias`), tf.clone(b.upBias));
        }
      return out;
    },
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};
