/**
 * A tfjs trial's state between two steps, as the run store's checkpoint (store/checkpoint.ts):
 * the method's trainable variables (the adapter, or every weight for `full`), the optimizer's
 * slots and update count, and the positions of the trial's random streams (training batches
 * drawn, dropout masks drawn). Restoring it onto a freshly built trial (same config, same seed:
 * the base model and the method's init are deterministic) gives the state the uninterrupted trial
 * had at that step, so the rest of the curve is the same.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Checkpoint, CheckpointTensor } from '../../store/checkpoint';
import type { AttachedMethod } from '../peft/types';
import { dropoutPosition, setDropoutPosition } from '../peft/common';
import { cacheOnHost } from '../tf/readback';
import type { Optimizer } from './optimizers';

/** Where the trial stands: steps done, tokens seen, seconds trained (wall times go on from there). */
export interface LoopPosition {
  step: number;
  tokens: number;
  wall: number;
}

async function read(name: string, t: tf.Tensor): Promise<CheckpointTensor> {
  const shape = [...t.shape];
  if (t.dtype === 'int32')
    return { name, dtype: 'int32', shape, data: (await t.data()) as Int32Array };
  if (t.dtype !== 'float32') throw new Error(`cannot checkpoint ${name}: dtype ${t.dtype}`);
  return { name, dtype: 'float32', shape, data: Float32Array.from(await t.data()) };
}

/** Reads the trial's state after `at.step` steps (awaited: GPU backends read back asynchronously). */
export async function captureState(
  trial: string,
  at: LoopPosition,
  method: AttachedMethod,
  optimizer: Optimizer,
): Promise<Checkpoint> {
  const vars = method.trainable;
  const opt = optimizer.exportState(vars);
  await cacheOnHost([...vars, ...opt.slots.flatMap((s) => s ?? [])]);
  const tensors: CheckpointTensor[] = [];
  for (const [i, v] of vars.entries()) tensors.push(await read(`var.${i}`, v));
  for (const [i, s] of opt.slots.entries())
    for (const [k, t] of (s ?? []).entries()) tensors.push(await read(`opt.${i}.${k}`, t));
  return {
    trial,
    step: at.step,
    meta: {
      engine: 'tfjs',
      optimizer: optimizer.name,
      tokens: at.tokens,
      wall: at.wall,
      // Training batches are drawn once per step, so the data position is the step.
      batches: at.step,
      dropout: dropoutPosition(),
      optimizerStep: opt.t,
      variables: vars.length,
    },
    tensors,
  };
}

/**
 * Restores a checkpoint onto the method and optimizer of a freshly built trial and returns where
 * its loop resumes; the caller skips `batches` training batches. Throws (the trial then starts
 * from step 0 elsewhere, or fails) when the checkpoint does not fit: another engine or optimizer,
 * another variable count or shape.
 */
export function restoreState(
  c: Checkpoint,
  method: AttachedMethod,
  optimizer: Optimizer,
): LoopPosition & { batches: number } {
  const m = c.meta;
  const num = (k: string): number => {
    const v = m[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`checkpoint lacks ${k}`);
    return v;
  };
  if (m['engine'] !== 'tfjs')
    throw new Error(`checkpoint is from engine ${String(m['engine'])}, not tfjs`);
  if (m['optimizer'] !== optimizer.name)
    throw new Error(
      `checkpoint is from optimizer ${String(m['optimizer'])}, not ${optimizer.name}`,
    );
  const vars = method.trainable;
  if (num('variables') !== vars.length)
    throw new Error(
      `checkpoint holds ${num('variables')} variables, the method trains ${vars.length}`,
    );
  const byName = new Map(c.tensors.map((t) => [t.name, t]));
  const tensorOf = (t: CheckpointTensor): tf.Tensor => tf.tensor(t.data, t.shape, t.dtype);
  vars.forEach((v, i) => {
    const t = byName.get(`var.${i}`);
    if (!t || t.shape.join('x') !== v.shape.join('x'))
      throw new Error(
        `checkpoint variable ${i} is missing or has another shape than ${v.name} [${v.shape.join(', ')}]`,
      );
    tf.tidy(() => v.assign(tensorOf(t)));
  });
  const slots = vars.map((_, i) => {
    const list: tf.Tensor[] = [];
    for (let k = 0; byName.has(`opt.${i}.${k}`); k++)
      list.push(tensorOf(byName.get(`opt.${i}.${k}`)!));
    return list.length ? list : null;
  });
  try {
    optimizer.importState(vars, { t: num('optimizerStep'), slots });
  } finally {
    for (const s of slots) for (const t of s ?? []) t.dispose();
  }
  setDropoutPosition(num('dropout'));
  return { step: c.step, tokens: num('tokens'), wall: num('wall'), batches: num('batches') };
}
