/**
 * Sparse fine-tuning with a fixed random mask (PEFT-METHODS §1.22; APET-style, the SpIEL index
 * re-selection is not run): k = num_tunable_weights or round(density·Σ numel) entries of the
 * targeted kernels train, as a delta Δ (zero init) applied through K + Δ⊙M. The gradient of Δ is
 * masked, so optimizer moments and updates stay exactly zero off the mask.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import { effectiveParams, num, peftKey, rng, Store, targetSites, variableNamer } from './common';

interface SparseSite {
  site: LinearSite;
  delta: tf.Variable; // [dIn, dOut]
  mask: tf.Tensor2D;
}

/** k distinct indices of [0, total) (partial Fisher–Yates over a Uint32 range). */
function choose(total: number, k: number, next: () => number): Uint32Array {
  const idx = new Uint32Array(total);
  for (let i = 0; i < total; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (total - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, k);
}

export const sparse: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('sparse', params);
  const targets = targetSites(model, p, 'sparse').map((t) => t.site);
  const total = targets.reduce((s, t) => s + t.dIn * t.dOut, 0);
  const fixed = p['num_tunable_weights'];
  const k = typeof fixed === 'number' ? fixed : Math.round(num(p, 'density', 0.01) * total);
  if (!(k >= 1 && k <= total)) throw new Error(`sparse: k = ${k} tunable weights must be in [1, ${total}] (density = ${num(p, 'density', 0.01)})`);
  const chosen = choose(total, k, rng(ctx.seed));
  const store = new Store(variableNamer('sparse'));
  const masks = targets.map((t) => new Float32Array(t.dIn * t.dOut));
  const offsets = targets.map((_, i) => targets.slice(0, i).reduce((s, t) => s + t.dIn * t.dOut, 0));
  for (const g of chosen) {
    let i = targets.length - 1;
    while (offsets[i]! > g) i--;
    masks[i]![g - offsets[i]!] = 1;
  }
  const sites = new Map<string, SparseSite>();
  targets.forEach((site, i) => {
    sites.set(site.name, { site, delta: store.variable(`${site.name}.sparse_delta`, [site.dIn, site.dOut], new Float32Array(site.dIn * site.dOut)), mask: store.keep(tf.tensor2d(masks[i]!, [site.dIn, site.dOut])) });
  });
  const byVar = new Map([...sites.values()].map((s) => [s.delta.name, s]));
  const trainable = [...store.vars];
  const adapted = (s: SparseSite): tf.Tensor2D => tf.add(s.site.kernel, tf.mul(s.delta, s.mask));
  return {
    trainable,
    linear(site, x, base) {
      const s = sites.get(site.name);
      return s ? model.linear(x, adapted(s), site.bias as unknown as tf.Tensor1D | null, true) : base(x);
    },
    transformGradients(grads) {
      const out = new Map(grads);
      for (const [name, g] of grads) {
        const s = byVar.get(name);
        if (s) out.set(name, tf.mul(g, s.mask));
      }
      return out;
    },
    merge: () => new Map([...sites.values()].map((s) => [s.site.name, tf.tidy(() => adapted(s))])),
    state: () => new Map([...sites.values()].map((s) => [peftKey(s.site.name, 'sparse_delta'), tf.tidy(() => tf.transpose(tf.mul(s.delta, s.mask)))])),
    trainableCount: () => k,
    dispose: () => store.dispose(),
  } satisfies AttachedMethod;
};
