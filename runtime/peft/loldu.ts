// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * LoLDU (PEFT-METHODS §1.10): W = P·L·U (partial pivoting), D = diag(U), U ← U/D; the frozen base
 * becomes W_res = W − s₀·P·L_r·diag(z₀)·U_r and the forward adds s·P·L_r·diag(z)·U_r with only z
 * (r) and the scalar s trained: r + 1 per site. In tfjs layout: y = x·K_res + b + s·((x·U_rᵀ)⊙z)·(P·L_r)ᵀ.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import {
  count,
  effectiveParams,
  normal,
  num,
  peftKey,
  rng,
  Store,
  targetSites,
  variableNamer,
} from './common';
import { lu, mat, transpose } from './linalg';

interface LolduSite {
  site: LinearSite;
  z: tf.Variable;
  s: tf.Variable;
  ut: tf.Tensor2D; // U_rᵀ [dIn, r]
  plt: tf.Tensor2D; // (P·L_r)ᵀ [r, dOut]
  residual: tf.Tensor2D;
}

function zInit(kind: string, d: Float64Array, next: () => number): Float32Array {
  const r = d.length;
  if (kind === 'lu') return Float32Array.from(d);
  if (kind === 'ones') return new Float32Array(r).fill(1);
  if (kind === 'zeros') return new Float32Array(r);
  if (kind === 'constant') return new Float32Array(r).fill(0.1);
  if (kind === 'uniform') return Float32Array.from({ length: r }, () => next());
  if (kind === 'normal') return normal(next, r, 0, 1);
  throw new Error(
    `loldu: z_init = ${JSON.stringify(kind)} is not one of lu, uniform, normal, constant, ones, zeros`,
  );
}

export const loldu: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('loldu', params);
  const store = new Store(variableNamer('loldu'));
  const next = rng(ctx.seed);
  const sites = new Map<string, LolduSite>();
  for (const { site, p: sp } of targetSites(model, p, 'loldu')) {
    const r = num(sp, 'r', 8);
    const k = Math.min(site.dIn, site.dOut);
    if (r < 1 || r > k) throw new Error(`loldu: r = ${r} must be in [1, ${k}] at ${site.name}`);
    const w = transpose(mat(site.dIn, site.dOut, site.kernel.dataSync())); // PyTorch W [dOut, dIn]
    const { perm, l, u } = lu(w);
    const d = new Float64Array(r);
    const ut = new Float32Array(site.dIn * r);
    for (let i = 0; i < r; i++) {
      const di = u.data[i * site.dIn + i]!;
      d[i] = di;
      const safe = Math.abs(di) > 1e-12 ? di : 1e-12;
      for (let c = 0; c < site.dIn; c++) ut[c * r + i] = u.data[i * site.dIn + c]! / safe;
    }
    const plt = new Float32Array(r * site.dOut);
    for (let i = 0; i < site.dOut; i++)
      for (let j = 0; j < r; j++) plt[j * site.dOut + perm[i]!] = l.data[i * l.cols + j]!;
    const z0 = zInit(typeof sp['z_init'] === 'string' ? sp['z_init'] : 'lu', d, next);
    const s0 = num(sp, 'lora_alpha', 8) / r;
    const utT = store.keep(tf.tensor2d(ut, [site.dIn, r]));
    const pltT = store.keep(tf.tensor2d(plt, [r, site.dOut]));
    const residual = store.keep(
      tf.tidy(
        () =>
          tf.sub(
            site.kernel,
            tf.mul(tf.matMul(tf.mul(utT, tf.tensor1d(z0)), pltT), s0),
          ) as tf.Tensor2D,
      ),
    );
    sites.set(site.name, {
      site,
      z: store.variable(`${site.name}.loldu_z`, [r], z0),
      s: store.variable(`${site.name}.loldu_scale`, [], Float32Array.of(s0)),
      ut: utT,
      plt: pltT,
      residual,
    });
  }
  const trainable = [...store.vars];
  const delta = (ls: LolduSite) => tf.mul(tf.matMul(tf.mul(ls.ut, ls.z), ls.plt), ls.s);
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const ls = sites.get(site.name);
      if (!ls) return base(x);
      const y = model.linear(x, ls.residual, site.bias as unknown as tf.Tensor1D | null, false);
      const h = tf.mul(tf.mul(model.linear(x, ls.ut, null, false), ls.z), ls.s);
      return tf.add(y, model.linear(h as tf.Tensor2D, ls.plt, null, false));
    },
    merge: () =>
      new Map(
        [...sites.values()].map((ls) => [
          ls.site.name,
          tf.tidy(() => tf.add(ls.residual, delta(ls)) as tf.Tensor2D),
        ]),
      ),
    state() {
      const out = new Map<string, tf.Tensor>();
      for (const ls of sites.values()) {
        out.set(peftKey(ls.site.name, 'loldu_z'), tf.clone(ls.z));
        out.set(peftKey(ls.site.name, 'loldu_scale'), tf.reshape(ls.s, [1]));
      }
      return out;
    },
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};
