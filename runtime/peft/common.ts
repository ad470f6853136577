// tf.tidy's inferred generic is Tensor<Rank>; the casts name the rank the formulas produce.
/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
/**
 * Shared plumbing for the PEFT methods: parameter readers with catalog defaults, PEFT target
 * matching over the model's sites, uniquely named variables, seeded initialisers, dropout that
 * runs only while gradients are recorded, and a detach for DoRA's norm.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../core/random';
import type { PlanValue } from '../../core/types/plan';
import { matchTargets, siteParamsOf, withDefaults } from '../../core/catalog';
import type { Params, Site } from '../../core/catalog';
import type { BaseModelHandle, LinearSite } from './types';
import { customGrad } from '../model/linear';
import { gelu } from '../model/layers';

/** `params` with the catalog's defaults for `method` filled in (written values win). */
export function effectiveParams(method: string, params: Record<string, PlanValue>): Params {
  return withDefaults('adapter', method, params);
}

/** The catalog's reader of numeric params: one `num` for the estimates and the engine. */
export { num } from '../../core/catalog/values';

/** The catalog family of a handle: transformer sites live under `.attn.` / `.mlp.`. */
export function familyOf(model: BaseModelHandle): 'transformer' | 'mlp' {
  return model.sites.some((s) => s.name.includes('.attn.')) ? 'transformer' : 'mlp';
}

export const catalogSite = (s: LinearSite): Site => ({
  name: s.name,
  layer: s.layer,
  dIn: s.dIn,
  dOut: s.dOut,
  bias: s.bias !== null,
});

/**
 * The sites `p` targets (target_modules / exclude_modules / layers_to_transform, PEFT rules), each
 * with its own params (rank_pattern / alpha_pattern applied). Throws naming the pattern when it is
 * an invalid regex or matches nothing.
 */
export function targetSites(
  model: BaseModelHandle,
  p: Params,
  method: string,
): { site: LinearSite; p: Params }[] {
  const m = matchTargets(model.sites.map(catalogSite), p, familyOf(model));
  if (m.error) throw new Error(`${method}: ${m.error}`);
  const byName = new Map(model.sites.map((s) => [s.name, s]));
  const out = m.sites.map((s) => ({ site: byName.get(s.name)!, p: siteParamsOf(s, p) }));
  if (out.length === 0)
    throw new Error(
      `${method}: target_modules ${JSON.stringify(p['target_modules'] ?? null)} matches no site (sites: ${model.sites.map((s) => s.name).join(', ')})`,
    );
  return out;
}

let attachCount = 0;
/** A namer for one attachment: tfjs variable names are global, so each attach gets a prefix. */
export function variableNamer(method: string): (local: string) => string {
  const id = attachCount++;
  return (local) => `peft${id}.${method}.${local}`;
}

/** Deterministic uniform [0, 1) stream (mulberry32), identical on every backend. */
export function rng(seed: number): () => number {
  return mulberry32((seed >>> 0) + 0x6d2b79f5);
}

export function uniform(next: () => number, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (2 * next() - 1) * bound;
  return out;
}

export function normal(next: () => number, n: number, mean: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(next(), 1e-12);
    out[i] = mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  return out;
}

/** Owns the variables and kept constants of one attachment, so dispose frees them all. */
export class Store {
  readonly vars: tf.Variable[] = [];
  readonly consts: tf.Tensor[] = [];
  constructor(readonly name: (local: string) => string) {}
  variable(local: string, shape: number[], values: Float32Array, trainable = true): tf.Variable {
    const init = tf.tensor(values, shape, 'float32');
    const v = tf.variable(init, trainable, this.name(local));
    // The variable holds its own reference to the data; the initial tensor would otherwise leak.
    init.dispose();
    this.vars.push(v);
    return v;
  }
  keep<T extends tf.Tensor>(t: T): T {
    this.consts.push(tf.keep(t));
    return t;
  }
  dispose(): void {
    for (const v of this.vars) v.dispose();
    for (const c of this.consts) c.dispose();
  }
}

export const count = (vars: readonly tf.Variable[]): number => vars.reduce((s, v) => s + v.size, 0);

/** True while tfjs records a gradient tape (training step), false in plain forward passes (eval). */
export function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state: { gradientDepth: number } }).state;
  return state.gradientDepth > 0;
}

let dropoutSeed = 0;
/**
 * How many dropout masks have been drawn: part of a checkpoint, so a resumed trial draws the
 * masks the uninterrupted one would have. The trainer sets it to 0 when a trial starts.
 */
export function dropoutPosition(): number {
  return dropoutSeed;
}
export function setDropoutPosition(n: number): void {
  dropoutSeed = n;
}
/** Inverted dropout during training steps only (PEFT's nn.Dropout in train mode). */
export function trainDropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  if (rate <= 0 || !recordingGradients()) return x;
  return tf.dropout(x, rate, undefined, seed * 7919 + dropoutSeed++) as T;
}

/** `fn()`'s value with no gradient flowing back (DoRA detaches its norm): computed off the tape. */
export function detached<T extends tf.Tensor>(fn: () => T): T {
  const dummy = tf.scalar(0);
  const f = customGrad((z: tf.Tensor, save: tf.GradSaveFunc) => {
    save([]);
    return { value: fn(), gradFunc: () => tf.zerosLike(z) };
  });
  return f(dummy) as T;
}

/** PyTorch layout of a tfjs kernel-like [dIn, dOut] tensor. */
export const torchLayout = (t: tf.Tensor2D): tf.Tensor2D => tf.transpose(t);

/** PEFT's state-dict prefix for a site. */
export const peftKey = (site: string, rest: string): string => `base_model.model.${site}.${rest}`;

/** The bottleneck adapters' non-linearity (GELU: the engine's tanh form). */
export function activate(x: tf.Tensor2D, f: string): tf.Tensor2D {
  if (f === 'relu') return tf.relu(x);
  if (f === 'gelu') return gelu(x) as tf.Tensor2D;
  if (f === 'silu') return tf.mul(x, tf.sigmoid(x));
  return tf.tanh(x);
}
