/**
 * Bone, block affine (PEFT-METHODS §1.11): W'_ij = W_ij·(I + B_i) + B_i over r×r blocks, one
 * trained block per row of blocks (zero init): d_out·r per site. Like PEFT, the adapted weight is
 * materialised each step and applied with the fast linear.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import { count, effectiveParams, num, peftKey, Store, targetSites, variableNamer } from './common';

interface BoneSite {
  site: LinearSite;
  block: tf.Variable; // [d_out/r, r, r]
  r: number;
}

/** The adapted kernel in tfjs layout [dIn, dOut]. */
function adapted(bs: BoneSite): tf.Tensor2D {
  const { dIn, dOut } = bs.site;
  const r = bs.r,
    nO = dOut / r,
    nI = dIn / r;
  const w = tf.transpose(bs.site.kernel); // PyTorch W [dOut, dIn]
  const wb = tf.reshape(w, [nO, r * nI, r]); // rows (a, j), columns c of block W_ij
  const prod = tf.reshape(tf.matMul(wb, bs.block as unknown as tf.Tensor3D), [nO, r, nI, r]);
  const delta = tf.add(prod, tf.reshape(bs.block, [nO, r, 1, r]));
  return tf.transpose(tf.add(w, tf.reshape(delta, [dOut, dIn]))) as tf.Tensor2D;
}

export const bone: MethodFactory = (model, params) => {
  const p = effectiveParams('bone', params);
  const store = new Store(variableNamer('bone'));
  const sites = new Map<string, BoneSite>();
  for (const { site, p: sp } of targetSites(model, p, 'bone')) {
    const r = num(sp, 'r', 64);
    if (site.dIn % r !== 0 || site.dOut % r !== 0)
      throw new Error(
        `bone: r = ${r} must divide d_in = ${site.dIn} and d_out = ${site.dOut} at ${site.name}`,
      );
    sites.set(site.name, {
      site,
      r,
      block: store.variable(
        `${site.name}.bone_block`,
        [site.dOut / r, r, r],
        new Float32Array(site.dOut * r),
      ),
    });
  }
  const trainable = [...store.vars];
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const bs = sites.get(site.name);
      if (!bs) return base(x);
      return model.linear(x, adapted(bs), site.bias as unknown as tf.Tensor1D | null, true);
    },
    merge: () =>
      new Map([...sites.values()].map((bs) => [bs.site.name, tf.tidy(() => adapted(bs))])),
    state: () =>
      new Map(
        [...sites.values()].map((bs) => [peftKey(bs.site.name, 'miss_block'), tf.clone(bs.block)]),
      ),
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};
