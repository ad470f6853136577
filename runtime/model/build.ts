/** Builds an engine model from a resolved catalog model; weights and state as safetensors. */
import * as tf from '@tensorflow/tfjs-core';
import type { ResolvedModel } from '../../core/types/plan';
import type { EngineModel } from './types';
import { createTransformer } from './transformer';
import { createMlp } from './mlp';
import { mlpParams, transformerParams } from './params';
import { decodeSafetensors, encodeSafetensors, type StoredTensor } from '../io/safetensors';

/** Throws naming the family when it is not "transformer" or "mlp". */
export function buildModel(model: ResolvedModel, seed: number): EngineModel {
  switch (model.family) {
    case 'transformer':
      return createTransformer(transformerParams(model.params), seed);
    case 'mlp':
      return createMlp(mlpParams(model.params), seed);
    default:
      throw new Error(
        `model family "${model.family}" cannot be trained by this runtime (expected transformer or mlp)`,
      );
  }
}

/** Base weights in this runtime's names and layout ([dIn, dOut] kernels), as safetensors. */
export function saveWeights(m: EngineModel, metadata: Record<string, string> = {}): Uint8Array {
  const out = new Map<string, StoredTensor>();
  for (const [name, v] of m.handle.variables)
    out.set(name, { dtype: 'F32', shape: v.shape, data: v.dataSync() as Float32Array });
  return encodeSafetensors(out, { format: 'peft-lab', layout: 'kernel[dIn,dOut]', ...metadata });
}

/** Loads weights saved by `saveWeights`; throws on a missing name or a shape mismatch. */
export function loadWeights(m: EngineModel, bytes: Uint8Array): void {
  const { tensors } = decodeSafetensors(bytes);
  for (const [name, v] of m.handle.variables) {
    const t = tensors.get(name);
    if (!t) throw new Error(`weights file lacks "${name}"`);
    if (t.shape.join() !== v.shape.join())
      throw new Error(
        `"${name}" has shape [${t.shape.join(', ')}], the model expects [${v.shape.join(', ')}]`,
      );
    tf.tidy(() => v.assign(tf.tensor(t.data, t.shape)));
  }
}

/**
 * Base weights in PyTorch's layout for sharing: linear sites as `<site>.weight` [dOut, dIn] and
 * `<site>.bias`; other variables under their own names.
 */
export function exportPytorchWeights(m: EngineModel): Uint8Array {
  const out = new Map<string, StoredTensor>();
  const kernels = new Set(m.handle.sites.map((s) => s.kernel));
  for (const s of m.handle.sites) {
    const w = tf.tidy(() => tf.transpose(s.kernel));
    out.set(`${s.name}.weight`, {
      dtype: 'F32',
      shape: w.shape,
      data: w.dataSync() as Float32Array,
    });
    w.dispose();
  }
  for (const [name, v] of m.handle.variables) {
    if (kernels.has(v)) continue;
    out.set(name, { dtype: 'F32', shape: v.shape, data: v.dataSync() as Float32Array });
  }
  return encodeSafetensors(out, { format: 'pt' });
}

/** Adapter/method state (already PyTorch layout) as safetensors bytes. */
export function encodeState(
  state: Map<string, tf.Tensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const out = new Map<string, StoredTensor>();
  for (const [name, t] of state) {
    const int = t.dtype === 'int32';
    out.set(name, {
      dtype: int ? 'I32' : 'F32',
      shape: t.shape,
      data: t.dataSync() as Float32Array | Int32Array,
    });
  }
  return encodeSafetensors(out, metadata);
}
