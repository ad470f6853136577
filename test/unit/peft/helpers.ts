/** Shared fixtures for the PEFT method tests: tiny engine models, batches, catalog counts, merge views. */
import * as tf from '@tensorflow/tfjs-core';
import {
  getMethod,
  matchTargets,
  siteParamsOf,
  trainableParams,
  withDefaults,
  type ModelShape,
} from '../../../core/catalog';
import type { PlanValue } from '../../../core/types/plan';
import { createMlp } from '../../../runtime/model/mlp';
import { createTransformer } from '../../../runtime/model/transformer';
import type { ClsBatch, EngineModel, LmBatch } from '../../../runtime/model/types';
import { catalogSite, rng } from '../../../runtime/peft/common';
import { getMethodFactory } from '../../../runtime/peft';
import type { AttachedMethod } from '../../../runtime/peft/types';
import { createAdamW } from '../../../runtime/train/optimizers';
import { trainStep } from '../../../runtime/train/step';

export const MLP = { nIn: 8, hidden: [16, 16], classes: 4 };
export const TINY_LM = { vocab: 256, width: 16, depth: 1, heads: 2, context: 8, mlpRatio: 4 };

export interface Case {
  method: string;
  params: Record<string, PlanValue>;
  family: 'mlp' | 'transformer';
  /** The output at init equals the base output (the method says so for these params). */
  identity: boolean;
  mergeable: boolean;
  /** Variables the finite-difference check covers (DoRA detaches its norm, so only m has the exact gradient). */
  fdVars?: (name: string) => boolean;
}

export const makeModel = (family: 'mlp' | 'transformer', seed = 3): EngineModel =>
  family === 'mlp' ? createMlp(MLP, seed) : createTransformer(TINY_LM, seed);

/** A learnable classification task: the class is the argmax of a fixed random projection. */
export function clsBatch(n: number, seed: number): ClsBatch {
  const next = rng(seed);
  const proj = rng(99);
  const w = Array.from({ length: MLP.nIn * MLP.classes }, () => 2 * proj() - 1);
  const x = Float32Array.from({ length: n * MLP.nIn }, () => 2 * next() - 1);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0,
      bestV = -Infinity;
    for (let c = 0; c < MLP.classes; c++) {
      let v = 0;
      for (let j = 0; j < MLP.nIn; j++) v += x[i * MLP.nIn + j]! * w[j * MLP.classes + c]!;
      if (v > bestV) {
        bestV = v;
        best = c;
      }
    }
    y[i] = best;
  }
  return { kind: 'cls', x, y, batch: n, nIn: MLP.nIn };
}

/** A repetitive byte sequence the LM can learn quickly. */
export function lmBatch(batch: number, seed: number): LmBatch {
  const T = TINY_LM.context;
  const text = 'abcabdabcabd';
  const x = new Int32Array(batch * T),
    y = new Int32Array(batch * T);
  for (let b = 0; b < batch; b++) {
    const off = (b + seed) % 6;
    for (let t = 0; t < T; t++) {
      x[b * T + t] = text.charCodeAt((off + t) % text.length);
      y[b * T + t] = text.charCodeAt((off + t + 1) % text.length);
    }
  }
  return { kind: 'lm', x, y, batch, time: T };
}

export const batchFor = (family: 'mlp' | 'transformer', seed = 1) =>
  family === 'mlp' ? clsBatch(32, seed) : lmBatch(4, seed);

/** Records each site's input x (for EVA's calibration) with one plain forward pass. */
export function calibration(
  model: EngineModel,
  family: 'mlp' | 'transformer',
): () => Map<string, tf.Tensor2D> {
  const seen = new Map<string, tf.Tensor2D>();
  const rec: AttachedMethod = {
    trainable: [],
    linear(site, x, base) {
      if (!seen.has(site.name)) seen.set(site.name, tf.keep(tf.clone(x)));
      return base(x);
    },
    state: () => new Map(),
    trainableCount: () => 0,
    dispose: () => undefined,
  };
  tf.tidy(() => void model.logits(family === 'mlp' ? clsBatch(64, 7) : lmBatch(8, 7), rec));
  return () => seen;
}

export function attach(model: EngineModel, c: Case, seed = 5): AttachedMethod {
  const f = getMethodFactory(c.method);
  if (!f) throw new Error(`no factory for ${c.method}`);
  return f(model.handle, c.params, {
    seed,
    ...(c.params['init_lora_weights'] === 'eva' || c.method === 'eva'
      ? { calibrationInputs: calibration(model, c.family) }
      : {}),
  });
}

/** The catalog's trainable-parameter count for a case on `model`. */
export function catalogCount(model: EngineModel, c: Case, initial = true): number {
  const entry = getMethod(c.method);
  if (!entry) throw new Error(`catalog has no method ${c.method}`);
  const shape: ModelShape = {
    family: model.family,
    width: model.handle.width,
    depth: model.handle.depth,
    context: model.family === 'mlp' ? 1 : TINY_LM.context,
    sites: model.handle.sites.map(catalogSite),
    baseParams: model.paramCount,
    normParams: 0,
    outputs: model.family === 'mlp' ? MLP.classes : TINY_LM.vocab,
  };
  const p = withDefaults('adapter', c.method, c.params);
  if (initial && entry.siteParamsInitial)
    return matchTargets(shape.sites, p, shape.family).sites.reduce(
      (s, site) => s + entry.siteParamsInitial!(site, siteParamsOf(site, p)),
      0,
    );
  return trainableParams(entry, shape, p).total;
}

/** An attachment that runs the merged kernels (and biases) instead of the adapter. */
export function mergedView(
  m: AttachedMethod,
  model: EngineModel,
): { view: AttachedMethod; dispose(): void } {
  const kernels = m.merge!();
  const biases = m.mergeBiases?.() ?? new Map<string, tf.Tensor1D>();
  const view: AttachedMethod = {
    trainable: [],
    linear(site, x, base) {
      const k = kernels.get(site.name);
      if (!k) return base(x);
      return model.handle.linear(
        x,
        k,
        biases.get(site.name) ?? (site.bias as unknown as tf.Tensor1D | null),
        false,
      );
    },
    state: () => new Map(),
    trainableCount: () => 0,
    dispose: () => undefined,
  };
  return {
    view,
    dispose: () => [...kernels.values(), ...biases.values()].forEach((t) => t.dispose()),
  };
}

export const lossOf = (
  model: EngineModel,
  batch: ReturnType<typeof batchFor>,
  m?: AttachedMethod,
): number => tf.tidy(() => model.loss(batch, m).dataSync()[0]!);
export const logitsOf = (
  model: EngineModel,
  batch: ReturnType<typeof batchFor>,
  m?: AttachedMethod,
): Float32Array => tf.tidy(() => model.logits(batch, m).dataSync() as Float32Array);

/** Runs `steps` engine training steps (AdamW), returning the losses. */
export async function train(
  model: EngineModel,
  m: AttachedMethod,
  steps: number,
  lr = 1e-2,
): Promise<number[]> {
  const opt = createAdamW({ lr, weight_decay: 0 });
  const out: number[] = [];
  for (let s = 0; s < steps; s++)
    out.push((await trainStep(model, m, opt, batchFor(model.family, s % 4), lr, 1, s)).loss);
  opt.dispose?.();
  return out;
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
};
