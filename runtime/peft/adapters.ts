/**
 * Bottleneck adapters (PEFT-METHODS §1.17, LLM-Adapters): g(z) = s·U·f(D·drop(z)) (+ biases).
 * Series: after each chosen sub-block output (transformer: attn/mlp, mlp family: each hidden
 * layer), h + g(h). Parallel: beside a targeted linear, W·x + b + g(x).
 * init_weights bert: D, U ~ N(0, 0.02²); mam_adapter: D kaiming-uniform, U = 0 (no-op start).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Params } from '../../core/catalog';
import { numList, strList } from '../../core/catalog/values';
import type { AttachedMethod, MethodFactory } from './types';
import {
  activate,
  count,
  effectiveParams,
  familyOf,
  normal,
  num,
  peftKey,
  rng,
  Store,
  targetSites,
  trainDropout,
  uniform,
  variableNamer,
} from './common';

interface Bottleneck {
  key: string;
  down: tf.Variable; // [dIn, m]
  up: tf.Variable; // [m, dOut]
  downBias: tf.Variable | null;
  upBias: tf.Variable | null;
  /** s, or a trained scalar per insertion with scaling = learned. */
  scale: tf.Variable | number;
}

function bottlenecks(p: Params, store: Store, seed: number) {
  const next = rng(seed);
  const m = num(p, 'bottleneck_size', 256);
  const mam = p['init_weights'] === 'mam_adapter';
  const bias = p['adapter_bias'] === true;
  const make = (key: string, dIn: number, dOut: number): Bottleneck => ({
    key,
    down: store.variable(
      `${key}.adapter_down`,
      [dIn, m],
      mam ? uniform(next, dIn * m, 1 / Math.sqrt(dIn)) : normal(next, dIn * m, 0, 0.02),
    ),
    up: store.variable(
      `${key}.adapter_up`,
      [m, dOut],
      mam ? new Float32Array(m * dOut) : normal(next, m * dOut, 0, 0.02),
    ),
    downBias: bias ? store.variable(`${key}.adapter_down_bias`, [m], new Float32Array(m)) : null,
    upBias: bias ? store.variable(`${key}.adapter_up_bias`, [dOut], new Float32Array(dOut)) : null,
    scale:
      p['scaling'] === 'learned'
        ? store.variable(`${key}.adapter_scaling`, [], Float32Array.of(1))
        : num(p, 'scaling', 1),
  });
  return make;
}

function apply(
  model: Parameters<MethodFactory>[0],
  b: Bottleneck,
  z: tf.Tensor2D,
  p: Params,
  seed: number,
): tf.Tensor2D {
  const h = model.linear(
    trainDropout(z, num(p, 'adapter_dropout', 0), seed),
    b.down as unknown as tf.Tensor2D,
    b.downBias as unknown as tf.Tensor1D | null,
    true,
  );
  const g = model.linear(
    activate(h, typeof p['non_linearity'] === 'string' ? p['non_linearity'] : 'tanh'),
    b.up as unknown as tf.Tensor2D,
    b.upBias as unknown as tf.Tensor1D | null,
    true,
  );
  return tf.mul(g, b.scale);
}

function stateOf(list: Iterable<Bottleneck>): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  for (const b of list) {
    out.set(peftKey(b.key, 'adapter_down.weight'), tf.transpose(b.down));
    out.set(peftKey(b.key, 'adapter_up.weight'), tf.transpose(b.up));
    if (b.downBias) out.set(peftKey(b.key, 'adapter_down.bias'), tf.clone(b.downBias));
    if (b.upBias) out.set(peftKey(b.key, 'adapter_up.bias'), tf.clone(b.upBias));
  }
  return out;
}

export const adapterSeries: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('adapter_series', params);
  const store = new Store(variableNamer('adapter_series'));
  const make = bottlenecks(p, store, ctx.seed);
  const layers = numList(p, 'layers_to_transform');
  const keep = (l: number) => !layers || layers.includes(l);
  const inserted = new Map<string, Bottleneck>();
  if (familyOf(model) === 'mlp') {
    for (const s of model.sites)
      if (s.layer >= 0 && keep(s.layer))
        inserted.set(`${s.layer}.mlp`, make(s.name, s.dOut, s.dOut));
  } else {
    const positions = strList(p['positions']) ?? ['attn', 'mlp'];
    for (let l = 0; l < model.depth; l++)
      if (keep(l))
        for (const pos of positions)
          inserted.set(`${l}.${pos}`, make(`layers.${l}.${pos}`, model.width, model.width));
  }
  const trainable = [...store.vars];
  return {
    trainable,
    afterSublayer(layer, which, h) {
      const b = inserted.get(`${layer}.${which}`);
      return b ? tf.add(h, apply(model, b, h, p, ctx.seed)) : h;
    },
    state: () => stateOf(inserted.values()),
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  } satisfies AttachedMethod;
};

export const adapterParallel: MethodFactory = (model, params, ctx) => {
  const p = effectiveParams('adapter_parallel', params);
  const store = new Store(variableNamer('adapter_parallel'));
  const make = bottlenecks(p, store, ctx.seed);
  const sites = new Map<string, Bottleneck>();
  for (const { site } of targetSites(model, p, 'adapter_parallel'))
    sites.set(site.name, make(site.name, site.dIn, site.dOut));
  const trainable = [...store.vars];
  return {
    trainable,
    linear(site, x, base) {
      const b = sites.get(site.name);
      return b ? tf.add(base(x), apply(model, b, x, p, ctx.seed)) : base(x);
    },
    state: () => stateOf(sites.values()),
    trainableCount: () => count(trainable),
    dispose: () => store.dispose(),
  } satisfies AttachedMethod;
};
