// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * LoKr (PEFT-METHODS §1.16, PEFT tuners/lokr): ΔW = (α/r)·(w1 ⊗ w2) with factor shapes from the
 * catalog's `lokrShapes` (PEFT's factorization); w1 and/or w2 become rank-r products when small
 * enough. Init as PEFT: w1 = 0 (or w1_a = 0), w2 kaiming-uniform, so the output starts unchanged.
 * ΔW is materialised per step (as PEFT does) and applied with the fast linear.
 */
import * as tf from '@tensorflow/tfjs-core';
import { lokrShapes } from '../../core/catalog/methods/kron';
import type { AttachedMethod, LinearSite, MethodFactory } from './types';
import {
  catalogSite,
  count,
  effectiveParams,
  num,
  peftKey,
  recordingGradients,
  rng,
  Store,
  targetSites,
  uniform,
  variableNamer,
} from './common';

interface Factor {
  full: tf.Variable | null;
  a: tf.Variable | null;
  b: tf.Variable | null;
}
interface LokrSite {
  site: LinearSite;
  w1: Factor;
  w2: Factor;
  s: number;
}

const value = (f: Factor): tf.Tensor2D =>
  (f.full as unknown as tf.Tensor2D) ?? tf.matMul(f.a!, f.b!);

/** ΔW in tfjs layout [dIn, dOut]: (w1 ⊗ w2)ᵀ. */
function delta(ls: LokrSite): tf.Tensor2D {
  const w1 = value(ls.w1),
    w2 = value(ls.w2);
  const [l, m] = w1.shape,
    [k, n] = w2.shape;
  const kron = tf.mul(tf.reshape(w1, [l, 1, m, 1]), tf.reshape(w2, [1, k, 1, n]));
  return tf.mul(tf.transpose(tf.reshape(kron, [l * k, m * n])), ls.s);
}

export const lokr: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('lokr', params);
  const store = new Store(variableNamer('lokr'));
  const next = rng(ctx.seed);
  const init = p['init_weights'];
  const rankDropout = num(p, 'rank_dropout', 0);
  const moduleDropout = num(p, 'module_dropout', 0);
  const sites = new Map<string, LokrSite>();
  for (const { site, p: sp } of targetSites(model, p, 'lokr')) {
    const { r, w1, w2, useW1, useW2 } = lokrShapes(catalogSite(site), sp);
    const factor = (
      tag: string,
      shape: readonly [number, number],
      full: boolean,
      zero: boolean,
    ): Factor => {
      const [o, i] = shape;
      const rand = (rows: number, cols: number) => uniform(next, rows * cols, 1 / Math.sqrt(cols));
      if (full)
        return {
          full: store.variable(
            `${site.name}.lokr_${tag}`,
            [o, i],
            zero ? new Float32Array(o * i) : rand(o, i),
          ),
          a: null,
          b: null,
        };
      return {
        full: null,
        a: store.variable(
          `${site.name}.lokr_${tag}_a`,
          [o, r],
          zero ? new Float32Array(o * r) : rand(o, r),
        ),
        b: store.variable(`${site.name}.lokr_${tag}_b`, [r, i], rand(r, i)),
      };
    };
    sites.set(site.name, {
      site,
      s: num(sp, 'alpha', 8) / r,
      w1: factor('w1', w1, useW1, init === true || init === undefined),
      w2: factor('w2', w2, useW2, init === 'lycoris'),
    });
  }
  const trainable = [...store.vars];
  const adapted = (ls: LokrSite) => tf.add(ls.site.kernel, delta(ls)) as tf.Tensor2D;
  /**
   * Training only, as PEFT's LoKr layer: module_dropout drops the whole ΔW of a site for one step
   * with that probability; rank_dropout zeroes each output row of ΔW (a column here) with
   * that probability (PEFT's rank_dropout_scale = False: no rescaling).
   */
  const trainingDelta = (ls: LokrSite): tf.Tensor2D => {
    if (!recordingGradients()) return delta(ls);
    // × 0 rather than skipping: the factors stay on the tape (a zero gradient, as in PyTorch).
    if (moduleDropout > 0 && next() < moduleDropout) return tf.mul(delta(ls), 0);
    if (rankDropout <= 0) return delta(ls);
    const keep = Float32Array.from({ length: ls.site.dOut }, () => (next() > rankDropout ? 1 : 0));
    return tf.mul(delta(ls), tf.tensor1d(keep));
  };
  return {
    trainable,
    linear(site, x, base) {
      const ls = sites.get(site.name);
      if (!ls) return base(x);
      return model.linear(
        x,
        tf.add(ls.site.kernel, trainingDelta(ls)),
        site.bias as unknown as tf.Tensor1D | null,
        true,
      );
    },
    merge: () =>
      new Map([...sites.values()].map((ls) => [ls.site.name, tf.tidy(() => adapted(ls))])),
    state() {
      const out = new Map<string, tf.Tensor>();
      for (const ls of sites.values())
        for (const [tag, f] of [
          ['w1', ls.w1],
          ['w2', ls.w2],
        ] as const) {
          if (f.full) out.set(peftKey(ls.site.name, `lokr_${tag}`), tf.clone(f.full));
          else {
            out.set(peftKey(ls.site.name, `lokr_${tag}_a`), tf.clone(f.a!));
            out.set(peftKey(ls.site.name, `lokr_${tag}_b`), tf.clone(f.b!));
          }
        }
      return out;
    },
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  } satisfies AttachedMethod;
};
