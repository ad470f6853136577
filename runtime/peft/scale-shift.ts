// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * Feature scaling methods. (IA)³ (PEFT IA3): a learned vector rescales a site's output (d_out), or
 * for feedforward_modules its input (d_in), init 1. SSF (PEFT-METHODS §1.18): y' = γ ⊙ y + β after
 * each targeted linear, γ ~ N(1, 0.02²), β ~ N(0, 0.02²). Both merge into the linear.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import {
  count,
  effectiveParams,
  normal,
  peftKey,
  rng,
  Store,
  targetSites,
  variableNamer,
} from './common';
import { strList } from '../../core/catalog/values';

const isFeedforward = (name: string, ff: readonly string[]) =>
  ff.some((e) => name === e || name.endsWith(`.${e}`));

export const ia3: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('ia3', params);
  const store = new Store(variableNamer('ia3'));
  const next = rng(ctx.seed);
  const ff = strList(p['feedforward_modules']) ?? [];
  const sites = new Map<string, { site: LinearSite; l: tf.Variable; input: boolean }>();
  for (const { site } of targetSites(model, p, 'ia3')) {
    const input = isFeedforward(site.name, ff);
    const n = input ? site.dIn : site.dOut;
    const init =
      p['init_ia3_weights'] === false ? normal(next, n, 1, 0.02) : new Float32Array(n).fill(1);
    sites.set(site.name, { site, input, l: store.variable(`${site.name}.ia3_l`, [n], init) });
  }
  const trainable = [...store.vars];
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const s = sites.get(site.name);
      if (!s) return base(x);
      return s.input ? base(tf.mul(x, s.l)) : tf.mul(base(x), s.l);
    },
    merge: () =>
      new Map(
        [...sites.values()].map((s) => [
          s.site.name,
          tf.tidy(
            () => tf.mul(s.site.kernel, s.input ? tf.reshape(s.l, [-1, 1]) : s.l) as tf.Tensor2D,
          ),
        ]),
      ),
    mergeBiases: () =>
      new Map(
        [...sites.values()]
          .filter((s) => !s.input && s.site.bias)
          .map((s) => [s.site.name, tf.tidy(() => tf.mul(s.site.bias!, s.l) as tf.Tensor1D)]),
      ),
    state: () =>
      new Map(
        [...sites.values()].map((s) => [
          peftKey(s.site.name, 'ia3_l'),
          tf.reshape(s.l, s.input ? [1, s.site.dIn] : [s.site.dOut, 1]),
        ]),
      ),
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};

export const ssf: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('ssf', params);
  const store = new Store(variableNamer('ssf'));
  const next = rng(ctx.seed);
  const sites = new Map<string, { site: LinearSite; g: tf.Variable; b: tf.Variable }>();
  for (const { site } of targetSites(model, p, 'ssf')) {
    sites.set(site.name, {
      site,
      g: store.variable(`${site.name}.ssf_scale`, [site.dOut], normal(next, site.dOut, 1, 0.02)),
      b: store.variable(`${site.name}.ssf_shift`, [site.dOut], normal(next, site.dOut, 0, 0.02)),
    });
  }
  const trainable = [...store.vars];
  const method: AttachedMethod = {
    trainable,
    linear(site, x, base) {
      const s = sites.get(site.name);
      return s ? tf.add(tf.mul(base(x), s.g), s.b) : base(x);
    },
    merge: () =>
      new Map(
        [...sites.values()].map((s) => [
          s.site.name,
          tf.tidy(() => tf.mul(s.site.kernel, s.g) as tf.Tensor2D),
        ]),
      ),
    mergeBiases() {
      const out = new Map<string, tf.Tensor1D>();
      for (const s of sites.values()) {
        if (!s.site.bias)
          throw new Error(`ssf: cannot merge the shift into ${s.site.name}, which has no bias`);
        out.set(
          s.site.name,
          tf.tidy(() => tf.add(tf.mul(s.site.bias!, s.g), s.b) as tf.Tensor1D),
        );
      }
      return out;
    },
    state() {
      const out = new Map<string, tf.Tensor>();
      for (const s of sites.values()) {
        out.set(peftKey(s.site.name, 'ssf_scale'), tf.clone(s.g));
        out.set(peftKey(s.site.name, 'ssf_shift'), tf.clone(s.b));
      }
      return out;
    },
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  };
  return method;
};
