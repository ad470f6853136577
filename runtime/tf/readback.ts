/**
 * Reading tensors back to JavaScript on every backend, including those that cannot read
 * synchronously. WebGPU's `readSync` draws through an `OffscreenCanvas`, which Node does not have,
 * so on webgpu every value the runtime needs is awaited. `await t.data()` also leaves the values
 * cached beside the GPU buffer (tfjs-backend-webgpu's `read` keeps them), so a later `dataSync()`
 * on the same tensor returns them without touching the GPU: `cacheOnHost` relies on that.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Whether the active backend can serve `dataSync()` for a tensor computed on it. */
export function readsSynchronously(): boolean {
  return tf.getBackend() !== 'webgpu';
}

/** The first value of `t` (a loss, a norm), awaited; `t` is left for the caller to dispose. */
export async function firstValue(t: tf.Tensor): Promise<number> {
  const v = await t.data();
  return Number(v[0]);
}

/** Reads every tensor once so that later synchronous reads of them succeed on any backend. */
export async function cacheOnHost(tensors: Iterable<tf.Tensor>): Promise<void> {
  if (readsSynchronously()) return;
  await Promise.all([...tensors].map((t) => t.data()));
}

/**
 * Runs synchronous setup code that reads tensors it computes (PiSSA's SVD, DoRA's norms, EVA's
 * calibration inputs) where reads are synchronous: on webgpu it runs on the cpu backend, after
 * caching `inputs` (the model's weights) on the host so they can move there, and switches back
 * afterwards. Tensors it creates live on the cpu backend until the first GPU op moves them.
 */
export async function onSyncBackend<T>(inputs: Iterable<tf.Tensor>, setup: () => T): Promise<T> {
  const active = tf.getBackend();
  if (readsSynchronously()) return setup();
  await cacheOnHost(inputs);
  await tf.setBackend('cpu');
  try {
    return setup();
  } finally {
    await tf.setBackend(active);
  }
}
